"""`manage.py load_demo_reporting`: the reporting demo (after load_demo_data; safe to run again)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.reporting.services.demo import LEADER, load_demo


class Command(BaseCommand):
    help = (
        "Load the reporting demo: units of the demo agencies and the 96 communes, the "
        "resolution's indicator set, a monthly commune form, two years of values and reports "
        "(most approved, some late, a few missing). Running it again adds nothing."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            summary = load_demo()
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(
            f"Reporting demo: {summary.units} units, {summary.values} values and "
            f"{summary.reports} reports added in {time.monotonic() - started:.1f} s."
        )
        self.stdout.write(
            f"Province leader for the dashboards and the report on the resolution: "
            f"{LEADER[0]} / {LEADER[1]} (demo only)."
        )

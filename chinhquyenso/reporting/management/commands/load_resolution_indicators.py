"""Load the resolution's indicator set: elements, indicators, 2025/2030 targets, report forms."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.reporting.analytics_resolution import DEFAULT_PATH, load_resolution_indicators


class Command(BaseCommand):
    help = (
        "Create or update the indicator set of the resolution on digital transformation "
        "(data/reporting/nghi-quyet-chuyen-doi-so-2023.yaml); running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT_PATH), help="the YAML file to load")

    def handle(self, *args, **options):
        try:
            summary = load_resolution_indicators(options["file"])
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for kind in ("elements", "indicators", "targets", "forms", "rules"):
            self.stdout.write(
                f"{kind}: {summary.created[kind]} created, {summary.updated[kind]} updated, "
                f"{summary.unchanged[kind]} unchanged"
            )
        self.stdout.write(f"form assignments added: {summary.assigned}")

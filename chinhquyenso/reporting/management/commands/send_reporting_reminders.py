"""Remind reporting units of reports due soon and of late reports (run daily from cron)."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.reporting.services.workflow_reminders import (
    BEFORE_DAYS,
    send_reporting_reminders,
)


class Command(BaseCommand):
    help = "Notify reporting units of reports due within --days days and of late reports."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=BEFORE_DAYS,
            help=f"remind this many days before the due date (default {BEFORE_DAYS})",
        )
        parser.add_argument("--date", help="act as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError(f"--date: {options['date']!r} is not YYYY-MM-DD") from None
        if options["days"] < 0:
            raise CommandError("--days must be 0 or more")
        sent = send_reporting_reminders(day, before_days=options["days"])
        self.stdout.write(f"Sent {sent} reporting reminders")

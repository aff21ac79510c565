"""`manage.py declare_calendar_days FILE`: declare days off and make-up working days from a CSV."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.core.services.workdays import load_calendar_file


class Command(BaseCommand):
    help = (
        "Declare the days off and make-up working days listed in a CSV file "
        "(columns date,kind,reason,source; e.g. data/calendar/vn-2026.csv). "
        "Safe to run again: identical rows are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file with columns date,kind,reason,source")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite dates that are already declared with another kind or reason",
        )

    def handle(self, *args, **options):
        try:
            result = load_calendar_file(options["file"], replace=options["replace"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            f"Calendar days: {result.created} declared, {result.replaced} replaced, "
            f"{result.unchanged} unchanged."
        )

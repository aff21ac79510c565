"""`manage.py import_admin_units`: load administrative units and the 2025 reform links from CSV."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.core.services.units import DEFAULT_MAPPING_FILE, import_admin_units


class Command(BaseCommand):
    help = (
        "Create or update administrative units of Quảng Ngãi and former Kon Tum (before and after "
        "1 July 2025) and their succession links. Safe to run again: nothing changes twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--file",
            default=str(DEFAULT_MAPPING_FILE),
            help="CSV mapping file (default: data/admin-units/ in the repository)",
        )

    def handle(self, *args, **options):
        try:
            result = import_admin_units(options["file"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            "Units: {units_created} created, {units_updated} updated, {units_unchanged} unchanged. "
            "Succession links: {links_created} created, {links_updated} updated, "
            "{links_unchanged} unchanged.".format(**result.as_dict())
        )

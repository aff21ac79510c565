"""`manage.py load_demo_procedures`: five real procedures (data/services/procedures.json) imported
through the catalogue import, received by the demo agencies of `load_demo_data`. Idempotent."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.models import Agency
from chinhquyenso.services import services
from chinhquyenso.services.catalogue_xlsx import PROCEDURES, sheets_from_json

DATA_FILE = Path(settings.BASE_DIR) / "data" / "services" / "procedures.json"
# Electronic identifiers of load_demo_data: the four commune-level people's committees and, for
# provincial procedures, the department that runs them.
COMMUNE_AGENCIES = ["000.00.01.H48", "000.00.02.H48", "000.00.03.H48", "000.00.04.H48"]
PROVINCIAL_AGENCIES = {"Sở Tư pháp": "000.05.00.H48"}


class Command(BaseCommand):
    help = "Load the demo procedure catalogue (idempotent)."

    def handle(self, *args, **options):
        admin = get_user_model().objects.filter(username="admin").first()
        if admin is None:
            raise CommandError("Run `manage.py load_demo_data` first (user admin is missing).")
        known = set(Agency.objects.values_list("electronic_id", flat=True))
        sheets = sheets_from_json(json.loads(DATA_FILE.read_text(encoding="utf-8")))
        for _number, row in sheets[PROCEDURES]:
            if int(row["level"]) == UnitLevel.COMMUNE:
                ids = COMMUNE_AGENCIES
            else:
                ids = [PROVINCIAL_AGENCIES.get(row["implementing_body"], "")]
            row["agencies"] = ";".join(i for i in ids if i in known)
        report = services.import_catalogue(admin, sheets)
        self.stdout.write(
            f"Procedures: {len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged."
        )

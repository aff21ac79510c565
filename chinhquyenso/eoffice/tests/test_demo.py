import pytest
from django.core.management import call_command

from chinhquyenso.eoffice.models import IncomingDocument


@pytest.mark.django_db
def test_demo_documents_at_several_stages_and_idempotent():
    call_command("load_demo_data", verbosity=0)
    call_command("load_demo_incoming", verbosity=0)
    call_command("load_demo_incoming", verbosity=0)
    statuses = set(IncomingDocument.objects.values_list("status", flat=True))
    assert {"registered", "presented", "assigned", "in_progress", "completed"} <= statuses
    resolution = IncomingDocument.objects.get(notation_raw="1040-BS/HU")
    assert resolution.issuer_name == "Huyện ủy Bình Sơn" and resolution.file is not None
    assert IncomingDocument.objects.count() == 6

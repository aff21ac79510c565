import pytest

from chinhquyenso.eoffice.models import CopyType, DocumentType


@pytest.mark.django_db
def test_the_29_administrative_document_types():
    state = DocumentType.objects.filter(system__in=["state", "both"])
    assert state.count() == 29
    without = set(state.filter(abbreviation="").values_list("name", flat=True))
    assert without == {"Công văn", "Thư công"}


@pytest.mark.django_db
def test_abbreviations_keep_their_case():
    assert DocumentType.objects.get(name="Quy định").abbreviation == "QyĐ"
    assert DocumentType.objects.get(name="Tờ trình").abbreviation == "TTr"
    assert DocumentType.objects.get(name="Chương trình").abbreviation == "CTr"


@pytest.mark.django_db
def test_copy_types():
    assert set(CopyType.objects.filter(system="state").values_list("abbreviation", flat=True)) == {
        "SY",
        "TrS",
        "SL",
    }

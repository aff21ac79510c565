"""Unit pages: access, the as-of date, filters, search without diacritics, export, detail links."""

import io

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from chinhquyenso.core.choices import Role, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit
from chinhquyenso.core.services.units import import_admin_units

LIST = reverse("core:unit_list")


@pytest.fixture
def specialist(client, registry):
    import_admin_units()
    client.force_login(registry.user("chuyenvien", Role.SPECIALIST))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _names(response) -> list[str]:
    return [row["obj"].name for row in response.context["rows"]]


def test_anonymous_is_sent_to_login(client, db):
    response = client.get(LIST)
    assert response.status_code == 302 and "login" in response["Location"]


def test_citizen_is_refused(client, registry):
    client.force_login(registry.user("congdan", Role.CITIZEN))
    assert client.get(LIST).status_code == 403
    unit = AdministrativeUnit.objects.create(code="51", name="Tỉnh Quảng Ngãi", kind="province",
                                             level=1)  # fmt: skip
    assert client.get(reverse("core:unit_detail", args=[unit.pk])).status_code == 403


def test_list_as_of_a_date_with_level_and_kind(specialist):
    response = specialist.get(LIST, {"date": "2025-06-30", "level": UnitLevel.DISTRICT})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 23  # 13 Quảng Ngãi + 10 Kon Tum
    response = specialist.get(LIST, {"date": "2025-07-01", "kind": "ward"})
    assert response.context["page"].paginator.count == 9
    response = specialist.get(LIST, {"date": "2025-07-01", "level": UnitLevel.COMMUNE})
    assert response.context["page"].paginator.count == 96


def test_default_date_is_today_and_a_bad_date_is_reported(specialist):
    response = specialist.get(LIST, {"level": UnitLevel.DISTRICT})
    assert response.context["page"].paginator.count == 0  # no district level since 2025
    response = specialist.get(LIST, {"date": "30/06/2025"})
    assert response.status_code == 200
    assert "is not valid" in response.content.decode()


def test_search_without_diacritics(specialist):
    response = specialist.get(LIST, {"date": "2025-07-01", "q": "nghia lo"})
    assert _names(response) == ["Phường Nghĩa Lộ"]
    response = specialist.get(LIST, {"date": "2025-06-30", "q": "QUẢNG NGÃI"})
    assert _names(response) == ["Tỉnh Quảng Ngãi", "Thành phố Quảng Ngãi"]


def test_csv_export_keeps_vietnamese_text(specialist):
    response = specialist.get(LIST, {"date": "2025-07-01", "q": "nghia lo", "export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("GSO code,Name,Kind")
    assert lines[1] == "21028,Phường Nghĩa Lộ,Ward,Commune level,Tỉnh Quảng Ngãi,01/07/2025,"


def test_xlsx_export(specialist):
    response = specialist.get(LIST, {"date": "2025-06-30", "q": "ly son", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("536", "Huyện Lý Sơn")


def test_detail_of_a_split_commune_links_its_successors(specialist):
    tra_bui = AdministrativeUnit.objects.get(code="21142")
    response = specialist.get(reverse("core:unit_detail", args=[tra_bui.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("Xã Cà Đam", "Xã Tây Trà Bồng"):
        successor = AdministrativeUnit.objects.get(name=name)
        assert f'href="{successor.get_absolute_url()}"' in html
    assert "Nghị quyết 1677/NQ-UBTVQH15" in html
    assert 'href="' + tra_bui.parent.get_absolute_url() in html


def test_detail_of_an_old_district_shows_its_communes_on_its_last_day(specialist):
    district = AdministrativeUnit.objects.get(code="531")  # Huyện Minh Long, 5 communes
    response = specialist.get(reverse("core:unit_detail", args=[district.pk]))
    assert response.context["on_date"].isoformat() == "2025-06-30"
    assert len(response.context["children"]) == 5
    response = specialist.get(
        reverse("core:unit_detail", args=[district.pk]), {"date": "2025-07-01"}
    )
    assert len(response.context["children"]) == 0
    assert "did not exist on that date" in response.content.decode()


def test_detail_of_a_new_unit_lists_its_predecessors(specialist):
    nghia_lo = AdministrativeUnit.objects.get(code="21028", valid_from__isnull=False)
    response = specialist.get(reverse("core:unit_detail", args=[nghia_lo.pk]))
    names = [link.predecessor.name for link in response.context["predecessor_links"]]
    assert "Phường Lê Hồng Phong" in names and "Phường Nghĩa Lộ" in names

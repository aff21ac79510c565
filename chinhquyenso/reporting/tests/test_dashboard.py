"""The dashboard "Nghị quyết chuyển đổi số" and the indicator, pivot and commune pages: correct the
moment a value is saved, limited to the reader's subtree, exported to XLSX, PDF and PNG."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from chinhquyenso.reporting import services
from chinhquyenso.reporting.periods import Period

from .dashboard_fixtures import english, world  # noqa: F401

pytestmark = pytest.mark.django_db
URL = reverse("reporting:dashboard")


def row_of(html: str, code: str) -> str:
    start = html.index(f'id="ind-{code}"')
    return html[start : html.index("</tr>", start)]


def test_the_dashboard_shows_every_indicator_with_targets_and_status(client, world):  # noqa: F811
    client.force_login(world.leader)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="dash-row"') == 24
    fibre = row_of(html, "NQ_FIBRE_HOUSEHOLDS")
    assert "70.0 %" in fibre and "Year 2025" in fibre and "&gt; 80.0 %" in fibre
    assert "status-behind" in fibre and "entered" in fibre
    grdp = row_of(html, "NQ_DIGITAL_ECONOMY_GRDP")
    assert "19.4 %" in grdp and "status-met" in grdp  # about 20 %
    dossiers = row_of(html, "NQ_WORK_DOSSIERS_ONLINE")
    assert "automatic" in dossiers and "eoffice" in dossiers  # lineage on hover
    # Targets per level show as sub-rows; there is no district any more.
    assert "Province level" in html and "Commune level" in html
    assert "No reporting unit at: District level" in html
    assert "Computed at" in html


def test_a_value_saved_through_entry_is_on_the_dashboard_at_once(client, world):  # noqa: F811
    client.force_login(world.leader)
    assert "70.0 %" in row_of(client.get(URL).content.decode(), "NQ_FIBRE_HOUSEHOLDS")
    this_half = Period.of("six_monthly", timezone.localdate())
    for element, value in (("HOUSEHOLDS", "620"), ("HOUSEHOLDS_FIBRE", "600")):
        services.save_value(
            world.clerk, element=element, org_unit=world.tinh_an, period=this_half, value=value
        )
    fibre = row_of(client.get(URL).content.decode(), "NQ_FIBRE_HOUSEHOLDS")
    # This year only Tịnh Ấn has reported so far: 600 of its 620 households.
    assert "96.8 %" in fibre and f"Year {this_half.year}" in fibre
    assert "status-met" in fibre


def test_readers_see_only_their_subtree(client, world, registry):  # noqa: F811
    client.force_login(world.clerk)
    response = client.get(URL)
    assert response.status_code == 200 and "Xã Tịnh Ấn" in response.content.decode()
    assert client.get(URL, {"unit": "QNG"}).status_code == 403
    assert client.get(URL, {"unit": "NOPE"}).status_code == 404
    client.force_login(registry.user("nobody", None))
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302


def test_exports_of_the_dashboard(client, world):  # noqa: F811
    from openpyxl import load_workbook

    client.force_login(world.leader)
    xlsx = client.get(URL, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert cells["Tỷ lệ hộ gia đình được phủ hạ tầng băng rộng cáp quang"][1] == "70.0 %"
    assert len(load_workbook(io.BytesIO(xlsx.content)).worksheets) == 2  # figures and chart
    pdf = client.get(URL, {"export": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    png = client.get(URL, {"export": "png"})
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert client.get(URL, {"export": "docx"}).status_code == 400


def test_indicator_page_trend_comparison_and_lineage(client, world):  # noqa: F811
    client.force_login(world.leader)
    url = reverse("reporting:indicator", args=["NQ_FIBRE_HOUSEHOLDS"])
    response = client.get(url, {"unit": "QNG"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2  # trend and comparison of the communes
    assert not re.search(r"<svg[^>]*>.*\sstyle=", html, re.S)  # CSP forbids inline styles
    assert "Entered by 2 units" in html and "Xã Bình Sơn (BINH_SON)" in html
    assert "(700 / 1,000)" in html or "(700 / 1000)" in html
    comparison = client.get(url, {"unit": "QNG", "export": "png", "chart": "comparison"})
    assert comparison.content.startswith(b"\x89PNG")
    assert client.get(url, {"unit": "QNG", "period": "2025Q5"}).status_code == 400
    assert client.get(reverse("reporting:indicator", args=["NOPE"])).status_code == 404
    automatic = client.get(reverse("reporting:indicator", args=["NQ_WORK_DOSSIERS_ONLINE"]))
    assert "online_processing" in automatic.content.decode()


def test_pivot_and_communes(client, world):  # noqa: F811
    client.force_login(world.leader)
    pivot = client.get(
        reverse("reporting:pivot"),
        {
            "unit": "QNG",
            "indicator": ["NQ_FIBRE_HOUSEHOLDS"],
            "ou": ["TINH_AN", "BINH_SON"],
            "periods": "2025S2, 2025",
        },
    )
    assert pivot.status_code == 200
    html = pivot.content.decode()
    assert "Last six months of 2025" in html and "70.0 %" in html
    bad = client.get(reverse("reporting:pivot"), {"periods": "2025Q9"})
    assert bad.status_code == 400 and "is not a reporting period" in bad.content.decode()
    xlsx = client.get(reverse("reporting:pivot"), {"periods": "2025", "export": "xlsx"})
    assert xlsx.status_code == 200
    communes = client.get(
        reverse("reporting:communes"),
        {"unit": "QNG", "indicator": "NQ_FIBRE_HOUSEHOLDS", "period": "2025"},
    )
    text = communes.content.decode()
    assert communes.status_code == 200
    # Both at 70 %: equal values are listed by name.
    assert text.index("Xã Bình Sơn") < text.index("Xã Tịnh Ấn") and text.count("70.0 %") == 2
    assert "no commune boundaries" in text
    pdf = client.get(
        reverse("reporting:communes"),
        {"unit": "QNG", "indicator": "NQ_FIBRE_HOUSEHOLDS", "period": "2025", "export": "pdf"},
    )
    assert pdf.content.startswith(b"%PDF")

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count

from chinhquyenso.core.models import User
from chinhquyenso.reporting import analytics
from chinhquyenso.reporting.choices import ReportStatus
from chinhquyenso.reporting.models import DataValue, Indicator, OrgUnit, Report
from chinhquyenso.reporting.periods import Period
from chinhquyenso.reporting.services import demo


@pytest.fixture
def small_world(db, monkeypatch):
    """The demo agencies and six of the 96 communes (the full list makes the same, only more)."""
    call_command("load_demo_data", stdout=StringIO())
    six = demo._communes_file()[:6]
    monkeypatch.setattr(demo, "_communes_file", lambda: six)
    return six


def _counts():
    return DataValue.objects.count(), Report.objects.count(), OrgUnit.objects.count()


def test_demo_is_idempotent_plausible_and_obeys_the_rules(small_world):
    out = StringIO()
    call_command("load_demo_reporting", stdout=out)
    first = _counts()
    assert "added" in out.getvalue()
    call_command("load_demo_reporting", stdout=StringIO())
    assert _counts() == first
    assert first[0] > 800

    communes = OrgUnit.objects.filter(code__startswith="DVHC-")
    assert communes.count() == 6
    assert all(u.parent.code == demo.PROVINCE_ID for u in communes)
    # Every stored cell keeps "online ≤ received", the rule of the monthly form.
    for unit_id, period, cell, online in DataValue.objects.filter(
        element__code="TTHC_TRUC_TUYEN"
    ).values_list("org_unit_id", "period", "option_combo__code", "number"):
        received = DataValue.objects.get(
            element__code="TTHC_TIEP_NHAN",
            org_unit_id=unit_id,
            period=period,
            option_combo__code=cell,
        ).number
        assert 0 <= online <= received
    # Reports: most approved, some late, a few missing; none for a period not yet due.
    monthly = Report.objects.filter(data_set__code=demo.MONTHLY)
    statuses = dict(monthly.values_list("status").annotate(n=Count("id")).order_by())
    assert statuses[ReportStatus.APPROVED] > 0.7 * monthly.count()
    late = [r for r in monthly if r.on_time is False]
    assert late and len(late) < 0.2 * monthly.count()
    today = datetime.date.today()
    due = [p for p in Period.parse(str(today.year)).monthly_ids() if p <= f"{today:%Y%m}"]
    expected = 6 * (12 + len(due))
    assert 0.8 * expected < monthly.count() < expected
    assert not monthly.filter(due_date__gte=today).exists()
    # The province's leader exists for the dashboards and the report on the resolution.
    assert User.objects.filter(username="pct_tinh", agency__electronic_id=demo.PROVINCE_ID)


def test_demo_figures_roll_up_to_the_province(small_world):
    call_command("load_demo_reporting", stdout=StringIO())
    province = OrgUnit.objects.get(code=demo.PROVINCE_ID)
    rate = Indicator.objects.get(code="TY_LE_TTHC_TRUC_TUYEN_XA")
    last_year = Period.parse(str(datetime.date.today().year - 1))
    value = analytics.indicator_value(rate, last_year, province)
    stored = DataValue.objects.filter(period__startswith=str(last_year.year))
    online = sum(stored.filter(element__code="TTHC_TRUC_TUYEN").values_list("number", flat=True))
    total = sum(stored.filter(element__code="TTHC_TIEP_NHAN").values_list("number", flat=True))
    assert value.numerator == online and value.denominator == total
    assert 30 < value.value < 90

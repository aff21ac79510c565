import datetime
import decimal

import pytest

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.reporting import analytics, services
from chinhquyenso.reporting.choices import AggregationType, Periodicity, ValueType
from chinhquyenso.reporting.models import DataElement, DataValue
from chinhquyenso.reporting.periods import Period

from .analytics_fixtures import element, put, sex_combo, tree  # noqa: F401

D = decimal.Decimal
Y2026 = Period.parse("2026")


def figures(codes, period, unit, level=None):
    elements = list(DataElement.objects.filter(code__in=codes))
    periods = [Period.parse(period)] if isinstance(period, str) else [period]
    return analytics.element_figures(elements, periods, [unit], level).of(unit, periods[0])


def indicator(code, numerator, denominator="1", **kw):
    return services.save_indicator(
        services.IndicatorData(
            code=code, name=kw.pop("name", code), numerator=numerator, denominator=denominator, **kw
        )
    )


@pytest.fixture
def dossiers(tree):  # noqa: F811
    element("DOSSIERS")
    element("ONLINE")
    t = tree
    for month in ("202601", "202602", "202603"):
        put("DOSSIERS", t.commune_a, month, 10)
        put("ONLINE", t.commune_a, month, 7)
    put("DOSSIERS", t.commune_b, "202602", 20)
    put("ONLINE", t.commune_b, "202602", 20)
    put("DOSSIERS", t.commune_c, "202607", 5)
    put("DOSSIERS", t.province, "202601", 100)
    put("ONLINE", t.province, "202601", 95)
    return t


def test_a_unit_adds_its_own_values_and_its_whole_subtree(dossiers):
    t = dossiers
    assert figures(["DOSSIERS"], "2026", t.province)["DOSSIERS"] == 155
    assert figures(["DOSSIERS"], "2026", t.district)["DOSSIERS"] == 50
    assert figures(["DOSSIERS"], "2026", t.commune_a)["DOSSIERS"] == 30
    assert figures(["DOSSIERS"], "2026Q1", t.province)["DOSSIERS"] == 150
    assert figures(["DOSSIERS"], "2026S2", t.province)["DOSSIERS"] == 5
    assert figures(["DOSSIERS"], "202602", t.district)["DOSSIERS"] == 30
    # Another year, or a unit without values: no figure at all (not zero).
    assert "DOSSIERS" not in figures(["DOSSIERS"], "2025", t.province)
    assert "ONLINE" not in figures(["ONLINE"], "2026", t.commune_c)


def test_a_value_saved_is_in_the_next_figure(dossiers):
    t = dossiers
    assert figures(["DOSSIERS"], "2026", t.province)["DOSSIERS"] == 155
    put("DOSSIERS", t.commune_b, "202603", 45)
    assert figures(["DOSSIERS"], "2026", t.province)["DOSSIERS"] == 200


def test_the_coarsest_periodicity_of_each_unit_is_used(dossiers):
    t = dossiers
    # Commune A also sent a yearly figure: it replaces its months, the others keep theirs.
    put("DOSSIERS", t.commune_a, "2026", 36)
    assert figures(["DOSSIERS"], "2026", t.province)["DOSSIERS"] == 100 + 36 + 20 + 5
    # The same when several units are asked at once, and over years that are not consecutive.
    dossiers = list(DataElement.objects.filter(code="DOSSIERS"))
    years = [Period.parse("2024"), Period.parse("2026")]
    many = analytics.element_figures(dossiers, years, [t.district, t.commune_c])
    assert many.of(t.district, years[1])["DOSSIERS"] == 56
    assert many.of(t.commune_c, years[1])["DOSSIERS"] == 5
    assert many.of(t.district, years[0]) == {}
    # A yearly value is not split into quarters: the first quarter still adds the months.
    assert figures(["DOSSIERS"], "2026Q1", t.commune_a)["DOSSIERS"] == 30
    # A six-monthly report covers its quarters.
    put("DOSSIERS", t.commune_c, "2026S2", 9)
    assert figures(["DOSSIERS"], "2026S2", t.commune_c)["DOSSIERS"] == 9
    assert figures(["DOSSIERS"], "2026Q3", t.commune_c)["DOSSIERS"] == 5


def test_latest_average_and_not_aggregated_elements(tree):  # noqa: F811
    t = tree
    element("HOUSEHOLDS", AggregationType.LAST, ValueType.INTEGER)
    element("GRDP_SHARE", AggregationType.LAST_AVERAGE, ValueType.PERCENTAGE)
    element("TEMPERATURE", AggregationType.AVERAGE)
    element("CONNECTED", AggregationType.NONE, ValueType.BOOLEAN)
    put("HOUSEHOLDS", t.commune_a, "2026S1", 1000)
    put("HOUSEHOLDS", t.commune_a, "2026S2", 1100)  # the latest of the year
    put("HOUSEHOLDS", t.commune_b, "2026S1", 500)
    put("GRDP_SHARE", t.commune_a, "2026", 10)
    put("GRDP_SHARE", t.commune_b, "2026", 20)
    put("GRDP_SHARE", t.commune_c, "2026", 60)
    put("TEMPERATURE", t.commune_a, "202601", 20)
    put("TEMPERATURE", t.commune_a, "202602", 24)
    put("TEMPERATURE", t.commune_b, "202601", 25)
    put("CONNECTED", t.province, "2026", True)
    put("CONNECTED", t.commune_a, "2026", False)
    found = figures(["HOUSEHOLDS", "GRDP_SHARE", "TEMPERATURE", "CONNECTED"], "2026", t.province)
    assert found["HOUSEHOLDS"] == 1600
    assert found["GRDP_SHARE"] == 30
    assert found["TEMPERATURE"] == 23
    assert found["CONNECTED"] == 1  # the province's own answer, not its communes'
    assert figures(["HOUSEHOLDS"], "2026S1", t.district)["HOUSEHOLDS"] == 1500
    # Once every commune has reported the last half, the year is that half's sum.
    put("HOUSEHOLDS", t.commune_b, "2026S2", 520)
    assert figures(["HOUSEHOLDS"], "2026", t.province)["HOUSEHOLDS"] == 1620
    # A unit's yearly figure wins over its halves, the other units keep their latest half.
    put("HOUSEHOLDS", t.commune_b, "2026", 530)
    assert figures(["HOUSEHOLDS"], "2026", t.province)["HOUSEHOLDS"] == 1630
    many = analytics.element_figures(
        list(DataElement.objects.filter(code="HOUSEHOLDS")), [Y2026], [t.district, t.commune_c]
    )
    assert many.of(t.district, Y2026)["HOUSEHOLDS"] == 1630
    assert figures(["CONNECTED"], "2026", t.commune_a)["CONNECTED"] == 0
    assert "CONNECTED" not in figures(["CONNECTED"], "2026", t.district)


def test_text_values_are_not_added(tree):  # noqa: F811
    element("NOTE", AggregationType.NONE, ValueType.TEXT)
    element_obj = DataElement.objects.get(code="NOTE")
    DataValue.objects.create(
        element=element_obj,
        org_unit=tree.province,
        period="2026",
        period_start=datetime.date(2026, 1, 1),
        option_combo=services.default_option_combo(),
        value="Đã kết nối",
    )
    assert figures(["NOTE"], "2026", tree.province) == {}


def test_cells_and_totals_of_a_disaggregated_element(tree):  # noqa: F811
    t = tree
    sex_combo()
    element("STAFF", combo_code="SEX")
    put("STAFF", t.commune_a, "2026", 3, cell="SEX_F")
    put("STAFF", t.commune_a, "2026", 4, cell="SEX_M")
    put("STAFF", t.commune_b, "2026", 5, cell="SEX_F")
    found = figures(["STAFF"], "2026", t.province)
    assert (found["STAFF"], found["STAFF.SEX_F"], found["STAFF.SEX_M"]) == (12, 8, 4)
    share = indicator("FEMALE_SHARE", "#{STAFF.SEX_F}", "#{STAFF}", factor=D(100), decimals=2)
    assert analytics.indicator_value(share, Y2026, t.province).value == D("66.67")


def test_indicator_values_factor_rounding_and_missing(dossiers):
    t = dossiers
    share = indicator("ONLINE_SHARE", "#{ONLINE}", "#{DOSSIERS}", factor=D(100), decimals=1)
    result = analytics.indicator_value(share, Y2026, t.province)
    assert (result.numerator, result.denominator) == (136, 155)
    assert result.value == D("87.7")  # 87.74…
    assert analytics.indicator_value(share, Y2026, t.commune_c).value is None  # no ONLINE
    assert analytics.indicator_value(share, Period.parse("2025"), t.province).value is None
    put("DOSSIERS", t.commune_c, "2025", 0)
    put("ONLINE", t.commune_c, "2025", 0)
    assert analytics.indicator_value(share, Period.parse("2025"), t.commune_c).value is None


def test_many_units_at_once_children_levels_and_overlaps(dossiers):
    t = dossiers
    share = indicator("ONLINE_SHARE", "#{ONLINE}", "#{DOSSIERS}", factor=D(100), decimals=1)
    children = analytics.children(t.province)
    assert [u.code for u in children] == ["D", "CC"]  # by name: Huyện…, Phường…
    values = analytics.by_units(share, Y2026, children)
    assert [(v.unit.code, v.numerator, v.denominator) for v in values] == [
        ("D", 41, 50),
        ("CC", None, 5),
    ]
    communes = analytics.units_of_level(t.province, UnitLevel.COMMUNE)
    totals = analytics.table([share], [Y2026], communes)
    assert {u.code: totals[("ONLINE_SHARE", "2026", u.pk)].value for u in communes} == {
        "CA": D("70.0"),
        "CB": D("100.0"),
        "CC": None,
    }
    # Overlapping units (a district and one of its communes) each get their own figure.
    both = analytics.table([share], [Y2026], [t.district, t.commune_a, t.province])
    assert both[("ONLINE_SHARE", "2026", t.district.pk)].denominator == 50
    assert both[("ONLINE_SHARE", "2026", t.commune_a.pk)].denominator == 30
    assert both[("ONLINE_SHARE", "2026", t.province.pk)].denominator == 155


def test_level_figures_count_only_units_of_that_level(dossiers):
    t = dossiers
    share = indicator("ONLINE_SHARE", "#{ONLINE}", "#{DOSSIERS}", factor=D(100), decimals=1)
    province = analytics.indicator_value(share, Y2026, t.province, level=UnitLevel.PROVINCE)
    communes = analytics.indicator_value(share, Y2026, t.province, level=UnitLevel.COMMUNE)
    district = analytics.indicator_value(share, Y2026, t.province, level=UnitLevel.DISTRICT)
    assert (province.numerator, province.denominator, province.value) == (95, 100, D("95.0"))
    assert (communes.numerator, communes.denominator) == (41, 55)
    assert district.value is None and district.denominator is None


def test_series_recent_periods_and_latest(dossiers):
    t = dossiers
    share = indicator(
        "ONLINE_SHARE",
        "#{ONLINE}",
        "#{DOSSIERS}",
        factor=D(100),
        periodicity=Periodicity.QUARTERLY,
    )
    quarters = analytics.recent_periods(
        Periodicity.QUARTERLY, 2025, until=datetime.date(2026, 8, 1)
    )
    assert [p.id for p in quarters] == [
        "2025Q1",
        "2025Q2",
        "2025Q3",
        "2025Q4",
        "2026Q1",
        "2026Q2",
        "2026Q3",
    ]
    values = analytics.series(share, quarters, t.district)
    assert [v.value for v in values][-3:] == [D("82.0"), None, None]
    latest = analytics.latest(values)
    assert latest.period.id == "2026Q1" and latest.value == D("82.0")
    assert analytics.latest(analytics.series(share, quarters[:4], t.district)) is None
    years = analytics.recent_periods(Periodicity.YEARLY, 2023, until=datetime.date(2026, 1, 5))
    assert [p.id for p in years] == ["2023", "2024", "2025", "2026"]

"""Automatic figures from the citizen feedback channel, read through its door, with reports made
by the feedback app's own services and fixtures."""

import datetime
import decimal

import pytest
from django.core.management import call_command

from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.tests.conftest import CALENDAR_2026, Clock, World
from chinhquyenso.reporting import analytics, services
from chinhquyenso.reporting.analytics_sources import one_reading
from chinhquyenso.reporting.choices import ValueSource
from chinhquyenso.reporting.models import OrgUnit
from chinhquyenso.reporting.periods import Period
from chinhquyenso.reporting.sources import PROVIDERS

pytestmark = pytest.mark.django_db
D = decimal.Decimal


def _automatic(code: str, provider: str) -> None:
    services.save_data_element(
        services.ElementData(code=code, name=code, source=ValueSource.AUTOMATIC, provider=provider)
    )


@pytest.fixture
def reports(registry, monkeypatch):
    """March 2026: the ward answers its report on time and the reporter is satisfied; the
    provincial office answers one late and has one still waiting."""
    call_command("declare_calendar_days", str(CALENDAR_2026))
    clock = Clock(monkeypatch)
    world = World(registry)
    ward_report = world.new_report(admin_unit=world.cam_thanh)
    assert ward_report.agency == world.ward
    feedback.accept(world.ward_officer, ward_report, handler=world.ward_officer)
    feedback.answer(world.ward_officer, ward_report, "Phường đã thu gom rác ngay trong ngày.")
    feedback.rate(world.citizen, ward_report, True)
    late = feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                           handler=world.handler)  # fmt: skip
    clock.set(late.due_date + datetime.timedelta(days=3))
    feedback.answer(world.handler, late, "Đã vá xong các ổ gà trên tuyến đường.")
    world.new_report(category="GT-DUONG")
    services.sync_from_agencies()
    for key in feedback.COUNT_KEYS:
        _automatic(f"PA_{key.upper()}", f"feedback.{key}")
    return world


def _share(code: str, numerator: str, denominator: str):
    return services.save_indicator(
        services.IndicatorData(
            code=code, name=code, numerator=f"#{{{numerator}}}",
            denominator=f"#{{{denominator}}}", factor=D(100), source=ValueSource.AUTOMATIC,
        )
    )  # fmt: skip


def test_feedback_counts_per_subtree_and_period(reports):
    on_time = _share("PA_ON_TIME", "PA_ANSWERED_ON_TIME", "PA_ANSWERED")
    satisfied = _share("PA_SATISFIED_SHARE", "PA_SATISFIED", "PA_RATED")
    province = OrgUnit.objects.get(code="000.00.00.H48")
    ward = OrgUnit.objects.get(agency=reports.ward)
    year, march, april = Period.parse("2026"), Period.parse("202603"), Period.parse("202604")
    with one_reading():
        value = analytics.indicator_value(on_time, year, province)
        assert (value.numerator, value.denominator) == (1, 2)
        assert analytics.indicator_value(on_time, march, ward).value == D("100.0")
        assert analytics.indicator_value(satisfied, year, province).value == D("100.0")
        # Received in March: nothing in April.
        assert analytics.indicator_value(on_time, april, province).value is None
    figure = PROVIDERS["feedback.received"](year, province)
    assert figure.value == 3 and figure.module == "feedback"
    assert "counts_by_agency(2026-01-01..2026-12-31)[received]" in figure.lineage()["query"]
    assert PROVIDERS["feedback.received"](year, ward).value == 1


def test_counts_by_agency_is_one_grouped_query(reports, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = feedback.counts_by_agency(datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert rows[reports.ward.pk]["answered_on_time"] == 1
    assert rows[reports.office.pk]["received"] == 2
    assert rows[reports.office.pk]["answered_on_time"] == 0

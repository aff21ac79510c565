"""QĐ 766's satisfaction group counts citizen feedback: answered on time and answers found
satisfying, read through the feedback app's door, beside the dossiers' ratings."""

import datetime

import pytest
from django.core.management import call_command

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.tests.conftest import CALENDAR_2026, Clock, World
from chinhquyenso.services import indicators
from chinhquyenso.services.indicators import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(registry, monkeypatch):
    """March 2026: the ward answers on time and satisfies; the provincial office answers late
    and does not."""
    call_command("declare_calendar_days", str(CALENDAR_2026))
    clock = Clock(monkeypatch)
    world = World(registry)
    ward_report = world.new_report(admin_unit=world.cam_thanh)
    feedback.accept(world.ward_officer, ward_report, handler=world.ward_officer)
    feedback.answer(world.ward_officer, ward_report, "Phường đã thu gom rác ngay trong ngày.")
    feedback.rate(world.citizen, ward_report, True)
    late = feedback.accept(world.receiver, world.new_report(category="GT-DUONG"),
                           handler=world.handler)  # fmt: skip
    clock.set(late.due_date + datetime.timedelta(days=3))
    feedback.answer(world.handler, late, "Đã vá xong các ổ gà trên tuyến đường.")
    feedback.rate(world.citizen, late, False)
    return world


def test_feedback_ratios_fill_the_satisfaction_group(answered):
    result = indicators.indicators(Period(2026, quarter=1), by_agency=True)
    province = result["province"]
    assert province["counts"]["feedback_answered"] == 2
    assert province["ratios"]["feedback_on_time"] == 50
    assert province["ratios"]["feedback_satisfied"] == 50
    # No dossier was rated: the group is scored over the two feedback ratios (weights rescaled).
    assert province["ratios"]["satisfied"] is None
    assert province["points"]["satisfaction"] == pytest.approx(9.0)
    ward = next(r for r in result["agencies"] if r["agency_id"] == answered.ward.pk)
    assert ward["level"] == UnitLevel.COMMUNE
    assert ward["ratios"]["feedback_on_time"] == 100
    levels = {row["level"]: row for row in result["levels"]}
    assert levels[UnitLevel.COMMUNE]["counts"]["feedback_satisfied"] == 1


def test_other_periods_count_only_their_reports(answered):
    april = indicators.indicators(Period(2026, month=4))["province"]
    assert april["counts"]["feedback_answered"] == 0
    assert april["ratios"]["feedback_on_time"] is None


def test_the_groups_still_weigh_100_points():
    assert sum(w for g in indicators.GROUPS for _key, w in g.parts) == 100
    satisfaction = next(g for g in indicators.GROUPS if g.key == "satisfaction")
    assert dict(satisfaction.parts) == {"feedback_on_time": 6, "feedback_satisfied": 6,
                                        "satisfied": 6}  # fmt: skip

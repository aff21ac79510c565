import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.models import StoredFile
from chinhquyenso.services import indicators
from chinhquyenso.services.choices import (
    Channel,
    DossierStatus,
    OnlineLevel,
    PaymentStatus,
    WarehouseSource,
)
from chinhquyenso.services.indicators import Period
from chinhquyenso.services.models import (
    DossierAttachment,
    WarehouseDocumentType,
    WarehouseItem,
)

from .indicator_fixtures import agency, at, citizen, dossier, payment, procedure

pytestmark = pytest.mark.django_db
RETURNED = DossierStatus.RETURNED
D = datetime.date


@pytest.fixture
def world(registry):
    commune = agency(registry, "UBND xã Ba Tơ", "000.00.30.H48", UnitLevel.COMMUNE)
    district = agency(registry, "UBND huyện Bình Sơn", "000.00.20.H48", UnitLevel.DISTRICT)
    proc = procedure("1.001193", commune, district, registry.office)
    return {"commune": commune, "district": district, "proc": proc, "who": citizen(registry)}


def _row(result, agency_id):
    return next(r for r in result["agencies"] if r["agency_id"] == agency_id)


def test_on_time_counts_returned_by_the_appointment_date_and_overdue_open_ones(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    # Returned on the appointment day at 23:30 local time: still on time.
    dossier(
        p,
        c,
        who,
        status=RETURNED,
        received=at(2026, 3, 2),
        due=D(2026, 3, 5),
        completed=datetime.datetime(2026, 3, 5, 23, 30, tzinfo=at(2026, 1, 1).tzinfo),
    )
    dossier(
        p,
        c,
        who,
        status=RETURNED,
        received=at(2026, 3, 2),
        due=D(2026, 3, 5),
        completed=at(2026, 3, 6),
    )  # a day late
    dossier(
        p, c, who, status=DossierStatus.PROCESSING, received=at(2026, 3, 2), due=D(2026, 3, 10)
    )  # open and overdue
    # Waiting for a supplement: the clock is stopped, so not overdue.
    dossier(p, c, who, status=DossierStatus.SUPPLEMENT, received=at(2026, 3, 2), due=D(2026, 3, 9))
    # fmt: skip
    row = indicators.indicators(Period(2026, quarter=1))["province"]
    assert row["counts"]["completed"] == 2
    assert row["counts"]["completed_on_time"] == 1
    assert row["counts"]["overdue_open"] == 1
    assert row["ratios"]["on_time"] == pytest.approx(33.3)
    assert row["points"]["progress"] == pytest.approx(20 / 3, abs=0.01)


def test_supplement_clock_moves_the_appointment(world):
    """The back office moves due_date when a supplement is answered; the ratio follows it."""
    c, p, who = world["commune"], world["proc"], world["who"]
    made = dossier(p, c, who, status=RETURNED, received=at(2026, 4, 1), due=D(2026, 4, 3),
                   completed=at(2026, 4, 8))  # fmt: skip
    assert indicators.indicators(Period(2026, month=4))["province"]["ratios"]["on_time"] == 0
    made.due_date = D(2026, 4, 9)  # five days stopped while the applicant supplemented
    made.save()
    assert indicators.indicators(Period(2026, month=4))["province"]["ratios"]["on_time"] == 100


def test_open_dossier_not_yet_due_is_not_overdue(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    dossier(p, c, who, received=timezone.now(), due=tomorrow)
    row = indicators.indicators(Period(tomorrow.year))["province"]
    assert row["counts"]["overdue_open"] == 0
    assert row["ratios"]["on_time"] is None
    assert row["points"]["progress"] is None


def test_online_share_and_full_process_online(world, registry):
    c, p, who = world["commune"], world["proc"], world["who"]
    partial = procedure("1.000656", c, online_level=OnlineLevel.PARTIAL)
    dossier(p, c, who, channel=Channel.ONLINE, received=at(2026, 5, 4))
    dossier(p, c, who, channel=Channel.COUNTER, received=at(2026, 5, 4))
    dossier(partial, c, who, channel=Channel.ONLINE, received=at(2026, 5, 4))
    dossier(partial, c, who, channel=Channel.POST, received=at(2026, 5, 4))
    dossier(p, c, who, channel=Channel.ONLINE, received=at(2025, 5, 4))  # other year
    dossier(p, c, who, channel=Channel.ONLINE, status=DossierStatus.DRAFT)  # never received
    row = indicators.indicators(Period(2026))["province"]
    assert row["counts"]["received"] == 4
    assert row["ratios"]["online_applications"] == 50
    assert row["counts"]["full_received"] == 2
    assert row["ratios"]["full_process_online"] == 50


def test_digitised_walk_ins_and_electronic_results(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    dossier(p, c, who, channel=Channel.ONLINE, received=at(2026, 6, 1))  # born digital
    dossier(p, c, who, channel=Channel.COUNTER, received=at(2026, 6, 1), digitised=True)
    dossier(p, c, who, channel=Channel.COUNTER, received=at(2026, 6, 1))
    dossier(p, c, who, channel=Channel.POST, received=at(2026, 6, 1))
    dossier(
        p,
        c,
        who,
        status=RETURNED,
        received=at(2026, 5, 1),
        due=D(2026, 6, 30),
        completed=at(2026, 6, 2),
        signed=True,
    )
    dossier(p, c, who, status=RETURNED, received=at(2026, 5, 1), due=D(2026, 6, 30),
            completed=at(2026, 6, 2))  # fmt: skip
    row = indicators.indicators(Period(2026, month=6))["province"]
    assert row["counts"]["received"] == 4
    assert row["ratios"]["digitised"] == 50
    assert row["ratios"]["electronic_results"] == 50


def test_reuse_of_warehouse_documents(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    stored = StoredFile.objects.create(sha256="a" * 64, size=10, mime_type="application/pdf",
                                       extension="pdf", original_name="khai-sinh.pdf",
                                       storage_name="aa/" + "a" * 64)  # fmt: skip
    kind = WarehouseDocumentType.objects.create(code="khai-sinh", name="Giấy khai sinh")
    item = WarehouseItem.objects.create(owner=who, doc_type=kind, title="Giấy khai sinh",
                                        file=stored, source=WarehouseSource.UPLOADED)  # fmt: skip
    reusing = dossier(p, c, who, received=at(2026, 6, 1))
    dossier(p, c, who, received=at(2026, 6, 1))
    DossierAttachment.objects.create(dossier=reusing, name="Giấy khai sinh", file=stored,
                                     warehouse_item=item, added_by=who)  # fmt: skip
    DossierAttachment.objects.create(dossier=reusing, name="Tờ khai", file=stored, added_by=who)
    row = indicators.indicators(Period(2026, month=6))["province"]
    assert row["counts"]["received_reused"] == 1
    assert row["ratios"]["reused"] == 50


def test_online_payments_count_paid_fees_only(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    made = dossier(p, c, who, received=at(2026, 7, 1))
    payment(made, online=True, paid=at(2026, 7, 1))
    payment(made, online=True, paid=at(2026, 7, 2))
    payment(made, online=False, paid=at(2026, 7, 2))
    payment(made, online=False, paid=at(2026, 7, 3), amount=0)  # no fee
    payment(made, online=True, paid=None, status=PaymentStatus.FAILED)
    payment(made, online=True, paid=at(2026, 8, 1))  # next month
    row = indicators.indicators(Period(2026, month=7))["province"]
    assert row["counts"]["payments"] == 3
    assert row["ratios"]["online_payments"] == pytest.approx(66.7)


def test_ratings_average_and_satisfied_share(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    for score in (5, 4, 2):
        dossier(p, c, who, status=RETURNED, received=at(2026, 2, 2), due=D(2026, 2, 20),
                completed=at(2026, 2, 5), rating=score)  # fmt: skip
    dossier(p, c, who, status=RETURNED, received=at(2026, 2, 2), due=D(2026, 2, 20),
            completed=at(2026, 2, 5))  # not rated  # fmt: skip
    row = indicators.indicators(Period(2026, quarter=1))["province"]
    assert row["counts"]["rated"] == 3
    assert row["average_rating"] == pytest.approx(3.67)
    assert row["ratios"]["satisfied"] == pytest.approx(66.7)
    assert row["points"]["satisfaction"] == pytest.approx(12.0)


def test_publicity_counts_procedures_with_full_information(world):
    c = world["commune"]
    procedure("2.000001", c, complete=False)
    result = indicators.indicators(Period(2026), by_agency=True)
    commune = _row(result, c.pk)
    assert commune["counts"]["procedures"] == 2
    assert commune["ratios"]["published_complete"] == 50
    assert _row(result, world["district"].pk)["ratios"]["published_complete"] == 100
    # The province counts each procedure once, however many agencies offer it.
    assert result["province"]["counts"]["procedures"] == 2


def test_per_level_and_per_agency(world, registry):
    c, d, p, who = world["commune"], world["district"], world["proc"], world["who"]
    dossier(p, c, who, channel=Channel.ONLINE, received=at(2026, 3, 1))
    dossier(p, c, who, channel=Channel.COUNTER, received=at(2026, 3, 1))
    dossier(p, d, who, channel=Channel.ONLINE, received=at(2026, 3, 1))
    dossier(p, registry.office, who, channel=Channel.COUNTER, received=at(2026, 3, 1))
    result = indicators.indicators(Period(2026), by_agency=True)
    levels = {row["level"]: row for row in result["levels"]}
    assert [row["level"] for row in result["levels"]] == [1, 2, 3]
    assert levels[UnitLevel.COMMUNE]["ratios"]["online_applications"] == 50
    assert levels[UnitLevel.DISTRICT]["ratios"]["online_applications"] == 100
    # An agency without an administrative unit counts at province level.
    assert levels[UnitLevel.PROVINCE]["ratios"]["online_applications"] == 0
    assert _row(result, c.pk)["level"] == UnitLevel.COMMUNE
    assert _row(result, registry.office.pk)["level"] == UnitLevel.PROVINCE
    assert result["province"]["counts"]["received"] == 4


def test_total_rescales_over_the_measured_groups(world):
    c, p, who = world["commune"], world["proc"], world["who"]
    dossier(p, c, who, status=RETURNED, channel=Channel.COUNTER, received=at(2026, 3, 2),
            due=D(2026, 3, 5), completed=at(2026, 3, 4), rating=5)  # fmt: skip
    row = indicators.indicators(Period(2026))["province"]
    # Publicity 18/18, progress 20/20, digitisation 0 (walk-in, paper result), online 0 of the
    # online and full-process ratios (no payment: weights 8 + 6), satisfaction 18/18.
    assert row["points"] == {
        "publicity": 18,
        "progress": 20,
        "digitisation": 0,
        "online": 0,
        "satisfaction": 18,
    }
    assert row["total"] == 56 and row["total_max"] == 100 and row["index"] == 56
    empty = indicators.indicators(Period(2020))["province"]
    assert empty["points"]["progress"] is None
    assert empty["total_max"] == 18  # only the catalogue can be judged


@pytest.mark.parametrize(
    "year,quarter,month,field",
    [("1999", None, None, "year"), ("2026", "5", None, "quarter"), ("2026", None, "13", "month"),
     ("2026", "1", "2", "month"), ("abc", None, None, None)],
)  # fmt: skip
def test_period_validation(year, quarter, month, field):
    with pytest.raises(ValidationError) as caught:
        Period.parse(year, quarter, month)
    if field:
        assert field in caught.value.message_dict


def test_period_bounds():
    assert Period.parse("2026", "4").dates == (D(2026, 10, 1), D(2027, 1, 1))
    assert Period.parse("2026", None, "12").dates == (D(2026, 12, 1), D(2027, 1, 1))
    assert Period.parse("2026", None, "2").as_dict()["end"] == D(2026, 2, 28)
    assert Period.parse("", "", "").year == timezone.localdate().year

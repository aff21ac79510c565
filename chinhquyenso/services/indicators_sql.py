"""The counts behind the QĐ 766 ratios: grouped queries with conditional aggregates.

Dossiers, warehouse reuse, payments and the catalogue are each counted in one query, never by a
loop over rows. The additive counts are grouped by the agency's id alone (no join to the agency
or its unit over the year's dossiers) and summed to levels and the province in Python over the
agencies' levels, read once. Agencies without an administrative unit count at province level.
"""

import datetime

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from chinhquyenso.core.choices import UnitLevel
from chinhquyenso.core.models import Agency
from chinhquyenso.feedback import services as feedback

from .choices import Channel, DossierStatus, OnlineLevel, PaymentStatus
from .models import (
    DossierAttachment,
    Payment,
    Procedure,
    ProcessingStep,
    RequiredDocument,
    ServiceDossier,
)

COUNT_KEYS = (
    "received",
    "received_online",
    "received_digitised",
    "received_reused",
    "full_received",
    "full_online",
    "completed",
    "completed_on_time",
    "overdue_open",
    "results_signed",
    "rated",
    "rated_satisfied",
    "rating_sum",
    "payments",
    "payments_online",
    "procedures",
    "procedures_complete",
    # Citizen feedback handled by the agency (the feedback app, docs/feedback.md).
    "feedback_answered",
    "feedback_on_time",
    "feedback_rated",
    "feedback_satisfied",
)
CATALOGUE = ("procedures", "procedures_complete")
ADDITIVE = tuple(name for name in COUNT_KEYS if name not in CATALOGUE)
# Open with the clock running: a dossier waiting for a supplement has its clock stopped, and one
# whose result is ready waits for the applicant, not for the agency.
RUNNING = (DossierStatus.PROCESSING, DossierStatus.AWAITING_APPROVAL)


def _level(agency: str) -> Coalesce:
    return Coalesce(
        F(f"{agency}__administrative_unit__level"),
        Value(UnitLevel.PROVINCE),
        output_field=IntegerField(),
    )


class AgencyLevels(dict):
    """{agency id: (level, name)}, province level where the agency has no unit. Read when first
    needed, after the counts, and read again for an agency created since."""

    def __missing__(self, pk: int) -> tuple[int, str]:
        rows = Agency.objects.values_list("pk", "administrative_unit__level", "name")
        self.update({key: (level or UnitLevel.PROVINCE, name) for key, level, name in rows})
        return self.get(pk, (UnitLevel.PROVINCE, ""))


def _additive(qs: QuerySet, agency: str, by: str, aggregates: dict, agencies: dict) -> list[dict]:
    """Counts grouped by `agency`'s id in SQL; by "level", summed per level in Python."""
    rows = list(qs.values(agency_pk=F(f"{agency}_id")).annotate(**aggregates).order_by())
    return _shaped(rows, by, aggregates, agencies)


def _shaped(rows: list[dict], by: str, names, agencies: dict) -> list[dict]:
    """Rows per agency (`agency_pk` and the counts `names`) as `tables` wants them: with the
    agency's level and name, or summed per level."""
    if by == "agency":
        return [
            {
                **row,
                "level": agencies[row["agency_pk"]][0],
                "agency_name": agencies[row["agency_pk"]][1],
            }
            for row in rows
        ]
    totals: dict = {}
    for row in rows:
        level = agencies[row["agency_pk"]][0]
        target = totals.setdefault(level, {"level": level})
        for name in names:
            target[name] = target.get(name, 0) + (row[name] or 0)
    return list(totals.values())


# The feedback app's counts (feedback.services.COUNT_KEYS) → this table's columns.
FEEDBACK = {
    "answered": "feedback_answered",
    "answered_on_time": "feedback_on_time",
    "rated": "feedback_rated",
    "satisfied": "feedback_satisfied",
}


def feedback_counts(period, by: str, agencies: dict) -> list[dict]:
    """Reports received in the period by each agency, through the feedback app's door."""
    start, end = period.dates
    counted = feedback.counts_by_agency(start, end - datetime.timedelta(days=1))
    rows = [
        {"agency_pk": pk, **{ours: counts[theirs] for theirs, ours in FEEDBACK.items()}}
        for pk, counts in counted.items()
    ]
    return _shaped(rows, by, FEEDBACK.values(), agencies)


def _grouped(qs: QuerySet, agency: str, by: str, aggregates: dict) -> list[dict]:
    if by == "province":
        return [qs.aggregate(**aggregates)]
    if by == "level":
        return list(qs.values(level=_level(agency)).annotate(**aggregates).order_by())
    return list(
        qs.values(
            level=_level(agency),
            agency_pk=F(f"{agency}_id"),
            agency_name=F(f"{agency}__name"),
        )
        .annotate(**aggregates)
        .order_by()
    )


def dossier_counts(period, today: datetime.date, by: str, agencies: dict) -> list[dict]:
    """Received, completed and overdue-open dossiers of the period, counted in one pass."""
    start, end = period.bounds
    first_day, after_last = period.dates
    received = Q(received_at__gte=start, received_at__lt=end)
    completed = Q(status=DossierStatus.RETURNED, completed_at__gte=start, completed_at__lt=end)
    # Overdue and still open: the appointment fell in the period and has passed by today.
    overdue = Q(
        status__in=RUNNING,
        due_date__gte=first_day,
        due_date__lt=min(after_last, today),
    )
    # The full-process procedures by id: no join to the catalogue over the year's dossiers.
    full_ids = list(
        Procedure.objects.filter(online_level=OnlineLevel.FULL).values_list("pk", flat=True)
    )
    full = Q(procedure_id__in=full_ids)
    reused = DossierAttachment.objects.filter(warehouse_item__isnull=False).values("dossier_id")
    online = Q(channel=Channel.ONLINE)
    qs = ServiceDossier.objects.filter(received | completed | overdue).annotate(
        completed_day=TruncDate("completed_at", tzinfo=timezone.get_current_timezone()),
    )
    aggregates = {
        "received": Count("id", filter=received),
        "received_online": Count("id", filter=received & online),
        "received_digitised": Count("id", filter=received & (online | Q(digitised=True))),
        # A hashed subplan read once: the dossiers with a paper taken from the e-data warehouse
        # (as a correlated EXISTS it made PostgreSQL expect a costly plan and JIT-compile it).
        "received_reused": Count("id", filter=received & Q(pk__in=reused)),
        "full_received": Count("id", filter=received & full),
        "full_online": Count("id", filter=received & full & online),
        "completed": Count("id", filter=completed),
        "completed_on_time": Count(
            "id", filter=completed & Q(completed_day__lte=F("due_date"))
        ),  # fmt: skip
        "overdue_open": Count("id", filter=overdue),
        "results_signed": Count("id", filter=completed & Q(result_signed=True)),
        "rated": Count("rating", filter=completed),
        "rated_satisfied": Count("rating", filter=completed & Q(rating__score__gte=4)),
        "rating_sum": Sum("rating__score", filter=completed),
    }
    return _additive(qs, "agency", by, aggregates, agencies)


def payment_counts(period, by: str, agencies: dict) -> list[dict]:
    start, end = period.bounds
    qs = Payment.objects.filter(
        status=PaymentStatus.PAID, amount__gt=0, paid_at__gte=start, paid_at__lt=end
    )
    aggregates = {"payments": Count("id"), "payments_online": Count("id", filter=Q(online=True))}
    return _additive(qs, "dossier__agency", by, aggregates, agencies)


def catalogue_counts(by: str) -> list[dict]:
    """Procedures offered by each agency now (the catalogue has no history)."""
    offered = Procedure.agencies.through.objects.filter(procedure__is_active=True)
    complete = (
        Q(Exists(RequiredDocument.objects.filter(procedure=OuterRef("procedure_id"))))
        & Q(Exists(ProcessingStep.objects.filter(procedure=OuterRef("procedure_id"))))
        & ~Q(procedure__fee_text="")
        & ~Q(procedure__legal_basis="")
        & Q(procedure__form_schema__has_key="properties")
    )
    aggregates = {
        "procedures": Count("procedure_id", distinct=True),
        "procedures_complete": Count("procedure_id", distinct=True, filter=complete),
    }
    return _grouped(offered, "agency", by, aggregates)


def _merge(sources, key: str) -> dict:
    """Rows of COUNT_KEYS (zeros filled in) merged over several sources by the group key."""
    merged: dict = {}
    for rows in sources:
        for row in rows:
            target = merged.setdefault(row.get(key), dict.fromkeys(COUNT_KEYS, 0))
            for name, value in row.items():
                target[name] = value if value is not None or name not in COUNT_KEYS else 0
    return merged


def _roll_up(rows, catalogue: list[dict], key: str) -> dict:
    """Dossier counts add up from agencies to levels to the province (a dossier has one agency);
    procedure counts do not (one procedure is offered by many agencies), so they are counted."""
    totals: dict = {}
    for row in rows:
        target = totals.setdefault(row.get(key), dict.fromkeys(COUNT_KEYS, 0))
        for name in ADDITIVE:
            target[name] += row[name]
    for row in catalogue:
        target = totals.setdefault(row.get(key), dict.fromkeys(COUNT_KEYS, 0))
        for name in CATALOGUE:
            target[name] = row[name]
    return totals


def tables(period, today: datetime.date, by_agency: bool) -> tuple[dict, dict, list | None]:
    """(province, {level: row}, agency rows or None), each row holding COUNT_KEYS.

    The dossiers are read once, grouped by agency or by level; the coarser rows are sums.
    """
    by = "agency" if by_agency else "level"
    key = "agency_pk" if by_agency else "level"
    agencies = AgencyLevels()
    sources = (
        dossier_counts(period, today, by, agencies),
        payment_counts(period, by, agencies),
        feedback_counts(period, by, agencies),
        catalogue_counts(by),
    )
    rows = list(_merge(sources, key).values())
    levels = (
        _roll_up(rows, catalogue_counts("level"), "level") if by_agency else _merge(sources, key)
    )
    province = _roll_up(levels.values(), catalogue_counts("province"), None).get(None)
    return province or dict.fromkeys(COUNT_KEYS, 0), levels, rows if by_agency else None

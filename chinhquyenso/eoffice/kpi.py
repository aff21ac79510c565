"""The KPI "hồ sơ công việc được xử lý trên môi trường mạng" per level and agency (docs/kpi.md).

A dossier counts in the period in which it was closed; it is processed online when every document
in it exists electronically on the platform (decided once, at close, and stored); dossiers holding a
secret document are left out, as the resolution excludes state-secret dossiers. Aggregated in SQL.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import UnitLevel

from .choices import OutgoingStatus, Secrecy
from .models import Assignment, DossierItem, WorkDossier

# Nghị quyết của Ban Thường vụ Tỉnh ủy Quảng Ngãi khóa XX về chuyển đổi số (2023), mục 3.1 and 4.1:
# share of work dossiers processed online, in per cent, by milestone year and level.
TARGETS = {
    2025: {UnitLevel.PROVINCE: 90, UnitLevel.DISTRICT: 80, UnitLevel.COMMUNE: 70},
    2030: {UnitLevel.PROVINCE: 100, UnitLevel.DISTRICT: 100, UnitLevel.COMMUNE: 90},
}
ONLINE_OUTGOING_STATUSES = (OutgoingStatus.SIGNED, OutgoingStatus.ISSUED, OutgoingStatus.RECALLED)


def online_item_condition() -> Q:
    """A filed document that exists electronically and went through the platform.

    Incoming: registered with its file and routed by at least one assignment on the platform.
    Outgoing: signed digitally on the platform (it has a final signed file and reached signing).
    """
    assigned = Exists(Assignment.objects.filter(document=OuterRef("incoming_id")))
    incoming = Q(incoming__isnull=False, incoming__file__isnull=False) & Q(assigned)
    outgoing = Q(
        outgoing__isnull=False,
        outgoing__final_file__isnull=False,
        outgoing__status__in=ONLINE_OUTGOING_STATUSES,
    )
    return incoming | outgoing


def processed_online(dossier: WorkDossier) -> bool:
    """Decided at close: an empty dossier was not processed on the platform."""
    items = DossierItem.objects.filter(dossier=dossier)
    total = items.count()
    return total > 0 and items.filter(online_item_condition()).count() == total


def secret_condition() -> Exists:
    secret = DossierItem.objects.filter(dossier=OuterRef("pk")).filter(
        Q(incoming__secrecy__gt=Secrecy.NORMAL) | Q(outgoing__secrecy__gt=Secrecy.NORMAL)
    )
    return Exists(secret)


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None = None

    @classmethod
    def parse(cls, year, quarter=None) -> "Period":
        try:
            year = int(year) if year not in (None, "") else timezone.localdate().year
            quarter = int(quarter) if quarter not in (None, "") else None
        except (TypeError, ValueError) as exc:
            raise ValidationError(_("Year and quarter must be numbers.")) from exc
        if not 2000 <= year <= 2100:
            raise ValidationError({"year": [_("Enter a year between 2000 and 2100.")]})
        if quarter is not None and not 1 <= quarter <= 4:
            raise ValidationError({"quarter": [_("The quarter is 1, 2, 3 or 4.")]})
        return cls(year, quarter)

    @property
    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, end) in local time: a dossier closed on 31/12 at 23:30 belongs to that year."""
        if self.quarter is None:
            start, end = datetime.date(self.year, 1, 1), datetime.date(self.year + 1, 1, 1)
        else:
            month = 3 * (self.quarter - 1) + 1
            start = datetime.date(self.year, month, 1)
            end = (
                datetime.date(self.year + 1, 1, 1)
                if self.quarter == 4
                else datetime.date(self.year, month + 3, 1)
            )
        tz = timezone.get_current_timezone()
        return (
            datetime.datetime.combine(start, datetime.time(), tz),
            datetime.datetime.combine(end, datetime.time(), tz),
        )


def targets_for(year: int) -> tuple[int, dict, int | None, dict | None]:
    """The milestone in force for `year` (2025 until 2029, then 2030) and the next one, if any."""
    milestone = 2030 if year >= 2030 else 2025
    following = 2030 if milestone == 2025 else None
    return milestone, TARGETS[milestone], following, TARGETS.get(following)


def counted_dossiers(period: Period, agencies: QuerySet | None = None) -> QuerySet[WorkDossier]:
    start, end = period.bounds
    qs = WorkDossier.objects.filter(closed_at__gte=start, closed_at__lt=end)
    if agencies is not None:
        qs = qs.filter(entry__plan__agency__in=agencies)
    return qs.exclude(secret_condition())


def _level():
    # Agencies without an administrative unit (most provincial bodies) count at province level.
    return Coalesce(
        F("entry__plan__agency__administrative_unit__level"),
        Value(UnitLevel.PROVINCE),
        output_field=IntegerField(),
    )


def _row(level: int, dossiers: int, online: int, target: int, next_target: int | None) -> dict:
    share = round(100 * online / dossiers, 1) if dossiers else None
    return {
        "level": level,
        "level_label": str(UnitLevel(level).label),
        "dossiers": dossiers,
        "processed_online": online,
        "share": share,
        "target": target,
        "next_target": next_target,
        "met": share is not None and share >= target,
    }


def online_processing(period: Period, agencies: QuerySet | None = None, by_agency=False) -> dict:
    """Per level (always all three) and optionally per agency: dossiers, processed online, share."""
    milestone, targets, following, next_targets = targets_for(period.year)
    qs = counted_dossiers(period, agencies).annotate(level=_level())
    counts = {"dossiers": Count("id"), "online": Count("id", filter=Q(processed_online=True))}
    per_level = {r["level"]: r for r in qs.values("level").annotate(**counts).order_by()}
    levels = []
    for level in UnitLevel.values:
        found = per_level.get(level, {"dossiers": 0, "online": 0})
        levels.append(
            _row(
                level,
                found["dossiers"],
                found["online"],
                targets[level],
                next_targets[level] if next_targets else None,
            )
        )
    result = {
        "year": period.year,
        "quarter": period.quarter,
        "milestone": milestone,
        "next_milestone": following,
        "levels": levels,
    }
    if by_agency:
        rows = (
            qs.values(
                "level",
                agency_id=F("entry__plan__agency_id"),
                agency_name=F("entry__plan__agency__name"),
            )
            .annotate(**counts)
            .order_by("level", "agency_name")
        )
        result["agencies"] = [
            {
                "agency_id": r["agency_id"],
                "agency": r["agency_name"],
                **_row(
                    r["level"],
                    r["dossiers"],
                    r["online"],
                    targets[r["level"]],
                    next_targets[r["level"]] if next_targets else None,
                ),
            }
            for r in rows
        ]
    return result

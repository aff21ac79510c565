"""The periodic report on the resolution on digital transformation (section IV.3: every six
months and every year to the Party Standing Committee), as an editable DOCX and a PDF.

The content is gathered once (`build_report`) from the analytics — the same figures as the
dashboards — and drawn by report_document_docx.py and report_document_pdf.py. An administrative
document is written in Vietnamese whatever the interface language (Nghị định 30/2020, Điều 8), so
its fixed wording lives here rather than in the translation catalogue.
"""

import dataclasses
import datetime
import decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core.choices import UnitLevel

from . import analytics
from .analytics_dashboard import is_yes_no
from .analytics_sources import one_reading
from .analytics_status import assess, worst
from .choices import Periodicity, TargetComparison, TargetStatus
from .models import DataSet, Indicator, IndicatorTarget, OrgUnit
from .periods import Period, periods_between

D = decimal.Decimal
MILESTONES = (2025, 2030)
RESOLUTION = (
    "Nghị quyết của Ban Thường vụ Tỉnh ủy về chuyển đổi số tỉnh Quảng Ngãi đến năm 2025, "
    "định hướng đến năm 2030"
)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
STATUS_VI = {
    TargetStatus.MET: "Đã đạt",
    TargetStatus.ON_TRACK: "Đúng tiến độ",
    TargetStatus.BEHIND: "Chậm tiến độ",
    TargetStatus.NO_DATA: "Chưa có số liệu",
}
LEVEL_VI = {
    UnitLevel.PROVINCE: "cấp tỉnh",
    UnitLevel.DISTRICT: "cấp huyện",
    UnitLevel.COMMUNE: "cấp xã",
}
COMPARISON_VI = {
    TargetComparison.AT_LEAST: "≥",
    TargetComparison.MORE_THAN: ">",
    TargetComparison.AT_MOST: "≤",
    TargetComparison.ABOUT: "khoảng",
    TargetComparison.YES: "",
}
RECIPIENTS = (
    "Ban Thường vụ Tỉnh ủy (b/c);",
    "Thường trực HĐND tỉnh;",
    "CT, các PCT UBND tỉnh;",
    "Ủy ban MTTQ Việt Nam tỉnh;",
    "Các sở, ban, ngành tỉnh;",
    "UBND các xã, phường, đặc khu;",
    "Lưu: VT.",
)


@dataclasses.dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    unit: str
    target_2025: str
    target_2030: str
    value: D | None
    previous: D | None
    decimals: int
    status: str | None  # a TargetStatus, or None when the indicator has no target
    # "năm 2025" when a yearly figure stands in the six-monthly report.
    note: str = ""
    # The province-wide numeric 2025 target, for the chart of how far each indicator is.
    target_value_2025: D | None = None
    # A qualitative target (connected, universal): the figure is yes (1) or no (0).
    yes_no: bool = False

    def _show(self, value: D | None) -> str:
        if self.yes_no and value is not None:
            return "Có" if value >= 1 else "Chưa"
        return vn_number(value, self.decimals)

    @property
    def value_text(self) -> str:
        text = self._show(self.value)
        return f"{text} ({self.note})" if self.note else text

    @property
    def previous_text(self) -> str:
        text = self._show(self.previous)
        return f"{text} (năm {int(self.note[-4:]) - 1})" if self.note else text

    @property
    def status_label(self) -> str:
        return STATUS_VI.get(self.status, "") if self.status else ""


@dataclasses.dataclass(frozen=True)
class UnitOnTime:
    """A reporting unit that sent a form late, or has not sent it, for these periods."""

    form: str
    unit: str
    periods: tuple[str, ...]

    @property
    def periods_text(self) -> str:
        return ", ".join(self.periods)


@dataclasses.dataclass
class ResolutionReport:
    period: Period
    org_unit: OrgUnit
    issuer_lines: list[str]
    notation: str
    place: str
    year: int
    period_phrase: str
    groups: list[tuple[str, list[IndicatorRow]]]
    generated_at: datetime.datetime
    charts: list[tuple[str, bytes]] = dataclasses.field(default_factory=list)
    late: list[UnitOnTime] = dataclasses.field(default_factory=list)
    missing: list[UnitOnTime] = dataclasses.field(default_factory=list)
    recipients: tuple[str, ...] = RECIPIENTS

    @property
    def number_line(self) -> str:
        return f"Số: …/BC-{self.notation}" if self.notation else "Số: …/BC"

    @property
    def date_line(self) -> str:
        return f"{self.place}, ngày … tháng … năm {self.year}"

    @property
    def subtitle(self) -> str:
        return f"Kết quả thực hiện {RESOLUTION}, {self.period_phrase}"

    @property
    def rows(self) -> list[IndicatorRow]:
        return [row for _group, rows in self.groups for row in rows]

    @property
    def signature(self) -> tuple[str, str]:
        if self.issuer_lines and self.issuer_lines[0] == "ỦY BAN NHÂN DÂN":
            return "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"
        return "THỦ TRƯỞNG CƠ QUAN", ""

    def introduction(self) -> list[str]:
        first, last = self.period.cutoff
        unit = self.org_unit
        issuer = unit.agency.name if unit.agency_id else unit.name
        counts = dict.fromkeys(STATUS_VI, 0)
        for row in self.rows:
            if row.status:
                counts[row.status] += 1
        judged = sum(counts.values())
        return [
            f"Thực hiện {RESOLUTION}, {issuer} báo cáo kết quả thực hiện {self.period_phrase} "
            "như sau:",
            "Số liệu được tổng hợp từ Hệ thống thông tin báo cáo của tỉnh tại thời điểm "
            f"{self.generated_at:%H giờ %M, ngày %d/%m/%Y}; thời gian chốt số liệu theo "
            f"Nghị định số 09/2019/NĐ-CP: từ ngày {first:%d/%m/%Y} đến ngày {last:%d/%m/%Y}.",
            f"Trong {judged} chỉ tiêu có mục tiêu: {counts[TargetStatus.MET]} chỉ tiêu đã đạt, "
            f"{counts[TargetStatus.ON_TRACK]} chỉ tiêu đúng tiến độ, "
            f"{counts[TargetStatus.BEHIND]} chỉ tiêu chậm tiến độ, "
            f"{counts[TargetStatus.NO_DATA]} chỉ tiêu chưa có số liệu.",
        ]


def vn_number(value: D | None, decimals: int = 1) -> str:
    """1234.5 → "1.234,5" (Vietnamese separators); None → "—"."""
    if value is None:
        return "—"
    quantized = D(value).quantize(D(1).scaleb(-decimals), rounding=decimal.ROUND_HALF_UP)
    text = f"{quantized:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def period_phrase(period: Period) -> str:
    if period.periodicity == Periodicity.YEARLY:
        return f"năm {period.year}"
    half = "đầu" if period.index == 1 else "cuối"
    return f"6 tháng {half} năm {period.year}"


def report_period(value: str) -> Period:
    period = Period.parse(value)
    if period.periodicity not in (Periodicity.SIX_MONTHLY, Periodicity.YEARLY):
        raise ValidationError(
            _("The report on the resolution is made for six months (2026S1) or a year (2026).")
        )
    return period


def issuer_lines(unit: OrgUnit) -> list[str]:
    """The issuing body as Nghị định 30/2020 prints it: upper case, on two lines when long."""
    name = (unit.agency.name if unit.agency_id else unit.name).upper()
    for head in ("ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN"):
        if name.startswith(head + " "):
            return [head, name[len(head) + 1 :]]
    if len(name) <= 32:
        return [name]
    middle = len(name) // 2
    cut = min((i for i, c in enumerate(name) if c == " "), key=lambda i: abs(i - middle))
    return [name[:cut], name[cut + 1 :]]


def _target_number(value: D) -> str:
    """A target as written in a resolution: 90 → "90", 20.5 → "20,5"."""
    decimals = max(0, -D(value).normalize().as_tuple().exponent)
    return vn_number(value, decimals)


def _target_text(targets: list[IndicatorTarget], unit: str) -> str:
    """Targets in short (the bullets as written are in the resolution itself): "≥ 90 %",
    "khoảng 20 %", per level "cấp tỉnh: ≥ 90 %; cấp xã: ≥ 70 %", "Đạt" for a yes/no target."""
    parts = []
    for target in sorted(targets, key=lambda t: t.level or 0):
        if target.comparison == TargetComparison.YES:
            text = "Đạt"
        elif target.value is None:
            text = target.text
        else:
            sign = COMPARISON_VI[target.comparison]
            text = f"{sign} {_target_number(target.value)}{' ' + unit if unit else ''}"
        if target.level:
            text = f"{LEVEL_VI.get(target.level, target.level)}: {text}"
        parts.append(text.strip())
    return "; ".join(parts)


def _status(indicator, value, period, previous, level_values) -> str | None:
    """Met / on track / behind / no data against the next milestone; with targets per level,
    the worst level. The same period a year earlier is the baseline of the straight line."""
    targets = list(indicator.targets.all())
    if not targets:
        return None
    statuses = []
    for level in sorted({t.level for t in targets}, key=lambda v: v or 0):
        own = [t for t in targets if t.level == level]
        figure = value if level is None else level_values.get(level)
        baseline = None
        if level is None and previous is not None:
            baseline = (Period(period.year - 1, period.periodicity, period.index), previous)
        statuses.append(assess(figure, period, own, baseline).status)
    return worst(statuses)


def _indicator_rows(period: Period, unit: OrgUnit) -> list[tuple[str, list[IndicatorRow]]]:
    indicators = list(
        Indicator.objects.filter(is_active=True)
        .select_related("group")
        .prefetch_related("targets")
        .order_by("group__sort_order", "group__code", "sort_order", "code")
    )
    last_year = Period(period.year - 1, period.periodicity, period.index)
    values = analytics.table(indicators, [period, last_year], [unit])
    # A yearly figure is not split into halves: a six-monthly report shows the last full year.
    yearly = [i for i in indicators if i.periodicity == Periodicity.YEARLY]
    years = [Period(period.year - 1, Periodicity.YEARLY, 0), Period(period.year - 2, "yearly", 0)]
    if period.periodicity != Periodicity.YEARLY and yearly:
        values |= analytics.table(yearly, years, [unit])
    levels = {t.level for i in indicators for t in i.targets.all() if t.level}
    by_level = {}
    for level in sorted(levels):
        with_level = [i for i in indicators if any(t.level == level for t in i.targets.all())]
        by_level[level] = analytics.table(with_level, [period], [unit], level=level)
    groups: dict[str, list[IndicatorRow]] = {}
    for indicator in indicators:
        current = values[(indicator.code, period.id, unit.pk)].value
        previous = values[(indicator.code, last_year.id, unit.pk)].value
        note = ""
        halves = period.periodicity != Periodicity.YEARLY
        if current is None and halves and (indicator.code, years[0].id, unit.pk) in values:
            current = values[(indicator.code, years[0].id, unit.pk)].value
            previous = values[(indicator.code, years[1].id, unit.pk)].value
            note = f"năm {years[0].year}" if current is not None else ""
        level_values = {
            level: found[(indicator.code, period.id, unit.pk)].value
            for level, found in by_level.items()
            if (indicator.code, period.id, unit.pk) in found
        }
        targets = list(indicator.targets.all())
        row = IndicatorRow(
            code=indicator.code,
            name=indicator.name,
            unit=indicator.unit,
            target_2025=_target_text([t for t in targets if t.year == 2025], indicator.unit),
            target_2030=_target_text([t for t in targets if t.year == 2030], indicator.unit),
            value=current,
            previous=previous,
            decimals=indicator.decimals,
            status=_status(
                indicator, current, years[0] if note else period, previous, level_values
            ),
            note=note,
            yes_no=is_yes_no(indicator),
            target_value_2025=next(
                (
                    t.value
                    for t in targets
                    if t.year == 2025 and t.level is None and t.comparison != "yes" and t.value
                ),
                None,
            ),
        )
        group = indicator.group.name if indicator.group_id else "Chỉ tiêu khác"
        groups.setdefault(group, []).append(row)
    return list(groups.items())


def period_short(period: Period) -> str:
    """Vietnamese short label: "01/2026", "quý I/2026", "6 tháng đầu năm 2026", "năm 2026"."""
    if period.periodicity == Periodicity.MONTHLY:
        return f"{period.index:02d}/{period.year}"
    if period.periodicity == Periodicity.QUARTERLY:
        return f"quý {('I', 'II', 'III', 'IV')[period.index - 1]}/{period.year}"
    if period.periodicity == Periodicity.NINE_MONTHLY:
        return f"9 tháng năm {period.year}"
    return period_phrase(period)


def reporting_on_time(period: Period, org_unit: OrgUnit) -> tuple[list, list]:
    """(late, missing): the units below `org_unit` that sent a form of a period inside `period`
    late, or have not sent it though it is due (completeness selector of the workflow)."""
    from .services import completeness

    late: dict[tuple[str, str], list[str]] = {}
    missing: dict[tuple[str, str], list[str]] = {}
    forms = DataSet.objects.filter(is_active=True, assignments__isnull=False).distinct()
    for data_set in forms.order_by("name"):
        for inner in periods_between(data_set.periodicity, period.start, period.end):
            if not period.contains(inner):
                continue
            result = completeness(data_set, inner, within=org_unit)
            for unit in result.units:
                key = (unit.name, data_set.name)
                if unit.timeliness == "late":
                    late.setdefault(key, []).append(period_short(inner))
                elif unit.timeliness == "missing" and result.overdue:
                    missing.setdefault(key, []).append(period_short(inner))

    def rows(found):
        return [UnitOnTime(form, unit, tuple(p)) for (unit, form), p in sorted(found.items())]

    return rows(late), rows(missing)


def build_report(period: str | Period, org_unit: OrgUnit) -> ResolutionReport:
    """Everything the report says, read once: automatic figures asked of their module once for
    the table and the charts together."""
    with one_reading():
        return _build_report(period, org_unit)


def _build_report(period: str | Period, org_unit: OrgUnit) -> ResolutionReport:
    period = period if isinstance(period, Period) else report_period(period)
    agency = org_unit.agency if org_unit.agency_id else None
    from .report_document_charts import report_charts

    late, missing = reporting_on_time(period, org_unit)
    groups = _indicator_rows(period, org_unit)
    rows = [row for _group, items in groups for row in items]
    return ResolutionReport(
        period=period,
        org_unit=org_unit,
        issuer_lines=issuer_lines(org_unit),
        notation=agency.notation_abbr if agency else "",
        place=settings.PROVINCE_NAME,
        year=timezone.localdate().year,
        period_phrase=period_phrase(period),
        groups=groups,
        charts=report_charts(period, org_unit, rows),
        generated_at=timezone.localtime(),
        late=late,
        missing=missing,
    )


@dataclasses.dataclass(frozen=True)
class GeneratedReport:
    report: ResolutionReport
    docx: bytes
    pdf: bytes

    @property
    def file_stem(self) -> str:
        return f"bao-cao-nghi-quyet-chuyen-doi-so-{self.report.period.id}"


def generate_resolution_report(period: str | Period, org_unit: OrgUnit) -> GeneratedReport:
    """The report of `period` (six months "2026S1" or a year "2026") for `org_unit` and its
    subtree, as DOCX and PDF."""
    from .report_document_docx import render_docx
    from .report_document_pdf import render_pdf

    report = build_report(period, org_unit)
    return GeneratedReport(report, render_docx(report), render_pdf(report))

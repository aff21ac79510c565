"""The yearly file plan (danh mục hồ sơ, Điều 28, Phụ lục V): entries, approval, amendment.

An approved plan is frozen. To change it the head of the agency reopens it (an audited amendment
round with a reason), the keepers edit, and the head approves again; no dossier can be opened while
the plan is reopened. An entry that has a dossier keeps its notation (part of the FileCode).
"""

import csv
import io
import re
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency, Department

from ..dossier_selectors import APPROVE, MANAGE, entry_scope
from ..models import FilePlan, FilePlanEntry

User = get_user_model()

# "01.TCCB": the number (Arabic digits) and the abbreviation of the heading (Phụ lục V, I.2).
NOTATION_RE = re.compile(r"^\d{1,4}\.[^\s]{1,15}$")
NOTATION_MAX = 20  # FileNotation, Phụ lục VI Phần II mục III
MAX_RETENTION_YEARS = 70
PERMANENT_WORDS = {"vinh vien", "permanent", ""}


@dataclass
class EntryData:
    notation: str
    title: str
    retention_years: int | None = None  # None: permanent (Vĩnh viễn)
    department: Department | None = None
    responsible: User | None = None
    construction: bool = False


def create_file_plan(user, agency: Agency, year: int) -> FilePlan:
    core.require(user, MANAGE, agency)
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": [_("Enter a year between 2000 and 2100.")]})
    with transaction.atomic():
        if FilePlan.objects.filter(agency=agency, year=year).exists():
            raise ValidationError(
                {"year": [_("This agency already has a file plan for %(year)s.") % {"year": year}]}
            )
        plan = FilePlan.objects.create(agency=agency, year=year)
        core.audit_record("eoffice.fileplan.create", plan, after=core.audit_snapshot(plan))
    return plan


def _clean_entry(plan: FilePlan, data: EntryData) -> EntryData:
    errors: dict[str, list[str]] = {}
    notation = (data.notation or "").strip()
    title = " ".join((data.title or "").split())
    if not NOTATION_RE.match(notation) or len(notation) > NOTATION_MAX:
        errors["notation"] = [
            _(
                "Write the file notation as a number, a dot and the heading's abbreviation, "
                "e.g. 01.TCCB (at most 20 characters)."
            )  # fmt: skip
        ]
    if not title:
        errors["title"] = [_("Enter the title of the dossier.")]
    elif len(title) > 300:
        errors["title"] = [_("The title is longer than 300 characters.")]
    years = data.retention_years
    if years is not None and not 1 <= years <= MAX_RETENTION_YEARS:
        errors["retention_years"] = [
            _("Retention is permanent or between 1 and %(max)s years.")
            % {"max": MAX_RETENTION_YEARS}
        ]
    if data.department is not None and data.department.agency_id != plan.agency_id:
        errors["department"] = [_("The department does not belong to the plan's agency.")]
    responsible = data.responsible
    if responsible is not None:
        agency_id = responsible.agency_id or (
            responsible.department.agency_id if responsible.department_id else None
        )
        if agency_id != plan.agency_id or not responsible.is_active:
            errors["responsible"] = [_("The responsible person must work at the plan's agency.")]
    if errors:
        raise ValidationError(errors)
    return EntryData(notation, title, years, data.department, responsible, data.construction)


def _require_editable(plan: FilePlan) -> None:
    if plan.approved_at is not None:
        raise ValidationError(
            _(
                "The file plan is approved and cannot change; the head of the agency must reopen "
                "it for amendment first."
            )  # fmt: skip
        )


def _duplicate(notation: str) -> ValidationError:
    return ValidationError(
        {
            "notation": [
                _("The file notation %(notation)s is already in this plan.")
                % {"notation": notation}
            ]
        }  # fmt: skip
    )


def add_entry(user, plan: FilePlan, data: EntryData) -> FilePlanEntry:
    data = _clean_entry(plan, data)
    core.require(user, MANAGE, data.department or plan.agency)
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=plan.pk)
        _require_editable(plan)
        if plan.entries.filter(notation=data.notation).exists():
            raise _duplicate(data.notation)
        entry = FilePlanEntry.objects.create(
            plan=plan,
            notation=data.notation,
            title=data.title,
            retention_years=data.retention_years,
            department=data.department,
            responsible=data.responsible,
            construction=data.construction,
        )
        core.audit_record("eoffice.fileplan.entry_add", entry, after=core.audit_snapshot(entry))
    return entry


def update_entry(user, entry: FilePlanEntry, data: EntryData) -> FilePlanEntry:
    plan = entry.plan
    data = _clean_entry(plan, data)
    core.require(user, MANAGE, entry_scope(entry))
    core.require(user, MANAGE, data.department or plan.agency)
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=plan.pk)
        _require_editable(plan)
        entry = FilePlanEntry.objects.select_for_update().get(pk=entry.pk)
        if data.notation != entry.notation:
            if entry.dossiers.exists():
                raise ValidationError(
                    {
                        "notation": [
                            _(
                                "A dossier was opened from this entry; its notation is part "
                                "of the dossier's code and cannot change."
                            )
                        ]
                    }  # fmt: skip
                )
            if plan.entries.filter(notation=data.notation).exclude(pk=entry.pk).exists():
                raise _duplicate(data.notation)
        before = core.audit_snapshot(entry)
        entry.notation, entry.title = data.notation, data.title
        entry.retention_years, entry.department = data.retention_years, data.department
        entry.responsible, entry.construction = data.responsible, data.construction
        entry.save()
        core.audit_record(
            "eoffice.fileplan.entry_update", entry, before=before, after=core.audit_snapshot(entry)
        )
    return entry


def remove_entry(user, entry: FilePlanEntry) -> None:
    core.require(user, MANAGE, entry_scope(entry))
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=entry.plan_id)
        _require_editable(plan)
        if entry.dossiers.exists():
            raise ValidationError(_("A dossier was opened from this entry; it cannot be removed."))
        before = core.audit_snapshot(entry)
        core.audit_record("eoffice.fileplan.entry_remove", entry, before=before)
        entry.delete()


def approve_file_plan(user, plan: FilePlan) -> FilePlan:
    core.require(user, APPROVE, plan.agency)
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.approved_at is not None:
            raise ValidationError(_("The file plan is already approved."))
        if not plan.entries.exists():
            raise ValidationError(_("A file plan without entries cannot be approved."))
        before = core.audit_snapshot(plan)
        plan.approved_by, plan.approved_at = user, timezone.now()
        plan.save(update_fields=["approved_by", "approved_at"])
        core.audit_record(
            "eoffice.fileplan.approve", plan, before=before, after=core.audit_snapshot(plan)
        )
    return plan


def reopen_file_plan(user, plan: FilePlan, reason: str) -> FilePlan:
    """Start an amendment round; the approval history stays in the audit log."""
    core.require(user, APPROVE, plan.agency)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for amending the file plan.")]})
    with transaction.atomic():
        plan = FilePlan.objects.select_for_update().get(pk=plan.pk)
        if plan.approved_at is None:
            raise ValidationError(_("The file plan is not approved; it can be edited already."))
        before = core.audit_snapshot(plan)
        plan.approved_by, plan.approved_at = None, None
        plan.save(update_fields=["approved_by", "approved_at"])
        core.audit_record(
            "eoffice.fileplan.reopen",
            plan,
            before=before,
            after={**core.audit_snapshot(plan), "reason": reason},
        )
    return plan


# Header names accepted by the import (folded), in Vietnamese (Phụ lục V) or English.
IMPORT_COLUMNS = {
    "so va ky hieu ho so": "notation",
    "notation": "notation",
    "tieu de ho so": "title",
    "title": "title",
    "thoi han bao quan": "retention",
    "retention": "retention",
    "don vi": "department",
    "department": "department",
    "nguoi lap ho so": "responsible",
    "responsible": "responsible",
    "xay dung co ban": "construction",
    "construction": "construction",
}
YES_WORDS = {"x", "1", "co", "yes", "true"}


class _ImportRefused(Exception):
    """Raised inside the import's transaction to undo the lines already added."""


def _read_rows(content: bytes, file_name: str) -> list[list[str]]:
    if file_name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises many types for a damaged workbook
            raise ValidationError(_("The Excel file cannot be read.")) from exc
        return [
            ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("Save the CSV file as UTF-8.")) from exc
    return list(csv.reader(io.StringIO(text)))


def _row_data(plan: FilePlan, row: dict[str, str]) -> EntryData:
    retention = core.fold(row.get("retention", "")).replace("nam", "").strip()
    errors: list[str] = []
    years = None
    if retention not in PERMANENT_WORDS:
        try:
            years = int(retention)
        except ValueError:
            errors.append(_("retention must be “Vĩnh viễn” or a number of years"))
    department = None
    if abbreviation := row.get("department", "").strip():
        department = Department.objects.filter(
            agency=plan.agency, abbreviation=abbreviation, valid_to__isnull=True
        ).first()
        if department is None:
            errors.append(_("no department %(abbr)s") % {"abbr": abbreviation})
    responsible = None
    if username := row.get("responsible", "").strip():
        responsible = User.objects.filter(username=username).first()
        if responsible is None:
            errors.append(_("no user %(name)s") % {"name": username})
    if errors:
        raise ValidationError("; ".join(errors))
    construction = core.fold(row.get("construction", "")).strip() in YES_WORDS
    return EntryData(
        row.get("notation", ""), row.get("title", ""), years, department, responsible, construction
    )


def import_entries(user, plan: FilePlan, content: bytes, file_name: str) -> int:
    """Add the entries of a CSV or XLSX file (header row first); all or nothing. Returns count."""
    rows = [r for r in _read_rows(content, file_name) if any(cell.strip() for cell in r)]
    if not rows:
        raise ValidationError(_("The file has no rows."))
    header = [IMPORT_COLUMNS.get(core.fold(cell).strip(), "") for cell in rows[0]]
    if "notation" not in header or "title" not in header:
        raise ValidationError(
            _(
                "The first row must name the columns; at least “Số và ký hiệu hồ sơ” and "
                "“Tiêu đề hồ sơ” are needed."
            )  # fmt: skip
        )
    errors: list[str] = []
    added = 0
    try:
        with transaction.atomic():
            for line, cells in enumerate(rows[1:], start=2):
                row = {name: cell for name, cell in zip(header, cells, strict=False) if name}
                try:
                    add_entry(user, plan, _row_data(plan, row))
                    added += 1
                except ValidationError as exc:
                    errors.append(_("Line %(line)s: %(error)s")
                                  % {"line": line, "error": " ".join(exc.messages)})  # fmt: skip
            if errors:
                raise _ImportRefused
    except _ImportRefused as exc:
        raise ValidationError(errors) from exc
    return added

"""Receiving and handling a report: submit, accept (route inside the agency), transfer, answer,
refuse, mark as a duplicate, and the reporter's rating. Every change is one transaction with its
timeline row, the audit event and the notices."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import AgencyKind, UnitLevel
from chinhquyenso.core.models import AdministrativeUnit, Agency, Department
from chinhquyenso.core.services.sequences import next_value

from ..choices import ReportChannel, ReportStatus
from ..models import Category, Report, ReportEvent, ReportPhoto
from .notices import notify_receivers_after_commit, notify_reporter

SERIES = "feedback.report"
MAX_PHOTOS = 5
PHOTO_TYPES = {"image/jpeg", "image/png"}
# Mainland Việt Nam with Hoàng Sa and Trường Sa (a point outside is a typo, not a report).
LATITUDES = (Decimal("8.0"), Decimal("23.5"))
LONGITUDES = (Decimal("102.0"), Decimal("117.9"))
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 4000


@dataclass
class NewReport:
    category: Category | str  # the category or its code
    description: str
    address: str = ""
    admin_unit: AdministrativeUnit | str | None = None  # the unit or its GSO code
    latitude: object = None
    longitude: object = None
    public: bool = True
    consent: bool = False
    # Phone-in or counter reports recorded by an officer: who called.
    reporter_name: str = ""
    reporter_phone: str = ""
    reporter_email: str = ""
    client_key: str = ""
    photos: list = field(default_factory=list)  # uploads


def _coordinate(value, bounds, name: str, errors: dict):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        errors[name] = _("Enter a number (decimal degrees).")
        return None
    if not bounds[0] <= number <= bounds[1]:
        errors[name] = _("This point is outside Việt Nam.")
        return None
    return number


def _category(value, errors: dict) -> Category | None:
    if isinstance(value, Category):
        category = value
    else:
        category = Category.objects.filter(code=str(value or "").strip()).first()
    if category is None or not category.is_active:
        errors["category"] = _("Choose one of the categories offered.")
        return None
    return category


def _unit(value, errors: dict) -> AdministrativeUnit | None:
    if value in (None, ""):
        return None
    unit = value
    today = timezone.localdate()
    if not isinstance(value, AdministrativeUnit):
        unit = (
            AdministrativeUnit.objects.filter(code=str(value).strip(), level=UnitLevel.COMMUNE)
            .exclude(valid_to__lt=today)
            .first()
        )
    ended = unit is not None and unit.valid_to is not None and unit.valid_to < today
    if unit is None or unit.level != UnitLevel.COMMUNE or ended:
        errors["admin_unit"] = _("Choose a commune or ward of the province.")
        return None
    return unit


def receiving_agency(category: Category, unit: AdministrativeUnit | None) -> Agency:
    """The commune's People's Committee when the place names one on the platform, else the
    category's receiving agency."""
    if category.by_place and unit is not None:
        agency = (
            Agency.objects.filter(administrative_unit=unit, kind=AgencyKind.STATE, valid_to=None)
            .order_by("id")
            .first()
        )
        if agency is not None:
            return agency
    return category.agency


def _clean(user, data: NewReport, officer: bool) -> tuple[dict, dict]:
    errors: dict[str, str] = {}
    category = _category(data.category, errors)
    description = " ".join((data.description or "").split())
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = _("Describe what you see in at least %(n)s characters.") % {
            "n": DESCRIPTION_MIN
        }
    elif len(description) > DESCRIPTION_MAX:
        errors["description"] = _("At most %(n)s characters.") % {"n": DESCRIPTION_MAX}
    unit = _unit(data.admin_unit, errors)
    latitude = _coordinate(data.latitude, LATITUDES, "latitude", errors)
    longitude = _coordinate(data.longitude, LONGITUDES, "longitude", errors)
    if (latitude is None) != (longitude is None) and "latitude" not in errors:
        errors["longitude" if latitude is not None else "latitude"] = _(
            "Give both latitude and longitude, or neither."
        )
    address = (data.address or "").strip()[:300]
    if unit is None and not address and latitude is None and "admin_unit" not in errors:
        errors["address"] = _("Say where: an address, a commune or ward, or a point on the map.")
    if len(data.photos) > MAX_PHOTOS:
        errors["photos"] = _("At most %(n)s photos.") % {"n": MAX_PHOTOS}
    if not data.consent:
        errors["consent"] = _(
            "Agree that your contact is used to handle this report (Nghị định 13/2023)."
        )
    name = (data.reporter_name or "").strip()[:200]
    phone = (data.reporter_phone or "").strip()[:30]
    email = (data.reporter_email or "").strip()[:254]
    if officer and not (name and (phone or email)):
        errors["reporter_name"] = _("Record the caller's name and a phone number or e-mail.")
    key = (data.client_key or "").strip()
    if len(key) > 80:
        errors["client_key"] = _("At most 80 characters.")
    if errors:
        raise ValidationError(errors)
    if not officer:
        name = name or str(user)[:200]
        phone = phone or getattr(user, "phone", "") or ""
        email = email or user.email or ""
    return (
        {
            "category": category,
            "description": description,
            "address": address,
            "admin_unit": unit,
            "latitude": latitude,
            "longitude": longitude,
            "public": bool(data.public),
            "reporter_name": name,
            "reporter_phone": phone,
            "reporter_email": email,
            "client_key": key,
        },
        errors,
    )


def _event(report: Report, actor, action: str, note: str = "", public: bool = True) -> None:
    ReportEvent.objects.create(report=report, actor=actor, action=action, note=note, public=public)


def _store_photos(user, report: Report, uploads, with_answer: bool = False) -> None:
    for upload in uploads:
        try:
            stored = core.store_file(user, upload, getattr(upload, "name", "") or "anh.jpg")
        except core.FileRefused as exc:
            raise ValidationError({"photos": exc.messages}) from exc
        if stored.mime_type not in PHOTO_TYPES:
            raise ValidationError({"photos": _("Attach photos as JPEG or PNG.")})
        ReportPhoto.objects.create(report=report, file=stored, with_answer=with_answer)


def submit(user, data: NewReport, channel: str = ReportChannel.WEB) -> Report:
    """A citizen's report (web, API) or one an officer records from a call or at the counter.

    The same `client_key` from the same reporter returns the first report (a retried request).
    """
    officer = channel in {ReportChannel.PHONE, ReportChannel.COUNTER}
    if officer:
        if not core.agencies_with_perm(user, "feedback.receive").exists():
            raise PermissionDenied(_("Only receiving officers record reports for callers."))
    else:
        core.require(user, "feedback.report")
    values, _errors = _clean(user, data, officer)
    if values["client_key"] and not officer:
        earlier = Report.objects.filter(reporter=user, client_key=values["client_key"]).first()
        if earlier is not None:
            return earlier
    try:
        return _create(user, data, channel, values, officer)
    except IntegrityError:
        # The same request retried while the first was still being stored: that one won.
        earlier = Report.objects.filter(reporter=user, client_key=values["client_key"]).first()
        if officer or not values["client_key"] or earlier is None:
            raise
        return earlier


def _create(user, data: NewReport, channel: str, values: dict, officer: bool) -> Report:
    now = timezone.now()
    with transaction.atomic():
        report = Report(
            **values,
            reporter=None if officer else user,
            consent_at=now,
            channel=channel,
            agency=receiving_agency(values["category"], values["admin_unit"]),
        )
        number = next_value(SERIES, "province", str(timezone.localdate(now).year))
        report.code = f"PA-{timezone.localdate(now).year}-{number:06d}"
        report.save()
        _store_photos(user, report, data.photos)
        _event(report, user, "received", _("Sent to the %(agency)s.") % {"agency": report.agency})
        core.index_object("feedback.report", report.pk, _search_text(report))
        core.audit_record("feedback.report.submit", report, after=core.audit_snapshot(report),
                          actor=user)  # fmt: skip
        notify_reporter(report, _("your report was received."))
        notify_receivers_after_commit(report)
    return report


def _search_text(report: Report) -> str:
    unit = report.admin_unit.name if report.admin_unit_id else ""
    return f"{report.code} {report.category.name} {report.description} {report.address} {unit}"


def _locked(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("category", "agency")
        .get(pk=report.pk)
    )


def _require_at(user, perm: str, report: Report) -> None:
    if not core.has_perm_in_agency(user, perm, report.agency_id):
        raise PermissionDenied(_("This report is handled by another agency."))


def handles_in(user, agency_id: int, department_id: int | None = None) -> bool:
    """Whether `user` handles reports of the agency: across it, or (a specialist or head whose
    role is scoped to a department) in that department, or in any of its departments when none
    is named."""
    if core.has_perm_in_agency(user, "feedback.handle", agency_id):
        return True
    departments = core.departments_with_perm(user, "feedback.handle").filter(agency_id=agency_id)
    if department_id is not None:
        departments = departments.filter(pk=department_id)
    return departments.exists()


def _require_handler(user, report: Report) -> None:
    """The agency's handlers, the report's department's, and the person it was handed to."""
    if report.handler_id == user.pk or core.has_perm_in_agency(
        user, "feedback.handle", report.agency_id
    ):
        return
    if report.department_id is not None and handles_in(
        user, report.agency_id, report.department_id
    ):
        return
    raise PermissionDenied(_("This report is handled by another agency."))


def accept(user, report: Report, *, department: Department | None = None, handler=None,
           working_days: int | None = None, note: str = "") -> Report:  # fmt: skip
    """Accept a new report and hand it to a department and/or a person, with a due date."""
    with transaction.atomic():
        report = _locked(report)
        _require_at(user, "feedback.receive", report)
        if report.status != ReportStatus.NEW:
            raise ValidationError(_("Only a new report can be accepted."))
        errors = {}
        if department is not None and department.agency_id != report.agency_id:
            errors["department"] = _("Choose a department of the handling agency.")
        if handler is not None and not handles_in(
            handler, report.agency_id, department.pk if department is not None else None
        ):
            errors["handler"] = _("This person does not handle reports in this agency.")
        days = report.category.handling_days if working_days is None else working_days
        if not 1 <= days <= 60:
            errors["working_days"] = _("Between 1 and 60 working days.")
        if errors:
            raise ValidationError(errors)
        before = core.audit_snapshot(report, ["status", "department", "handler", "due_date"])
        now = timezone.now()
        report.status = ReportStatus.ACCEPTED
        report.department, report.handler = department, handler
        report.accepted_at = now
        report.due_date = core.add_working_days(timezone.localdate(now), days)
        report.save(update_fields=["status", "department", "handler", "accepted_at", "due_date",
                                   "updated_at"])  # fmt: skip
        due = report.due_date.strftime("%d/%m/%Y")
        _event(report, user, "accepted", _("Accepted; answer due by %(date)s.") % {"date": due})
        if note.strip():
            _event(report, user, "direction", note.strip(), public=False)
        core.audit_record("feedback.report.accept", report, before=before,
                          after=core.audit_snapshot(report, list(before)), actor=user)  # fmt: skip
        notify_reporter(report, _("your report was accepted; answer due by %(date)s.")
                        % {"date": report.due_date.strftime("%d/%m/%Y")})  # fmt: skip
        if handler is not None and handler != user:
            core.notify(handler, f"{report.code}: {_('a report was assigned to you.')}",
                        report_url(report))  # fmt: skip
    return report


def transfer(user, report: Report, agency: Agency, reason: str) -> Report:
    """Send a report received by the wrong agency to the right one (it stays new there)."""
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _require_at(user, "feedback.receive", report)
        if report.is_closed:
            raise ValidationError(_("This report is closed."))
        if not reason:
            raise ValidationError({"reason": _("Say why the report goes to another agency.")})
        if agency.pk == report.agency_id or agency.valid_to is not None:
            raise ValidationError({"agency": _("Choose another agency, still in operation.")})
        before = core.audit_snapshot(report, ["agency", "status", "department", "handler"])
        report.agency = agency
        report.status = ReportStatus.NEW
        report.department = report.handler = None
        report.accepted_at = report.due_date = None
        report.save(update_fields=["agency", "status", "department", "handler", "accepted_at",
                                   "due_date", "updated_at"])  # fmt: skip
        note = _("Transferred to the %(agency)s: %(reason)s") % {"agency": agency, "reason": reason}
        _event(report, user, "transferred", note)
        core.audit_record("feedback.report.transfer", report, before=before,
                          after=core.audit_snapshot(report, list(before)), actor=user)  # fmt: skip
        notify_reporter(report, _("your report was sent to the %(agency)s, which will handle it.")
                        % {"agency": agency})  # fmt: skip
        notify_receivers_after_commit(report)
    return report


def answer(user, report: Report, response: str, photos=()) -> Report:
    """The public answer: what was done. Closes the report."""
    response = (response or "").strip()
    photos = list(photos)
    with transaction.atomic():
        report = _locked(report)
        _require_handler(user, report)
        if report.status != ReportStatus.ACCEPTED:
            raise ValidationError(_("Only an accepted report can be answered."))
        if len(response) < DESCRIPTION_MIN:
            raise ValidationError({"response": _("Write the answer the reporter will read.")})
        if len(photos) > MAX_PHOTOS:
            raise ValidationError({"photos": _("At most %(n)s photos.") % {"n": MAX_PHOTOS}})
        before = core.audit_snapshot(report, ["status", "response"])
        report.status = ReportStatus.RESOLVED
        report.response = response[:DESCRIPTION_MAX]
        report.closed_at = timezone.now()
        report.handler = report.handler or user
        report.save(update_fields=["status", "response", "closed_at", "handler", "updated_at"])
        _store_photos(user, report, photos, with_answer=True)
        _event(report, user, "answered", report.response)
        core.audit_record("feedback.report.answer", report, before=before,
                          after=core.audit_snapshot(report, list(before)), actor=user)  # fmt: skip
        notify_reporter(report, _("your report was answered."))
    return report


def reject(user, report: Report, reason: str, duplicate_of: Report | None = None) -> Report:
    """Not accepted: outside the State's remit, not enough to act on, or a duplicate."""
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _require_at(user, "feedback.receive", report)
        if report.is_closed:
            raise ValidationError(_("This report is closed."))
        if duplicate_of is not None and (duplicate_of.pk == report.pk):
            raise ValidationError({"duplicate_of": _("A report cannot duplicate itself.")})
        if duplicate_of is not None and not reason:
            reason = _("Same as report %(code)s.") % {"code": duplicate_of.code}
        if not reason:
            raise ValidationError({"reason": _("Give the reason the reporter will read.")})
        before = core.audit_snapshot(report, ["status", "reject_reason", "duplicate_of"])
        report.status = ReportStatus.REJECTED
        report.reject_reason = reason[:DESCRIPTION_MAX]
        report.duplicate_of = duplicate_of
        report.closed_at = timezone.now()
        report.save(update_fields=["status", "reject_reason", "duplicate_of", "closed_at",
                                   "updated_at"])  # fmt: skip
        _event(report, user, "rejected", report.reject_reason)
        core.audit_record("feedback.report.reject", report, before=before,
                          after=core.audit_snapshot(report, list(before)), actor=user)  # fmt: skip
        notify_reporter(report, _("your report was not accepted: %(reason)s")
                        % {"reason": report.reject_reason[:200]})  # fmt: skip
    return report


def rate(user, report: Report, satisfied: bool, comment: str = "") -> Report:
    """The reporter says whether the answer satisfied them (once)."""
    with transaction.atomic():
        report = _locked(report)
        if report.reporter_id != user.pk:
            raise PermissionDenied(_("Only the reporter rates the answer."))
        if report.status != ReportStatus.RESOLVED:
            raise ValidationError(_("Rate the answer once the report is answered."))
        if report.satisfied is not None:
            raise ValidationError(_("This answer was already rated."))
        report.satisfied = bool(satisfied)
        report.rating_comment = (comment or "").strip()[:2000]
        report.save(update_fields=["satisfied", "rating_comment", "updated_at"])
        verdict = _("Satisfied") if report.satisfied else _("Not satisfied")
        _event(report, user, "rated", verdict, public=False)
        core.audit_record("feedback.report.rate", report,
                          after={"satisfied": report.satisfied}, actor=user)  # fmt: skip
    return report


def report_url(report: Report) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("feedback:officer_report", args=[report.pk])
    except NoReverseMatch:
        return ""


def overdue(report: Report, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        report.status == ReportStatus.ACCEPTED
        and report.due_date is not None
        and (report.due_date < today)
    )

"""GeoReport v2 endpoints: discovery, services, a service's definition, service requests (list,
one, create). Reads show public reports only; a request is created through the feedback services
with a personal access token, never with the browser session (these views are CSRF-exempt)."""

import contextlib
import datetime
import functools

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from chinhquyenso.identity.tokens import authenticate_token

from .. import services as feedback
from ..choices import ReportChannel, ReportStatus
from ..models import Category, Report, ReportPhoto
from .formats import FORMATS, error, render

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-11-25T00:00:00+07:00"  # when this interface last changed
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
# Our names of the report's fields, as GeoReport v2 calls them, for the error descriptions.
PARAMETERS = {
    "category": "service_code",
    "latitude": "lat",
    "longitude": "long",
    "address": "address_string",
    "admin_unit": "attribute[admin_unit]",
    "consent": "attribute[consent]",
    "reporter_email": "email",
}
TRUE = {"true", "1", "yes", "on"}


class Open311Error(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


def georeport(view):
    """Turns refusals into the specification's error list, in the format asked for."""

    @functools.wraps(view)
    def wrapper(request, *args, fmt: str, **kwargs):
        if fmt not in FORMATS:  # before anything is read or stored
            return error("json", 404, _("Ask for .json or .xml."))
        try:
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as exc:
            return error(fmt, exc.status, exc.description)
        except Http404:
            return error(fmt, 404, _("Not found."))
        except PermissionDenied as exc:
            return error(fmt, 403, str(exc) or _("You do not have permission to do this."))
        except ValidationError as exc:
            return error(fmt, 400, _describe(exc))

    return wrapper


def _describe(exc: ValidationError) -> str:
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages)
    return " ".join(
        f"{PARAMETERS.get(field, field)}: {' '.join(messages)}"
        for field, messages in exc.message_dict.items()
    )


def _moment(value: datetime.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        # True: the definition lists the consent and place attributes a request carries.
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


def _attributes() -> list[dict]:
    return [
        {"variable": True, "code": "consent", "datatype": "singlevaluelist", "required": True,
         "datatype_description": _("true: the person agreed that their contact is used to "
                                   "handle this report (Nghị định 13/2023)."),
         "order": 1, "description": _("Consent to use the contact"),
         "values": [{"key": "true", "name": _("I agree")}]},
        {"variable": True, "code": "admin_unit", "datatype": "string", "required": False,
         "datatype_description": _("GSO code of the commune or ward; the report goes to its "
                                   "People's Committee."),
         "order": 2, "description": _("Commune or ward"), "values": []},
        {"variable": True, "code": "public", "datatype": "singlevaluelist", "required": False,
         "datatype_description": _("false keeps the report off the public list."),
         "order": 3, "description": _("Show publicly"),
         "values": [{"key": "true", "name": _("Yes")}, {"key": "false", "name": _("No")}]},
    ]  # fmt: skip


def _expected(report: Report) -> str | None:
    if report.due_date is None:
        return None
    end = datetime.datetime.combine(report.due_date, datetime.time(23, 59, 59))
    return _moment(timezone.make_aware(end))


def _notice(report: Report) -> str:
    return _("Handled by the %(agency)s; answered within %(days)s working days after it is "
             "accepted.") % {"agency": report.agency.name,
                             "days": report.category.handling_days}  # fmt: skip


def _photo_url(request, report: Report) -> str:
    photos = [p for p in report.photos.all() if not p.with_answer]
    if not photos:
        return ""
    with contextlib.suppress(NoReverseMatch):  # the public pages may not be mounted
        path = reverse("feedback:public_photo", args=[report.code, photos[0].pk])
        return request.build_absolute_uri(path)
    return ""


def _request(request, report: Report) -> dict:
    notes = {ReportStatus.RESOLVED: report.response, ReportStatus.REJECTED: report.reject_reason}
    place = report.address or (report.admin_unit.name if report.admin_unit_id else "")
    row = {
        "service_request_id": report.code,
        "status": ReportStatus.open311(report.status),
        "status_notes": notes.get(report.status, ""),
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.description,
        "agency_responsible": report.agency.name,
        "service_notice": _notice(report),
        "requested_datetime": _moment(report.received_at),
        "updated_datetime": _moment(report.updated_at),
        "expected_datetime": _expected(report),
        "address": place,
        "zipcode": "",
        "lat": float(report.latitude) if report.latitude is not None else None,
        "long": float(report.longitude) if report.longitude is not None else None,
    }
    media = _photo_url(request, report)
    if media:
        row["media_url"] = media
    return row


def _with_photos(qs):
    return qs.prefetch_related(Prefetch("photos", ReportPhoto.objects.order_by("id")))


@require_GET
@georeport
def discovery(request, fmt: str):
    base = request.build_absolute_uri(reverse("open311:discovery", args=[fmt])).rsplit("/", 1)[0]
    return render(fmt, "discovery", {
        "changeset": CHANGESET,
        "contact": settings.DEFAULT_FROM_EMAIL,
        "key_service": _("api_key is a personal access token: create one at %(url)s.")
        % {"url": request.build_absolute_uri(reverse("identity:tokens"))},
        "endpoints": [{"specification": SPECIFICATION, "url": base, "changeset": CHANGESET,
                       "type": "production", "formats": ["text/xml", "application/json"]}],
    })  # fmt: skip


@require_GET
@georeport
def services(request, fmt: str):
    return render(fmt, "services", [_service(c) for c in Category.objects.filter(is_active=True)])


@require_GET
@georeport
def service_definition(request, service_code: str, fmt: str):
    if not Category.objects.filter(code=service_code, is_active=True).exists():
        raise Open311Error(404, _("No service has the code %(code)s.") % {"code": service_code})
    body = {"service_code": service_code, "attributes": _attributes()}
    return render(fmt, "service_definition", body)


@require_GET
@georeport
def service_request(request, request_id: str, fmt: str):
    report = _with_photos(feedback.public_reports()).filter(code=request_id.upper()).first()
    if report is None:
        raise Open311Error(404, _("No public request has the id %(id)s.") % {"id": request_id})
    return render(fmt, "service_requests", [_request(request, report)])


@csrf_exempt
@require_http_methods(["GET", "POST"])
@georeport
def service_requests(request, fmt: str):
    if request.method == "POST":
        return _create(request, fmt)
    params = request.GET
    qs = _with_photos(feedback.public_reports())
    ids = _split(params.get("service_request_id", ""))
    if ids:  # the specification: the ids override every other filter
        qs = qs.filter(code__in=[i.upper() for i in ids][:MAX_RESULTS])
    else:
        qs = _filtered(qs, params)
    reports = qs.order_by("-received_at", "-id")[:MAX_RESULTS]
    return render(fmt, "service_requests", [_request(request, report) for report in reports])


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _filtered(qs, params):
    codes = _split(params.get("service_code", ""))
    if codes:
        known = set(Category.objects.filter(code__in=codes).values_list("code", flat=True))
        unknown = [code for code in codes if code not in known]
        if unknown:
            raise Open311Error(400, _("Unknown service_code: %(codes)s.")
                               % {"codes": ", ".join(unknown)})  # fmt: skip
        qs = qs.filter(category__code__in=codes)
    statuses = _split(params.get("status", "").lower())
    if set(statuses) - {"open", "closed"}:
        raise Open311Error(400, _("status is open or closed."))
    if statuses and set(statuses) != {"open", "closed"}:
        closed = [ReportStatus.RESOLVED, ReportStatus.REJECTED]
        qs = qs.filter(status__in=closed) if "closed" in statuses else qs.exclude(status__in=closed)
    end = _date_param(params, "end_date") or timezone.now()
    start = _date_param(params, "start_date") or end - datetime.timedelta(days=DEFAULT_DAYS)
    if start > end:
        raise Open311Error(400, _("start_date is after end_date."))
    return qs.filter(received_at__gte=start, received_at__lte=end)


def _date_param(params, name: str) -> datetime.datetime | None:
    # A "+" of the offset arrives as a space when the client did not encode it.
    value = params.get(name, "").strip().replace(" ", "+")
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (day := parse_date(value)) is not None:
            moment = datetime.datetime.combine(day, datetime.time())
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(400, _("%(name)s: give a date and time in ISO 8601 (w3c), e.g. "
                                  "2026-11-25T08:00:00+07:00.") % {"name": name})  # fmt: skip
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _token_user(request):
    """The owner of the personal access token in `api_key` or `Authorization: Bearer`."""
    key = request.POST.get("api_key", "").strip()
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if not key and header[:7].lower() == "bearer ":
        key = header[7:].strip()
    if not key:
        raise Open311Error(403, _("Send api_key: a personal access token."))
    user = authenticate_token(key)
    if user is None:
        raise Open311Error(403, _("This api_key is not valid (unknown, expired or revoked)."))
    request.user = user  # the audit log names who acted
    return user


def _create(request, fmt: str):
    user = _token_user(request)
    data = request.POST
    if data.get("media_url", "").strip():
        raise Open311Error(400, _("media_url is not accepted: this service never downloads "
                                  "files from the internet. Send photos through "
                                  "/api/v1/feedback/reports."))  # fmt: skip
    if data.get("attribute[consent]", "").strip().lower() not in TRUE:
        raise Open311Error(400, _("Send attribute[consent]=true once the person agreed that "
                                  "their contact is used to handle this report "
                                  "(Nghị định 13/2023)."))  # fmt: skip
    email = data.get("email", "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise Open311Error(400, _("email: enter a valid e-mail address.")) from exc
    # Vietnamese order: family name first.
    name = " ".join(part for part in (data.get("last_name", "").strip(),
                                      data.get("first_name", "").strip()) if part)  # fmt: skip
    new = feedback.NewReport(
        category=data.get("service_code", ""),
        description=data.get("description", ""),
        address=data.get("address_string", ""),
        admin_unit=data.get("attribute[admin_unit]", ""),
        latitude=data.get("lat", ""),
        longitude=data.get("long", ""),
        public=data.get("attribute[public]", "true").strip().lower() in TRUE,
        consent=True,
        reporter_name=name,
        reporter_phone=data.get("phone", ""),
        reporter_email=email,
    )
    report = feedback.submit(user, new, ReportChannel.API)
    body = [{"service_request_id": report.code, "service_notice": _notice(report),
             "account_id": None}]  # fmt: skip
    return render(fmt, "service_requests", body, status=201)

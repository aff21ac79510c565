"""One door for the web pages and the API: which agency, who may read, and the exported file."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.models import Agency

from .registers import (
    KINDS,
    REGISTER_PERMISSIONS,
    Cover,
    Period,
    cover,
    incoming_register_rows,
    require_register_access,
    tracking_register_rows,
)
from .registers_outgoing import (
    copies_cover,
    copies_register_rows,
    outgoing_cover,
    outgoing_register_rows,
)
from .registers_pdf import register_pdf
from .registers_xlsx import register_xlsx

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FILE_NAMES = {
    "incoming": "so-dang-ky-van-ban-den",
    "tracking": "so-theo-doi-giai-quyet-van-ban-den",
    "outgoing": "so-dang-ky-van-ban-di",
    "copies": "so-dang-ky-ban-sao-van-ban",
}
ROWS = {
    "incoming": incoming_register_rows,
    "tracking": tracking_register_rows,
    "outgoing": outgoing_register_rows,
    "copies": copies_register_rows,
}


@dataclass(frozen=True)
class ExportedFile:
    content: bytes
    content_type: str
    file_name: str


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(
            {"kind": _("Choose the incoming, tracking, outgoing or copies register.")}
        )
    return kind


def register_agencies(user, kind: str = "incoming"):
    return core.agencies_with_perm(user, REGISTER_PERMISSIONS[kind]).order_by("name")


def agency_for(user, agency_id: int | str | None, kind: str = "incoming") -> Agency:
    """The agency asked for, else the user's own, else the first one the user keeps registers of."""
    check_kind(kind)
    if agency_id not in (None, ""):
        try:
            agency = get_object_or_404(Agency, pk=int(agency_id))
        except ValueError:
            raise ValidationError({"agency": _("Choose an agency from the list.")}) from None
    elif user.agency_id and core.has_perm(user, REGISTER_PERMISSIONS[kind], user.agency):
        agency = user.agency
    else:
        agency = register_agencies(user, kind).first()
        if agency is None:
            raise PermissionDenied(_("You do not keep the registers of any agency."))
    require_register_access(user, agency, kind)
    return agency


def register_cover(agency: Agency, period: Period, kind: str, volume: int = 1) -> Cover:
    if kind == "outgoing":
        return outgoing_cover(agency, period, volume)
    if kind == "copies":
        return copies_cover(agency, period, volume)
    return cover(agency, period, kind, volume)


def parse_volume(value) -> int:
    if value in (None, ""):
        return 1
    try:
        volume = int(value)
    except (TypeError, ValueError):
        volume = 0
    if volume < 1:
        raise ValidationError({"volume": _("The volume number is a whole number from 1.")})
    return volume


def export_register(
    user, agency: Agency, kind: str, fmt: str, period: Period, volume: int = 1
) -> ExportedFile:
    require_register_access(user, agency, check_kind(kind))
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose PDF or Excel.")})
    front = register_cover(agency, period, kind, volume)
    rows = ROWS[kind](agency, period)
    render = register_pdf if fmt == "pdf" else register_xlsx
    content = render(kind, front, rows)
    name = f"{FILE_NAMES[kind]}-{period.date_from:%Y%m%d}-{period.date_to:%Y%m%d}.{fmt}"
    return ExportedFile(content, FORMATS[fmt], name)

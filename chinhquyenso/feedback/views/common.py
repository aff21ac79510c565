"""What the citizen, public and officer pages share: timeline labels, photos, the place line."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chinhquyenso.core import services as core

from ..models import Report

# Event codes written by the services, as the timelines show them.
EVENT_LABELS = {
    "received": pgettext_lazy("feedback event", "Sent"),
    "accepted": _("Accepted"),
    "direction": _("Direction"),
    "transferred": _("Transferred"),
    "answered": _("Answered"),
    "rejected": _("Not accepted"),
    "rated": _("Rated by the reporter"),
}


def flat_choices(choices) -> list[tuple[str, str]]:
    """Grouped choices as one list (a list's filter is a plain select)."""
    flat: list[tuple[str, str]] = []
    for value, label in choices:
        if isinstance(label, list):
            flat += label
        elif value:
            flat.append((value, label))
    return flat


def place_of(report: Report) -> str:
    unit = report.admin_unit.name if report.admin_unit_id else ""
    return ", ".join(part for part in (report.address, unit) if part)


def timeline(report: Report, *, internal: bool = False, actors: bool = False) -> list[dict]:
    """The report's events, the public ones only unless `internal`; who acted only for officers."""
    events = report.events.all()
    if not internal:
        events = events.filter(public=True)
    if actors:
        events = events.select_related("actor")
    return [
        {
            "event": event,
            "label": EVENT_LABELS.get(event.action, event.action),
            "actor": event.actor if actors else None,
        }
        for event in events.order_by("at", "id")
    ]


def photos(report: Report) -> tuple[list, list]:
    """The reporter's photos and those added with the answer."""
    found = list(report.photos.select_related("file"))
    return [p for p in found if not p.with_answer], [p for p in found if p.with_answer]


def photo_response(report: Report, photo_id: int, *, public: bool = False) -> FileResponse:
    """A photo of the report, inline (the pages show it in an <img>)."""
    photo = report.photos.select_related("file").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    stored = photo.file
    response = FileResponse(core.open_file(stored), content_type=stored.mime_type)
    name = f"{report.code}-{photo.pk}.{stored.extension or 'jpg'}"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["Cache-Control"] = "public, max-age=3600" if public else "private, max-age=3600"
    return response

"""The audit log pages: filtered list with export, one event's before/after, chain verification."""

import datetime
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from ..audit import verify_chain
from ..listing import Column, Filter, ListSpec, render_list
from ..models import AuditEvent
from ..permissions import require

PERM = "core.view_audit"


def _day_start(value: str) -> datetime.datetime | None:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _from_date(qs, value):
    start = _day_start(value)
    return qs.filter(occurred_at__gte=start) if start else qs.none()


def _to_date(qs, value):
    start = _day_start(value)
    # The end date is inclusive: everything before the start of the next day.
    return qs.filter(occurred_at__lt=start + datetime.timedelta(days=1)) if start else qs.none()


def audit_spec() -> ListSpec:
    return ListSpec(
        title=_lazy("Audit log"),
        queryset=AuditEvent.objects.order_by("-id"),
        columns=[
            Column("#", lambda e: e.pk),
            Column(
                _lazy("Time"), lambda e: f"{timezone.localtime(e.occurred_at):%d/%m/%Y %H:%M:%S}"
            ),
            Column(_lazy("Actor"), lambda e: e.actor_repr),
            Column(_lazy("Action"), lambda e: e.action),
            Column(_lazy("Object type"), lambda e: e.object_type),
            Column(_lazy("Object id"), lambda e: e.object_id),
            Column(_lazy("Object"), lambda e: e.object_repr),
            Column(_lazy("IP address"), lambda e: e.ip_address),
        ],
        filters=[
            Filter("actor", _lazy("Actor"), lambda qs, v: qs.filter(actor_repr__istartswith=v)),
            Filter("action", _lazy("Action"), lambda qs, v: qs.filter(action__startswith=v)),
            Filter("object_type", _lazy("Object type"), lambda qs, v: qs.filter(object_type=v)),
            Filter("object_id", _lazy("Object id"), lambda qs, v: qs.filter(object_id=v)),
            Filter("date_from", _lazy("From date"), _from_date, input_type="date"),
            Filter("date_to", _lazy("To date"), _to_date, input_type="date"),
        ],
        export_name="audit-log",
    )


@login_required
def audit_list(request):
    require(request.user, PERM)
    return render_list(request, audit_spec(), template="core/audit_list.html")


def _pretty(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True)


def diff_rows(before: dict | None, after: dict | None) -> list[dict]:
    """Field-by-field rows for the side-by-side view; non-dict payloads appear as one row."""
    if not isinstance(before, dict | type(None)) or not isinstance(after, dict | type(None)):
        return [{"field": "", "before": _pretty(before), "after": _pretty(after), "changed": True}]
    before, after = before or {}, after or {}
    fields = list(before) + [key for key in after if key not in before]
    return [
        {
            "field": key,
            "before": _pretty(before.get(key)),
            "after": _pretty(after.get(key)),
            "changed": before.get(key) != after.get(key),
        }
        for key in fields
    ]


@login_required
def audit_detail(request, pk: int):
    require(request.user, PERM)
    event = get_object_or_404(AuditEvent, pk=pk)
    previous = AuditEvent.objects.filter(hash=event.prev_hash).only("id").first()
    context = {
        "event": event,
        "rows": diff_rows(event.before, event.after),
        "previous": previous,
    }
    return render(request, "core/audit_detail.html", context)


@login_required
@require_POST
def audit_verify(request):
    """Walk the whole chain on demand; POST because it reads every row and may take a while."""
    require(request.user, PERM)
    broken = verify_chain()
    if broken is None:
        result = {
            "ok": True,
            "text": _("Audit chain intact: %(count)s events")
            % {"count": AuditEvent.objects.count()},
        }
    else:
        result = {
            "ok": False,
            "text": _("Audit chain broken at event %(id)s: %(reason)s")
            % {"id": broken.event_id, "reason": broken.reason},
        }
    if request.headers.get("HX-Request"):
        return render(request, "core/audit_verify_result.html", {"result": result})
    (messages.success if result["ok"] else messages.error)(request, result["text"])
    return redirect("core:audit_list")

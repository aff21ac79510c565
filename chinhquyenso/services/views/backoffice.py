"""Pages of the one-stop-shop back office: queues, the officer's dossier page with every action,
the counter reception form, the tracking slip and the apology letter (the forms of reception are
in printed_forms)."""

import contextlib
import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from chinhquyenso.core import services as core
from chinhquyenso.core.listing import Column, Filter, ListSpec, render_list
from chinhquyenso.core.models.validity import valid_on_q
from chinhquyenso.core.permissions import PERMISSIONS

from .. import services
from ..backoffice_pdf import tracking_slip_pdf
from ..choices import DossierStatus, StepRole
from ..models import DossierStep, Procedure
from ..services.backoffice_common import APPROVE, PROCESS, RECEIVE, today
from ..slips import has_appointment

User = get_user_model()
S = DossierStatus
IN_PROGRESS = (S.PROCESSING, S.AWAITING_APPROVAL)
DUE_SOON_DAYS = 2
QUEUES = [
    ("new", _l("New, to be checked")),
    ("supplement", _l("Waiting for a supplement")),
    ("processing", _l("Being processed")),
    ("due_soon", _l("Due soon")),
    ("overdue", _l("Overdue")),
    ("result", _l("Result ready to return")),
    ("closed", _l("Returned or refused")),
]

# Event codes written by the services, as the timeline shows them.
EVENT_LABELS = {
    "submitted": _l("Submitted online"),
    "submitted_at_counter": _l("Received at the counter"),
    "accepted": _l("Accepted"),
    "handed_over": _l("Handed over"),
    "step_started": _l("Step started"),
    "step_completed": _l("Step completed"),
    "approved": _l("Approved"),
    "result_uploaded": _l("Result uploaded"),
    "result_signed": _l("Result signed"),
    "result_returned": _l("Result returned"),
    "supplement_requested": _l("Supplement requested"),
    "supplement_answered": _l("Supplement answered"),
    "refused": _l("Refused"),
    "apology_issued": _l("Apology letter issued"),
}


def _queue(qs, name: str):
    day = today()
    if name == "new":
        return qs.filter(status=S.SUBMITTED)
    if name == "supplement":
        return qs.filter(status=S.SUPPLEMENT)
    if name == "processing":
        return qs.filter(status__in=IN_PROGRESS)
    if name == "due_soon":
        soon = core.add_working_days(day, DUE_SOON_DAYS)
        return qs.filter(status__in=IN_PROGRESS, due_date__gte=day, due_date__lte=soon)
    if name == "overdue":
        return qs.filter(status__in=IN_PROGRESS, due_date__lt=day)
    if name == "result":
        return qs.filter(status=S.RESULT_READY)
    if name == "closed":
        return qs.filter(status__in=(S.RETURNED, S.REFUSED))
    return qs


@login_required
def backoffice(request):
    """The officer's queues; the list never counts its rows (count-free) and exports to Excel."""
    if not any(core.has_perm(request.user, p) for p in (RECEIVE, PROCESS, APPROVE)):
        raise PermissionDenied
    queue = request.GET.get("queue") or "new"
    labels = dict(QUEUES)
    qs = services.handled_dossiers(request.user).select_related("procedure", "agency")
    spec = ListSpec(
        title=labels.get(queue, _l("One-stop shop")),
        queryset=_queue(qs, queue).order_by("due_date", "submitted_at", "pk"),
        columns=[
            Column(_l("Dossier code"), lambda d: d.code),
            Column(_l("Procedure"), lambda d: d.procedure.name),
            Column(_l("Applicant"), lambda d: d.applicant_name),
            Column(_l("Channel"), lambda d: d.get_channel_display()),
            Column(_l("Status"), lambda d: d.get_status_display()),
            Column(_l("Received"), lambda d: d.received_at or d.submitted_at),
            Column(_l("Appointment date"), lambda d: d.due_date),
        ],
        filters=[Filter("queue", _l("Queue"), lambda q, v: q, choices=QUEUES)],
        export_name="mot-cua",
        count_free=True,
    )
    return render_list(
        request,
        spec,
        "services/backoffice_queue.html",
        {
            "queues": QUEUES,
            "queue": queue,
            "today": today(),
            "in_progress": IN_PROGRESS,
            "can_receive": core.has_perm(request.user, RECEIVE),
        },
    )


def _visible(user, pk: int):
    dossier = (
        services.handled_dossiers(user)
        .select_related("procedure", "agency", "applicant", "received_by", "result_file")
        .filter(pk=pk)
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def _candidates(step: DossierStep | None):
    """People who may take the current step: its agency's holders of the step's permission."""
    if step is None:
        return User.objects.none()
    perm = APPROVE if step.step.role == StepRole.LEADER else PROCESS
    return (
        User.objects.filter(
            Q(
                is_active=True,
                role_assignments__role__in=PERMISSIONS[perm],
                role_assignments__agency=step.agency,
            )
            & valid_on_q(today(), "role_assignments__")
        )
        .distinct()
        .order_by("full_name", "username")[:200]
    )


def _errors(exc: ValidationError) -> dict:
    """Messages per field; those of no field under "all" (templates cannot read "__all__")."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {("all" if key == "__all__" else key): value for key, value in errors.items()}


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def _step(dossier, post) -> DossierStep:
    step = dossier.steps.select_related("step", "agency").filter(pk=post.get("step")).first()
    if step is None:
        raise ValidationError(_("Choose a step of this dossier."))
    return step


def _user(post, name: str):
    try:
        return User.objects.get(pk=int(post.get(name) or 0), is_active=True)
    except (ValueError, User.DoesNotExist):
        raise ValidationError({name: [_("Choose a person from the list.")]}) from None


def _act(request, dossier, action: str) -> None:
    user, post = request.user, request.POST
    if action == "accept":
        services.check_and_accept(user, dossier)
    elif action == "supplement":
        services.request_supplement(user, dossier, post.get("items", "").splitlines())
    elif action == "refuse":
        services.refuse(user, dossier, post.get("reason", ""))
    elif action == "hand_over":
        services.hand_over(user, _step(dossier, post), _user(post, "assignee"))
    elif action == "start":
        services.start_step(user, _step(dossier, post))
    elif action == "complete":
        following = _user(post, "next_assignee") if post.get("next_assignee") else None
        services.complete_step(user, _step(dossier, post), post.get("note", ""), following)
    elif action == "approve":
        services.approve(user, dossier, post.get("note", ""))
    elif action == "upload_result":
        upload = request.FILES.get("result")
        if upload is None:
            raise ValidationError({"result": [_("Choose the result PDF.")]})
        services.upload_result(user, dossier, upload)
    elif action == "sign":
        services.sign_result(user, dossier, post.get("passphrase", ""))
    elif action == "return":
        services.return_result(user, dossier, at_counter=post.get("at_counter") == "on")
    elif action == "apology":
        services.issue_apology(user, dossier, post.get("reason", ""), _date(post.get("new_date")))
    else:
        raise ValidationError(_("Choose an action."))


@login_required
def backoffice_dossier(request, pk: int):
    dossier = _visible(request.user, pk)
    errors, action, status = {}, "", 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            _act(request, dossier, action)
            return redirect("services:backoffice_dossier", pk=dossier.pk)
        except PermissionDenied as exc:
            errors, status = (
                {"all": [str(exc) or _("You do not have permission to do this.")]},
                403,
            )
        except ValidationError as exc:
            errors, status = _errors(exc), 400
        dossier = _visible(request.user, pk)
    step = services.current_step(dossier)
    user, agency = request.user, dossier.agency
    supplements = list(dossier.supplement_requests.all())
    context = {
        "dossier": dossier,
        "steps": dossier.steps.select_related("step", "agency", "assignee").order_by("step__order"),
        "events": [
            (event, EVENT_LABELS.get(event.action, event.action))
            for event in dossier.events.select_related("actor")
        ],
        "today": today(),
        "attachments": dossier.attachments.select_related("required_document", "file"),
        "supplements": supplements,
        "has_appointment": has_appointment(dossier),
        "print_receipt": request.GET.get("print") == "receipt",
        "apologies": dossier.apologies.order_by("-issued_at"),
        "current": step,
        "candidates": _candidates(step),
        "can_receive": core.has_perm(user, RECEIVE, agency),
        "can_process": core.has_perm(user, PROCESS, agency),
        "can_approve": core.has_perm(user, APPROVE, agency),
        "can_step": step is not None and core.has_perm(user, PROCESS, step.agency),
        "errors": errors,
        "action": action,
        "post": request.POST if errors else {},
    }
    return render(request, "services/backoffice_dossier.html", context, status=status)


@login_required
def counter_receive(request):
    """Walk-in reception: choose the procedure, type the applicant's data, attach the scans."""
    agencies = list(core.agencies_with_perm(request.user, RECEIVE).order_by("name"))
    if not agencies:
        raise PermissionDenied
    agency = next(
        (
            a
            for a in agencies
            if str(a.pk) == request.POST.get("agency", request.GET.get("agency", ""))
        ),
        agencies[0],
    )
    procedures = Procedure.objects.filter(agencies=agency, is_active=True).order_by("code")
    procedure = procedures.filter(
        pk=request.POST.get("procedure") or request.GET.get("procedure") or 0
    ).first()
    errors, status = {}, 200
    if request.method == "POST" and procedure is not None:
        post = request.POST
        scans = [
            services.Scan(request.FILES[f"scan_{doc.pk}"], "", doc)
            for doc in procedure.required_documents.all()
            if f"scan_{doc.pk}" in request.FILES
        ]
        scans += [services.Scan(f) for f in request.FILES.getlist("scan_other")]
        walk_in = services.WalkIn(
            applicant=services.ApplicantData(
                post.get("full_name", ""),
                post.get("citizen_id", ""),
                post.get("phone", ""),
                post.get("email", ""),
                post.get("address", ""),
            ),
            scans=scans,
        )
        try:
            dossier = services.receive_walk_in(request.user, agency, procedure, walk_in)
        except ValidationError as exc:
            errors, status = _errors(exc), 400
        else:
            if post.get("accept") == "on":
                # An incomplete dossier stays in the queue; its page shows what is missing.
                with contextlib.suppress(ValidationError):
                    services.check_and_accept(request.user, dossier)
            # The page opens with the slip to print and hand to the applicant at the counter.
            url = reverse("services:backoffice_dossier", args=[dossier.pk])
            return redirect(f"{url}?print=receipt")
    context = {
        "agencies": agencies,
        "agency": agency,
        "procedures": procedures,
        "procedure": procedure,
        "errors": errors,
        "post": request.POST,
        "documents": procedure.required_documents.all() if procedure else [],
    }
    return render(request, "services/backoffice_counter.html", context, status=status)


@login_required
def tracking_slip(request, pk: int):
    dossier = _visible(request.user, pk)
    response = HttpResponse(tracking_slip_pdf(dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-kiem-soat-{dossier.code}.pdf"'
    return response


@login_required
def apology(request, pk: int):
    """The newest apology letter of the dossier."""
    dossier = _visible(request.user, pk)
    letter = (
        dossier.apologies.exclude(file=None).select_related("file").order_by("-issued_at").first()
    )
    if letter is None:
        raise Http404
    handle = core.open_file(letter.file)
    return FileResponse(
        handle, content_type="application/pdf", filename=f"thu-xin-loi-{dossier.code}.pdf"
    )

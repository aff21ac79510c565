"""The signed-in user's home page: one card per role the user holds, with that role's work."""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..choices import Role
from ..permissions import roles_of


@dataclass(frozen=True)
class RoleGuide:
    summary: str
    links: tuple[tuple[str, str], ...]  # (url name, label); missing building blocks are skipped


REGISTRY_LINKS = (
    ("core:unit_list", _("Administrative units")),
    ("core:agency_list", _("Agencies")),
)

GUIDES: dict[str, RoleGuide] = {
    Role.SYSTEM_ADMIN: RoleGuide(
        _(
            "You look after the whole platform: the registry of administrative units and "
            "agencies, user accounts and roles, the working-day calendar and the audit log."
        ),
        (
            *REGISTRY_LINKS,
            ("admin:core_user_changelist", _("Users and roles")),
            ("core:calendar", _("Working-day calendar")),
            ("core:audit_list", _("Audit log")),
        ),
    ),
    Role.AGENCY_ADMIN: RoleGuide(
        _("You manage your agency's departments, staff accounts and their roles."),
        (*REGISTRY_LINKS, ("admin:core_user_changelist", _("Users and roles"))),
    ),
    Role.CLERK: RoleGuide(
        _(
            "You receive and register incoming documents on the day they arrive, present them "
            "to the leader, number and issue outgoing documents, and keep the registers."
        ),
        (
            ("eoffice:incoming_list", _("Incoming documents")),
            ("eoffice:outgoing_list", _("Outgoing documents")),
            ("eoffice:registers", _("Registers")),
        ),
    ),
    Role.LEADER: RoleGuide(
        _(
            "You read the documents presented to you, assign each one with a lead unit, "
            "supporting units, a deadline and your direction, and approve drafts for signing."
        ),
        (
            ("eoffice:incoming_list", _("Incoming documents")),
            ("eoffice:outgoing_list", _("Outgoing documents")),
            ("reporting:dashboard", _("Dashboards")),
        ),
    ),
    Role.HEAD_OF_DEPARTMENT: RoleGuide(
        _(
            "You pass the documents assigned to your department to a specialist, follow their "
            "deadlines and review the drafts your department prepares."
        ),
        (
            ("eoffice:incoming_list", _("Incoming documents")),
            ("eoffice:outgoing_list", _("Outgoing documents")),
        ),
    ),
    Role.SPECIALIST: RoleGuide(
        _(
            "You handle the documents assigned to you before their deadline, draft replies and "
            "keep your work files."
        ),
        (
            ("eoffice:incoming_list", _("Incoming documents")),
            ("eoffice:outgoing_list", _("Outgoing documents")),
        ),
    ),
    Role.ONE_STOP_OFFICER: RoleGuide(
        _(
            "At the one-stop-shop counter you receive applications, issue receipts with the "
            "appointment date, pass dossiers on for handling and return the results."
        ),
        (
            ("services:backoffice", _("One-stop shop")),
            ("services:procedure_list", _("Procedures")),
        ),
    ),
    Role.CITIZEN: RoleGuide(
        _(
            "Submit applications for public services online, follow their progress and send "
            "your reports and suggestions to the authorities."
        ),
        (
            ("services:procedure_list", _("Public services")),
            ("services:my_dossiers", _("My applications")),
            ("services:warehouse", _("My documents")),
            ("feedback:report_list", _("Reports and suggestions")),
        ),
    ),
}


def _links(guide: RoleGuide) -> list[dict]:
    links = []
    for url_name, label in guide.links:
        try:
            links.append({"url": reverse(url_name), "label": label})
        except NoReverseMatch:
            continue  # that building block is not installed in this deployment
    return links


def role_cards(user) -> list[dict]:
    """One card per role in the fixed order of `Role`, listing the scopes the user holds it in."""
    scopes: dict[str, list[str]] = {}
    for assignment in roles_of(user):
        scope = assignment.department or assignment.agency
        scopes.setdefault(assignment.role, [])
        if scope is not None:
            scopes[assignment.role].append(str(scope))
    cards = []
    for role in Role:
        if role not in scopes:
            continue
        guide = GUIDES[role]
        cards.append(
            {
                "role": role.label,
                "scopes": scopes[role],
                "summary": guide.summary,
                "links": _links(guide),
            }
        )
    return cards


@login_required
def home(request):
    return render(request, "core/home.html", {"cards": role_cards(request.user)})

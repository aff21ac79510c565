"""The building blocks shown in the main navigation, filtered by what the user may open."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import permissions


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: str | tuple[str, ...] | None  # None: any signed-in user; a tuple: any of them


NAV_ITEMS = [
    NavItem(_("Home"), "core:home", None),
    # The list and the tasks show only what the user may see, so anyone signed in may open them.
    NavItem(_("Incoming documents"), "eoffice:incoming_list", None),
    NavItem(_("My tasks"), "eoffice:my_tasks", None),
    NavItem(_("Outgoing documents"), "eoffice:outgoing_list", None),
    NavItem(_("Electronic arrivals"), "eoffice:arrival_list", "eoffice.register_incoming"),
    NavItem(_("Copies"), "eoffice:copy_list", "eoffice.make_copy"),
    NavItem(_("Signing keys"), "eoffice:key_list", "core.manage_users"),
    NavItem(_("Administrative units"), "core:unit_list", "core.view_registry"),
    NavItem(_("Agencies"), "core:agency_list", "core.view_registry"),
    NavItem(_("Users and roles"), "core:user_list", "core.manage_users"),
    NavItem(_("Audit log"), "core:audit_list", "core.view_audit"),
    NavItem(_("Working-day calendar"), "core:calendar", "core.view_registry"),
    NavItem(_("Incoming registers"), "eoffice:registers", "eoffice.view_all_incoming"),
    NavItem(_("File plan"), "eoffice:fileplan", "eoffice.manage_dossiers"),
    NavItem(_("Work dossiers"), "eoffice:dossier_list", "eoffice.manage_dossiers"),
    NavItem(_("Online-processing KPI"), "eoffice:kpi", "eoffice.view_kpi"),
    NavItem(_("Document exchange"), "exchange:log_list", "exchange.view_log"),
    NavItem(_("One-stop shop"), "services:backoffice", "services.receive"),
    NavItem(_("Public services"), "services:procedure_list", None),
    # QĐ 766 index: public, so anyone signed in sees it in the menu.
    NavItem(_("Service statistics"), "services:statistics", None),
    NavItem(_("My dossiers"), "services:my_dossiers", "services.apply"),
    NavItem(_("My documents"), "services:warehouse", "services.apply"),
    NavItem(_("Reporting"), "reporting:home", "reporting.view"),
    # Citizen feedback: the public list for everyone, reporting for citizens, the agency's queue.
    NavItem(_("Citizen feedback"), "feedback:public_list", None),
    NavItem(_("Report a problem"), "feedback:new_report", "feedback.report"),
    NavItem(pgettext_lazy("feedback", "My reports"), "feedback:my_reports", "feedback.report"),
    NavItem(_("Handle feedback"), "feedback:officer_list", ("feedback.receive", "feedback.handle")),
    NavItem(_("Feedback statistics"), "feedback:statistics", "feedback.view_statistics"),
    NavItem(_("API tokens"), "identity:tokens", None),
    NavItem(_("Two-factor authentication"), "identity:otp_setup", None),
    NavItem(_("Change password"), "identity:password_change", None),
]


def menu_for(user) -> list[dict]:
    if user is None or not user.is_authenticated:
        return []
    items = []
    for item in NAV_ITEMS:
        perms = (item.perm,) if isinstance(item.perm, str) else item.perm
        if perms and not any(permissions.has_perm(user, perm) for perm in perms):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # a building block not installed in this deployment
        items.append({"label": item.label, "url": url})
    return items

"""`manage.py load_demo_feedback`: citizens' reports in Quảng Ngãi communes and wards at every
stage, made through the feedback services, then back-dated so ages, due dates and lateness look
real. Runs after import_admin_units, load_demo_data and load_feedback_categories; idempotent:
a report already present (by its client key) is not made again."""

import datetime
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chinhquyenso.core import services as core
from chinhquyenso.core.choices import Role
from chinhquyenso.core.models import Agency, Department, RoleAssignment, User
from chinhquyenso.feedback import services as feedback
from chinhquyenso.feedback.choices import ReportChannel, ReportStatus
from chinhquyenso.feedback.models import Category, Report, ReportEvent

from ._demo_reports import SEEDS, Seed

OFFICE, NGHIA_LO = "000.01.00.H48", "000.00.02.H48"
# Demo sign-ins only: printed by the command, never use them on a real deployment.
STAFF = (("motcua_nghialo", "Trương Thị Kim Oanh", "Công chức Bộ phận Một cửa", NGHIA_LO,
          "Thien-But-2025"),)  # fmt: skip
# The same citizens as the public-services demo (load_demo_service_dossiers), whichever runs first.
CITIZENS = (
    ("nguyenthimai", "Nguyễn Thị Mai", "051190004321", "Song-Ve-2025!"),
    ("lethithu", "Lê Thị Thu", "051195007654", "Dung-Quat-2025"),
)
KEY = "demo-feedback-{}"


@dataclass
class Desk:
    """Who receives and who answers at one agency."""

    receiver: User
    handler: User
    department: Department | None = None


def _official(admin, agency, username, full_name, position, password) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = core.create_official(admin, username, full_name, f"{username}@example.vn", agency,
                                    position=position, password=password)  # fmt: skip
    if not RoleAssignment.objects.filter(user=user, role=Role.ONE_STOP_OFFICER,
                                         agency=agency).exists():  # fmt: skip
        core.assign_role(admin, user, Role.ONE_STOP_OFFICER, agency=agency)
    return user


def _citizen(username, full_name, citizen_id, password) -> User:
    user = User.objects.filter(citizen_id=citizen_id).first()
    return user or core.register_citizen(
        username, full_name, citizen_id, f"{username}@example.vn", password
    )


class Cast:
    def __init__(self):
        users = {u.username: u for u in User.objects.filter(
            username__in=["admin", "vanthu", "lanhdao", "motcua", "congdan"])}  # fmt: skip
        agencies = {a.electronic_id: a for a in Agency.objects.filter(valid_to=None)}
        if len(users) < 5 or OFFICE not in agencies or NGHIA_LO not in agencies:
            raise CommandError(_("Run `manage.py load_demo_data` first."))
        if not Category.objects.filter(code__in={s.category for s in SEEDS}).exists():
            raise CommandError(_("Run `manage.py load_feedback_categories` first."))
        if agencies[OFFICE].administrative_unit_id is None:
            raise CommandError(_("Run `manage.py import_admin_units` before `load_demo_data`."))
        self.agencies = agencies
        self.users = users
        for username, full_name, position, agency, password in STAFF:
            self.users[username] = _official(users["admin"], agencies[agency], username,
                                             full_name, position, password)  # fmt: skip
        for seed in CITIZENS:
            self.users[seed[0]] = _citizen(*seed)
        kstt = Department.objects.filter(agency=agencies[OFFICE], abbreviation="KSTT",
                                         valid_to=None).first()  # fmt: skip
        self.desks = {
            OFFICE: Desk(users["vanthu"], users["lanhdao"], kstt),
            "000.00.01.H48": Desk(users["motcua"], users["motcua"]),
            NGHIA_LO: Desk(self.users["motcua_nghialo"], self.users["motcua_nghialo"]),
        }

    def desk(self, report: Report) -> Desk:
        desk = self.desks.get(report.agency.electronic_id)
        if desk is None:
            raise CommandError(f"No demo officer receives reports at {report.agency}.")
        return desk


def _submit(c: Cast, seed: Seed) -> Report:
    data = feedback.NewReport(
        category=seed.category, description=seed.description, address=seed.address,
        admin_unit=seed.unit, latitude=seed.point[0] if seed.point else None,
        longitude=seed.point[1] if seed.point else None, public=seed.public, consent=True,
        client_key=KEY.format(seed.key),
    )  # fmt: skip
    if seed.reporter.startswith("phone:"):
        data.reporter_name, data.reporter_phone = seed.caller
        return feedback.submit(c.users[seed.reporter[6:]], data, ReportChannel.PHONE)
    return feedback.submit(c.users[seed.reporter], data)


def _handle(c: Cast, seed: Seed, report: Report) -> Report:
    if not (seed.transfer_to or seed.duplicate_of or seed.reject or seed.accept is not None):
        return report  # still waiting to be received
    if seed.transfer_to:
        desk = c.desk(report)
        reason = "Nội dung thuộc thẩm quyền của UBND phường Cẩm Thành."
        report = feedback.transfer(desk.receiver, report, c.agencies[seed.transfer_to], reason)
    desk = c.desk(report)
    if seed.duplicate_of:
        first = Report.objects.get(client_key=KEY.format(seed.duplicate_of))
        return feedback.reject(desk.receiver, report, "", duplicate_of=first)
    if seed.reject:
        return feedback.reject(desk.receiver, report, seed.reject)
    department = desk.department if seed.category == "TTHC" else None
    report = feedback.accept(desk.receiver, report, department=department, handler=desk.handler)
    if seed.answer:
        report = feedback.answer(desk.handler, report, seed.answer)
    if seed.rating is not None:
        reporter = report.reporter
        report = feedback.rate(reporter, report, seed.rating, seed.comment)
    return report


def _backdate(seed: Seed, report: Report) -> None:
    """Move the report's dates to when the story says it happened (the services date everything
    today); the due date follows the acceptance date, in working days as `accept` counts them."""
    now = timezone.now()
    received = now - datetime.timedelta(days=seed.ago)
    accepted = received + datetime.timedelta(days=seed.accept) if report.accepted_at else None
    closed = received + datetime.timedelta(days=seed.close or 0) if report.closed_at else None
    fields = {"received_at": received, "accepted_at": accepted, "closed_at": closed}
    if accepted is not None:
        days = report.category.handling_days
        fields["due_date"] = core.add_working_days(timezone.localdate(accepted), days)
    Report.objects.filter(pk=report.pk).update(**fields)
    when = {"received": received, "transferred": received + datetime.timedelta(hours=2),
            "accepted": accepted, "direction": accepted, "answered": closed, "rejected": closed,
            "rated": closed and closed + datetime.timedelta(hours=20)}  # fmt: skip
    for action, at in when.items():
        if at is not None:
            ReportEvent.objects.filter(report=report, action=action).update(at=at)
    if accepted is not None:  # the timeline names the due date as `accept` wrote it
        due = fields["due_date"].strftime("%d/%m/%Y")
        ReportEvent.objects.filter(report=report, action="accepted").update(
            note=_("Accepted; answer due by %(date)s.") % {"date": due}
        )


class Command(BaseCommand):
    help = "Demo citizen feedback reports in Quảng Ngãi at every stage (idempotent)."

    def handle(self, *args, **options):
        c = Cast()
        created = 0
        for seed in sorted(SEEDS, key=lambda s: -s.ago):  # codes in the order of the dates
            if Report.objects.filter(client_key=KEY.format(seed.key)).exists():
                continue
            with transaction.atomic():
                report = _handle(c, seed, _submit(c, seed))
                _backdate(seed, report)
            created += 1
        demo = Report.objects.filter(client_key__startswith=KEY.format(""))
        counts = ", ".join(
            f"{label} {demo.filter(status=value).count()}" for value, label in ReportStatus.choices
        )
        overdue = feedback.filtered(demo, overdue=True).count()
        staff = ", ".join(f"{username} / {password}" for username, *_seed, password in STAFF)
        self.stdout.write(
            _(
                "Demo feedback reports: %(created)s created, %(present)s already present "
                "(%(counts)s; %(overdue)s overdue); reporters congdan, nguyenthimai, lethithu; "
                "receiving officers motcua, vanthu, lanhdao and %(staff)s (demo only)."
            )
            % {
                "created": created,
                "present": len(SEEDS) - created,
                "counts": counts,
                "overdue": overdue,
                "staff": staff,
            }
        )

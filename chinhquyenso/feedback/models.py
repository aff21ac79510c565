"""Citizen feedback (phản ánh, kiến nghị): categories (Open311 "services"), reports (Open311
"service requests"), their photos and their timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ReportChannel, ReportStatus

USER = settings.AUTH_USER_MODEL


class Category(models.Model):
    """What a citizen can report: "Rác thải, vệ sinh môi trường", "Hư hỏng đường sá"…"""

    code = models.CharField(_("code"), max_length=40, unique=True)  # Open311 service_code
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    # Who receives reports of this kind when the place does not say (a commune's report goes to
    # that commune's People's Committee when it is on the platform).
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("receiving agency"))  # fmt: skip
    by_place = models.BooleanField(
        _("route to the commune of the place"), default=True,
        help_text=_("Reports with a commune or ward go to its People's Committee."),
    )  # fmt: skip
    handling_days = models.PositiveSmallIntegerField(_("handling time (working days)"), default=10)
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Report(models.Model):
    # PA-{year}-{6-digit yearly number}, given at submission (gapless, core sequences).
    code = models.CharField(_("code"), max_length=20, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="reports",
                                 verbose_name=_("category"))  # fmt: skip
    description = models.TextField(_("description"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    admin_unit = models.ForeignKey("core.AdministrativeUnit", on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+",
                                   verbose_name=_("commune or ward"))  # fmt: skip
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)  # fmt: skip
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)  # fmt: skip
    # The reporter's account; phone-in and counter reports keep only the contact given.
    reporter = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="feedback_reports",
                                 verbose_name=_("reporter"))  # fmt: skip
    reporter_name = models.CharField(_("reporter's name"), max_length=200, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=30, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    # Nghị định 13/2023: the reporter agreed that the contact is used to handle the report.
    consent_at = models.DateTimeField(_("consent to use the contact"), null=True, blank=True)
    # The report and its answer appear on the public list (never who reported it).
    public = models.BooleanField(_("show publicly"), default=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ReportChannel.choices)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices,
                              default=ReportStatus.NEW, db_index=True)  # fmt: skip
    agency = models.ForeignKey("core.Agency", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("handling agency"))  # fmt: skip
    department = models.ForeignKey("core.Department", on_delete=models.PROTECT, null=True,
                                   blank=True, related_name="+",
                                   verbose_name=_("department"))  # fmt: skip
    handler = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("handled by"))  # fmt: skip
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    response = models.TextField(_("answer"), blank=True)  # public once answered
    reject_reason = models.TextField(_("reason"), blank=True)
    duplicate_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+",
                                     verbose_name=_("duplicate of"))  # fmt: skip
    satisfied = models.BooleanField(_("reporter satisfied"), null=True, blank=True)
    rating_comment = models.TextField(_("reporter's comment"), blank=True)
    # A client-chosen key: the same report sent twice (a retried request) is stored once.
    client_key = models.CharField(max_length=80, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "due_date"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "client_key"],
                condition=~models.Q(client_key=""),
                name="feedback_report_client_key_once",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_closed(self) -> bool:
        return self.status in {ReportStatus.RESOLVED, ReportStatus.REJECTED}


class ReportPhoto(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="photos")
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    # Photos the officer adds with the answer (after the fix) are shown with it.
    with_answer = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.file_id}"


class ReportEvent(models.Model):
    """The report's timeline: received, accepted, transferred, answered, rated…"""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=30)
    note = models.TextField(blank=True)
    # Shown to the reporter and on the public page (internal notes are not).
    public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.action

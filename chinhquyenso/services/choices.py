"""Enumerations of online public services and the one-stop shop (Nghị định 61/2018, 107/2021,
42/2022, 45/2020), labelled in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnlineLevel(models.TextChoices):
    # Nghị định 42/2022: "toàn trình" = every step online; "một phần" = some steps at the counter.
    FULL = "full", _("Full-process online")
    PARTIAL = "partial", _("Partly online")
    NONE = "none", _("At the counter only")


class StepRole(models.TextChoices):
    ONE_STOP_OFFICER = "one_stop_officer", _("One-stop-shop officer")
    SPECIALIST = "specialist", _("Specialist")
    HEAD_OF_DEPARTMENT = "head_of_department", _("Head of department")
    LEADER = "leader", _("Leader")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    COUNTER = "counter", _("At the counter")
    POST = "post", _("By post")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, waiting for reception")
    SUPPLEMENT = "supplement", _("Supplement requested")
    REFUSED = "refused", _("Refused")
    PROCESSING = "processing", _("Being processed")
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting the leader's approval")
    RESULT_READY = "result_ready", _("Result ready")
    RETURNED = "returned", _("Result returned")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class StepStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("In progress")
    DONE = "done", _("Done")


class WarehouseSource(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded by the owner")
    DIGITISED = "digitised", _("Digitised by an officer")
    RESULT = "result", _("Result of a procedure")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    PAID = "paid", _("Paid")
    FAILED = "failed", _("Failed")
    EXEMPT = "exempt", _("Exempt")

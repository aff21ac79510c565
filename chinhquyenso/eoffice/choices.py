"""Enumerations of the e-office (Nghị định 30/2020), labelled in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Urgency(models.IntegerChoices):
    # Ordered: a higher value is handled first in every queue.
    NORMAL = 0, _("Normal")
    URGENT = 1, _("Urgent")
    VERY_URGENT = 2, _("Very urgent")
    EXPRESS = 3, _("Express")


class Secrecy(models.IntegerChoices):
    NORMAL = 0, _("Normal")
    CONFIDENTIAL = 1, _("Confidential")
    SECRET = 2, _("Secret")
    TOP_SECRET = 3, _("Top secret")


class DocumentSystem(models.TextChoices):
    STATE = "state", _("State")
    PARTY = "party", _("Party")
    BOTH = "both", _("State and Party")


class ArrivalChannel(models.TextChoices):
    PAPER = "paper", _("Paper")
    ELECTRONIC = "electronic", _("Electronic")


class IncomingStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    PRESENTED = "presented", _("Presented to a leader")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    RETURNED = "returned", _("Returned to sender")


class AssignmentKind(models.TextChoices):
    LEAD = "lead", _("Lead (chủ trì)")
    SUPPORT = "support", _("Support (phối hợp)")
    INFORM = "inform", _("For information (để biết)")


class AssignmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    COMPLETED = "completed", _("Completed")
    REASSIGNED = "reassigned", _("Re-assigned")


class SignatureVerdict(models.TextChoices):
    VALID = "valid", _("Valid")
    BROKEN = "broken", _("Broken: changed after signing")
    UNTRUSTED = "untrusted", _("Untrusted certificate")


class SignatureCoverage(models.TextChoices):
    ENTIRE_FILE = "entire_file", _("Entire file")
    ENTIRE_REVISION = "entire_revision", _("Signed revision; later changes appended")
    PARTIAL = "partial", _("Part of the file")

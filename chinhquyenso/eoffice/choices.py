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


class NumberingScheme(models.TextChoices):
    SINGLE = "single", _("One series for all administrative documents")
    PER_TYPE = "per_type", _("One series per document type")


class OutgoingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Under review")
    IN_APPROVAL = "in_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    SIGNED = "signed", _("Signed")
    ISSUED = "issued", _("Issued")
    RECALLED = "recalled", _("Recalled")


class ApprovalStage(models.TextChoices):
    REVIEW = "review", _("Review by the head of department")
    APPROVAL = "approval", _("Approval by a leader")


class ApprovalDecision(models.TextChoices):
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for revision")


class SigningAuthority(models.TextChoices):
    # How the signer signs (Nghị định 30/2020 Điều 13; HD 36 for Party documents).
    DIRECT = "", _("In own name")
    ON_BEHALF = "T/M", _("On behalf of (T/M)")
    DEPUTY = "KT", _("Deputy (KT.)")
    BY_ORDER = "TL", _("By order (TL.)")
    BY_AUTHORISATION = "TUQ", _("By authorisation (TUQ.)")


class ArrivalState(models.TextChoices):
    ARRIVED = "arrived", _("Arrived")
    REGISTERED = "registered", _("Registered")
    REFUSED = "refused", _("Refused")
    RECALLED = "recalled", _("Recalled by the sender")


class DossierStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    HANDED_OVER = "handed_over", _("Handed over to the archive")

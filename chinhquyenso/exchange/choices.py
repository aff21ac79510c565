"""Enumerations of document exchange, labelled in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectorKind(models.TextChoices):
    PLATFORM = "platform", _("Another instance of this platform (HTTPS)")
    LGSP = "lgsp", _("Provincial integration platform (LGSP-style HTTPS)")
    IN_PROCESS = "in_process", _("In-process (tests and demos)")


class MessageKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    STATUS = "status", _("Status message")


class Direction(models.TextChoices):
    IN = "in", _("Received")
    OUT = "out", _("Sent")


class DeliveryState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RETRYING = "retrying", _("Waiting to retry")
    DELIVERED = "delivered", _("Delivered")
    REFUSED = "refused", _("Refused by the recipient")
    FAILED = "failed", _("Failed (gave up)")


class InboundState(models.TextChoices):
    REGISTERED = "registered", _("Registered as an incoming document")
    RECALL_REQUESTED = "recall_requested", _("Recall requested; waiting for a decision")
    RECALLED = "recalled", _("Recalled and removed")
    RECALL_REFUSED = "recall_refused", _("Recall refused")
    SUPERSEDED = "superseded", _("Replaced by a newer document")


class Outcome(models.TextChoices):
    QUEUED = "queued", _("Queued")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Delivery attempt failed")
    ACCEPTED = "accepted", _("Accepted")
    DUPLICATE = "duplicate", _("Duplicate (already received)")
    REFUSED = "refused", _("Refused")


STATUS_CHOICES = [
    ("01", _("01 Arrived")),
    ("02", _("02 Refused")),
    ("03", _("03 Registered")),
    ("04", _("04 Waiting for assignment")),
    ("05", _("05 In progress")),
    ("06", _("06 Done")),
    ("13", _("13 Recall requested")),
    ("15", _("15 Recall accepted")),
    ("16", _("16 Recall refused")),
]

"""Enumerations of the assistance app, labelled in the user's language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OcrStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class OcrStage(models.TextChoices):
    """What the job is doing; each stage starts at the progress value in STAGE_PROGRESS."""

    QUEUED = "queued", _("Waiting for a worker")
    PREPARING = "preparing", _("Preparing the file")
    RECOGNISING = "recognising", _("Recognising text")
    EXTRACTING = "extracting", _("Extracting text and metadata")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


STAGE_PROGRESS = {
    OcrStage.QUEUED: 0,
    OcrStage.PREPARING: 10,
    OcrStage.RECOGNISING: 30,
    OcrStage.EXTRACTING: 80,
    OcrStage.DONE: 100,
}

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    NEW = "new", _("New, waiting to be received")
    ACCEPTED = "accepted", _("Accepted, being handled")
    RESOLVED = "resolved", _("Answered")
    REJECTED = "rejected", _("Not accepted")

    @classmethod
    def open311(cls, status: str) -> str:
        """GeoReport v2 knows only "open" and "closed"."""
        return "closed" if status in {cls.RESOLVED, cls.REJECTED} else "open"


class ReportChannel(models.TextChoices):
    WEB = "web", _("Web portal")
    API = "api", _("API or app (Open311)")
    PHONE = "phone", _("Phone (recorded by an officer)")
    COUNTER = "counter", _("At the counter (recorded by an officer)")

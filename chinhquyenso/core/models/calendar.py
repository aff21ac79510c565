"""Days an administrator declares as off or as make-up working days."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import CalendarDayKind


class CalendarDay(models.Model):
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CalendarDayKind.choices)
    reason = models.CharField(_("reason"), max_length=255)

    class Meta:
        verbose_name = _("declared calendar day")
        verbose_name_plural = _("declared calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}"

"""Counters behind every gapless number series (arrival and outgoing numbers, dossier codes)."""

from django.db import models


class SequenceCounter(models.Model):
    # e.g. ("eoffice.arrival", "agency:12", "2026"): series name, scope and period.
    series = models.CharField(max_length=60)
    scope = models.CharField(max_length=60)
    period = models.CharField(max_length=20)
    last_value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "scope", "period"], name="sequence_once")
        ]

    def __str__(self) -> str:
        return f"{self.series}/{self.scope}/{self.period} = {self.last_value}"

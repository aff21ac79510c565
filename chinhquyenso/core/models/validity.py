"""Validity periods shared by units, agencies, departments and role assignments."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    """Rows valid on `day`: started on or before it (or start unknown), not ended before it."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_on_q(day))


class ValidityPeriod(models.Model):
    """`valid_to` is the last day the row is valid (inclusive); empty means still valid."""

    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

"""People as users (officials, citizens, businesses) and their scoped role assignments."""

import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import Role, UserKind
from ..validators import validate_citizen_id, validate_tax_code
from .validity import ValidityQuerySet, valid_on_q


class User(AbstractUser):
    kind = models.CharField(
        _("kind"), max_length=20, choices=UserKind.choices, default=UserKind.OFFICIAL
    )
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    citizen_id = models.CharField(
        _("citizen identity number (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_citizen_id],
    )
    tax_code = models.CharField(
        _("tax code"),
        max_length=14,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_tax_code],
    )
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("agency"),
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("department"),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # 0 = self-registered, 1 and 2 = the national e-ID (VNeID) assurance levels.
    identity_level = models.PositiveSmallIntegerField(_("identity level"), default=0)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def display_name(self) -> str:
        return str(self)


class RoleAssignmentQuerySet(ValidityQuerySet):
    def active(self, day: datetime.date | None = None):
        return self.filter(valid_on_q(day or timezone.localdate()))


class RoleAssignment(models.Model):
    """A role held in a scope. No scope means platform-wide (system administrators, citizens)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        "core.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("agency"),
    )
    department = models.ForeignKey(
        "core.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("department"),
    )
    include_descendants = models.BooleanField(_("applies to subordinate agencies"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        scope = self.department or self.agency
        return f"{self.user} – {self.get_role_display()}" + (f" ({scope})" if scope else "")

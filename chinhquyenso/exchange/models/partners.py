"""Exchange partners (another platform instance, an LGSP) and the directory of the agencies they
reach, keyed by the 13-character electronic identifier (Quyết định 20/2020/QĐ-TTg)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core.validators import validate_agency_identifier

from ..choices import ConnectorKind


class Partner(models.Model):
    name = models.CharField(_("name"), max_length=255)
    connector = models.CharField(
        _("connector"), max_length=20, choices=ConnectorKind.choices, default=ConnectorKind.PLATFORM
    )
    endpoint_url = models.URLField(_("endpoint URL"), blank=True)
    # How the partner authenticates to us: system id + secret (hashed), or a client certificate
    # whose SHA-256 fingerprint the TLS terminator passes in a trusted header.
    system_id = models.CharField(_("system id"), max_length=100, unique=True)
    secret_hash = models.CharField(max_length=255, blank=True)
    client_cert_fingerprint = models.CharField(
        _("client certificate SHA-256"), max_length=64, blank=True, db_index=True
    )
    # How we authenticate to the partner; the secret is encrypted with the instance's SECRET_KEY.
    outbound_system_id = models.CharField(_("our system id at the partner"), max_length=100,
                                          blank=True)  # fmt: skip
    outbound_secret = models.TextField(blank=True)
    certificate_pem = models.TextField(_("partner's signing certificate (PEM)"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("exchange partner")
        verbose_name_plural = _("exchange partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("exchange:partner_detail", args=[self.pk])


class Organisation(models.Model):
    """An agency outside this platform, reached through a partner."""

    organ_id = models.CharField(
        _("electronic identifier"), max_length=13, unique=True,
        validators=[validate_agency_identifier],
    )  # fmt: skip
    name = models.CharField(_("name"), max_length=255)
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="organisations",
                                verbose_name=_("partner"))  # fmt: skip
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation directory")
        ordering = ["organ_id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organ_id})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:partner_detail", args=[self.partner_id])

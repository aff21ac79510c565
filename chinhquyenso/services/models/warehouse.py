"""The citizen and business e-data warehouse (kho dữ liệu điện tử, Nghị định 45/2020)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import WarehouseSource

USER = settings.AUTH_USER_MODEL


class WarehouseItem(models.Model):
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="warehouse_items",
                              verbose_name=_("owner"))  # fmt: skip
    doc_type = models.ForeignKey("services.WarehouseDocumentType", on_delete=models.PROTECT,
                                 related_name="+", verbose_name=_("type"))  # fmt: skip
    title = models.CharField(_("title"), max_length=300)
    file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("source"), max_length=10, choices=WarehouseSource.choices)
    issuer = models.ForeignKey("core.Agency", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("issued by"))  # fmt: skip
    source_dossier = models.ForeignKey("services.ServiceDossier", on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")  # fmt: skip
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("warehouse document")
        verbose_name_plural = _("warehouse documents")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class WarehouseUse(models.Model):
    """Who used which of the owner's documents for which dossier (shown to the owner)."""

    item = models.ForeignKey(WarehouseItem, on_delete=models.PROTECT, related_name="uses")
    dossier = models.ForeignKey("services.ServiceDossier", on_delete=models.PROTECT,
                                related_name="+")  # fmt: skip
    used_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.item} → {self.dossier}"

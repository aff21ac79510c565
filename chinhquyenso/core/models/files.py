"""Content-addressed stored files."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size = models.BigIntegerField(_("size (bytes)"))
    mime_type = models.CharField(_("type"), max_length=100)
    extension = models.CharField(max_length=10)
    original_name = models.CharField(_("original name"), max_length=255)
    storage_name = models.CharField(max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("stored file")
        verbose_name_plural = _("stored files")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"

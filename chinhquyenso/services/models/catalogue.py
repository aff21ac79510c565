"""The procedure catalogue: fields, procedures, required documents, processing steps."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from chinhquyenso.core.choices import UnitLevel

from ..choices import OnlineLevel, StepRole


class ProcedureField(models.Model):
    """Lĩnh vực: the field a procedure belongs to (Hộ tịch, Chứng thực, Xây dựng…)."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("procedure field")
        verbose_name_plural = _("procedure fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WarehouseDocumentType(models.Model):
    """A kind of paper a citizen keeps and reuses (Giấy khai sinh, Căn cước…), Nghị định 45/2020."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("warehouse document type")
        verbose_name_plural = _("warehouse document types")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    # The national procedure code from the national database of procedures, e.g. "1.001193".
    code = models.CharField(_("procedure code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=500)
    name_folded = models.CharField(max_length=500, db_index=True, editable=False)
    field = models.ForeignKey(ProcedureField, on_delete=models.PROTECT, related_name="procedures",
                              verbose_name=_("field"))  # fmt: skip
    level = models.PositiveSmallIntegerField(_("level"), choices=UnitLevel.choices)
    implementing_body = models.CharField(_("implementing body"), max_length=300)
    # The agencies on the platform that receive this procedure's dossiers.
    agencies = models.ManyToManyField("core.Agency", blank=True, related_name="+",
                                      verbose_name=_("receiving agencies"))  # fmt: skip
    online_level = models.CharField(_("online level"), max_length=10, choices=OnlineLevel.choices)
    processing_days = models.PositiveSmallIntegerField(_("processing time (working days)"))
    fee_amount = models.DecimalField(_("fee (VND)"), max_digits=12, decimal_places=0, default=0)
    fee_text = models.CharField(_("fees"), max_length=500, blank=True)
    fee_exemptions = models.TextField(_("fee exemptions"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    result_type = models.CharField(_("result"), max_length=300)
    # One-stop inter-agency procedure (một cửa liên thông): steps at several agencies.
    interagency = models.BooleanField(_("inter-agency"), default=False)
    # The e-form as JSON Schema (draft 2020-12 subset) with Vietnamese field kinds ("x-kind").
    form_schema = models.JSONField(_("e-form"), default=dict, blank=True)
    is_active = models.BooleanField(_("offered"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def save(self, *args, **kwargs):
        from chinhquyenso.core.text import fold

        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("services:procedure_detail", args=[self.code])


class RequiredDocument(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE,
                                  related_name="required_documents")  # fmt: skip
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=500)
    copies = models.CharField(_("copies"), max_length=100, default="01 bản chính")
    mandatory = models.BooleanField(_("mandatory"), default=True)
    template = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True,
                                 blank=True, related_name="+",
                                 verbose_name=_("form template"))  # fmt: skip
    warehouse_type = models.ForeignKey(WarehouseDocumentType, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+",
                                       verbose_name=_("reusable as"))  # fmt: skip

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcessingStep(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("name"), max_length=300)
    role = models.CharField(_("role"), max_length=30, choices=StepRole.choices)
    # Which agency does it, for inter-agency procedures ("" = the receiving agency).
    agency_hint = models.CharField(_("agency"), max_length=300, blank=True)
    # Share of the procedure's processing time given to this step, in per cent.
    time_share = models.PositiveSmallIntegerField(_("share of the time (%)"))

    class Meta:
        verbose_name = _("processing step")
        verbose_name_plural = _("processing steps")
        ordering = ["procedure", "order"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "order"], name="procedure_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"

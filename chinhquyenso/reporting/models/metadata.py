"""What is reported: data elements and their disaggregations, report forms, validation rules,
indicators and their targets (the DHIS2 model, named in the language of Nghị định 09/2019)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import (
    AggregationType,
    Importance,
    Operator,
    Periodicity,
    ReportKind,
    TargetComparison,
    ValueSource,
    ValueType,
)

CODE_HELP = _("Upper-case letters, digits, _ and -; used in expressions as #{CODE}.")


class Category(models.Model):
    """A disaggregation dimension (Cấp hành chính, Giới tính, Lĩnh vực)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("disaggregation")
        verbose_name_plural = _("disaggregations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CategoryOption(models.Model):
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="options", verbose_name=_("disaggregation")
    )
    code = models.CharField(_("code"), max_length=50)
    name = models.CharField(_("name"), max_length=200)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation option")
        verbose_name_plural = _("disaggregation options")
        ordering = ["category", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "code"], name="reporting_option_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CategoryCombo(models.Model):
    """The set of dimensions a data element is broken down by; "default" has none."""

    DEFAULT_CODE = "default"

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    categories = models.ManyToManyField(
        Category, blank=True, related_name="combos", verbose_name=_("disaggregations")
    )

    class Meta:
        verbose_name = _("disaggregation set")
        verbose_name_plural = _("disaggregation sets")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CategoryOptionCombo(models.Model):
    """One cell of a disaggregation set (e.g. "Cấp xã, Nữ"); the default set has one, "default"."""

    combo = models.ForeignKey(
        CategoryCombo,
        on_delete=models.CASCADE,
        related_name="option_combos",
        verbose_name=_("disaggregation set"),
    )
    code = models.CharField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=300)
    options = models.ManyToManyField(
        CategoryOption, blank=True, related_name="option_combos", verbose_name=_("options")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("disaggregation cell")
        verbose_name_plural = _("disaggregation cells")
        ordering = ["combo", "sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class DataElement(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("name"), max_length=500)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    description = models.TextField(_("description"), blank=True)
    value_type = models.CharField(
        _("value type"), max_length=20, choices=ValueType.choices, default=ValueType.NUMBER
    )
    unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    aggregation = models.CharField(
        _("aggregation"),
        max_length=20,
        choices=AggregationType.choices,
        default=AggregationType.SUM,
    )
    combo = models.ForeignKey(
        CategoryCombo,
        on_delete=models.PROTECT,
        related_name="elements",
        verbose_name=_("disaggregation set"),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=ValueSource.choices, default=ValueSource.ENTERED
    )
    # For automatic elements: the key of the provider in reporting.sources that computes it.
    provider = models.CharField(_("provider"), max_length=100, blank=True)
    zero_is_significant = models.BooleanField(_("store zero values"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class DataSet(models.Model):
    """A report form (biểu mẫu báo cáo) with its regime: periodicity, deadline, lock, approval."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.PERIODIC
    )
    periodicity = models.CharField(_("periodicity"), max_length=20, choices=Periodicity.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    # Days after the end of the Nghị định 09 cut-off window by which the report is due.
    due_days = models.PositiveSmallIntegerField(_("due (days after the cut-off)"), default=5)
    # Days after the due date at which entry closes (0 = never locked by time).
    lock_days = models.PositiveSmallIntegerField(_("locked (days after the due date)"), default=10)
    requires_approval = models.BooleanField(_("approval by the unit's head"), default=True)
    elements = models.ManyToManyField(
        DataElement,
        through="DataSetElement",
        related_name="data_sets",
        verbose_name=_("data elements"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DataSetElement(models.Model):
    data_set = models.ForeignKey(DataSet, on_delete=models.CASCADE, related_name="rows")
    element = models.ForeignKey(DataElement, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(_("section"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["data_set", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["data_set", "element"], name="reporting_form_element_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.data_set_id}: {self.element_id}"


class ValidationRule(models.Model):
    """left operator right, both expressions over the form's elements (processed online ≤ total)."""

    data_set = models.ForeignKey(
        DataSet, on_delete=models.CASCADE, related_name="rules", verbose_name=_("report form")
    )
    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=300)
    left = models.CharField(_("left side"), max_length=1000)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=1000)
    importance = models.CharField(
        _("importance"), max_length=10, choices=Importance.choices, default=Importance.HIGH
    )
    message = models.CharField(_("message shown"), max_length=500)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["data_set", "code"]
        constraints = [
            models.UniqueConstraint(fields=["data_set", "code"], name="reporting_rule_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorGroup(models.Model):
    """A set of indicators shown together, e.g. the resolution's section II.3.1."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=500)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator group")
        verbose_name_plural = _("indicator groups")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """factor × numerator ÷ denominator, computed at read time from the stored values."""

    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    group = models.ForeignKey(
        IndicatorGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("group"),
    )
    # Where the indicator comes from, e.g. "Nghị quyết 05-NQ/TU, II.3.1".
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    unit = models.CharField(_("unit of measure"), max_length=50, blank=True)
    numerator = models.CharField(_("numerator"), max_length=1000)
    denominator = models.CharField(_("denominator"), max_length=1000, default="1")
    factor = models.DecimalField(_("factor"), max_digits=12, decimal_places=4, default=1)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    source = models.CharField(
        _("source"), max_length=20, choices=ValueSource.choices, default=ValueSource.ENTERED
    )
    # The periodicity at which the latest value is looked up for the dashboard.
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, default=Periodicity.YEARLY
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["group__sort_order", "sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class IndicatorTarget(models.Model):
    """A target of an indicator for a year, optionally per administrative level (≥ 90 % at
    province, 80 % at district, 70 % at commune)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    # core.UnitLevel value (1 province, 2 district, 3 commune); empty = the province as a whole.
    level = models.PositiveSmallIntegerField(_("administrative level"), null=True, blank=True)
    comparison = models.CharField(
        _("comparison"),
        max_length=5,
        choices=TargetComparison.choices,
        default=TargetComparison.AT_LEAST,
    )
    value = models.DecimalField(
        _("target value"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    text = models.CharField(_("target as written"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "level"], name="reporting_target_level_unique"
            ),
            models.UniqueConstraint(
                fields=["indicator", "year"],
                condition=models.Q(level=None),
                name="reporting_target_whole_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year}: {self.text or self.value}"

"""Enumerations of the reporting information system (Nghị định 09/2019), labelled in the user's
language."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    NUMBER = "number", _("Number")
    INTEGER = "integer", _("Whole number")
    PERCENTAGE = "percentage", _("Percentage")
    BOOLEAN = "boolean", _("Yes/no")
    TEXT = "text", _("Text")


class AggregationType(models.TextChoices):
    # How values of several periods and units make one figure.
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    # A stock (households with fibre, adults with a digital signature): each unit's latest value
    # in the range, summed over units.
    LAST = "last", _("Latest value, summed over units")
    # A rate reported as such (share of GRDP): each unit's latest value, averaged over units.
    LAST_AVERAGE = "last_average", _("Latest value, averaged over units")
    NONE = "none", _("Not aggregated")


class ValueSource(models.TextChoices):
    ENTERED = "entered", _("Entered by reporting units")
    AUTOMATIC = "automatic", _("Computed from another module")


class Periodicity(models.TextChoices):
    # Nghị định 09/2019, Điều 12: the periodic reports and their data cut-off windows.
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SIX_MONTHLY = "six_monthly", _("Six-monthly")
    NINE_MONTHLY = "nine_monthly", _("Nine months")
    YEARLY = "yearly", _("Yearly")


class ReportKind(models.TextChoices):
    PERIODIC = "periodic", _("Periodic")
    THEMATIC = "thematic", _("Thematic")
    AD_HOC = "ad_hoc", _("Ad hoc")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Being entered")
    SUBMITTED = "submitted", _("Submitted, waiting for approval")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned for correction")


class Operator(models.TextChoices):
    EQUAL = "==", "="
    NOT_EQUAL = "!=", "≠"
    LESS = "<", "<"
    LESS_EQUAL = "<=", "≤"
    GREATER = ">", ">"
    GREATER_EQUAL = ">=", "≥"


class Importance(models.TextChoices):
    # A high-importance rule blocks saving/submitting; a low one only warns.
    HIGH = "high", _("Blocks the report")
    LOW = "low", _("Warning")


class TargetComparison(models.TextChoices):
    AT_LEAST = ">=", _("at least")
    MORE_THAN = ">", _("more than")
    AT_MOST = "<=", _("at most")
    ABOUT = "~", _("about")
    # Qualitative targets ("connected", "universal") are met when the yes/no element is yes.
    YES = "yes", _("achieved")


class TargetStatus(models.TextChoices):
    MET = "met", _("Met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data")

"""The list filters the public list and the officers' queue share."""

from django.utils.translation import gettext_lazy

from chinhquyenso.core.listing import Filter

from .. import services as feedback
from ..choices import ReportStatus
from .common import flat_choices
from .forms import category_choices, commune_choices


def category_filter() -> Filter:
    return Filter(
        "category",
        gettext_lazy("Category"),
        lambda qs, v: feedback.filtered(qs, category=v),
        choices=flat_choices(category_choices()),
    )


def status_filter() -> Filter:
    return Filter(
        "status",
        gettext_lazy("Status"),
        lambda qs, v: feedback.filtered(qs, status=v),
        choices=ReportStatus.choices,
    )


def commune_filter() -> Filter:
    return Filter(
        "unit",
        gettext_lazy("Commune or ward"),
        lambda qs, v: feedback.filtered(qs, unit=v),
        choices=flat_choices(commune_choices()),
    )


def search_filter() -> Filter:
    return Filter(
        "q", gettext_lazy("Search"), lambda qs, v: feedback.filtered(qs, q=v), input_type="search"
    )

"""One list pattern for every app (NetBox-style): filter from GET, paginate, export CSV/XLSX.

A view declares a `ListSpec` (queryset, columns, filters); `render_list` either renders the page or,
with `?export=csv|xlsx`, streams the whole filtered list.
"""

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from .text import fold

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    link: bool = False  # render as a link to obj.get_absolute_url()


@dataclass(frozen=True)
class Filter:
    """A GET parameter narrowing the queryset; `apply(qs, value)` returns the filtered queryset."""

    name: str
    label: str
    apply: Callable[[QuerySet, str], QuerySet]
    choices: list[tuple[str, str]] | None = None
    input_type: str = "text"


@dataclass
class ListSpec:
    title: str
    queryset: QuerySet
    columns: list[Column]
    filters: list[Filter] = field(default_factory=list)
    export_name: str = "export"
    search_fields: list[str] = field(default_factory=list)  # folded columns for the `q` box
    # Large tables: fetch one row more than the page instead of COUNT(*) to know if one follows.
    count_free: bool = False


class WindowPage:
    """A page found without counting the rows: it knows its neighbours, not the total."""

    paginator = None

    def __init__(self, qs: QuerySet, number: str | None, per_page: int = PAGE_SIZE):
        try:
            self.number = max(1, int(number or 1))
        except ValueError:
            self.number = 1
        start = (self.number - 1) * per_page
        window = list(qs[start : start + per_page + 1])
        self.object_list = window[:per_page]
        self._has_next = len(window) > per_page

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def apply_filters(request: HttpRequest, spec: ListSpec) -> tuple[QuerySet, dict[str, str]]:
    qs = spec.queryset
    active: dict[str, str] = {}
    query = request.GET.get("q", "").strip()
    if query and spec.search_fields:
        folded = fold(query)
        condition = Q()
        for name in spec.search_fields:
            condition |= Q(**{f"{name}__contains": folded})
        qs = qs.filter(condition)
        active["q"] = query
    for flt in spec.filters:
        value = request.GET.get(flt.name, "").strip()
        if value:
            qs = flt.apply(qs, value)
            active[flt.name] = value
    return qs, active


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat") and not isinstance(value, str):
        return (
            value.strftime("%d/%m/%Y")
            if not hasattr(value, "hour")
            else (timezone.localtime(value).strftime("%d/%m/%Y %H:%M"))
        )
    return value


class _Echo:
    def write(self, value):
        return value


def _csv_rows(spec: ListSpec, rows: Iterable) -> Iterable[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # BOM so Excel opens Vietnamese text as UTF-8
    yield writer.writerow([str(c.label) for c in spec.columns])
    for obj in rows:
        yield writer.writerow([_cell(c.value(obj)) for c in spec.columns])


def export_csv(spec: ListSpec, qs: QuerySet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _csv_rows(spec, qs.iterator(chunk_size=1000)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{spec.export_name}.csv"'
    return response


def export_xlsx(spec: ListSpec, qs: QuerySet) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(spec.title)[:31])
    sheet.append([str(c.label) for c in spec.columns])
    for obj in qs.iterator(chunk_size=1000):
        sheet.append([_cell(c.value(obj)) for c in spec.columns])
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{spec.export_name}.xlsx"'
    workbook.save(response)
    return response


def render_list(
    request: HttpRequest,
    spec: ListSpec,
    template: str = "core/list.html",
    extra: dict | None = None,
) -> HttpResponse:
    qs, active = apply_filters(request, spec)
    export = request.GET.get("export")
    if export == "csv":
        return export_csv(spec, qs)
    if export == "xlsx":
        return export_xlsx(spec, qs)
    if spec.count_free:
        page = WindowPage(qs, request.GET.get("page"), PAGE_SIZE)
    else:
        page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"obj": obj, "cells": [(c, c.value(obj)) for c in spec.columns]} for obj in page.object_list
    ]
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    context = {
        "spec": spec,
        "page": page,
        "rows": rows,
        "active_filters": active,
        "querystring": params.urlencode(),
        **(extra or {}),
    }
    return render(request, template, context)

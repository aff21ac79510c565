"""Rows for the hot JSON API of incoming documents: values() reads already shaped as the schemas.

The list and the detail are the most called endpoints; building model instances and validating
them through the response schema cost more than the database. These functions read plain rows
and return dicts with exactly the keys, order and values of `IncomingOut`, `AssignmentOut` and
`TraceOut` (tests compare both ways on the same documents); `render` serialises them.
"""

import datetime

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import HttpResponse
from django.urls import reverse

from chinhquyenso.core.compiled import CompiledQuery

from .models import Assignment, IncomingDocument, TraceEntry

# (schema key, values() path) in the order of IncomingOut's fields.
_DOCUMENT = (
    ("id", "id"),
    ("agency_id", "agency_id"),
    ("arrival_number", "arrival_number"),
    ("arrival_year", "arrival_year"),
    ("arrival_date", "arrival_date"),
    ("channel", "channel"),
    ("issuer_name", "issuer_name"),
    ("notation_raw", "notation_raw"),
    ("notation_form", "notation_form"),
    ("code_number", "code_number"),
    ("code_notation", "code_notation"),
    ("notation_warnings", "warnings_json"),
    ("issued_date", "issued_date"),
    ("doc_type", "doc_type__name"),
    ("subject", "subject"),
    ("signer", "signer"),
    ("urgency", "urgency"),
    ("secrecy", "secrecy"),
    ("pages", "pages"),
    ("due_date", "due_date"),
    ("status", "status"),
)
_DOCUMENT_KEYS = tuple(key for key, _path in _DOCUMENT)
# The last columns read are not shown as such: has_file and url are made from them.
DOCUMENT_COLUMNS = (*(path for _key, path in _DOCUMENT), "file_id")


def _with_raw_warnings(qs: QuerySet[IncomingDocument]) -> QuerySet[IncomingDocument]:
    # The JSON list is passed through as the database stores it (orjson.Fragment), not decoded
    # and encoded again for every row.
    return qs.annotate(warnings_json=Cast("notation_warnings", TextField()))


_PERSON = ("full_name", "first_name", "last_name", "username")
_SENTINEL = 987654321
_encoder = DjangoJSONEncoder()


def _url_parts() -> tuple[str, str]:
    # Reversed once a request (the script prefix may differ between requests), not once a row.
    before, _sentinel, after = reverse("eoffice:incoming_detail", args=[_SENTINEL]).partition(
        str(_SENTINEL)
    )
    return before, after


def _documents(rows) -> list[dict]:
    before, after = _url_parts()
    keys = _DOCUMENT_KEYS
    out = []
    for row in rows:
        item = dict(zip(keys, row, strict=False))
        if isinstance(item["notation_warnings"], str):
            item["notation_warnings"] = orjson.Fragment(item["notation_warnings"])
        item["has_file"] = row[-1] is not None
        item["url"] = f"{before}{row[0]}{after}"
        out.append(item)
    return out


def document_dict(document: IncomingDocument) -> dict:
    """A document held in memory (e.g. just registered) as an `IncomingOut` dict, no query."""
    row = [getattr(document, path) for _key, path in _DOCUMENT[:11]]
    row += [document.notation_warnings, document.issued_date, document.doc_type.name]
    row += [getattr(document, path) for _key, path in _DOCUMENT[14:]]
    return _documents([(*row, document.file_id)])[0]


def document_rows(qs: QuerySet[IncomingDocument]) -> list[dict]:
    """The documents of `qs` (ordered and sliced by the caller) as `IncomingOut` dicts."""
    return _documents(_with_raw_warnings(qs).values_list(*DOCUMENT_COLUMNS))


# The page of an unfiltered list, compiled once per shape (core/compiled.py): how many agencies
# and routed documents the user sees, the order and the window. Other lists use the ORM.
_PAGES: dict[tuple, CompiledQuery] = {}
_PAGE_SHAPES = 256


def visible_page(
    agencies: frozenset[int] | None,
    routed: list[int],
    order: tuple[str, ...],
    start: int,
    stop: int,
) -> list[dict]:
    """Documents [start:stop] in `order` among those of `agencies` (None: all) or `routed`."""
    if agencies is not None and not agencies and not routed:
        return []
    every = agencies is None
    ids = [] if every else [*sorted(agencies), *routed]
    key = (every, 0 if every else len(agencies), len(routed), order, start, stop)
    compiled = _PAGES.get(key)
    if compiled is None:
        count = key[1]

        def build(*marks):
            condition = Q()
            if not every:
                condition = Q(agency_id__in=marks[:count]) if count else Q(pk__in=[])
                if marks[count:]:
                    condition |= Q(pk__in=marks[count:])
            qs = IncomingDocument.objects.filter(condition).order_by(*order)[start:stop]
            return _with_raw_warnings(qs).values_list(*DOCUMENT_COLUMNS)

        compiled = CompiledQuery(build, *([int] * len(ids)))
        if len(_PAGES) < _PAGE_SHAPES:
            _PAGES[key] = compiled
    return _documents(compiled.rows(*ids))


# The detail's three reads are compiled once (core/compiled.py): their SQL only varies by the id.
_DOCUMENT_ROW = CompiledQuery(
    lambda pk: _with_raw_warnings(IncomingDocument.objects.filter(pk=pk).order_by()).values_list(
        *DOCUMENT_COLUMNS, "presented_to_id"
    ),
    int,
)


def document_row(document_id: int) -> tuple[dict, int, int | None] | None:
    """One document as an `IncomingOut` dict, with its agency and addressee for `can_view_row`."""
    rows = _DOCUMENT_ROW.rows(document_id)
    if not rows:
        return None
    row = rows[0]
    return _documents([row[:-1]])[0], row[1], row[-1]


def _person(full_name, first_name, last_name, username) -> str | None:
    """str(user) (core.User.__str__) from its columns; None when there is no user."""
    if username is None:
        return None
    return full_name or f"{first_name} {last_name}".strip() or username


def _datetime(value: datetime.datetime) -> str:
    # As Ninja's encoder writes it (DjangoJSONEncoder: milliseconds, "Z" for UTC).
    return _encoder.default(value)


_ASSIGNMENTS = CompiledQuery(
    lambda pk: Assignment.objects.filter(document_id=pk).values_list(
        "id",
        "kind",
        "assignee_id",
        *(f"assignee__{c}" for c in _PERSON),
        "department_id",
        "department__name",
        "deadline",
        "direction",
        "status",
        "parent_id",
    ),
    int,
)
_TRACE = CompiledQuery(
    lambda pk: TraceEntry.objects.filter(document_id=pk).values_list(
        "at", "actor_id", *(f"actor__{c}" for c in _PERSON), "action", "note"
    ),
    int,
)


def assignment_rows(document_id: int) -> list[dict]:
    rows = _ASSIGNMENTS.rows(document_id)
    return [
        {
            "id": r[0],
            "kind": r[1],
            "assignee_id": r[2],
            "assignee": _person(*r[3:7]) if r[2] is not None else None,
            "department_id": r[7],
            "department": r[8] if r[7] is not None else None,
            "deadline": r[9],
            "direction": r[10],
            "status": r[11],
            "parent_id": r[12],
        }
        for r in rows
    ]


def trace_rows(document_id: int) -> list[dict]:
    rows = _TRACE.rows(document_id)
    return [
        {
            "at": _datetime(r[0]),
            "actor": _person(*r[2:6]) if r[1] is not None else None,
            "action": r[6],
            "note": r[7],
        }
        for r in rows
    ]


def render(data, status: int = 200) -> HttpResponse:
    """A JSON response as Ninja's renderer would make it (same media type), serialised by orjson."""
    return HttpResponse(
        orjson.dumps(data), status=status, content_type="application/json; charset=utf-8"
    )

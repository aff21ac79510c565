"""Full-text search over folded Vietnamese: one index row per object, ranked matches by type.

Content and queries are folded (`core.text.fold`) and reduced to plain words before they reach the
database, so SQLite FTS5 and PostgreSQL full-text see the same tokens and user input can never
inject query syntax. Every query word must match; the last one also matches as a prefix, so
"quang ng" finds "Quảng Ngãi" while the user is still typing.

Other apps call `index_object` from their own services, inside their own transaction, whenever a
searchable object changes; the index is derived data, so it is not audited.
"""

import re

from django.db import connection

from chinhquyenso.core import compiled
from chinhquyenso.core.models import SearchEntry
from chinhquyenso.core.text import fold

# Letters and digits: what SQLite's unicode61 tokenizer keeps (underscore is a separator there).
_WORD = re.compile(r"[^\W_]+")
MAX_QUERY_WORDS = 16
RANK_CANDIDATES = 2000
RECENT_WINDOW = 20000


def words(text: str | None) -> list[str]:
    """The folded words of `text`, in order."""
    return _WORD.findall(fold(text))


def index_object(object_type: str, object_id, text: str) -> None:
    """Create or replace the index row of one object."""
    # One upsert statement rather than a SELECT then an INSERT or UPDATE; written out (the same
    # on PostgreSQL and SQLite) and prepared on PostgreSQL, as every registration runs it.
    table = connection.ops.quote_name(SearchEntry._meta.db_table)
    with compiled.cursor(connection) as cursor:
        cursor.execute(
            f"INSERT INTO {table} (object_type, object_id, content) VALUES (%s, %s, %s) "  # noqa: S608 - model table
            "ON CONFLICT (object_type, object_id) DO UPDATE SET content = EXCLUDED.content",
            [object_type, str(object_id), " ".join(words(text))],
        )


def remove_object(object_type: str, object_id) -> None:
    SearchEntry.objects.filter(object_type=object_type, object_id=str(object_id)).delete()


def _sqlite(object_type: str, terms: list[str], limit: int) -> list[str]:
    # Each word is a quoted FTS5 string, so AND/OR/NOT/NEAR, '*', '-' or '(' are just text.
    match = " ".join(f'"{t}"' for t in terms[:-1]) + f' "{terms[-1]}"*'
    sql = (
        "SELECT e.object_id FROM core_searchentry_fts f "
        "JOIN core_searchentry e ON e.id = f.rowid "
        "WHERE core_searchentry_fts MATCH %s AND e.object_type = %s "
        "ORDER BY bm25(core_searchentry_fts), e.id LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [match.strip(), object_type, limit])
        return [row[0] for row in cursor.fetchall()]


def _postgresql(object_type: str, terms: list[str], limit: int) -> list[str]:
    # Words are letters and digits only, so they are safe tsquery operands.
    query = " & ".join([*terms[:-1], f"{terms[-1]}:*"])
    # Normalisation 1 divides by the document length, as bm25 does on SQLite.
    # A common word matches a large share of a million rows, and fetching every match costs more
    # than the 50 ms budget; the newest RECENT_WINDOW rows, read in key order, usually hold enough
    # matches. Only when they do not (a rarer word, cheap to look up in the GIN index) are all
    # matches considered, the newest RANK_CANDIDATES of them ranked. See docs/search.md.
    recent = (
        "SELECT c.object_id FROM ("
        "  SELECT id, object_id, vector FROM core_searchentry WHERE object_type = %s"
        "  ORDER BY id DESC LIMIT %s"
        ") c WHERE c.vector @@ to_tsquery('simple', %s) "
        "ORDER BY ts_rank(c.vector, to_tsquery('simple', %s), 1) DESC, c.id DESC LIMIT %s"
    )
    everything = (
        "SELECT c.object_id FROM ("
        "  SELECT id, object_id, vector FROM core_searchentry"
        "  WHERE object_type = %s AND vector @@ to_tsquery('simple', %s)"
        "  ORDER BY id DESC LIMIT %s"
        ") c "
        "ORDER BY ts_rank(c.vector, to_tsquery('simple', %s), 1) DESC, c.id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(recent, [object_type, RECENT_WINDOW, query, query, limit])
        found = [row[0] for row in cursor.fetchall()]
        if len(found) >= limit:
            return found
        cursor.execute(everything, [object_type, query, RANK_CANDIDATES, query, limit])
        return [row[0] for row in cursor.fetchall()]


def _portable(object_type: str, terms: list[str], limit: int) -> list[str]:
    """Unranked fallback for other databases: every word must occur."""
    qs = SearchEntry.objects.filter(object_type=object_type)
    for term in terms:
        qs = qs.filter(content__contains=term)
    return list(qs.order_by("id").values_list("object_id", flat=True)[:limit])


def search(object_type: str, query: str | None, limit: int = 50) -> list[str]:
    """Ids of the objects of `object_type` matching every word of `query`, best first."""
    terms = words(query)[:MAX_QUERY_WORDS]
    if not terms or limit <= 0:
        return []
    backend = {"sqlite": _sqlite, "postgresql": _postgresql}.get(connection.vendor, _portable)
    return backend(object_type, terms, limit)

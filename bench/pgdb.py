"""Drop and create a PostgreSQL database for a scale benchmark (no client tools needed).

Usage: `.venv/bin/python -m bench.pgdb postgres://postgres@127.0.0.1:5432/bench_eoffice`
(the Makefile's bench-* targets run it).
"""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def recreate(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        sys.exit(f"No database name in {url}")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(name)))  # fmt: skip
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    recreate(sys.argv[1])

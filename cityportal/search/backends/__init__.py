"""One interface over the database's own full-text engine: FTS5 on SQLite (the embedded
default), tsvector with `unaccent` on PostgreSQL (scale-out). Both are handed text already in
`core.text` normal form, so they agree on what a word is and the same query finds the same
documents on either."""

from django.db import connection

from .base import Filters, SearchBackend


def get_backend() -> SearchBackend:
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SQLiteBackend

    return SQLiteBackend()


__all__ = ["Filters", "SearchBackend", "get_backend"]

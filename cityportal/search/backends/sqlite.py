"""SQLite FTS5. Two tables keyed by `search_document.id`:

- `search_document_fts`: title, lead, body folded (what matching uses), and title and lead with
  their diacritics (`title_x`, `lead_x`), so a query typed with diacritics ranks exact matches
  above folded ones;
- `search_title_fts`: folded titles with prefix indexes, for as-you-type suggestions and the
  "did you mean" vocabulary, small enough to keep prefix queries fast.

FTS5's own folding is not used: `unicode61` leaves letters with two marks (ế, ộ) accented and
never maps đ to d. The tokenizer only splits on the spaces `IndexText` puts between words."""

from django.db import connection

from cityportal.core.text import fold

from ..query import Clause, ParsedQuery
from .base import Filters, IndexText, SearchBackend, filter_sql

# title, lead, body, title_x, lead_x: a word in the title counts ten times one in the body.
WEIGHTS = "10.0, 4.0, 1.0, 10.0, 4.0"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"

SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5("
    f"title, lead, body, title_x, lead_x, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_title_fts USING fts5("
    f"title, {TOKENIZE}, prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_title_vocab USING fts5vocab(search_title_fts, 'row')",
]
DROP = [
    "DROP TABLE IF EXISTS search_title_vocab",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_document_fts",
]


def _phrase(words, prefix: bool = False, folded: bool = True) -> str:
    # Words are letters and digits only (core.text.words), so quoting cannot be broken out of.
    text = " ".join(fold(w) if folded else w for w in words)
    return f'"{text}"' + ("*" if prefix else "")


def _clause(clause: Clause, prefix: bool = False, folded: bool = True) -> str:
    return "(" + " OR ".join(_phrase(p, prefix, folded) for p in clause.alternatives) + ")"


def match_expression(query: ParsedQuery) -> str:
    folded = "{title lead body}"
    required = " AND ".join(_clause(c) for c in query.clauses)
    parts = [f"{folded} : ({required})"]
    if query.phrase:
        parts.append(f"{folded} : {_phrase(query.phrase)}")
    if query.accented:
        exact = " AND ".join(_clause(c, folded=False) for c in query.clauses)
        parts.append(f"{{title_x lead_x}} : ({exact})")
    expression = " OR ".join(f"({p})" for p in parts)
    if query.excluded:
        excluded = " OR ".join(_phrase(p) for p in query.excluded)
        expression = f"({expression}) NOT ({folded} : ({excluded}))"
    return expression


class SQLiteBackend(SearchBackend):
    def write(self, documents) -> None:
        rows, titles = [], []
        for document in documents:
            text = IndexText.of(document)
            folded = text.folded()
            rows.append(
                (document.pk, folded.title, folded.lead, folded.body, text.title, text.lead)
            )
            titles.append((document.pk, folded.title))
        if not rows:
            return
        ids = [(pk,) for pk, *_ in rows]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_document_fts WHERE rowid = %s", ids)
            cursor.executemany("DELETE FROM search_title_fts WHERE rowid = %s", ids)
            cursor.executemany(
                "INSERT INTO search_document_fts (rowid, title, lead, body, title_x, lead_x)"
                " VALUES (%s, %s, %s, %s, %s, %s)",
                rows,
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (rowid, title) VALUES (%s, %s)", titles
            )

    def delete(self, ids) -> None:
        ids = [(pk,) for pk in ids]
        with connection.cursor() as cursor:
            cursor.executemany("DELETE FROM search_document_fts WHERE rowid = %s", ids)
            cursor.executemany("DELETE FROM search_title_fts WHERE rowid = %s", ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for statement in DROP + SCHEMA:
                cursor.execute(statement)

    def optimize(self) -> None:
        """Merge the index's segments after a bulk load: fewer b-trees for each query to read."""
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO search_document_fts(search_document_fts) VALUES('optimize')"
            )
            cursor.execute("INSERT INTO search_title_fts(search_title_fts) VALUES('optimize')")

    def search(self, query: ParsedQuery, filters: Filters, order: str, limit: int, offset: int):
        conditions, params = filter_sql(filters)
        where = " AND ".join(["search_document_fts MATCH %s"] + conditions)
        params = [match_expression(query)] + params
        base = f"FROM search_document_fts f JOIN search_document d ON d.id = f.rowid WHERE {where}"
        ordering = (
            "d.published_at DESC NULLS LAST, score"
            if order == "newest"
            else "score, d.published_at DESC NULLS LAST"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) {base}", params)
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return total, []
            cursor.execute(
                f"SELECT f.rowid, bm25(search_document_fts, {WEIGHTS}) AS score {base}"
                f" ORDER BY {ordering} LIMIT %s OFFSET %s",
                params + [limit, offset],
            )
            return total, [(pk, -score) for pk, score in cursor.fetchall()]

    def suggest(self, query: ParsedQuery, limit: int) -> list[int]:
        clauses = [_clause(c) for c in query.clauses[:-1]]
        last = query.clauses[-1]
        clauses.append(_clause(last, prefix=query.prefix and len(last.alternatives[0]) == 1))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.rowid FROM search_title_fts t JOIN search_document d ON d.id = t.rowid"
                " WHERE search_title_fts MATCH %s"
                " ORDER BY bm25(search_title_fts), d.published_at DESC NULLS LAST LIMIT %s",
                [" AND ".join(clauses), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def title_vocabulary(self, min_documents: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, doc FROM search_title_vocab WHERE doc >= %s", [min_documents]
            )
            return cursor.fetchall()

"""PostgreSQL full text search. `search_document` gets two tsvector columns with GIN indexes,
added by this app's migration:

- `vector`: title (weight A), lead (B) and body (C) through the `cityportal_vi` configuration,
  `simple` with `unaccent` in front, so "Thủ Đức" and "thu duc" give the same lexemes;
- `vector_exact`: title and lead through `simple` alone, diacritics kept, for ranking exact
  matches above folded ones.

Queries go through the same configurations, so indexing and querying cannot disagree."""

from django.db import connection

from ..query import Clause, ParsedQuery
from .base import Filters, IndexText, SearchBackend, filter_sql

CONFIG = "cityportal_vi"
# ts_rank weights, in PostgreSQL's order {D, C, B, A}: body, lead, title.
WEIGHTS = "'{0.05, 0.1, 0.4, 1.0}'"
TOKEN_TYPES = (
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword,"
    " hword_numpart"
)
SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = simple);
        END IF;
    END $$""",
    f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} ALTER MAPPING FOR {TOKEN_TYPES} WITH unaccent, simple",
    "ALTER TABLE search_document ADD COLUMN IF NOT EXISTS vector tsvector,"
    " ADD COLUMN IF NOT EXISTS vector_exact tsvector",
    "CREATE INDEX IF NOT EXISTS search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_document_vector_exact"
    " ON search_document USING gin (vector_exact)",
]
DROP = [
    "DROP INDEX IF EXISTS search_document_vector_exact",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector, DROP COLUMN IF EXISTS vector_exact",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]


def _lexeme(word: str, weight: str = "", prefix: bool = False) -> str:
    # Words are letters and digits only (core.text.words), so quoting cannot be broken out of.
    label = ("*" if prefix else "") + weight
    return f"'{word}'" + (f":{label}" if label else "")


def _phrase(words, weight: str = "", prefix: bool = False) -> str:
    last = len(words) - 1
    return " <-> ".join(_lexeme(w, weight, prefix and i == last) for i, w in enumerate(words))


def _clause(clause: Clause, weight: str = "", prefix: bool = False) -> str:
    return "(" + " | ".join(_phrase(p, weight, prefix) for p in clause.alternatives) + ")"


def tsqueries(query: ParsedQuery) -> dict[str, str]:
    required = " & ".join(_clause(c) for c in query.clauses)
    if query.excluded:
        excluded = " | ".join(_phrase(p) for p in query.excluded)
        required = f"({required}) & !({excluded})"
    found = {"required": required}
    if query.phrase:
        found["phrase"] = _phrase(query.phrase)
    if query.accented:
        found["exact"] = " & ".join(_clause(c) for c in query.clauses)
    return found


class PostgresBackend(SearchBackend):
    def write(self, documents) -> None:
        rows = []
        for document in documents:
            text = IndexText.of(document)
            rows.append((text.title, text.lead, text.body, text.title, text.lead, document.pk))
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_document SET"
                f" vector = setweight(to_tsvector('{CONFIG}', %s), 'A')"
                f" || setweight(to_tsvector('{CONFIG}', %s), 'B')"
                f" || setweight(to_tsvector('{CONFIG}', %s), 'C'),"
                " vector_exact = setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B')"
                " WHERE id = %s",
                rows,
            )

    def delete(self, ids) -> None:
        """The vectors live in the document rows, which the caller deletes."""

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE search_document SET vector = NULL, vector_exact = NULL")

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")

    def search(self, query: ParsedQuery, filters: Filters, order: str, limit: int, offset: int):
        queries = tsqueries(query)
        conditions, params = filter_sql(filters)
        where = " AND ".join([f"d.vector @@ to_tsquery('{CONFIG}', %s)"] + conditions)
        params = [queries["required"]] + params
        scores = [f"ts_rank({WEIGHTS}, d.vector, to_tsquery('{CONFIG}', %s))"]
        score_params = [queries["required"]]
        if "phrase" in queries:
            scores.append(f"ts_rank({WEIGHTS}, d.vector, to_tsquery('{CONFIG}', %s))")
            score_params.append(queries["phrase"])
        if "exact" in queries:
            scores.append(f"ts_rank({WEIGHTS}, d.vector_exact, to_tsquery('simple', %s))")
            score_params.append(queries["exact"])
        ordering = (
            "d.published_at DESC NULLS LAST, score DESC"
            if order == "newest"
            else "score DESC, d.published_at DESC NULLS LAST"
        )
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM search_document d WHERE {where}", params)
            total = cursor.fetchone()[0]
            if not total or offset >= total:
                return total, []
            cursor.execute(
                f"SELECT d.id, {' + '.join(scores)} AS score FROM search_document d"
                f" WHERE {where} ORDER BY {ordering} LIMIT %s OFFSET %s",
                score_params + params + [limit, offset],
            )
            return total, [(pk, float(score)) for pk, score in cursor.fetchall()]

    def suggest(self, query: ParsedQuery, limit: int) -> list[int]:
        clauses = [_clause(c, "A") for c in query.clauses[:-1]]
        last = query.clauses[-1]
        clauses.append(_clause(last, "A", prefix=query.prefix and len(last.alternatives[0]) == 1))
        tsquery = " & ".join(clauses)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT d.id FROM search_document d"
                f" WHERE d.vector @@ to_tsquery('{CONFIG}', %s)"
                f" ORDER BY ts_rank({WEIGHTS}, d.vector, to_tsquery('{CONFIG}', %s)) DESC,"
                " d.published_at DESC NULLS LAST LIMIT %s",
                [tsquery, tsquery, limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def title_vocabulary(self, min_documents: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM search_document', 'a')"
                " WHERE ndoc >= %s",
                [min_documents],
            )
            return cursor.fetchall()

"""PostgreSQL full text search. `search_document` gets three tsvector columns, added by this
app's migration, all from text in `IndexText` form:

- `vector` (GIN): title (weight A), lead (B) and body (C) through the `cityportal_vi`
  configuration, `simple` with `unaccent` in front, so "Thủ Đức" and "thu duc" give the same
  lexemes: which documents match;
- `vector_head` (GIN): title (A) and lead (B) the same way: ranking. A body's vector is large
  and stored out of line (TOAST); ranking a common word's matches on it read thousands of them
  (800 ms at p95 on 196k documents). Title and lead vectors are small and stay in the row;
- `vector_exact`: title and lead through `simple` alone, diacritics kept, so exact matches
  score above folded ones.

Queries go through the same configurations, so indexing and querying cannot disagree. Results
come in the same two tiers as on SQLite (see `sqlite.py`)."""

import json

from django.db import connection

from ..query import Clause, ParsedQuery
from .base import RANK_WINDOW, Filters, IndexText, Ranked, SearchBackend, filter_sql

CONFIG = "cityportal_vi"
# Above this many expected matches, the total is the planner's estimate.
EXACT_COUNT_BELOW = RANK_WINDOW
# ts_rank weights, in PostgreSQL's order {D, C, B, A}: lead and title.
WEIGHTS = "'{0.1, 0.1, 0.4, 1.0}'"
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
    " ADD COLUMN IF NOT EXISTS vector_head tsvector,"
    " ADD COLUMN IF NOT EXISTS vector_exact tsvector",
    "CREATE INDEX IF NOT EXISTS search_document_vector ON search_document USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_document_vector_head"
    " ON search_document USING gin (vector_head)",
]
DROP = [
    "DROP INDEX IF EXISTS search_document_vector_head",
    "DROP INDEX IF EXISTS search_document_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS vector,"
    " DROP COLUMN IF EXISTS vector_head, DROP COLUMN IF EXISTS vector_exact",
    f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
]
HEAD = f"setweight(to_tsvector('{CONFIG}', %s), 'A') || setweight(to_tsvector('{CONFIG}', %s), 'B')"


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
        found = {"required": required, "excluded": excluded}
    else:
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
            rows.append(
                (text.title, text.lead, text.body, text.title, text.lead)
                + (text.title, text.lead, document.pk)
            )
        if not rows:
            return
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE search_document SET vector = {HEAD}"
                f" || setweight(to_tsvector('{CONFIG}', %s), 'C'),"
                f" vector_head = {HEAD},"
                " vector_exact = setweight(to_tsvector('simple', %s), 'A')"
                " || setweight(to_tsvector('simple', %s), 'B')"
                " WHERE id = %s",
                rows,
            )

    def delete(self, ids) -> None:
        """The vectors live in the document rows, which the caller deletes."""

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE search_document SET vector = NULL, vector_head = NULL, vector_exact = NULL"
            )

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")

    def search(self, query: ParsedQuery, filters: Filters, order: str, limit: int, offset: int):
        queries = tsqueries(query)
        conditions, params = filter_sql(filters)
        where = "".join(f" AND {c}" for c in conditions)
        matches = f"d.vector @@ to_tsquery('{CONFIG}', %s){where}"
        match_params = [queries["required"]] + params
        with connection.cursor() as cursor:
            total, exact = self._count(cursor, matches, match_params)
            if not total or (exact and offset >= total):
                return Ranked(total, [], exact)
            if order == "newest":
                window = self._window(cursor, matches, match_params, total)
                cursor.execute(
                    f"SELECT d.id, 0.0 FROM search_document d WHERE {matches}{window}"
                    " ORDER BY d.published_at DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
                    match_params + [limit, offset],
                )
                return self._ranked(total, exact, cursor.fetchall(), offset)

            head = f"d.vector_head @@ to_tsquery('{CONFIG}', %s){where}"
            head_params = [queries["required"]] + params
            if "excluded" in queries:  # an excluded word in the body excludes the document too
                head += f" AND NOT d.vector @@ to_tsquery('{CONFIG}', %s)"
                head_params.append(queries["excluded"])
            in_head, _ = self._count(cursor, head, head_params)
            ranked = []
            if offset < in_head:
                scores, score_params = self._scores(queries)

                def rank(window: str) -> list:
                    cursor.execute(
                        f"SELECT d.id, {scores} AS score FROM search_document d"
                        f" WHERE {head}{window} ORDER BY score DESC,"
                        " d.published_at DESC NULLS LAST LIMIT %s OFFSET %s",
                        score_params + head_params + [limit, offset],
                    )
                    return cursor.fetchall()

                if in_head > RANK_WINDOW:
                    ranked = rank(self._approximate_window(cursor, in_head))
                if len(ranked) < min(limit, RANK_WINDOW - offset):
                    # The matches are not spread evenly (all old, say): find the window exactly.
                    ranked = rank(self._window(cursor, head, head_params, in_head))
                ranked = [(pk, float(score)) for pk, score in ranked]
            if len(ranked) < limit and in_head < total:
                # Materialised: walking the primary key backwards instead, checking each
                # row's body vector, took 280 ms when the words were rare.
                cursor.execute(
                    "WITH body_only AS MATERIALIZED (SELECT d.id FROM search_document d"
                    f" WHERE {matches} AND NOT d.vector_head @@ to_tsquery('{CONFIG}', %s))"
                    " SELECT id, 0.0 FROM body_only ORDER BY id DESC LIMIT %s OFFSET %s",
                    match_params
                    + [queries["required"], limit - len(ranked), max(0, offset - in_head)],
                )
                ranked += cursor.fetchall()
        return self._ranked(total, exact, ranked, offset)

    @staticmethod
    def _ranked(total, exact, ranked, offset) -> Ranked:
        ranked = [(pk, float(score)) for pk, score in ranked]
        return Ranked(total if exact else max(total, offset + len(ranked)), ranked, exact)

    @staticmethod
    def _scores(queries) -> tuple[str, list]:
        scores = [f"ts_rank({WEIGHTS}, d.vector_head, to_tsquery('{CONFIG}', %s))"]
        params = [queries["required"]]
        if "phrase" in queries:
            scores.append(f"ts_rank({WEIGHTS}, d.vector_head, to_tsquery('{CONFIG}', %s))")
            params.append(queries["phrase"])
        if "exact" in queries:
            scores.append(f"ts_rank({WEIGHTS}, d.vector_exact, to_tsquery('simple', %s))")
            params.append(queries["exact"])
        return " + ".join(scores), params

    @staticmethod
    def _count(cursor, condition: str, params) -> tuple[int, bool]:
        """Exact when the planner expects few matches; its estimate when it expects more, since
        counting a common word's matches visits a row for each (30 ms for 10,000)."""
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document d WHERE {condition}", params
        )
        plan = cursor.fetchone()[0]
        estimate = int(
            (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
        )
        if estimate > EXACT_COUNT_BELOW:
            return estimate, False
        # The planner underestimates words that come together (it multiplies their
        # frequencies), so the count stops too.
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM search_document d WHERE {condition}"
            " LIMIT %s) found",
            params + [EXACT_COUNT_BELOW + 1],
        )
        count = cursor.fetchone()[0]
        if count > EXACT_COUNT_BELOW:
            return max(estimate, count), False
        return count, True

    @staticmethod
    def _approximate_window(cursor, matches: int) -> str:
        """About the newest RANK_WINDOW matches, without reading them: their ids are spread over
        the table, so the last RANK_WINDOW / density ids hold about that many. (Finding the
        exact boundary meant reading every match, since the planner prefers the GIN bitmap to
        walking the primary key: 90 ms for a common word on 196k documents.)"""
        cursor.execute(
            "SELECT reltuples::bigint, (SELECT max(id) FROM search_document)"
            " FROM pg_class WHERE oid = 'search_document'::regclass"
        )
        rows, last = cursor.fetchone()
        if rows <= 0 or not last:  # never analysed
            return ""
        return f" AND d.id > {int(last - RANK_WINDOW * max(rows, matches) / matches)}"

    @staticmethod
    def _window(cursor, condition: str, params, matches: int) -> str:
        """Past RANK_WINDOW matches, a condition keeping the newest RANK_WINDOW of them."""
        if matches <= RANK_WINDOW:
            return ""
        cursor.execute(
            f"SELECT d.id FROM search_document d WHERE {condition}"
            " ORDER BY d.id DESC OFFSET %s LIMIT 1",
            params + [RANK_WINDOW - 1],
        )
        row = cursor.fetchone()
        return f" AND d.id >= {int(row[0])}" if row else ""

    def titles_matching(self, clauses: list[Clause], prefix: bool, limit: int) -> list[int]:
        expression = [_clause(c, "A") for c in clauses[:-1]] + [_clause(clauses[-1], "A", prefix)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.id FROM search_document d"
                f" WHERE d.vector_head @@ to_tsquery('{CONFIG}', %s) ORDER BY length(d.title),"
                " d.published_at DESC NULLS LAST, d.id DESC LIMIT %s",
                [" & ".join(expression), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def title_vocabulary(self, limit: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector_head FROM search_document', 'a')"
                " ORDER BY ndoc DESC, word LIMIT %s",
                [limit],
            )
            return cursor.fetchall()

    def text_vocabulary(self, limit: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT vector FROM search_document')"
                " WHERE word !~ '[0-9]' ORDER BY ndoc DESC, word LIMIT %s",
                [limit],
            )
            return cursor.fetchall()

"""SQLite FTS5. Three tables keyed by `search_document.id`, all holding text in `IndexText` form:

- `search_document_fts`: title, lead and body, folded: which documents match;
- `search_head_fts`: title and lead, folded and with their diacritics (`title_x`, `lead_x`):
  ranking. Scoring a match reads the positions of every query word in it; in a 20,000-character
  body that cost 35 µs a document, so documents are ranked on their title and lead, where a
  typed diacritic can also count;
- `search_title_fts`: folded titles with prefix indexes, for as-you-type suggestions and the
  "did you mean" vocabulary.

Results come in two tiers, which is the ranking rule "title above lead above body" kept
strictly: documents with every word in their title or lead, by bm25 (title over lead, exact
diacritics and words side by side scoring more), then documents with some word only in the
body, newest first.

FTS5's own folding is not used: `unicode61` leaves letters with two marks (ế, ộ) accented and
never maps đ to d. The tokenizer only splits on the spaces `IndexText` puts between words."""

from django.db import connection

from cityportal.core.text import fold

from ..query import Clause, ParsedQuery
from .base import (
    COUNT_LIMIT,
    RANK_WINDOW,
    Filters,
    IndexText,
    Ranked,
    SearchBackend,
    filter_sql,
)

# title, lead, title_x, lead_x: a word in the title counts two and a half times one in the lead.
WEIGHTS = "10.0, 4.0, 10.0, 4.0"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"

SCHEMA = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_document_fts USING fts5("
    f"title, lead, body, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_head_fts USING fts5("
    f"title, lead, title_x, lead_x, {TOKENIZE})",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_title_fts USING fts5("
    f"title, {TOKENIZE}, prefix = '1 2 3')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS search_title_vocab USING fts5vocab(search_title_fts, 'row')",
]
DROP = [
    "DROP TABLE IF EXISTS search_title_vocab",
    "DROP TABLE IF EXISTS search_title_fts",
    "DROP TABLE IF EXISTS search_head_fts",
    "DROP TABLE IF EXISTS search_document_fts",
]
TABLES = ["search_document_fts", "search_head_fts", "search_title_fts"]


def _phrase(words, prefix: bool = False, folded: bool = True) -> str:
    # Words are letters and digits only (core.text.words), so quoting cannot be broken out of.
    text = " ".join(fold(w) if folded else w for w in words)
    return f'"{text}"' + ("*" if prefix else "")


def _clause(clause: Clause, prefix: bool = False, folded: bool = True) -> str:
    return "(" + " OR ".join(_phrase(p, prefix, folded) for p in clause.alternatives) + ")"


def required(query: ParsedQuery) -> str:
    return " AND ".join(_clause(c) for c in query.clauses)


def excluded(query: ParsedQuery) -> str:
    return " OR ".join(_phrase(p) for p in query.excluded)


def match_expression(query: ParsedQuery) -> str:
    """Which documents match (`search_document_fts`): every clause somewhere, no excluded word."""
    expression = f"({required(query)})"
    if query.excluded:
        expression += f" NOT ({excluded(query)})"
    return expression


def head_expression(query: ParsedQuery, scored: bool = True) -> str:
    """Tier one (`search_head_fts`): every clause in the title or lead. The alternatives after OR
    match nothing more; they are there to be scored: words side by side, exact diacritics."""
    head = "{title lead}"
    parts = [f"{head} : ({required(query)})"]
    if scored and query.phrase:
        parts.append(f"{head} : {_phrase(query.phrase)}")
    if scored and query.accented:
        exact = " AND ".join(_clause(c, folded=False) for c in query.clauses)
        parts.append(f"{{title_x lead_x}} : ({exact})")
    expression = " OR ".join(f"({p})" for p in parts)
    if query.excluded:
        expression = f"({expression}) NOT ({head} : ({excluded(query)}))"
    return expression


def body_only_expression(query: ParsedQuery) -> str:
    """Tier two (`search_document_fts`): matches that are not in tier one."""
    return f"({match_expression(query)}) NOT ({{title lead}} : ({required(query)}))"


class SQLiteBackend(SearchBackend):
    def write(self, documents) -> None:
        bodies, heads, titles = [], [], []
        for document in documents:
            text = IndexText.of(document)
            folded = text.folded()
            bodies.append((document.pk, folded.title, folded.lead, folded.body))
            heads.append((document.pk, folded.title, folded.lead, text.title, text.lead))
            titles.append((document.pk, folded.title))
        if not bodies:
            return
        self.delete([pk for pk, *_ in bodies])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_document_fts (rowid, title, lead, body) VALUES (%s, %s, %s, %s)",
                bodies,
            )
            cursor.executemany(
                "INSERT INTO search_head_fts (rowid, title, lead, title_x, lead_x)"
                " VALUES (%s, %s, %s, %s, %s)",
                heads,
            )
            cursor.executemany(
                "INSERT INTO search_title_fts (rowid, title) VALUES (%s, %s)", titles
            )

    def delete(self, ids) -> None:
        ids = [(pk,) for pk in ids]
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.executemany(f"DELETE FROM {table} WHERE rowid = %s", ids)

    def clear(self) -> None:
        with connection.cursor() as cursor:
            for statement in DROP + SCHEMA:
                cursor.execute(statement)

    def optimize(self) -> None:
        """Merge the index's segments after a bulk load: fewer b-trees for each query to read."""
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")

    def search(self, query: ParsedQuery, filters: Filters, order: str, limit: int, offset: int):
        conditions, params = filter_sql(filters)
        where = "".join(f" AND {c}" for c in conditions)

        def source(table: str, join: bool = bool(conditions)) -> str:
            # The document table only when needed: at 1M documents, looking each match up in
            # it cost more than matching.
            joined = " JOIN search_document d ON d.id = f.rowid" if join else ""
            return f"FROM {table} f{joined} WHERE {table} MATCH %s{where}"

        body = source("search_document_fts")
        body_params = [match_expression(query)] + params
        with connection.cursor() as cursor:
            # FTS5 walks matches in rowid order without scoring them: counting up to a limit
            # and finding a window's first id cost little however common the words are.
            total = self._count(cursor, body, body_params)
            if not total or offset >= total:
                return Ranked(min(total, COUNT_LIMIT), [], total <= COUNT_LIMIT)
            if order == "newest":
                newest = source("search_document_fts", join=True)
                ranked = self._newest(cursor, newest, body_params, total, limit, offset)
                return Ranked(min(total, COUNT_LIMIT), ranked, total <= COUNT_LIMIT)

            head = source("search_head_fts")
            # Counting and windowing need only the required words, not the scored alternatives.
            head_params = [head_expression(query)] + params
            plain_params = [head_expression(query, scored=False)] + params
            if query.excluded:  # an excluded word in the body excludes the document too
                head += (
                    " AND f.rowid NOT IN (SELECT rowid FROM search_document_fts"
                    " WHERE search_document_fts MATCH %s)"
                )
                head_params.append(f"({excluded(query)})")
                plain_params.append(f"({excluded(query)})")
            in_head = self._count(cursor, head, plain_params)
            ranked = []
            if offset < in_head:
                window = self._window(cursor, head, plain_params, in_head)
                cursor.execute(
                    f"SELECT f.rowid, bm25(search_head_fts, {WEIGHTS}) AS score {head}{window}"
                    # Ties go to the newer: ids grow with publication (index.rebuild).
                    " ORDER BY score, f.rowid DESC LIMIT %s OFFSET %s",
                    head_params + [limit, offset],
                )
                ranked = [(pk, -score) for pk, score in cursor.fetchall()]
            if len(ranked) < limit and in_head < total:
                cursor.execute(
                    f"SELECT f.rowid, 0.0 {body} ORDER BY f.rowid DESC LIMIT %s OFFSET %s",
                    [body_only_expression(query)]
                    + params
                    + [limit - len(ranked), max(0, offset - in_head)],
                )
                ranked += cursor.fetchall()
        return Ranked(min(total, COUNT_LIMIT), ranked, total <= COUNT_LIMIT)

    @staticmethod
    def _count(cursor, source: str, params) -> int:
        cursor.execute(
            f"SELECT count(*) FROM (SELECT 1 {source} LIMIT %s)", params + [COUNT_LIMIT + 1]
        )
        return cursor.fetchone()[0]

    @staticmethod
    def _window(cursor, source: str, params, matches: int) -> str:
        """Past RANK_WINDOW matches, a condition keeping the newest RANK_WINDOW of them."""
        if matches <= RANK_WINDOW:
            return ""
        cursor.execute(
            f"SELECT f.rowid {source} ORDER BY f.rowid DESC LIMIT 1 OFFSET %s",
            params + [RANK_WINDOW - 1],
        )
        return f" AND f.rowid >= {int(cursor.fetchone()[0])}"

    def _newest(self, cursor, source: str, params, total: int, limit: int, offset: int):
        window = self._window(cursor, source, params, total)
        cursor.execute(
            f"SELECT f.rowid, 0.0 {source}{window}"
            " ORDER BY d.published_at DESC NULLS LAST, f.rowid DESC LIMIT %s OFFSET %s",
            params + [limit, offset],
        )
        return cursor.fetchall()

    def titles_matching(self, clauses: list[Clause], prefix: bool, limit: int) -> list[int]:
        expression = [_clause(c) for c in clauses[:-1]] + [_clause(clauses[-1], prefix=prefix)]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.rowid FROM search_title_fts t JOIN search_document d ON d.id = t.rowid"
                " WHERE search_title_fts MATCH %s ORDER BY length(d.title),"
                " d.published_at DESC NULLS LAST, t.rowid DESC LIMIT %s",
                [" AND ".join(expression), limit],
            )
            return [row[0] for row in cursor.fetchall()]

    def title_vocabulary(self, limit: int):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term, doc FROM search_title_vocab ORDER BY doc DESC, term LIMIT %s",
                [limit],
            )
            return cursor.fetchall()

    def text_vocabulary(self, limit: int):
        with connection.cursor() as cursor:
            # A vocabulary table reads the index and stores nothing: one in this connection's
            # temporary schema needs no migration.
            cursor.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_document_vocab"
                " USING fts5vocab(main, search_document_fts, 'row')"
            )
            cursor.execute(
                "SELECT term, doc FROM temp.search_document_vocab WHERE term NOT GLOB '*[0-9]*'"
                " ORDER BY doc DESC, term LIMIT %s",
                [limit],
            )
            return cursor.fetchall()

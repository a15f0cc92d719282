import datetime
from dataclasses import dataclass

from cityportal.core.text import fold, words

from ..query import Clause, ParsedQuery

# Indexing a 500-page report whole would make every query that touches it slower and rank it no
# better; the start of a text says what it is about.
MAX_BODY_CHARS = 20_000
# Ranking reads every match's positions; for a common word that is a fifth of the index. Past
# this many matches, only the newest RANK_WINDOW matches are ranked (ids grow with publication,
# see index.rebuild): a reader typing "bão" wants this season's storms ranked, not 2017's.
RANK_WINDOW = 2_000
# Counting stops here; above it the total is a lower bound (SQLite) or the planner's estimate
# (PostgreSQL), and the page says "khoảng".
COUNT_LIMIT = 10_000


@dataclass
class Ranked:
    total: int
    ids_scores: list[tuple[int, float]]
    exact_total: bool = True


@dataclass
class Filters:
    kind: str = ""
    exclude_kind: str = ""
    section: str = ""
    place_ids: set[int] | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


@dataclass
class IndexText:
    """A document's text as the engines see it: words joined by spaces, diacritics kept
    (`exact`) and folded."""

    title: str
    lead: str
    body: str

    @classmethod
    def of(cls, document) -> "IndexText":
        return cls(
            " ".join(words(document.title)),
            " ".join(words(document.lead)),
            " ".join(words(document.body[:MAX_BODY_CHARS])),
        )

    def folded(self) -> "IndexText":
        return IndexText(fold(self.title), fold(self.lead), fold(self.body))


class SearchBackend:
    """What every backend does. Ids are `search.Document` primary keys; scores grow with
    relevance."""

    def write(self, documents) -> None:
        raise NotImplementedError

    def delete(self, ids) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def search(
        self, query: ParsedQuery, filters: Filters, order: str, limit: int, offset: int
    ) -> Ranked:
        raise NotImplementedError

    def suggest(self, query: ParsedQuery, limit: int) -> list[int]:
        """Titles for the search box, in tiers: what was typed, word for word and side by side;
        then every word (or a synonym of it) anywhere; then the last word as the start of a longer
        one. Without the tiers, "quan 1" offered eight wards of Quận 10 and 11 before Quận 1."""
        found: list[int] = []
        for clauses, prefix in suggestion_tiers(query):
            for pk in self.titles_matching(clauses, prefix, limit + len(found)):
                if pk not in found:
                    found.append(pk)
            if len(found) >= limit:
                break
        return found[:limit]

    def titles_matching(self, clauses: list[Clause], prefix: bool, limit: int) -> list[int]:
        """Documents whose title holds every clause, the shortest title first (the closest to
        what was typed), then the newest. With `prefix`, the last clause may be the start of a
        longer word."""
        raise NotImplementedError

    def newest(self, filters: Filters, limit: int, offset: int) -> Ranked:
        """Every document the filters allow, newest first: a filter chosen with no words typed.
        Plain SQL on the document table, the same on both databases; counting stops at
        COUNT_LIMIT as in `search`."""
        from django.db import connection

        conditions, params = filter_sql(filters)
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM search_document d{where} LIMIT %s) found",
                params + [COUNT_LIMIT + 1],
            )
            total = cursor.fetchone()[0]
            cursor.execute(
                f"SELECT d.id, 0.0 FROM search_document d{where}"
                " ORDER BY d.published_at DESC NULLS LAST, d.id DESC LIMIT %s OFFSET %s",
                params + [limit, offset],
            )
            ranked = [(pk, float(score)) for pk, score in cursor.fetchall()]
        return Ranked(min(total, COUNT_LIMIT), ranked, total <= COUNT_LIMIT)

    def title_vocabulary(self, limit: int) -> list[tuple[str, int]]:
        """The `limit` folded words of titles most documents use, with that number."""
        raise NotImplementedError

    def text_vocabulary(self, limit: int) -> list[tuple[str, int]]:
        """The `limit` folded words (letters only) most documents use in their title, lead or
        body, with that number."""
        raise NotImplementedError


def suggestion_tiers(query: ParsedQuery) -> list[tuple[list[Clause], bool]]:
    """`suggest`'s tiers as (clauses, prefix), without repeats. Synonyms are left out of the first
    so that the titles naming a thing several ways ("Thành phố Thủ Đức" for "thu duc") do not
    outrank the one that says exactly what was typed ("Phường Thủ Đức")."""
    typed = [Clause((tuple(query.words),))]
    tiers = [(typed, False)]
    if query.clauses != typed:
        tiers.append((query.clauses, False))
    if query.prefix and len(query.clauses[-1].alternatives[0]) == 1:
        tiers.append((query.clauses, True))
    return tiers


def filter_sql(filters: Filters) -> tuple[list[str], list]:
    """WHERE conditions on the document table (alias `d`), the same SQL on both databases."""
    from django.db import connection

    conditions, params = [], []
    if filters.kind:
        conditions.append("d.kind = %s")
        params.append(filters.kind)
    if filters.exclude_kind:
        conditions.append("d.kind <> %s")
        params.append(filters.exclude_kind)
    if filters.section:
        conditions.append("d.section = %s")
        params.append(filters.section)
    if filters.place_ids is not None:
        ids = sorted(filters.place_ids) or [0]
        conditions.append(
            "d.id IN (SELECT document_id FROM search_document_places"
            f" WHERE administrativeunit_id IN ({', '.join(['%s'] * len(ids))}))"
        )
        params += ids
    for bound, op, days in ((filters.start, ">=", 0), (filters.end, "<", 1)):
        if bound:
            try:
                moment = connection.ops.adapt_datetimefield_value(_local_midnight(bound, days))
            except OverflowError:
                # Only "from 1/1/0001" (before UTC's year 1) or "to 31/12/9999" (after its last
                # day) overflow, and both bound nothing.
                continue
            conditions.append(f"d.published_at {op} %s")
            params.append(moment)
    return conditions, params


def _local_midnight(day: datetime.date, plus_days: int) -> datetime.datetime:
    from django.utils import timezone

    moment = datetime.datetime.combine(day + datetime.timedelta(days=plus_days), datetime.time())
    return timezone.make_aware(moment)

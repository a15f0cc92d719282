"""Search as the site and the API use it: parse, filter, rank, page, mark, suggest."""

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from cityportal.core.models import AdministrativeUnit

from .backends import Filters, get_backend
from .highlight import highlight, snippet
from .models import Document
from .query import ParsedQuery, parse
from .spelling import did_you_mean

ORDERS = ("relevance", "newest")


@dataclass
class Hit:
    document: Document
    score: float
    title: SafeString
    snippet: SafeString

    @property
    def kind(self) -> str:
        return self.document.kind


@dataclass
class Results:
    query: ParsedQuery
    total: int = 0
    # False when there are too many matches to count: `total` is then a lower bound or an
    # estimate, and the page says "khoảng".
    exact_total: bool = True
    hits: list[Hit] = field(default_factory=list)
    did_you_mean: str = ""
    # Nothing has every word: the words typed less one, that find something (`fewer_words`).
    fewer_words: str = ""
    dropped: str = ""
    # No words, a filter's newest documents instead (`search(browse=True)`).
    browsing: bool = False


def search(
    text: str,
    *,
    kind: str = "",
    exclude_kind: str = "",
    section: str = "",
    place: str = "",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    order: str = "relevance",
    limit: int = 20,
    offset: int = 0,
    suggest: bool = True,
    browse: bool = False,
) -> Results:
    """With `browse` and no words, the documents the filters allow, newest first: the search page
    asks for that when a reader picks a section or place and types nothing."""
    query = parse(text)
    results = Results(query)
    if not query and not browse:
        return results
    filters = Filters(
        kind=kind,
        exclude_kind=exclude_kind,
        section=section,
        place_ids=place_ids(place),
        start=start,
        end=end,
    )
    backend = get_backend()
    if not query:
        results.browsing = True
        found = backend.newest(filters, limit, offset)
    else:
        found = backend.search(query, filters, order, limit, offset)
    results.total, results.exact_total, ranked = found.total, found.exact_total, found.ids_scores
    documents = Document.objects.in_bulk([pk for pk, _ in ranked])
    results.hits = [
        Hit(
            documents[pk],
            score,
            highlight(documents[pk].title, query),
            snippet([documents[pk].lead, documents[pk].body], query),
        )
        for pk, score in ranked
        if pk in documents
    ]
    if not results.total and suggest and query:  # (a spelling pass over the whole vocabulary)
        results.did_you_mean = did_you_mean(
            query, lambda corrected: backend.search(parse(corrected), filters, order, 1, 0).total
        )
        if not results.did_you_mean:
            results.fewer_words, results.dropped = fewer_words(
                query, lambda text: backend.search(parse(text), filters, order, 1, 0).total
            )
    return results


def fewer_words(query: ParsedQuery, finds_something) -> tuple[str, str]:
    """(the query without one of its words, that word) where every word together finds nothing
    but the rest do: "ngap nuoc quan 8" finds no story naming Quận 8, "ngap nuoc" finds the
    city's. Readers type the subject first and narrow it after, so the last word goes first.
    ("", "") when none does, or the query has quotes or exclusions, which this would lose."""
    if len(query.clauses) < 2 or query.excluded or '"' in query.text:
        return "", ""
    typed = [" ".join(clause.alternatives[0]) for clause in query.clauses]
    for i in reversed(range(len(typed))):
        text = " ".join(typed[:i] + typed[i + 1 :])
        if finds_something(text):
            return text, typed[i]
    return "", ""


def suggest(text: str, limit: int = 8) -> list[Document]:
    """Titles for the search box while the reader types; the last word may be unfinished."""
    query = parse(text, prefix=True)
    if not query:
        return []
    ids = get_backend().suggest(query, limit)
    documents = Document.objects.in_bulk(ids)
    return [documents[pk] for pk in ids if pk in documents]


def place_ids(slug: str) -> set[int] | None:
    """A place and the units it came from or became, so a search in a ward created in 2025 also
    finds what was written about the wards merged into it."""
    if not slug:
        return None
    unit = AdministrativeUnit.objects.filter(slug=slug).first()
    return unit.related_unit_ids() if unit else set()

"""What analysts read: attention over time, how people feel, where, top terms, two periods
compared. Volume counts stories (near-duplicates once); reach adds up every copy and reaction.
Scopes filter with subqueries, never joins, so a plain COUNT counts each story once.
Analysts' corrections, where made, replace the model's label."""

import datetime
import functools
import hashlib
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, F, Sum

from cityportal.core.models import AdministrativeUnit

from .models import SENTIMENT_READ as SENTIMENT
from .models import SENTIMENTS, TOPIC_NAMES, Item
from .models import TOPIC_READ as TOPIC

# Nothing earlier is heard or shown: archives (1990s press) go back before the portal, but
# before 1900 a date is a blank cell misread (Excel's day 0 is 30/12/1899), and year 1 would
# overflow the period before. Periods are chosen a year at most, so none scans from here.
EARLIEST = datetime.date(1900, 1, 1)


@dataclass
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> "Period":
        return Period(
            self.start - datetime.timedelta(days=self.days), self.start - datetime.timedelta(days=1)
        )

    def dates(self) -> list[datetime.date]:
        return [self.start + datetime.timedelta(days=i) for i in range(self.days)]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"


def stories(period: Period, items=None):
    items = Item.objects.all() if items is None else items
    return items.stories().between(period.start, period.end)


def timeline(period: Period, items=None, by: str = "sentiment") -> dict:
    """{"dates": [...], "series": {label: [count per day]}} of stories, split by sentiment,
    topic or section."""
    key = {"sentiment": SENTIMENT, "topic": TOPIC, "section": F("section")}[by]
    rows = (
        stories(period, items)
        .annotate(label=key)
        .values("published_on", "label")
        .annotate(n=Count("id"))
    )
    dates = period.dates()
    index = {d: i for i, d in enumerate(dates)}
    series = {}
    for row in rows:
        series.setdefault(row["label"] or "", [0] * len(dates))[index[row["published_on"]]] += row[
            "n"
        ]
    return {"dates": dates, "series": series}


def daily_counts(period: Period, items=None) -> tuple[list[int], list[int]]:
    """Stories per day and negative stories per day."""
    rows = (
        stories(period, items)
        .annotate(label=SENTIMENT)
        .values("published_on", "label")
        .annotate(n=Count("id"))
    )
    dates = period.dates()
    index = {d: i for i, d in enumerate(dates)}
    total, negative = [0] * len(dates), [0] * len(dates)
    for row in rows:
        total[index[row["published_on"]]] += row["n"]
        if row["label"] == "negative":
            negative[index[row["published_on"]]] += row["n"]
    return total, negative


def summary(period: Period, items=None) -> dict:
    rows = (
        stories(period, items)
        .annotate(label=SENTIMENT)
        .values("label")
        .annotate(n=Count("id"), reach=Sum("cluster__reach"))
    )
    sentiments = {key: 0 for key, _ in SENTIMENTS}
    reach = 0
    for row in rows:
        if row["label"] in sentiments:
            sentiments[row["label"]] = row["n"]
            reach += row["reach"] or 0
    total = sum(sentiments.values())
    return {
        "stories": total,
        "reach": reach,
        "sentiment": sentiments,
        "shares": {k: (v / total if total else 0.0) for k, v in sentiments.items()},
    }


def top_topics(period: Period, items=None, limit: int = 10) -> list[dict]:
    rows = (
        stories(period, items)
        .annotate(label=TOPIC)
        .values("label")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    )
    return [
        {"topic": r["label"], "name": TOPIC_NAMES.get(r["label"], r["label"]), "n": r["n"]}
        for r in rows
        if r["label"]
    ]


def top_places(period: Period, items=None, limit: int = 10) -> list[dict]:
    """Stories per place, each unit on its own: the ten "Phường 1" of the districts before the
    2025 reform are ten places, each named with its district ("Phường 1 (Quận 3)")."""
    rows = list(
        stories(period, items)
        .exclude(places=None)
        .values("places")
        .annotate(n=Count("id"))
        .order_by("-n", "places")[:limit]
    )
    units = AdministrativeUnit.objects.select_related("parent").in_bulk([r["places"] for r in rows])
    shared = set(
        AdministrativeUnit.objects.local()
        .filter(name__in={unit.name for unit in units.values()})
        .values("name")
        .annotate(k=Count("id"))
        .filter(k__gt=1)
        .values_list("name", flat=True)
    )
    return [
        {
            "name": place_label(units[r["places"]], shared),
            "slug": units[r["places"]].slug,
            "n": r["n"],
        }
        for r in rows
    ]


def place_label(unit: AdministrativeUnit, shared_names=frozenset()) -> str:
    """A unit's name, with its district when another unit has the same name: an old ward
    ("Phường 1 (Quận 3)"), or an old one beside today's ward of its name ("Phường Bến Thành
    (Quận 1)" beside "Phường Bến Thành")."""
    parent = unit.parent
    if unit.name in shared_names and parent and parent.level == AdministrativeUnit.Level.DISTRICT:
        return f"{unit.name} ({parent.name})"
    return unit.name


@functools.cache
def stopwords() -> frozenset[str]:
    """Vietnamese stopwords (spaced syllables, lower case): the stop-words package's list (the
    1,941 of github.com/stopwords/vietnamese-stopwords, MIT, as in ../shared/data, which a
    deployed portal does not have), a few of our own, and an operator's file of more, one a
    line, named by MONITOR_STOPWORDS."""
    from stop_words import get_stop_words

    own = {"sáng nay", "hôm nay", "cho biết", "theo đó", "tuy nhiên", "ngoài ra", "bên cạnh đó"}
    # A news item's date and dateline words, in every story of every period.
    own |= {"hôm qua", "chiều nay", "tối nay", "đêm qua", "vừa qua", "mới đây", "cập nhật"}
    own |= set(get_stop_words("vietnamese", cache=False))
    extra = getattr(settings, "MONITOR_STOPWORDS", "")
    if extra:
        own |= set(Path(extra).read_text(encoding="utf-8").splitlines())
    return frozenset(" ".join(w.lower().split()) for w in own if w.strip())


# Grammatical words (all in the stopword list) that no term starts or ends with: the segmenter
# joins some to a neighbour ("đường được", "của dân"). Not the whole list's single syllables,
# which hold content words too: "thoát nước", "nhà nước", "người dân" are terms.
EDGE_WORDS = frozenset(
    "được của là và các những có cho với này đã sẽ đang thì mà bị bởi tại rằng nếu nhưng hoặc "
    "cũng vẫn đều rất nên để khi như theo vì nào ấy đó đây nhé nhỉ ạ à ư chứ gì mỗi mọi cả chỉ "
    "thế vậy rồi nữa".split()
)


def _is_term(term: str, stop: frozenset[str], min_syllables: int) -> bool:
    syllables = term.split()
    return (
        len(syllables) >= min_syllables
        and term not in stop
        and syllables[0] not in EDGE_WORDS
        and syllables[-1] not in EDGE_WORDS
        and any(c.isalpha() for c in term)
    )


def terms(texts, limit: int = 20, min_syllables: int = 2) -> list[tuple[str, int]]:
    """The most frequent multi-syllable words and phrases, stopwords left out (and phrases that
    start or end with a grammatical word), each counted once per text (so one long article does
    not dominate)."""
    from cityportal.nlp.tokenize import words

    stop = stopwords()
    counts = Counter()
    for text in texts:
        seen = set()
        for token in words(text):
            term = " ".join(token.replace("_", " ").lower().split())
            if _is_term(term, stop, min_syllables):
                seen.add(term)
        counts.update(seen)
    return counts.most_common(limit)


# How long a period's terms are kept: a story's wording never changes once stored, so the key
# (the stories read) is what goes stale, not the terms; this only lets unused keys go.
TERMS_SECONDS = 24 * 3600


# Stories whose terms are counted in a period: its latest, this many.
TERMS_SAMPLE = 3000


def top_terms(
    period: Period, items=None, limit: int = 20, sample: int = TERMS_SAMPLE
) -> list[tuple[str, int]]:
    """The period's terms over its latest `sample` stories. Segmenting them took a second or
    two on every dashboard and brief, for each period compared: kept in the cache under the
    stories read (each by its id and key), so a new story, or one gone, counts afresh."""
    latest = stories(period, items).order_by("-published_at").values_list("pk", "key")
    read = list(latest[:sample])
    digest = hashlib.sha256(repr(read).encode()).hexdigest()
    key = f"monitor:terms:{limit}:{digest}"
    found = cache.get(key)
    if found is None:
        ids = [pk for pk, _ in read]
        rows = Item.objects.filter(pk__in=ids).values_list("pk", "title", "text")
        texts = {pk: f"{title}. {text[:2000]}" for pk, title, text in rows}
        found = terms((texts[pk] for pk in ids if pk in texts), limit)  # in order, as ties go
        cache.set(key, found, TERMS_SECONDS)
    return found


@dataclass
class Counts:
    """One period's summary, top 20 topics and top 60 terms: what a comparison reads."""

    summary: dict
    topics: list[dict]
    terms: list[tuple[str, int]]

    @classmethod
    def of(cls, period: Period, items=None) -> "Counts":
        return cls(
            summary(period, items), top_topics(period, items, 20), top_terms(period, items, 60)
        )


# A term in one story is that story's wording, not something rising: "1 against 0" filled a
# small watchlist's brief with phrases of single posts.
RISING_AT_LEAST = 3


def rising(terms_now, terms_before: dict, scale: float) -> list[dict]:
    """Terms said more than the period before would lead one to expect once the volume is
    allowed for (`scale`: stories read now over then), most surprising first: when attention
    triples, a word in every story triples too and has not risen ("giao thông" beat "sạt lở").
    Ranked by (now − expected) / √(expected + 1), a Poisson-like surprise: a term new in 8
    stories goes before a common one at 310 where 300 were expected."""
    rows = []
    for term, n in terms_now:
        before = terms_before.get(term, 0)
        expected = before * scale
        if n >= RISING_AT_LEAST and n > max(expected, before):
            surprise = (n - expected) / math.sqrt(expected + 1)
            rows.append(({"term": term, "now": n, "before": before}, surprise))
    rows.sort(key=lambda row: row[1], reverse=True)
    return [row for row, _ in rows]


def compare(current: Period, previous: Period, items=None, counted: Counts | None = None) -> dict:
    """Two periods side by side: volume, sentiment shares, topics and terms that rose.
    `counted`: the current period's counts when the caller has them already."""
    counted = counted or Counts.of(current, items)
    now, before = counted.summary, summary(previous, items)
    topics_now = {t["topic"]: t["n"] for t in counted.topics}
    topics_before = {t["topic"]: t["n"] for t in top_topics(previous, items, 20)}
    rising_topics = sorted(
        (
            {"topic": k, "name": TOPIC_NAMES.get(k, k), "now": v, "before": topics_before.get(k, 0)}
            for k, v in topics_now.items()
        ),
        key=lambda r: r["now"] - r["before"],
        reverse=True,
    )
    read = TERMS_SAMPLE
    scale = min(now["stories"], read) / min(before["stories"], read) if before["stories"] else 1
    rising_terms = rising(counted.terms, dict(top_terms(previous, items, 200)), scale)
    return {
        "current": now,
        "previous": before,
        "change": (now["stories"] - before["stories"]) / before["stories"]
        if before["stories"]
        else None,
        "rising_topics": rising_topics[:8],
        "rising_terms": rising_terms[:15],
    }


def samples(period: Period, items=None, limit: int = 5, sentiment: str | None = None):
    """Representative stories: the widest-reaching first. Never an offensive or hateful one:
    these are quoted to leadership (the items list still finds them by toxicity)."""
    qs = stories(period, items).civil().select_related("source", "cluster")
    if sentiment:
        qs = qs.annotate(label=SENTIMENT).filter(label=sentiment)
    return list(qs.order_by(F("cluster__reach").desc(nulls_last=True), "-published_at")[:limit])


def overview(period: Period, items=None, against: Period | None = None) -> dict:
    """Everything the dashboard and the brief show for one period and scope. The period's
    summary, topics and terms are counted once and shared with the comparison (the terms
    tokenise up to 3,000 texts)."""
    now = Counts.of(period, items)
    return {
        "summary": now.summary,
        "compare": compare(period, against or period.previous(), items, now),
        "timeline": timeline(period, items),
        "topics": now.topics[:10],
        "places": top_places(period, items),
        "terms": now.terms[:20],
        "negative_samples": samples(period, items, sentiment="negative"),
        "samples": samples(period, items),
    }

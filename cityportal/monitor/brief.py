"""The opinion brief for leadership: one period (and optionally one watchlist) on a page — what
rose, where, how people feel, representative quotes with no personal data, linked coverage —
on screen and as a PDF (WeasyPrint, with the same server-side SVG charts)."""

from django.template.loader import render_to_string
from django.utils import timezone

from cityportal.news.models import ArticlePage
from cityportal.opendata.charts import (
    COMPACT,
    PALETTE,
    Canvas,
    Chart,
    Point,
    Series,
    bar_chart,
    bar_label_lines,
    line_chart,
)

from . import analysis
from .models import SENTIMENTS, TOPIC_NAMES, Item
from .privacy import scrub

SENTIMENT_NAMES = dict(SENTIMENTS)
# Vermillion for negative, bluish green for positive (Okabe-Ito); grey, not black, for neutral.
SENTIMENT_COLOURS = {"negative": PALETTE[1], "neutral": "#767676", "positive": PALETTE[2]}
QUOTE_CHARS = 280
# The rankings print side by side, each half the page (83 mm): the compact drawing (480 wide,
# 16 px text) read 7.9 pt there; 376 wide it reads 10 pt (15 px on a phone), its names given
# 18 characters a line ("Phường Thủ Dầu Một") so that they do not all wrap.
RANKING = Canvas(width=376, font=16, labels=0.45)


def quote(item: Item) -> str:
    text = " ".join(scrub(item.text).split())
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def _day_labels(dates) -> list[str]:
    return [f"{d.day}/{d.month}" for d in dates]


# Longer periods are drawn a point a week: a year of daily points is a smear in 480 pixels.
WEEKLY_AFTER_DAYS = 92


def _points(timeline: dict) -> tuple[list[str], dict, str]:
    """A timeline's labels, its series and their unit ("ngày" or "tuần"): days, or for a long
    period sums over weeks counted back from its last day, each labelled by its first day (the
    first may be shorter than seven days)."""
    dates, series = timeline["dates"], timeline["series"]
    if len(dates) <= WEEKLY_AFTER_DAYS:
        return _day_labels(dates), series, "ngày"
    short = len(dates) % 7  # days of the first, shorter week
    starts = ([0] if short else []) + list(range(short, len(dates), 7))
    ends = starts[1:] + [len(dates)]
    weekly = {
        k: [sum(v[a:b]) for a, b in zip(starts, ends, strict=True)] for k, v in series.items()
    }
    return _day_labels([dates[i] for i in starts]), weekly, "tuần"


def _line(chart_id: str, title: str, labels: list[str], series: list[Series]) -> Chart:
    svg = line_chart(
        title, labels, series, measure="câu chuyện", chart_id=chart_id, whole=True, canvas=COMPACT
    )
    return Chart(id=chart_id, kind="line", title=title, svg=svg, measure="câu chuyện")


def sentiment_chart(timeline: dict, chart_id: str = "brief-sentiment") -> Chart | None:
    """Stories per day (per week over a long period) in each sentiment, each in its own colour
    on every chart and page."""
    if not any(sum(v) for v in timeline["series"].values()):
        return None
    labels, counts, unit = _points(timeline)
    series = [
        Series(
            SENTIMENT_NAMES[key],
            [
                Point(label, value)
                for label, value in zip(labels, counts.get(key, [0] * len(labels)), strict=True)
            ],
            colour=SENTIMENT_COLOURS[key],
        )
        for key, _ in SENTIMENTS
    ]
    return _line(chart_id, f"Số câu chuyện mỗi {unit} theo sắc thái", labels, series)


def topics_chart(
    timeline: dict, limit: int = 5, chart_id: str = "brief-topics-time"
) -> Chart | None:
    """Stories per day (per week over a long period) of the most talked-about topics:
    attention over time."""
    labels, counts, unit = _points(timeline)
    totals = sorted(counts.items(), key=lambda kv: sum(kv[1]), reverse=True)[:limit]
    if not totals or not any(sum(v) for _, v in totals):
        return None
    series = [
        Series(
            TOPIC_NAMES.get(topic, topic or "chưa rõ"),
            [Point(d, v) for d, v in zip(labels, values, strict=True)],
        )
        for topic, values in totals
    ]
    title = "Diễn biến theo chủ đề" + (", theo tuần" if unit == "tuần" else "")
    return _line(chart_id, title, labels, series)


def ranking_chart(title: str, rows: list[dict], name_key: str, chart_id: str) -> Chart | None:
    """Stories in the period per topic or place, most first: a ranking, not a change. The chart
    wraps a long name; one still too long for three lines on the half-page drawing ends in "…"
    and is given in full in the note under it: on a phone or on paper there is no tooltip."""
    if not rows:
        return None
    points = [Point(r[name_key], r["n"]) for r in rows]
    svg = bar_chart(
        title, points, measure="câu chuyện", chart_id=chart_id, whole=True, canvas=RANKING
    )
    drawn = [(" ".join(bar_label_lines(p.label, RANKING)), p.label) for p in points]
    cut = [f"{label} là {name}" for label, name in drawn if label != name]
    note = f"Tên đầy đủ: {'; '.join(cut)}." if cut else ""
    return Chart(id=chart_id, kind="bar", title=title, svg=svg, measure="câu chuyện", note=note)


def filename(period: analysis.Period, watchlist=None) -> str:
    """The PDF's name: the watchlist and the dates, so two briefs of a week differ."""
    scope = f"{watchlist.slug}-" if watchlist else ""
    return f"ban-tin-du-luan-{scope}{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"


def coverage(period: analysis.Period, items=None, limit: int = 10) -> list[dict]:
    """The portal's articles the period's stories lead to, each once (the items' own ordering
    made DISTINCT repeat an article for every story), newest first, with the public address in
    full: the PDF is read away from the admin. An article taken down since has no link."""
    linked = (
        analysis.stories(period, items)
        .filter(articles__isnull=False)
        .order_by()
        .values_list("articles", flat=True)
    )
    articles = ArticlePage.objects.filter(pk__in=linked).order_by("-published_at")[:limit]
    return [
        {"title": a.title, "pk": a.pk, "url": a.get_full_url() if a.live else ""} for a in articles
    ]


QUOTES = 8
QUOTES_PER_FEELING = 3
QUOTE_ORDER = ["negative", "positive", "neutral"]  # what leadership must act on first


def _quoted(period: analysis.Period, items, data: dict) -> list[Item]:
    """Up to three stories of each feeling, widest-reaching first, then the widest-reaching of
    any: the five widest-reaching were often all complaints, and a period mostly praised was
    quoted only in complaints."""
    chosen = list(data["negative_samples"][:QUOTES_PER_FEELING])
    for feeling in QUOTE_ORDER[1:]:
        chosen += analysis.samples(period, items, limit=QUOTES_PER_FEELING, sentiment=feeling)
    for story in data["negative_samples"] + data["samples"]:
        if story not in chosen:
            chosen.append(story)
    chosen = chosen[:QUOTES]
    rank = {feeling: n for n, feeling in enumerate(QUOTE_ORDER)}
    return sorted(chosen, key=lambda story: rank.get(story.label_sentiment, len(rank)))


def context(
    period: analysis.Period, watchlist=None, against: analysis.Period | None = None
) -> dict:
    # A watchlist with no term and no place follows nothing (its queryset is empty): said so,
    # lest its zeros read as a quiet period.
    unscoped = bool(watchlist) and watchlist.follows_nothing()
    items = Item.objects.for_watchlist(watchlist) if watchlist else None
    against = against or period.previous()
    data = analysis.overview(period, items, against)
    topics_timeline = topics_chart(analysis.timeline(period, items, by="topic"))
    return {
        "period": period,
        "previous": against,
        "watchlist": watchlist,
        "unscoped": unscoped,
        "generated_at": timezone.localtime(),
        **data,
        "quotes": [
            {
                "text": quote(i),
                "source": i.source.name,
                "date": i.published_on,
                "sentiment": i.label_sentiment,
                "sentiment_name": SENTIMENT_NAMES.get(i.label_sentiment, ""),
            }
            for i in _quoted(period, items, data)
        ],
        "coverage": coverage(period, items),
        "sentiment_chart": sentiment_chart(data["timeline"]),
        "topics_chart": ranking_chart(
            "Chủ đề được nhắc nhiều nhất", data["topics"], "name", "brief-topics"
        ),
        "places_chart": ranking_chart(
            "Địa bàn được nhắc nhiều nhất", data["places"], "name", "brief-places"
        ),
        "sentiment_names": SENTIMENT_NAMES,
        "topics_timeline_svg": topics_timeline.svg if topics_timeline else "",
    }


def pdf(ctx: dict, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitor/brief_pdf.html", ctx)
    return HTML(string=html, base_url=base_url or None).write_pdf()

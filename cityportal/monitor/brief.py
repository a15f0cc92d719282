"""The opinion brief for leadership: one period (and optionally one watchlist) on a page — what
rose, where, how people feel, representative quotes with no personal data, linked coverage —
on screen and as a PDF (WeasyPrint, with the same server-side SVG charts)."""

import re

from django.template.loader import render_to_string
from django.utils import timezone

from cityportal.core.text import URL
from cityportal.opendata.charts import PALETTE, Point, Series, bar_chart, line_chart

from . import analysis
from .models import SENTIMENTS, TOPIC_NAMES, Item

SENTIMENT_NAMES = dict(SENTIMENTS)
SENTIMENT_COLOURS = {"negative": PALETTE[1], "neutral": PALETTE[6], "positive": PALETTE[2]}
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(\+?84|0)[\d .-]{8,12}\d(?!\d)")
_HANDLE = re.compile(r"(?<!\w)@\w{2,}")
QUOTE_CHARS = 280


def scrub(text: str) -> str:
    """A quote fit for a brief: no e-mail address, phone number, @handle or link."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[số điện thoại]", text)
    text = _HANDLE.sub("@[…]", text)
    return URL.sub("[liên kết]", text)


def quote(item: Item) -> str:
    text = " ".join(scrub(item.text).split())
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rsplit(" ", 1)[0] + "…"
    return text


def _day_labels(dates) -> list[str]:
    return [f"{d.day}/{d.month}" for d in dates]


def sentiment_chart(timeline: dict, chart_id: str = "brief-sentiment") -> str:
    if not any(sum(v) for v in timeline["series"].values()):
        return ""
    labels = _day_labels(timeline["dates"])
    series = [
        Series(
            SENTIMENT_NAMES[key],
            [
                Point(label, value)
                for label, value in zip(
                    labels, timeline["series"].get(key, [0] * len(labels)), strict=True
                )
            ],
        )
        for key, _ in SENTIMENTS
    ]
    return line_chart(
        "Số câu chuyện mỗi ngày theo sắc thái",
        labels,
        series,
        measure="câu chuyện",
        chart_id=chart_id,
    )


def topics_chart(timeline: dict, limit: int = 5, chart_id: str = "brief-topics-time") -> str:
    """Stories per day of the most talked-about topics: attention over time."""
    totals = sorted(timeline["series"].items(), key=lambda kv: sum(kv[1]), reverse=True)[:limit]
    if not totals or not any(sum(v) for _, v in totals):
        return ""
    labels = _day_labels(timeline["dates"])
    series = [
        Series(
            TOPIC_NAMES.get(topic, topic or "chưa rõ"),
            [Point(d, v) for d, v in zip(labels, values, strict=True)],
        )
        for topic, values in totals
    ]
    return line_chart(
        "Diễn biến theo chủ đề", labels, series, measure="câu chuyện", chart_id=chart_id
    )


def ranking_chart(title: str, rows: list[dict], name_key: str, chart_id: str) -> str:
    if not rows:
        return ""
    return bar_chart(
        title, [Point(r[name_key], r["n"]) for r in rows], measure="câu chuyện", chart_id=chart_id
    )


def context(
    period: analysis.Period, watchlist=None, against: analysis.Period | None = None
) -> dict:
    items = Item.objects.for_watchlist(watchlist) if watchlist else None
    against = against or period.previous()
    data = analysis.overview(period, items, against)
    coverage = (
        analysis.stories(period, items)
        .filter(articles__isnull=False)
        .values("articles__pk", "articles__title", "articles__url_path")
        .distinct()[:10]
    )
    return {
        "period": period,
        "previous": against,
        "watchlist": watchlist,
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
            for i in data["negative_samples"]
            + [s for s in data["samples"] if s not in data["negative_samples"]]
        ][:8],
        "coverage": [
            {"title": row["articles__title"], "pk": row["articles__pk"]} for row in coverage
        ],
        "sentiment_svg": sentiment_chart(data["timeline"]),
        "topics_svg": ranking_chart(
            "Chủ đề được nhắc nhiều", data["topics"], "name", "brief-topics"
        ),
        "places_svg": ranking_chart(
            "Địa bàn được nhắc nhiều", data["places"], "name", "brief-places"
        ),
        "sentiment_names": SENTIMENT_NAMES,
        "topics_timeline_svg": topics_chart(analysis.timeline(period, items, by="topic")),
    }


def pdf(ctx: dict, base_url: str = "") -> bytes:
    from weasyprint import HTML

    html = render_to_string("monitor/brief_pdf.html", ctx)
    return HTML(string=html, base_url=base_url or None).write_pdf()

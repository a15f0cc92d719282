"""The printed brief (WeasyPrint): pages laid out to fit, none half blank, no heading or caption
alone at a page's foot, each page naming its brief, charts at ten points, long quotes kept on the
page, a PDF name per watchlist."""

import datetime

import pytest
from django.template.loader import render_to_string

from cityportal.core.printing import boxes, chart_text_points
from cityportal.monitor import analysis, brief
from cityportal.monitor.models import Watchlist


def test_the_pdf_is_named_for_its_watchlist(db):
    period = analysis.Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 7))
    flood = Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập")
    traffic = Watchlist.objects.create(name="Ùn tắc", slug="un-tac", terms="ùn tắc")
    assert brief.filename(period) == "ban-tin-du-luan-20261101-20261107.pdf"
    assert brief.filename(period, flood) == "ban-tin-du-luan-chong-ngap-20261101-20261107.pdf"
    assert brief.filename(period, traffic) != brief.filename(period, flood)


def printed_pages(ctx: dict) -> list[tuple[float, list]]:
    """The brief as WeasyPrint lays it out: each page's blank share at the foot of its text
    area, and the sections that start on it with where (x, y)."""
    from weasyprint import HTML

    pages = []
    for page in HTML(string=render_to_string("monitor/brief_pdf.html", ctx)).render().pages:
        root = page._page_box.children[0]  # the html box; margin boxes hold the page number
        drawn = list(boxes(root))
        # The last drawn thing: a leaf (text, chart); the body's own box runs to the foot.
        leaves = [b for b in drawn if b.height and not getattr(b, "children", None)]
        bottom = max(b.position_y + b.margin_height() for b in leaves)
        sections = [
            (b.element.get("aria-labelledby"), b.position_x, b.position_y)
            for b in drawn
            if getattr(b, "element_tag", "") == "section" and b.children
        ]
        area_top = root.position_y + root.margin_top
        area_bottom = page.height - page._page_box.margin_bottom
        pages.append(((area_bottom - bottom) / (area_bottom - area_top), sections))
    return pages


@pytest.mark.parametrize("rising", range(0, 16, 3))
def test_the_printed_brief_leaves_no_page_half_blank(db, rising):
    """As three weeks of the demo: ten places kept whole under their heading left up to half of
    page 2 empty and a fourth page holding only the last heading; the two rankings now sit side
    by side, one block instead of two."""
    period = analysis.Period(datetime.date(2026, 11, 8), datetime.date(2026, 11, 28))
    ctx = brief.context(period)
    dates = period.dates()
    ctx["summary"] = {"stories": 22, "reach": 1654, "sentiment": {}, "shares": {}}
    ctx["compare"] = {
        "change": 0.29,
        "previous": {"sentiment": {}},
        "rising_terms": [{"term": f"cụm từ {n}", "now": 3, "before": 1} for n in range(rising)],
    }
    ctx["sentiment_chart"] = brief.sentiment_chart(
        {"dates": dates, "series": {"negative": [1] * len(dates), "positive": [0] * len(dates)}}
    )
    topics = [{"name": name, "n": n} for name, n in [("Chính trị - Xã hội", 19), ("Thế giới", 1)]]
    ctx["topics_chart"] = brief.ranking_chart("Chủ đề", topics, "name", "brief-topics")
    places = [{"name": f"Phường {n}", "n": 10 - n} for n in range(10)]
    ctx["places_chart"] = brief.ranking_chart("Địa bàn", places, "name", "brief-places")
    ctx["quotes"] = [
        {
            "text": "Mưa lớn gây ngập nặng, người dân bức xúc vì năm nào cũng vậy " * 2,
            "source": "Nhóm cư dân",
            "date": period.end,
            "sentiment": "negative",
            "sentiment_name": "tiêu cực",
        }
    ] * 5
    pages = printed_pages(ctx)
    assert all(blank < 0.25 for blank, _ in pages[:-1]), [round(b, 2) for b, _ in pages]
    assert len(pages) == 3  # not a fourth holding only the last heading
    starts = {name: (n, x, y) for n, (_, found) in enumerate(pages) for name, x, y in found}
    (topics_page, topics_x, topics_y), (where_page, where_x, where_y) = (
        starts["brief-topics"],
        starts["brief-where"],
    )
    assert topics_page == where_page and topics_y == pytest.approx(where_y) and topics_x < where_x


def test_a_quote_without_spaces_stays_on_the_printed_page(db):
    """Hashtags run together ("#ngậpnước#ngậpnước…") ran off the page, cut."""
    period = analysis.Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 7))
    text = "#ngậpnước" * 30
    said = {"text": text, "source": "Nhóm", "date": period.end, "sentiment": "negative"}
    ctx = {**brief.context(period), "quotes": [said]}
    from weasyprint import HTML

    page = HTML(string=render_to_string("monitor/brief_pdf.html", ctx)).render().pages[0]
    drawn = [b for b in boxes(page._page_box.children[0]) if b.width]
    assert max(b.position_x + b.margin_width() for b in drawn) <= page.width


def _printed(ctx: dict) -> list:
    from weasyprint import HTML

    return HTML(string=render_to_string("monitor/brief_pdf.html", ctx)).render().pages


def _margin_text(page, name: str) -> str:
    """The text WeasyPrint draws in a page's margin box (top-center, bottom-center…)."""
    for box in page._page_box.children[1:]:
        if getattr(box, "at_keyword", "") == f"@{name}":
            return "".join(getattr(b, "text", "") for b in boxes(box))
    return ""


def _long_brief(db_watchlist_name: str) -> dict:
    """Three weeks as the demo prints them over three pages, for a watchlist of that name."""
    period = analysis.Period(datetime.date(2026, 11, 8), datetime.date(2026, 11, 28))
    ctx = brief.context(period)
    dates = period.dates()
    ctx["watchlist"] = Watchlist(name=db_watchlist_name, slug="x")
    ctx["summary"] = {"stories": 22, "reach": 1654, "sentiment": {}, "shares": {}}
    ctx["compare"] = {
        "change": 0.29,
        "previous": {"sentiment": {}},
        "rising_terms": [{"term": f"cụm từ {n}", "now": 3, "before": 1} for n in range(12)],
    }
    ctx["sentiment_chart"] = brief.sentiment_chart(
        {"dates": dates, "series": {"negative": [1] * len(dates), "positive": [0] * len(dates)}}
    )
    said = {
        "text": "Mưa lớn gây ngập nặng, người dân bức xúc vì năm nào cũng vậy " * 3,
        "source": "Nhóm cư dân",
        "date": period.end,
        "sentiment": "negative",
        "sentiment_name": "tiêu cực",
    }
    ctx["quotes"] = [said] * 8
    return ctx


def test_every_printed_page_says_which_brief_it_is(db):
    """Pages 2 and 3 said only "Trang 2/3": laid beside another week's brief, or the whole
    city's beside a watchlist's, a loose page could not be told apart. A long watchlist name is
    cut there (it is whole on page 1)."""
    name = "Chống ngập úng và triều cường ở các phường ven sông Sài Gòn " * 3
    pages = _printed(_long_brief(name))
    assert len(pages) >= 2
    assert _margin_text(pages[0], "top-center") == ""  # its header says so in full
    for n, page in enumerate(pages[1:], start=2):
        running = _margin_text(page, "top-center")
        assert running.startswith("Bản tin dư luận · Chống ngập úng"), running
        assert running.endswith("· 08/11/2026 – 28/11/2026") and "Gòn… ·" in running
        assert _margin_text(page, "bottom-center") == f"Trang {n}/{len(pages)}"
    city = _long_brief("")
    city["watchlist"] = None
    assert _margin_text(_printed(city)[1], "top-center") == (
        "Bản tin dư luận · 08/11/2026 – 28/11/2026"
    )


def _foot(page):
    """The element of the last thing drawn in the page's text area (a line of text, a chart)."""
    drawn = [b for b in boxes(page._page_box.children[0]) if b.height and not b.children]
    return max(drawn, key=lambda b: b.position_y + b.margin_height()).element_tag


@pytest.mark.parametrize("lines", range(4))
def test_no_heading_or_table_caption_is_left_alone_at_a_page_foot(db, lines):
    """ "2. Điều gì đang tăng" and its table's caption ended page 1, the table on page 2: the
    caption now keeps its first rows with it (the header row is repeated over the page)."""
    ctx = _long_brief("Chống ngập " + "và triều cường " * 9 * lines)
    for page in _printed(ctx)[:-1]:
        assert _foot(page) not in {"h2", "caption", "figcaption"}


def test_every_printed_chart_reads_at_ten_points(db):
    """The two rankings, side by side on paper, printed their text at about 8 pt (a 480-wide
    drawing with 16 px text shrunk to 84 mm): a leader reads a brief on paper."""
    ctx = _long_brief("")
    topics = [{"name": name, "n": n} for name, n in [("Chính trị - Xã hội", 19), ("Thế giới", 1)]]
    ctx["topics_chart"] = brief.ranking_chart("Chủ đề", topics, "name", "brief-topics")
    places = [{"name": f"Phường Thủ Dầu Một {n}", "n": 10 - n} for n in range(10)]
    ctx["places_chart"] = brief.ranking_chart("Địa bàn", places, "name", "brief-places")
    sizes = {}
    for page in _printed(ctx):
        sizes |= chart_text_points(page)
    assert set(sizes) == {"brief-sentiment-title", "brief-topics-title", "brief-places-title"}
    assert min(sizes.values()) >= 9.5, sizes

"""The leadership brief on screen and in what it says: no phone number or abuse quoted, count
charts in whole numbers and legible on a phone, captions seen on screen and in the PDF, sentiment
in its own colours and with a word on its trust, an overview and "what is rising" as a leader
reads them. How it prints: test_brief_print."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor import analysis, brief, pipeline
from cityportal.monitor.models import Item, Source, Watchlist
from cityportal.opendata.charts import Point, bar_chart, nice_ticks

NS = "{http://www.w3.org/2000/svg}"
POSTS = [
    "Đường Nguyễn Hữu Cảnh quận Bình Thạnh lại ngập sâu, người dân bức xúc, gọi (028) 3829 6052",
    "Cảm ơn phường Bến Thành đã sửa đèn đường rất nhanh, rất hài lòng, Zalo +84 (0) 909 999 888",
    "Ùn tắc giao thông nghiêm trọng ở Quận 1 giờ cao điểm, năm 2025 đã có 3.000 hộ dân kêu",
    "Thành phố khởi công cầu Cần Giờ ngày 27/11/2026, vốn 1,2 tỷ, người dân huyện Cần Giờ phấn khởi",
]


@pytest.fixture
def page(client, analyst, heard) -> str:
    client.force_login(analyst)
    return client.get(reverse("monitor_brief")).content.decode()


def figures(html: str) -> list[tuple[str, ET.Element]]:
    """Each chart's caption and its SVG, parsed as XML (an HTML parser lower-cases viewBox)."""
    return [
        (BeautifulSoup(figure, "html.parser").figcaption.get_text(), ET.fromstring(svg))
        for figure in re.findall(r'<figure class="brief-chart">.*?</figure>', html, re.S)
        for svg in re.findall(r"<svg .*?</svg>", figure, re.S)
    ]


def svgs(html: str) -> dict[str, ET.Element]:
    """The brief's charts by id."""
    return {
        svg.find(f"{NS}title").get("id").removesuffix("-title"): svg for _, svg in figures(html)
    }


def drawn_names(svg: str) -> list[str]:
    """The category names as a reader sees them in a bar chart: a wrapped name's lines joined,
    its tooltip (<title>, which no phone or paper shows) left out."""
    names = []
    for text in ET.fromstring(svg).iter(f"{NS}text"):
        if text.get("class") == "chart-category":
            lines = [span.text or "" for span in text.iter(f"{NS}tspan")]
            names.append(" ".join(lines) if lines else text.text or "")
    return names


def texts(svg: ET.Element, cls: str) -> list[str]:
    return [t.text for t in svg.iter(f"{NS}text") if t.get("class") == cls]


def test_the_brief_quotes_no_landline_or_international_number(page):
    soup = BeautifulSoup(page, "html.parser")
    quotes = " ".join(q.get_text() for q in soup.select("blockquote.brief-quote"))
    assert "(028) 3829 6052" not in quotes and "909 999 888" not in quotes
    assert quotes.count("[số điện thoại]") == 2
    for kept in ("năm 2025", "3.000 hộ dân", "27/11/2026", "1,2 tỷ"):
        assert kept in quotes


def test_the_brief_never_quotes_an_offensive_or_hateful_post(client, analyst, heard):
    Item.objects.filter(source=heard, key="0").update(toxicity="hate")
    Item.objects.filter(source=heard, key="1").update(toxicity="offensive")
    client.force_login(analyst)
    soup = BeautifulSoup(client.get(reverse("monitor_brief")).content.decode(), "html.parser")
    quotes = " ".join(q.get_text() for q in soup.select("blockquote.brief-quote"))
    assert "Nguyễn Hữu Cảnh" not in quotes and "Bến Thành" not in quotes
    assert "Quận 1" in quotes and "Cần Giờ" in quotes


def test_counts_tick_in_whole_numbers():
    assert nice_ticks(0, 2, whole=True) == [0, 1, 2]
    assert nice_ticks(0, 0, whole=True) == [0, 1]
    assert nice_ticks(0, 9, whole=True) == [0, 5, 10]
    assert nice_ticks(0, 2) == [0, 0.5, 1, 1.5, 2]  # indicators keep their fractions
    svg = ET.fromstring(bar_chart("x", [Point("a", 2), Point("b", 1)], whole=True))
    assert texts(svg, "chart-tick") == ["0", "1", "2"]


def test_every_brief_chart_ticks_in_whole_numbers(page):
    charts = svgs(page)
    assert set(charts) == {"brief-sentiment", "brief-topics", "brief-places"}
    for chart_id, svg in charts.items():
        ticks = texts(svg, "chart-tick")
        assert ticks and all(t.isdigit() for t in ticks), (chart_id, ticks)


def test_brief_charts_are_legible_on_a_phone_and_open_data_charts_unchanged(page):
    phone = 390 - 2 * 16  # the admin's content width on a 390 px screen
    for svg in svgs(page).values():
        width = float(svg.get("viewBox").split()[2])
        shown = min(phone, float(re.search(r"max-width: (\d+)px", svg.get("style"))[1]))
        sizes = {float(t.get("font-size")) for t in svg.iter(f"{NS}text")}
        assert min(sizes) * shown / width >= 11  # px on the phone's screen
    standard = ET.fromstring(bar_chart("x", [Point("a", 1.5)]))
    assert standard.get("viewBox").startswith("0 0 640 ") and standard.get("style") is None
    assert {t.get("font-size") for t in standard.iter(f"{NS}text")} == {"12"}


def test_each_chart_title_is_a_visible_caption_on_screen_and_in_the_pdf(page):
    captions = {caption: svg.find(f"{NS}title").text for caption, svg in figures(page)}
    assert len(captions) == 3 and all(shown == title for shown, title in captions.items())
    assert "Số câu chuyện mỗi ngày theo sắc thái" in captions
    today = timezone.localdate()
    week = analysis.Period(today - datetime.timedelta(days=6), today)
    pdf_html = render_to_string("monitor/brief_pdf.html", brief.context(week))  # as brief.pdf
    assert {caption for caption, _ in figures(pdf_html)} == set(captions)


def test_the_topic_ranking_is_not_under_what_is_rising(page):
    soup = BeautifulSoup(page, "html.parser")
    rising = soup.find("section", attrs={"aria-labelledby": "brief-rising"})
    assert rising.find("svg") is None
    topics = soup.find("section", attrs={"aria-labelledby": "brief-topics"})
    assert topics.h2.get_text() == "3. Chủ đề được nhắc nhiều"
    assert topics.find("title").get_text() == "Chủ đề được nhắc nhiều nhất"


def test_sentiments_keep_their_colours(page):
    svg = svgs(page)["brief-sentiment"]
    by_name = {}
    for point in svg.iter(f"{NS}circle"):
        by_name.setdefault(point.find(f"{NS}title").text.split(",")[0], set()).add(
            point.get("stroke")
        )
    assert by_name == {
        name: {brief.SENTIMENT_COLOURS[key]} for key, name in brief.SENTIMENT_NAMES.items()
    }
    assert brief.SENTIMENT_COLOURS["negative"] == "#d55e00"  # vermillion, not the palette's blue


def test_a_watchlist_with_no_term_or_place_counts_nothing_and_says_so(client, analyst, heard):
    """Not the whole city's figures under the watchlist's name."""
    Watchlist.objects.create(name="Chưa cấu hình", slug="chua-cau-hinh")
    client.force_login(analyst)
    url = reverse("monitor_brief") + "?watchlist=chua-cau-hinh"
    response = client.get(url)
    assert response.context["summary"]["stories"] == 0 and not response.context["quotes"]
    assert "chưa có từ khóa hay địa bàn nào" in response.content.decode()
    everywhere = client.get(reverse("monitor_brief")).context["summary"]["stories"]
    assert everywhere == len(POSTS)


def test_a_place_name_cut_in_the_phone_width_chart_is_given_in_full_under_it(db):
    """The chart wraps a long name over up to three lines; one longer still ends in "…" there,
    and the note under the chart gives it in full (no tooltip on a phone or on paper)."""
    region = "Bắc Trung Bộ và duyên hải miền Trung"
    board = "Ban Quản lý các Khu chế xuất và công nghiệp Thành phố Hồ Chí Minh"
    rows = [{"name": board, "n": 4}, {"name": region, "n": 3}, {"name": "Quận 3", "n": 1}]
    chart = brief.ranking_chart("Địa bàn", rows, "name", "brief-places")
    drawn = drawn_names(chart.svg)
    assert drawn[1:] == [region, "Quận 3"]  # wrapped whole: nothing to add
    assert drawn[0] != board and drawn[0].endswith("…")  # no room for it even on three lines
    assert chart.note == f"Tên đầy đủ: {drawn[0]} là {board}."
    period = analysis.Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 7))
    ctx = {**brief.context(period), "places_chart": chart}
    for template in ("monitor/_brief_body.html", "monitor/brief_pdf.html"):
        html = BeautifulSoup(render_to_string(template, ctx), "html.parser")
        assert board in html.select_one("figure .brief-chart-note").get_text()
    wrapped = brief.ranking_chart("Địa bàn", rows[1:], "name", "brief-places")
    assert wrapped.note == ""


def test_a_period_with_praise_is_not_quoted_only_in_complaints(db):
    """The widest-reaching stories were all complaints: the brief quoted only those."""
    source = Source.objects.create(name="Nhóm cư dân", kind=Source.Kind.UPLOAD)
    now = timezone.now()
    for n in range(8):
        feeling = "negative" if n < 6 else "positive"  # the praise is older, so reaches less
        Item.objects.create(
            source=source,
            key=str(n),
            text=f"Ý kiến số {n} về đường sá",
            published_at=now - datetime.timedelta(hours=n),
            status=Item.Status.PROCESSED,
            sentiment=feeling,
        )
    today = timezone.localdate()
    quotes = brief.context(analysis.Period(today - datetime.timedelta(days=6), today))["quotes"]
    feelings = [q["sentiment"] for q in quotes]
    assert feelings.count("positive") == 2 and feelings.count("negative") >= 3
    assert feelings == sorted(feelings, key=["negative", "positive"].index)


def test_an_empty_period_says_there_was_nothing_not_that_classifying_failed(db):
    period = analysis.Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 7))
    ctx = brief.context(period)
    text = BeautifulSoup(
        render_to_string("monitor/_brief_body.html", ctx), "html.parser"
    ).get_text()
    assert "Chưa phân loại" not in text and "Chưa xác định" not in text
    assert text.count("Không có câu chuyện nào trong kỳ.") == 2
    assert brief.pdf(ctx).startswith(b"%PDF")


def test_coverage_lists_each_article_once_with_its_public_address(
    client, analyst, heard, make_article
):
    shown, withdrawn = make_article(title="Chống ngập Nguyễn Hữu Cảnh"), make_article()
    for item in Item.objects.filter(source=heard, key__in=["0", "1"]):
        item.articles.add(shown)
    Item.objects.get(source=heard, key="2").articles.add(withdrawn)
    withdrawn.unpublish()
    client.force_login(analyst)
    listed = [a["pk"] for a in client.get(reverse("monitor_brief")).context["coverage"]]
    assert sorted(listed) == sorted([shown.pk, withdrawn.pk])  # two stories, one article
    today = timezone.localdate()
    ctx = brief.context(analysis.Period(today - datetime.timedelta(days=6), today))
    soup = BeautifulSoup(render_to_string("monitor/brief_pdf.html", ctx), "html.parser")
    section = soup.find("section", attrs={"aria-labelledby": "brief-coverage"})
    link = section.find("a", string="Chống ngập Nguyễn Hữu Cảnh")
    assert link["href"] == shown.get_full_url() and link["href"].startswith("http")
    assert section.find("a", string=withdrawn.title) is None
    assert f"{withdrawn.title} (đã gỡ)" in section.get_text()


def overview_sentence(stories: int, reach: int, change: float | None) -> str:
    week = analysis.Period(datetime.date(2026, 11, 21), datetime.date(2026, 11, 27))
    html = render_to_string(
        "monitor/_brief_body.html",
        {
            "period": week,
            "previous": week.previous(),
            "summary": {"stories": stories, "reach": reach, "sentiment": {}, "shares": {}},
            "compare": {"change": change, "previous": {"sentiment": {}}, "rising_terms": []},
        },
    )
    overview = BeautifulSoup(html, "html.parser").find("section").p.get_text(" ")
    return " ".join(overview.split())


@pytest.mark.parametrize(
    "change, said",
    [(0.0, "không đổi."), (0.004, "không đổi."), (0.25, "tăng 25%."), (-0.5, "giảm 50%.")],
)
def test_the_overview_reads_as_a_leader_expects(change, said):
    sentence = overview_sentence(1234, 3006449, change)
    assert "1.234 câu chuyện" in sentence and "tổng lượt tiếp cận 3.006.449" in sentence
    assert sentence.endswith(said) and "tăng 0%" not in sentence


def test_what_is_rising_needs_more_than_one_story(db):
    source = Source.objects.create(name="Nhóm cư dân", kind=Source.Kind.UPLOAD)
    today = timezone.now()
    texts = [
        "Triều cường dâng cao, nhiều nhà ở Thủ Đức bị ngập tới đầu gối",
        "Sáng nay triều cường lại tràn qua bờ bao, người dân Quận 7 phải kê đồ đạc",
        "Học sinh lội nước về nhà vì triều cường, phụ huynh đề nghị nâng cấp cống",
        "Một người than phiền về vỉa hè lấn chiếm trước chợ",
    ]
    for n, text in enumerate(texts):
        Item.objects.create(source=source, key=str(n), text=text, published_at=today)
    pipeline.process_pending()
    week = analysis.Period(timezone.localdate() - datetime.timedelta(days=6), timezone.localdate())
    rising = {
        row["term"]: row["now"] for row in analysis.compare(week, week.previous())["rising_terms"]
    }
    assert rising.get("triều cường") == 3
    assert all(n >= analysis.RISING_AT_LEAST for n in rising.values())
    assert "vỉa hè" not in rising and "lấn chiếm" not in rising


def test_what_is_rising_allows_for_a_week_with_more_to_say():
    # Attention tripled: a word of every story tripled with it and has not risen; a landslide
    # nobody mentioned before has, and so has traffic, 9 against 6 expected, before a common
    # phrase at 310 against 300 expected.
    before = {"giao thông": 10, "người dân": 100, "kẹt xe": 2}
    now = [("giao thông", 30), ("người dân", 310), ("sạt lở", 8), ("kẹt xe", 9), ("bờ kè", 2)]
    rows = analysis.rising(now, before, scale=3.0)
    assert [row["term"] for row in rows] == ["sạt lở", "kẹt xe", "người dân"]
    assert rows[0] == {"term": "sạt lở", "now": 8, "before": 0}
    # Fewer stories: a word said as often as before has not risen, one said more has.
    rows = analysis.rising([("giao thông", 10), ("kẹt xe", 4)], before, scale=0.5)
    assert [row["term"] for row in rows] == ["kẹt xe"]


def test_a_story_s_date_words_are_never_a_top_term():
    texts = [f"Hôm qua, cập nhật lúc {h} giờ: triều cường gây ngập đường {h}" for h in range(5)]
    assert [term for term, _ in analysis.terms(texts)][:1] == ["triều cường"]
    assert not {"hôm qua", "cập nhật"} & {term for term, _ in analysis.terms(texts)}


def test_a_long_period_is_drawn_a_point_a_week_ending_on_its_last_day():
    start = datetime.date(2026, 1, 1)
    year = analysis.Period(start, datetime.date(2026, 12, 31))  # 365 days: 52 weeks and 1 day
    dates = year.dates()
    timeline = {"dates": dates, "series": {"negative": [1] * len(dates), "positive": [0] * 365}}
    labels, weekly, unit = brief._points(timeline)
    assert unit == "tuần" and len(labels) == 53
    assert weekly["negative"][0] == 1 and set(weekly["negative"][1:]) == {7}
    assert labels[:2] == ["1/1", "2/1"] and labels[-1] == "25/12"
    assert sum(weekly["negative"]) == 365  # every story counted once
    chart = brief.sentiment_chart(timeline)
    assert chart.title == "Số câu chuyện mỗi tuần theo sắc thái"
    assert len(ET.fromstring(chart.svg).findall(f".//{NS}circle")) == 3 * 53
    week = analysis.Period(start, start + datetime.timedelta(days=6))
    days = {"dates": week.dates(), "series": {"negative": [1] * 7}}
    assert brief._points(days) == ([f"{d}/1" for d in range(1, 8)], days["series"], "ngày")


def test_an_empty_period_says_so_plainly_instead_of_a_table_of_zeros(db):
    """A week with no story printed a sentiment table of 0 and 0% under the overview: a leader
    read it as a week measured, calm. It now says in one sentence that nothing was heard."""
    period = analysis.Period(datetime.date(2020, 1, 1), datetime.date(2020, 1, 7))
    ctx = brief.context(period)
    for template in ("monitor/_brief_body.html", "monitor/brief_pdf.html"):
        soup = BeautifulSoup(render_to_string(template, ctx), "html.parser")
        overview = soup.find("section", attrs={"aria-labelledby": "brief-overview"})
        assert overview.find("table") is None and "0%" not in overview.get_text()
        said = " ".join(overview.select_one(".brief-empty").get_text().split())
        assert said.startswith("Trong kỳ không ghi nhận câu chuyện nào,")


def test_the_sentiment_table_names_each_feeling_as_a_heading_does(page):
    """ "tiêu cực" in lower case at the head of a row, where the report writes "Tiêu cực"."""
    soup = BeautifulSoup(page, "html.parser")
    overview = soup.find("section", attrs={"aria-labelledby": "brief-overview"})
    rows = [th.get_text() for th in overview.select("tbody th[scope=row]")]
    assert rows == ["Tiêu cực", "Trung lập", "Tích cực"]
    # The leader is told how far to trust the shares: a machine's reading, which takes plain
    # complaints for neutral (the sentiment model card's held-out civic sets).
    note = overview.find("p", class_="brief-note").get_text(" ", strip=True)
    assert "Máy đọc sắc thái" in note and "tỉ lệ tiêu cực thực tế có thể cao hơn" in note
    # The printed brief says it once, at its end.
    ctx = brief.context(analysis.Period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 28)))
    printed = BeautifulSoup(render_to_string("monitor/brief_pdf.html", ctx), "html.parser")
    assert [p.parent.name for p in printed.select("p.brief-note")] == ["body"]
    # A period with nothing heard has no shares to doubt.
    ctx["summary"] = {**ctx["summary"], "stories": 0}
    printed = BeautifulSoup(render_to_string("monitor/brief_pdf.html", ctx), "html.parser")
    assert not printed.select("p.brief-note")

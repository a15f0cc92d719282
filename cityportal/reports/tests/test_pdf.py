"""The printed (PDF) report: the form of an official report, a foot naming the report and its period
on every page after the first, definitions wrapped as paragraphs; its charts coloured as the opinion
brief colours sentiments, ticked in whole numbers under a visible caption, printed under their table
when they fit or after the next KPI when they do not, and read as large as the tables."""

import re

from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from cityportal.core.printing import boxes, chart_text_points
from cityportal.reports import plan
from cityportal.reports.outputs import pdf, template_context
from cityportal.reports.quarters import Quarter
from cityportal.reports.snapshot import build

from .conftest import local


def test_the_pdf_has_the_form_of_an_official_report(some_records):
    html = render_to_string("reports/report_pdf.html", template_context(build(Quarter(2021, 3))))
    for phrase in (
        "BAN TUYÊN GIÁO THÀNH ỦY TP.HCM",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "<h1>BÁO CÁO</h1>",
        "Từ ngày 01/07/2021 đến ngày 30/09/2021",
        "I. TÓM TẮT KẾT QUẢ QUÝ III/2021",
        "II. THÔNG TIN ĐĂNG TẢI",
        "Cách tính:",
        "(Ký, ghi rõ họ tên)",
        "Nơi nhận:",
    ):
        assert phrase in html, phrase
    assert "<svg" in html


def test_the_sentiment_chart_colours_each_sentiment_as_the_opinion_brief_does(
    some_records, monitored
):
    from cityportal.monitor.brief import SENTIMENT_COLOURS

    monitored(local(2021, 7, 6, 10), sentiment="positive")
    monitored(local(2021, 7, 7, 10), sentiment="positive")
    context = template_context(build(Quarter(2021, 3)))
    kpis = {k["key"]: k for g in context["groups"] for k in g["kpis"]}
    svg = str(kpis["opinion_sentiment"]["svg"])
    bars = re.findall(r'<rect class="chart-bar"[^>]*fill="([^"]+)"[^>]*><title>([^:]+):', svg)
    assert dict((name, fill) for fill, name in bars) == {
        "Tích cực": SENTIMENT_COLOURS["positive"],
        "Tiêu cực": SENTIMENT_COLOURS["negative"],
        "Trung lập": SENTIMENT_COLOURS["neutral"],
    }
    # Charts whose colour means nothing keep the one blue.
    topics = str(kpis["opinion_topics"]["svg"])
    assert set(re.findall(r'class="chart-bar"[^>]*fill="([^"]+)"', topics)) == {"#0072b2"}


def _printed_pages(data: dict) -> list:
    return pdf.layout(data).pages


def _text(box) -> str:
    return "".join(getattr(b, "text", "") for b in boxes(box))


def test_a_printed_definition_wraps_as_a_paragraph_not_a_word_alone(some_records):
    """The opinion KPIs' definition ended in a space: WeasyPrint broke its justified first line
    early and left "quý," alone on the second."""
    for page in _printed_pages(build(Quarter(2021, 3))):
        for box in boxes(page._page_box.children[0]):
            if type(box).__name__ == "BlockBox" and "definition" in box.element.get("class", ""):
                lines = [_text(line) for line in box.children]
                assert all(len(line.split()) > 2 for line in lines[:-1]), lines


def test_every_page_after_the_first_names_the_report_and_its_period(some_records):
    """A page read alone said neither which quarter nor which report."""
    pages = _printed_pages(build(Quarter(2021, 3)))
    running = []
    for page in pages:
        feet = {box.at_keyword: _text(box) for box in page._page_box.children[1:]}
        running.append((feet.get("@bottom-left", ""), feet.get("@bottom-center", "")))
    assert running[0] == ("", "")  # the letterhead says it, and an official first page is bare
    assert running[1:] == [
        ("Báo cáo Quý III/2021 (01/07/2021 – 30/09/2021)", f"{n}/{len(pages)}")
        for n in range(2, len(pages) + 1)
    ]


def test_report_charts_tick_counts_in_whole_numbers_under_a_visible_title(some_records):
    """One article in a section was drawn on an axis of 0; 0,25; 0,5… articles, and a chart
    pushed to the next page had no title there (its <title> is for screen readers only)."""
    context = template_context(build(Quarter(2021, 3)), printed=True)
    charted = [k for g in context["groups"] for k in g["kpis"] if k["svg"]]
    assert {k["key"] for k in charted} >= {"articles_by_section", "opinion_sentiment"}
    for kpi in charted:
        ticks = re.findall(r'class="chart-tick"[^>]*>([^<]*)<', str(kpi["svg"]))
        assert ticks and all(t.replace(".", "").isdigit() for t in ticks), (kpi["key"], ticks)
    html = render_to_string("reports/report_pdf.html", context)
    soup = BeautifulSoup(html, "html.parser")
    captions = [f.figcaption.get_text() for f in soup.select("figure.chart")]
    assert captions == [f"Biểu đồ: {k['name']}" for k in charted]


def test_a_chart_that_fits_under_its_table_is_printed_there(some_records):
    """As the demo's Quý III/2026: the seven sections' chart (and its caption, kept with it)
    went to page 3 and left the foot of page 2 blank (80 mm, a third of it), for a band under
    its axis kept for a footnote the chart did not have. Here a longer first definition leaves
    under the sections' table the room the chart needs, and not that band."""
    data, sections = _seven_sections(build(Quarter(2021, 3)), filler=44)
    pages = _printed_pages(data)
    heading = _on(
        pages,
        lambda box: box.element_tag == "h3" and _text(box).startswith("2. Tin, bài theo chuyên"),
    )
    caption = _on(
        pages,
        lambda box: (
            box.element_tag == "figcaption" and _text(box) == f"Biểu đồ: {sections['name']}"
        ),
    )
    chart = _on(pages, _sections_chart)
    assert heading == caption == chart == [2], (heading, caption, chart)


def _seven_sections(data: dict, filler: int) -> tuple[dict, dict]:
    """The demo's seven sections, under a first definition `filler` sentences longer."""
    data["groups"][0]["kpis"][0]["definition"] += " Nội dung bổ sung để thử." * filler
    sections = next(
        k for g in data["groups"] for k in g["kpis"] if k["key"] == "articles_by_section"
    )
    names = ["Kinh tế - Xã hội", "An ninh - Trật tự", "Văn hóa", "Đối ngoại"]
    names += ["Chính sách vào cuộc sống", "Dự án phát triển", "Mô hình tiêu biểu"]
    sections["rows"] = [
        {
            "key": f"s{n}",
            "label": name,
            "value": int(n in (1, 2, 3, 6)),
            "previous": int(n == 0),
            "target": None,
            "extra": {},
            **plan.compare(int(n in (1, 2, 3, 6)), int(n == 0), None, "higher"),
        }
        for n, name in enumerate(names)
    ]
    return data, sections


def _on(pages, drawn) -> list[int]:
    """The pages on which something `drawn` is true of a box."""
    return sorted(
        {n for n, page in enumerate(pages, 1) for box in boxes(page._page_box) if drawn(box)}
    )


def _sections_chart(box) -> bool:
    return str(box.element_tag).endswith("svg") and box.element.get(
        "aria-labelledby", ""
    ).startswith("chart-articles_by_section-")


def test_a_chart_too_tall_for_the_foot_of_a_page_follows_the_next_kpi(some_records):
    """A chart is kept whole with its caption: the sections' chart, too tall for what its table
    left of page 2, went to page 3 and left 58 mm of page 2 blank. As a typesetter floats a
    figure, the next KPI (articles by topic) now fills that foot and the chart follows it, its
    caption naming the section it belongs to."""
    data, sections = _seven_sections(build(Quarter(2021, 3)), filler=60)
    document = pdf.layout(data)
    pages = document.pages
    topics = _on(
        pages,
        lambda box: box.element_tag == "h3" and _text(box).startswith("3. Tin, bài theo chuyên đề"),
    )
    caption = _on(
        pages,
        lambda box: (
            box.element_tag == "figcaption"
            and _text(box) == f"Biểu đồ (mục II.2): {sections['name']}"
        ),
    )
    assert topics == [2] and caption == _on(pages, _sections_chart) == [3], (topics, caption)
    assert pdf.blank_bands_mm(document)[1] < 20
    html = render_to_string(
        "reports/report_pdf.html",
        template_context(data, printed=True, deferred=frozenset({"articles_by_section"})),
    )
    order = [
        el.get("id") or el.get_text()
        for el in BeautifulSoup(html, "html.parser").select("h3, figure")
    ]
    topics_at = next(
        n for n, text in enumerate(order) if text.startswith("3. Tin, bài theo chuyên đề")
    )
    assert order[topics_at + 1] == "figure-articles_by_section"


def test_printed_charts_read_as_large_as_the_tables_not_shrunk(some_records):
    """The charts were drawn 640 px wide with 12 px text and shrunk to the text column: their
    text printed at 8.5 pt, smaller than the tables' 9.5 pt, on a report leaders read on paper.
    Drawn as wide as the 165 mm column, it prints at 9.75 pt: text size times the printed width
    over the drawing's (viewBox) width, in pt."""
    sizes = {}
    for page in _printed_pages(build(Quarter(2021, 3))):
        sizes |= chart_text_points(page)
    assert {"chart-articles_by_section-title", "chart-opinion_sentiment-title"} <= set(sizes)
    assert min(sizes.values()) >= 9.5, sizes

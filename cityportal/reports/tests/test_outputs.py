"""The report's files and admin page: each format from the command, stored reports kept as
computed, the dashboard for staff only."""

import io
import re

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import CommandError, call_command
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cityportal.core.printing import boxes, chart_text_points
from cityportal.reports import plan
from cityportal.reports.generate import generate, render
from cityportal.reports.models import QuarterlyReport
from cityportal.reports.outputs import pdf, template_context
from cityportal.reports.outputs.xlsx import SHEETS
from cityportal.reports.quarters import Quarter
from cityportal.reports.snapshot import build

from .conftest import local

# A fall is signed with the minus sign (U+2212), in the workbook as in the PDF and the document.
CHANGE, CHANGE_DECIMAL = '+#,##0;"\u2212"#,##0;0', '+#,##0.0;"\u2212"#,##0.0;0'


@pytest.fixture
def some_records(article_at, enquiry, monitored):
    article_at(local(2021, 8, 1, 9))
    article_at(local(2021, 5, 1, 9))
    enquiry(local(2021, 7, 1, 8), answered_at=local(2021, 7, 3, 8))
    monitored(local(2021, 7, 5, 10), sentiment="negative")


def test_command_writes_a_pdf(some_records, tmp_path):
    out = tmp_path / "q3.pdf"
    call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_command_writes_a_workbook_with_a_sheet_per_group(some_records, tmp_path):
    out = tmp_path / "q3.xlsx"
    call_command(
        "quarterly_report", "--quarter", "2021Q3", "--format", "xlsx", "--output", str(out)
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tổng hợp", *SHEETS.values(), "Định nghĩa"]
    content = [row for row in book["Tin bài"].iter_rows(values_only=True)]
    assert ("Tổng", 1, 1, 0) in [row[:4] for row in content]


def test_command_writes_a_document_with_its_headings(some_records, tmp_path):
    out = tmp_path / "q3.docx"
    call_command("quarterly_report", quarter="2021Q3", fmt="docx", output=str(out))
    document = docx.Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert "BÁO CÁO" in headings
    assert "I. TÓM TẮT KẾT QUẢ QUÝ III/2021" in headings
    assert "II. THÔNG TIN ĐĂNG TẢI" in headings
    assert "1. Tổng số tin, bài đăng" in headings
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_command_refuses_a_bad_quarter(tmp_path):
    with pytest.raises(CommandError):
        call_command("quarterly_report", quarter="2021Q5", fmt="pdf", output=str(tmp_path / "x"))


def test_command_refuses_a_quarter_not_begun_or_before_any_record(some_records, tmp_path):
    out = tmp_path / "q.pdf"
    next_quarter = Quarter.containing(timezone.localdate()).next()
    with pytest.raises(CommandError, match="chưa bắt đầu"):
        call_command("quarterly_report", quarter=str(next_quarter), fmt="pdf", output=str(out))
    with pytest.raises(CommandError, match="01/05/2021"):  # the earliest record, named
        call_command("quarterly_report", quarter="2021Q1", fmt="pdf", output=str(out))
    assert not out.exists()
    call_command("quarterly_report", quarter="2021Q2", fmt="pdf", output=str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_command_says_a_running_quarter_is_counted_so_far(some_records, tmp_path):
    stdout = io.StringIO()
    this_quarter = Quarter.containing(timezone.localdate())
    out = tmp_path / "now.xlsx"
    call_command(
        "quarterly_report", quarter=str(this_quarter), fmt="xlsx", output=str(out), stdout=stdout
    )
    assert "chưa kết thúc" in stdout.getvalue() and out.exists()


def test_command_refuses_an_output_named_for_another_format(some_records, tmp_path):
    out = tmp_path / "m.xlsx"
    with pytest.raises(CommandError, match=r"m\.pdf"):
        call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(out))
    assert not out.exists()
    call_command("quarterly_report", quarter="2021Q3", fmt="xlsx", output=str(tmp_path / "M.XLSX"))
    assert openpyxl.load_workbook(tmp_path / "M.XLSX")


@pytest.mark.parametrize("quarter", ["2030Q1", "2025Q3"])
def test_empty_and_reform_quarters_render_in_every_format(db, quarter):
    data = build(Quarter.parse(quarter))
    assert render(data, "pdf").startswith(b"%PDF")
    assert openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    assert docx.Document(io.BytesIO(render(data, "docx"))).paragraphs


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


def test_a_stored_report_keeps_its_figures_after_records_change(article_at, manager):
    article = article_at(local(2021, 8, 1, 9))
    report = generate(Quarter(2021, 3), user=manager)
    assert all(getattr(report, fmt).name for fmt in ("pdf", "xlsx", "docx"))
    article.delete()
    stored = QuarterlyReport.objects.get(pk=report.pk)
    first = stored.data["groups"][0]["kpis"][0]
    assert (first["key"], first["value"]) == ("articles_published", 1)

    # Its file lost from storage: a 404 that says so, not a server error.
    report.pdf.storage.delete(report.pdf.name)
    client = Client()
    client.force_login(manager)
    lost = client.get(reverse("reports_quarterly_download", args=[report.pk, "pdf"]))
    assert lost.status_code == 404


def test_dashboard_for_staff_with_the_report_permission(client, manager, staff, some_records):
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    client.force_login(staff["editor"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quý III/2021" in page and "Cách tính" in page and "<svg" in page

    response = client.post(reverse("reports_quarterly"), {"quarter": "2021Q3"})
    report = QuarterlyReport.objects.get()
    assert response.status_code == 302 and report.created_by == manager
    assert client.get(f"{reverse('reports_quarterly')}?report={report.pk}").status_code == 200
    download = client.get(reverse("reports_quarterly_download", args=[report.pk, "pdf"]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    export = client.get(reverse("reports_quarterly_export", args=["xlsx"]) + "?quarter=2021Q3")
    assert export["Content-Disposition"].endswith('bao-cao-2021Q3.xlsx"')


def test_the_admin_refuses_a_quarter_not_begun_or_before_any_record(client, manager, some_records):
    """The screen, its downloads and "lập và lưu" refuse what the command refuses, saying why,
    and make no report of zeros."""
    client.force_login(manager)
    url = reverse("reports_quarterly")
    next_quarter = Quarter.containing(timezone.localdate()).next()
    for quarter, reason in ((next_quarter, "chưa bắt đầu"), (Quarter(2021, 1), "01/05/2021")):
        page = client.get(f"{url}?quarter={quarter}")
        html = page.content.decode()
        assert page.status_code == 200 and page.context["refused"]
        assert f"Không lập báo cáo: {quarter.label}" in html and reason in html
        assert "report" not in page.context and "Cách tính" not in html and "Tải PDF" not in html
        assert f"Lập và lưu báo cáo {quarter.label}" not in html
        export = client.get(
            reverse("reports_quarterly_export", args=["pdf"]) + f"?quarter={quarter}", follow=True
        )
        assert export["Content-Type"].startswith("text/html")
        assert reason in export.content.decode()
        posted = client.post(url, {"quarter": str(quarter)}, follow=True)
        assert reason in posted.content.decode()
    assert not QuarterlyReport.objects.exists()

    running = client.get(f"{url}?quarter={Quarter.containing(timezone.localdate())}")
    assert "chưa kết thúc" in running.content.decode() and "Cách tính" in running.content.decode()


def test_crafted_quarters_and_report_numbers_are_refused_not_a_server_error(
    client, manager, some_records, tmp_path
):
    """Year 0 (its quarter before is no date) and ?report=² (a digit to str.isdigit(), not to
    the database) answered 500 on the screen, its export and "lập và lưu"."""
    client.force_login(manager)
    url = reverse("reports_quarterly")
    assert client.get(f"{url}?report=²").status_code == 200
    for quarter in ("0000Q1", "9999Q4"):
        page = client.get(f"{url}?quarter={quarter}")  # the last closed quarter instead
        assert page.status_code == 200 and page.context["quarter"] == Quarter.last_closed()
        export = reverse("reports_quarterly_export", args=["pdf"]) + f"?quarter={quarter}"
        assert client.get(export).status_code in (200, 302)
        posted = client.post(url, {"quarter": quarter}, follow=True)
        assert "Quý không hợp lệ" in posted.content.decode()
    assert not QuarterlyReport.objects.exists()
    with pytest.raises(CommandError):
        output = str(tmp_path / "bao-cao.pdf")
        call_command(
            "quarterly_report", "--quarter", "0000Q1", "--format", "pdf", "--output", output
        )


def test_a_running_quarter_says_in_every_file_how_far_its_figures_go(some_records):
    """Its dates alone read as the whole quarter's figures."""
    now = timezone.localtime()
    quarter = Quarter.containing(now.date())
    said = f"quý chưa kết thúc, số liệu tính đến {now:%H:}"
    data = build(quarter, now=now)
    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    assert html.count(said) == 2  # under the title and in the summary
    document = docx.Document(io.BytesIO(render(data, "docx")))
    assert any(said in p.text for p in document.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    assert said in book["Tổng hợp"]["A2"].value
    closed = template_context(build(Quarter(2021, 3)))
    assert not closed["running_note"] and "chưa kết thúc" not in closed["period_text"]


def test_a_portal_with_no_records_is_refused_everywhere(client, manager, tmp_path):
    with pytest.raises(CommandError, match="chưa có dữ liệu nào"):
        call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(tmp_path / "x"))
    client.force_login(manager)
    page = client.get(reverse("reports_quarterly") + "?quarter=2021Q3")
    assert "chưa có dữ liệu nào" in page.content.decode()


def published(data) -> dict:
    return next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "articles_published")


def published_figure(data) -> int:
    return published(data)["value"]


def test_the_dashboard_and_its_downloads_share_one_computation(client, manager, article_at):
    """A leader reads the page, then downloads it: one set of figures for a few minutes; the
    plan changing, a stored report or "tính lại" computes afresh."""
    from cityportal.reports.models import QuarterPlan, Target

    client.force_login(manager)
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    article_at(local(2021, 8, 1, 9))
    assert published_figure(client.get(url).context["report"]) == 1

    article_at(local(2021, 8, 2, 9))
    assert published_figure(client.get(url).context["report"]) == 1  # as computed a moment ago
    export = client.get(reverse("reports_quarterly_export", args=["xlsx"]) + "?quarter=2021Q3")
    summary = openpyxl.load_workbook(io.BytesIO(export.content))["Tổng hợp"]
    name = published(client.get(url).context["report"])["name"]
    assert [row[3] for row in summary.iter_rows(values_only=True) if row[1] == name] == [1]

    refresh = reverse("reports_quarterly_refresh")
    assert client.post(refresh, {"quarter": "2021Q3"}).url == url
    assert published_figure(client.get(url).context["report"]) == 2
    article_at(local(2021, 8, 3, 9))
    plan_ = QuarterPlan.objects.create(quarter="2021Q3")
    Target.objects.create(plan=plan_, kpi="articles_published", value=10)
    page = client.get(url)
    assert published_figure(page.context["report"]) == 3
    assert f'action="{refresh}"' in page.content.decode()


def test_recomputing_is_a_post_never_a_link_followed(client, manager, staff, article_at):
    """A link's reload, a browser's prefetch or a crawler on the intranet recomputed figures
    that take seconds over a million monitored items."""
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    refresh = reverse("reports_quarterly_refresh")
    client.force_login(manager)
    article_at(local(2021, 8, 1, 9))
    assert published_figure(client.get(url).context["report"]) == 1
    article_at(local(2021, 8, 2, 9))

    assert published_figure(client.get(url + "&refresh=1").context["report"]) == 1
    assert client.get(refresh + "?quarter=2021Q3").status_code == 405
    client.force_login(staff["editor"])
    assert client.post(refresh, {"quarter": "2021Q3"}).status_code in (302, 403)
    client.force_login(manager)
    assert published_figure(client.get(url).context["report"]) == 1

    client.post(refresh, {"quarter": "2021Q3"})
    assert published_figure(client.get(url).context["report"]) == 2


def test_plans_are_edited_in_the_admin(client, manager):
    client.force_login(manager)
    assert client.get(reverse("quarter_plans:add")).status_code == 200


def test_printed_reports_cut_a_long_top_list_and_the_workbook_keeps_it(db):
    data = build(Quarter(2030, 1))
    places = next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "articles_by_place")
    places["rows"] = [
        {
            "key": f"p{n}",
            "label": f"Phường số {n}",
            "value": 100 - n,
            "previous": None,
            "target": None,
            "extra": {},
            **plan.compare(100 - n, None, None, "higher"),
        }
        for n in range(25)
    ]
    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    assert "Phường số 19<" in html and "Phường số 20<" not in html
    assert "… và 5 dòng khác" in html
    assert render(data, "pdf").startswith(b"%PDF")
    document = docx.Document(io.BytesIO(render(data, "docx")))
    cells = {c.text for t in document.tables for row in t.rows for c in row.cells}
    assert "Phường số 19" in cells and "Phường số 20" not in cells
    assert any("… và 5 dòng khác" in p.text for p in document.paragraphs)
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    labels = {cell for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row}
    assert {f"Phường số {n}" for n in range(25)} <= labels
    on_screen = template_context(data)  # the dashboard shows every row
    assert (
        sum(
            len(k["cells"]["rows"])
            for g in on_screen["groups"]
            for k in g["kpis"]
            if k["key"] == "articles_by_place"
        )
        == 25
    )


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


def test_a_title_that_looks_like_a_formula_is_text_in_the_workbook(db):
    """A top article titled "=HYPERLINK(…)" (or "= 0 đồng…") became a live formula in Excel."""
    data = build(Quarter(2030, 1))
    places = next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "articles_by_place")
    title = '=HYPERLINK("http://evil.example/","Bấm để xem")'
    places["rows"] = [
        {
            "key": "p1",
            "label": title,
            "value": 3,
            "previous": None,
            "target": None,
            "extra": {},
            **plan.compare(3, None, None, "higher"),
        }
    ]
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    [cell] = [c for sheet in book for row in sheet.iter_rows() for c in row if c.value == title]
    assert cell.data_type == "s"


def test_a_figure_the_quarter_has_none_of_is_blank_in_the_workbook_not_zero(some_records):
    """No answer in 2021 Q4: no median response time. The PDF and DOCX read "— ngày" beside the
    previous quarter's 2 days; the workbook wrote "Không có số liệu trong quý", 0 (answered in
    no time) and dropped the previous quarter's figure."""
    data = build(Quarter(2021, 4))
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    rows = list(book["Ý kiến người dân"].iter_rows(values_only=True))
    heading = rows.index(("4. Thời gian trả lời người dân (trung vị) (ngày)", None, None, None))
    assert rows[heading + 3] == ("Quý IV/2021", None, 2, None)
    document = docx.Document(io.BytesIO(render(data, "docx")))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["— ngày", "2", "—"] in cells


def test_the_workbook_groups_thousands_as_the_reader_s_excel_writes_them(some_records):
    """Figures in "General" showed 15036553 ungrouped; "#,##0" reads 15.036.553 in Vietnamese."""
    book = openpyxl.load_workbook(io.BytesIO(render(build(Quarter(2021, 3)), "xlsx")))
    figures = [
        cell
        for sheet in book
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    ]
    assert figures
    formats = {cell.number_format for cell in figures}
    assert "General" not in formats
    # A change is grouped too, with its sign (+3, −1).
    assert {"#,##0", "#,##0.0", "0.0%", CHANGE, CHANGE_DECIMAL} >= formats


def test_a_quarter_with_no_activity_says_so_in_every_file_and_on_screen(
    article_at, client, manager, tmp_path
):
    """After the first record, a quarter in which nothing happened is reported, but its tables
    of zeros must not read as a real result: each rendering says the quarter recorded nothing."""
    article_at(local(2021, 2, 1, 9))
    article_at(local(2021, 11, 1, 9))
    said = "Quý III/2021 không ghi nhận hoạt động nào"
    data = build(Quarter(2021, 3))
    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    assert said in html
    assert render(data, "pdf").startswith(b"%PDF")
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    for name in ("Tổng hợp", "Tin bài"):
        assert any(said in (cell or "") for cell in next(book[name].iter_cols(values_only=True)))
    document = docx.Document(io.BytesIO(render(data, "docx")))
    assert any(said in p.text for p in document.paragraphs)
    client.force_login(manager)
    assert said in client.get(reverse("reports_quarterly") + "?quarter=2021Q3").content.decode()
    stdout = io.StringIO()
    call_command(
        "quarterly_report",
        quarter="2021Q3",
        fmt="xlsx",
        output=str(tmp_path / "q.xlsx"),
        stdout=stdout,
    )
    assert said in stdout.getvalue()
    # A quarter with one figure above zero is a real result: no such note.
    active = build(Quarter(2021, 4))
    assert not template_context(active)["no_activity_note"]
    html = render_to_string("reports/report_pdf.html", template_context(active, printed=True))
    assert "không ghi nhận hoạt động" not in html


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


def _header_rows(data: dict) -> dict[str, list[list[str]]]:
    """The column headers of every table, in each format."""
    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    soup = BeautifulSoup(html, "html.parser")
    pdf = [[th.get_text() for th in thead.select("th")] for thead in soup.select("thead")]
    document = docx.Document(io.BytesIO(render(data, "docx")))
    word = [
        [c.text for c in t.rows[0].cells] for t in document.tables if t.style.name != "Normal Table"
    ]
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    excel = [
        [c.value for c in row if c.value is not None]
        for sheet in book
        for row in sheet.iter_rows()
        if row[0].fill.fgColor.rgb == "00DDDDDD"
    ]
    return {"pdf": pdf, "docx": word, "xlsx": excel}


def test_every_table_names_its_quarters_never_this_quarter(some_records):
    """Breakdowns headed their figures "Quý này" beside "Quý II/2021", while the summary and the
    single figures read "Quý III/2021": a leader had to work out which quarter was meant."""
    data = build(Quarter(2021, 3))
    for fmt, rows in _header_rows(data).items():
        figures = [row for row in rows if "Tăng, giảm" in row or "Quý II/2021" in " ".join(row)]
        assert len(figures) > 10, fmt
        for row in figures:
            assert "Quý này" not in row, (fmt, row)
            assert any("Quý III/2021" in h for h in row), (fmt, row)
            assert any("Quý II/2021" in h for h in row), (fmt, row)
    pdf = _header_rows(data)["pdf"]
    assert ["Bài viết", "Lượt xem Quý III/2021", "Lượt xem Quý II/2021", "Tăng, giảm"] in pdf


def test_a_report_stored_with_this_quarter_headers_names_its_quarter(some_records):
    """Snapshots stored before kept "Quý này" as the header: rendered again, they name it."""
    data = build(Quarter(2021, 3))
    for group in data["groups"]:
        for kpi in group["kpis"]:
            kpi["value_header"] = kpi["value_header"] or "Quý này"
    for fmt, rows in _header_rows(data).items():
        assert not [row for row in rows if "Quý này" in row], fmt


def test_the_document_is_an_a4_report_in_black_times_with_headers_on_every_page(some_records):
    """python-docx's template printed on US Letter, with headings in blue Calibri (a blue rule
    under the title); a table running onto a second page lost its header row there, and a row
    could split across the break."""
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(render(build(Quarter(2021, 3)), "docx")))
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    for name in ("Title", "Heading 1", "Heading 2", "Normal"):
        style = document.styles[name]
        fonts = style.element.rPr.find(qn("w:rFonts"))
        assert {k.split("}")[1]: v for k, v in fonts.attrib.items()} == dict.fromkeys(
            ("ascii", "hAnsi", "eastAsia", "cs"), "Times New Roman"
        ), name
        if name != "Normal":
            assert style.font.color.rgb == docx.shared.RGBColor(0, 0, 0) and style.font.bold
            assert style.element.pPr.find(qn("w:pBdr")) is None
    grids = [t for t in document.tables if t.style.name == "Table Grid"]
    assert len(grids) > 10
    for table in grids:
        head, *rows = table.rows
        assert head._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in rows)
        assert all(c._tc.tcPr.find(qn("w:shd")) is not None for c in head.cells)
    summary = grids[0]
    assert [c.paragraphs[0].alignment for c in summary.rows[1].cells][1:4] == [
        None,
        docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT,
        docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT,
    ]


def test_the_document_s_columns_fit_their_figures_and_give_names_the_room(some_records):
    """Word and LibreOffice gave every column the same width: 30.060.487 broke after its seventh
    digit in the summary, beside a names' column where "Lượt xem bài viết và 10 bài được xem
    nhiều nhất" took four lines. Each figure column is as wide as its longest word at 10 pt
    (0.19 cm a digit and the cell's padding, at the least), the names' the widest, and every
    table the text's width (16.5 cm)."""
    data = build(Quarter(2021, 3))
    views = next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "page_views")
    views["value"] = 30060487
    document = docx.Document(io.BytesIO(render(data, "docx")))
    grids = [t for t in document.tables if t.style.name == "Table Grid"]
    for table in grids:
        widths = [column.width.cm for column in table.columns]
        assert sum(widths) == pytest.approx(16.5, abs=0.05), widths
        for n, column in enumerate(table.columns):
            words = [w for cell in column.cells[1:] for w in cell.text.split()]
            assert widths[n] >= max(map(len, words or [""])) * 0.19 + 0.38, (n, words, widths)
    summary = [column.width.cm for column in grids[0].columns]
    assert summary[0] > 1.5 * max(summary[1:]), summary
    assert "30.060.487" in [c.text for c in grids[0].columns[2].cells]


def test_the_workbook_keeps_headers_in_view_signs_changes_and_prints_on_a4(some_records):
    """Nothing was frozen (the summary's header scrolled away), a change read 3 where the PDF
    reads +3, long names were cut off by the figure beside them, and sheets printed on US
    Letter with their last columns on pages of their own."""
    book = openpyxl.load_workbook(io.BytesIO(render(build(Quarter(2021, 3)), "xlsx")))
    for name in ("Tổng hợp", "Định nghĩa"):
        sheet = book[name]
        header = sheet.freeze_panes and sheet[int(sheet.freeze_panes[1:]) - 1]
        assert header and header[0].value in ("Nhóm", "Mã"), name
        assert sheet.print_title_rows == f"${header[0].row}:${header[0].row}"
    summary = list(book["Tổng hợp"].iter_rows(min_row=5))
    first = next(row for row in summary if row[1].value == "Tổng số tin, bài đăng")
    assert first[5].value == 0 and first[5].number_format == CHANGE
    assert first[1].alignment.wrap_text
    rows = list(book["Tin bài"].iter_rows())
    [total] = [row for row in rows if row[0].value == "Tổng" and row[3].value is not None][:1]
    assert total[3].number_format == CHANGE
    for sheet in book:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1


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


def _with_a_fall(data: dict) -> dict:
    """The page views' headline fallen by thousands, as a busy quarter's can be."""
    views = next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "page_views")
    views.update(value=58530, previous=116060, change=-57530, change_pct=-49.6)
    return data


FALL = "\u221257.530\u00a0(\u221249,6%)"


def test_a_change_and_its_percentage_never_break_apart_in_any_format(some_records):
    """ "-15 (-26,8%)" wrapped as "-15 (-" / "26,8%)" in narrow columns: a space and a hyphen are
    both places a line may break. A no-break space joins them, and a fall is signed with the
    minus sign in the PDF, the document and the workbook alike (whose figures stay numbers)."""
    from cityportal.reports.outputs import change

    assert change({"change": -15, "change_pct": -26.8}) == "\u221215\u00a0(\u221226,8%)"
    assert change({"change": 3, "change_pct": 300.0}) == "+3\u00a0(+300,0%)"
    assert change({"change": -1, "change_pct": None}) == "\u22121"
    assert not re.search(r"[\s-]", FALL.replace("\u00a0", ""))
    data = _with_a_fall(build(Quarter(2021, 3)))
    html = render_to_string("reports/report_pdf.html", template_context(data, printed=True))
    cells = BeautifulSoup(html, "html.parser").select("td.change")
    assert FALL in [c.text for c in cells]
    document = docx.Document(io.BytesIO(render(data, "docx")))
    assert FALL in [c.text for c in document.tables[1].columns[4].cells]
    book = openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    row = next(r for r in book["Tổng hợp"].iter_rows() if r[1].value == "Tổng lượt xem trang")
    assert row[5].value == -57530 and row[5].number_format == CHANGE


def test_the_pdf_prints_a_change_on_one_line(some_records):
    """WeasyPrint broke "+58.530 (+209,3%)" after its figure in the summary's narrow column: each
    change cell is laid out in a single line."""
    document = pdf.layout(_with_a_fall(build(Quarter(2021, 3))))
    changes = [
        box
        for page in document.pages
        for box in boxes(page._page_box)
        if type(box).__name__ == "TableCellBox" and "change" in box.element.get("class", "")
    ]
    assert len(changes) > 10
    texts = {}
    for cell in changes:
        lines = [b for b in boxes(cell) if type(b).__name__ == "LineBox"]
        texts["".join(b.text for b in boxes(cell) if type(b).__name__ == "TextBox")] = len(lines)
    assert texts[FALL] == 1
    assert set(texts.values()) == {1}, texts


def test_the_document_s_closing_block_never_splits_across_pages(some_records):
    """ "Nơi nhận" (the distribution list) was left alone at the top of the last page, away
    from the signatures: both are in the one row of a table, which may not split."""
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(render(build(Quarter(2021, 3)), "docx")))
    closing = document.tables[-1]
    [row] = closing.rows
    assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    [cell] = row.cells
    [signatures] = cell.tables
    assert [c.paragraphs[0].text for c in signatures.rows[0].cells] == [
        "ĐẠI DIỆN BAN TUYÊN GIÁO THÀNH ỦY TP.HCM",
        "ĐẠI DIỆN CỔNG TTĐT CHÍNH PHỦ",
    ]
    assert cell.paragraphs[0].text.startswith("Nơi nhận:\n- Như trên;")
    # Nothing after the block: it ends the document.
    assert document.element.body[-2] is closing._tbl  # the last is the section's properties


def test_the_document_gives_a_change_the_width_it_cannot_break_in(some_records):
    """Counted in words, a change kept whole ("+37.668 (+256,5%)") was given the width of its
    percentage alone and would break anyway, by letters; its column now holds it (0.19 cm a
    figure's character at 10 pt and the cell's padding)."""
    data = _with_a_fall(build(Quarter(2021, 3)))
    summary = docx.Document(io.BytesIO(render(data, "docx"))).tables[1]
    assert summary.columns[4].width.cm >= len(FALL) * 0.19 + 0.38

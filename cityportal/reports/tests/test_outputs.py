"""What every format of the report says alike: empty and reform quarters rendered, a running or an
idle quarter said to be one, a long top list cut in print and kept whole in the workbook, every
table naming its quarters, and a change signed with the minus sign and never broken across lines."""

import io
import re

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cityportal.core.printing import boxes
from cityportal.reports import plan
from cityportal.reports.generate import render
from cityportal.reports.outputs import pdf, template_context
from cityportal.reports.quarters import Quarter
from cityportal.reports.snapshot import build

from .conftest import local
from .workbook import CHANGE


@pytest.mark.parametrize("quarter", ["2030Q1", "2025Q3"])
def test_empty_and_reform_quarters_render_in_every_format(db, quarter):
    data = build(Quarter.parse(quarter))
    assert render(data, "pdf").startswith(b"%PDF")
    assert openpyxl.load_workbook(io.BytesIO(render(data, "xlsx")))
    assert docx.Document(io.BytesIO(render(data, "docx"))).paragraphs


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


def test_the_document_gives_a_change_the_width_it_cannot_break_in(some_records):
    """Counted in words, a change kept whole ("+37.668 (+256,5%)") was given the width of its
    percentage alone and would break anyway, by letters; its column now holds it (0.19 cm a
    figure's character at 10 pt and the cell's padding)."""
    data = _with_a_fall(build(Quarter(2021, 3)))
    summary = docx.Document(io.BytesIO(render(data, "docx"))).tables[1]
    assert summary.columns[4].width.cm >= len(FALL) * 0.19 + 0.38

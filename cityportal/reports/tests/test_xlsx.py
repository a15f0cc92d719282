"""The Excel workbook: a title that looks like a formula kept as text, a figure the quarter has none
of left blank (not zero), thousands grouped and changes signed, headers frozen in view and sheets
printed on A4, one page wide."""

import io

import docx
import openpyxl

from cityportal.reports import plan
from cityportal.reports.generate import render
from cityportal.reports.quarters import Quarter
from cityportal.reports.snapshot import build

from .workbook import CHANGE, CHANGE_DECIMAL


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
    # LibreOffice opens a row one line high: a group's name wrapped there covered the next row.
    longest = max(len(row[0].value) for row in summary if row[0].value)
    assert book["Tổng hợp"].column_dimensions["A"].width >= longest + 1
    rows = list(book["Tin bài"].iter_rows())
    [total] = [row for row in rows if row[0].value == "Tổng" and row[3].value is not None][:1]
    assert total[3].number_format == CHANGE
    for sheet in book:
        assert int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1

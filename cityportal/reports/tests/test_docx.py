"""The Word document: an A4 report in black Times New Roman, its tables' header rows repeated on
every page and rows never split, columns as wide as their figures with the room given to names, and
the closing block (distribution list and signatures) never split across pages."""

import io

import docx
import pytest

from cityportal.reports.generate import render
from cityportal.reports.quarters import Quarter
from cityportal.reports.snapshot import build


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

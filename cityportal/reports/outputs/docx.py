"""The report as a Word document the editors finish (assessment, next quarter's tasks) and
sign."""

import io
import re

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..snapshot import NUMERALS
from . import issuer, period_text, template_context

TO_COMPLETE = "(Ban biên tập bổ sung.)"
FONT = "Times New Roman"
# An official report's headings (Decree 30/2020/NĐ-CP's form): Times New Roman, black, bold;
# python-docx's template drew them in blue Calibri, the title 26 pt over a blue rule.
HEADINGS = {"Title": 15, "Heading 1": 13, "Heading 2": 13}
HEADER_FILL = "EEEEEE"  # as the PDF's table headers
TEXT_WIDTH = Cm(16.5)  # A4 less the 3 and 1.5 cm margins
# Word and LibreOffice gave every column the same width: names ("Sở Nông nghiệp và Môi
# trường") wrapped a word a line beside near-empty columns, and 30.060.487 broke after its
# seventh digit. Each column is as wide as its longest word (about 0.21 cm a character at
# 10 pt, bold headers included, with the cell's 0.38 cm padding); the names get the rest, up to
# their longest or NAME_MAX of the width.
# A column is never under COLUMN_MIN_CM: "Mức đạt", three letters a word, broke as "Mứ c".
CHAR_CM, PADDING_CM, COLUMN_MIN_CM, NAME_MIN_CM, NAME_MAX = 0.21, 0.4, 1.3, 3.0, 0.4
# Figures are narrower: a digit (and the marks in a figure) about 0.19 cm. Counted as letters,
# a change kept whole with its percentage ("+5 (+500,0%)") took so much of the agencies' ten
# columns that the others were narrowed under their headers ("Khôn g").
DIGIT_CM, FIGURE_MARKS = 0.19, frozenset("0123456789.,/()+\u2212\u00a0")


def render(data: dict) -> bytes:
    context = template_context(data, printed=True)
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    # python-docx's template is US Letter; a Vietnamese report is printed on A4.
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    _letterhead(doc, data, context)
    for group in context["groups"]:
        doc.add_heading(f"{group['number']}. {group['title'].upper()}", level=1)
        for n, kpi in enumerate(group["kpis"], 1):
            doc.add_heading(f"{n}. {kpi['name']}", level=2)
            note = doc.add_paragraph()
            note.add_run(f"Cách tính: {kpi['definition']}").italic = True
            # With its table: it was left alone at the foot of a page, the table on the next.
            note.paragraph_format.keep_with_next = True
            if not kpi["available"]:
                doc.add_paragraph("Chưa có dữ liệu.")
                continue
            _kpi_table(doc, kpi, data)
    number = NUMERALS[len(context["groups"]) + 1]
    doc.add_heading(f"{number}. ĐÁNH GIÁ CHUNG, PHƯƠNG HƯỚNG QUÝ TỚI", level=1)
    doc.add_paragraph(TO_COMPLETE)
    _signatures(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    normal.font.size = Pt(13)
    _font(normal.element.get_or_add_rPr())
    for name, size in HEADINGS.items():
        style = doc.styles[name]
        style.font.size, style.font.bold = Pt(size), True
        style.font.color.rgb = RGBColor(0, 0, 0)
        _font(style.element.get_or_add_rPr())
        border = style.element.get_or_add_pPr().find(qn("w:pBdr"))
        if border is not None:
            border.getparent().remove(border)
    doc.styles["Heading 2"].font.italic = False


def _font(rpr) -> None:
    """Times New Roman for every script, and no theme font, which Word prefers to a named one."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), FONT)


def _letterhead(doc, data: dict, context: dict) -> None:
    """The issuers and the reference on the left, the nation and its motto on the right, each
    name on one line (in two equal halves at 12 pt they wrapped), as the PDF's letterhead."""
    who = issuer()
    table = doc.add_table(rows=1, cols=2)
    _widths(table, [Cm(7.6), Cm(8.9)])
    left, right = table.rows[0].cells
    lines = [(body, True, 10.5) for body in who["bodies"]] + [(who["reference"], False, 11)]
    _lines(left, lines)
    nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    _lines(right, [(nation, True, 11), ("Độc lập - Tự do - Hạnh phúc", True, 12)])
    generated = context["generated"]
    dateline = doc.add_paragraph()
    dateline.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    dateline.add_run(
        f"{who['place']}, ngày {generated:%d} tháng {generated:%m} năm {generated:%Y}"
    ).italic = True
    title = doc.add_heading("BÁO CÁO", level=0)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject = doc.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.add_run(
        "Kết quả thực hiện chương trình phối hợp thông tin trên Cổng Thông tin điện tử Chính "
        f"phủ {data['label']}\n({period_text(data)})"
    ).bold = True
    doc.add_heading(f"I. TÓM TẮT KẾT QUẢ {data['label'].upper()}", level=1)
    if context["no_activity_note"]:
        note = doc.add_paragraph()
        note.add_run("Lưu ý: ").bold = True
        note.add_run(context["no_activity_note"])
    _summary_table(doc, data, context)


def _lines(cell, lines: list[tuple[str, bool, float]]) -> None:
    """Centred lines (text, bold, size in pt) in a cell, without space between them."""
    for n, (text, bold, size) in enumerate(lines):
        paragraph = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.paragraph_format.space_after = Pt(0)
        run = paragraph.add_run(text)
        run.bold, run.font.size = bold, Pt(size)


def _widths(table, widths) -> None:
    """Fixed column widths: the grid (which LibreOffice reads) and each cell (Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _summary_table(doc, data: dict, context: dict) -> None:
    headers = [
        "Chỉ tiêu",
        "Đơn vị",
        data["label"],
        data["previous"]["label"],
        "Tăng, giảm",
        "Kế hoạch",
        "Mức đạt",
    ]
    rows = []
    for kpi in context["summary"]:
        c = kpi["cells"]
        if kpi["available"]:
            rows.append(
                [
                    kpi["name"],
                    kpi["unit"],
                    c["value"],
                    c["previous"],
                    c["change"],
                    c["target"],
                    c["plan"],
                ]
            )
        else:
            rows.append([kpi["name"], kpi["unit"], "chưa có dữ liệu", "", "", "", ""])
    _table(doc, headers, rows, labels=2)


def _kpi_table(doc, kpi: dict, data: dict) -> None:
    c = kpi["cells"]
    plan_headers = ["Kế hoạch", "Mức đạt"] if kpi["planned"] else []
    if kpi["rows"] is None:
        plan_cells = [c["target"], c["plan"]] if kpi["planned"] else []
        _table(
            doc,
            [data["label"], data["previous"]["label"], "Tăng, giảm", *plan_headers],
            [[f"{c['value']} {kpi['unit']}", c["previous"], c["change"], *plan_cells]],
            labels=0,
        )
        return
    headers = [
        kpi["row_header"] or "Nội dung",
        kpi["value_header"],
        *[col["header"] for col in kpi["columns"]],
        kpi["previous_header"],
        "Tăng, giảm",
        *plan_headers,
    ]
    rows = [
        [
            r["label"],
            r["value"],
            *r["extra"],
            r["previous"],
            r["change"],
            *([r["target"], r["plan"]] if kpi["planned"] else []),
        ]
        for r in c["rows"]
    ]
    if kpi["value"] is not None:
        rows.append(
            [
                kpi.get("total_label", "Tổng"),
                c["value"],
                *["" for _ in kpi["columns"]],
                c["previous"],
                c["change"],
                *([c["target"], c["plan"]] if kpi["planned"] else []),
            ]
        )
    if not rows:
        rows.append(["Không có số liệu trong quý", "0", *["" for _ in headers[2:]]])
    _table(doc, headers, rows)
    if c["more"]:
        doc.add_paragraph(
            f"… và {c['more']} dòng khác, số liệu nhỏ hơn (đầy đủ trong tệp Excel kèm theo)."
        )


def _table(doc, headers: list[str], rows: list[list], labels: int = 1) -> None:
    """A table whose header row repeats on each page it runs onto, whose rows never split
    across pages, and whose figures (after the first `labels` columns) stand right-aligned under
    their centred headers, as in the PDF."""
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        _shade(cell, HEADER_FILL)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    _row_property(table.rows[0], "w:tblHeader")
    for cell in table.rows[0].cells:  # a header row never alone at the foot of a page
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    for values in rows:
        row = table.add_row()
        _row_property(row, "w:cantSplit")
        for n, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = str(text)
            if n >= labels:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    # A breakdown with many columns (the agencies' ten) in smaller type, as the PDF's.
    size = Pt(9) if len(headers) > 7 else Pt(10)
    _widths(table, _column_widths([headers, *rows], labels, size.pt / 10))
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = size


def _column_widths(rows: list[list], labels: int, scale: float) -> list[int]:
    """Each column as wide as its longest word; the first (the names) the rest of the width, up
    to its longest name, between NAME_MIN_CM and NAME_MAX of the width; what is then left over
    is shared by the other columns."""
    columns = list(zip(*rows, strict=True))
    need = [
        Cm(
            max(
                max(_word_cm(word) for cell in column for word in _unbreakable(cell) or [""])
                * scale
                + PADDING_CM,
                COLUMN_MIN_CM,
            )
        )
        for column in columns
    ]
    if not labels:  # a single figure's table: no names, its columns alike
        return [int(TEXT_WIDTH / len(columns))] * len(columns)
    others = need[1:]
    longest = Cm(max(len(str(cell)) for cell in columns[0]) * CHAR_CM * scale + PADDING_CM)
    room = max(TEXT_WIDTH - sum(others), Cm(NAME_MIN_CM))
    name = min(room, int(TEXT_WIDTH * NAME_MAX), max(longest, Cm(NAME_MIN_CM)))
    room = TEXT_WIDTH - name
    # Spread what the others do not need over them, or narrow them alike where they need more.
    spare = (room - sum(others)) / len(others)
    if spare >= 0:
        return [int(name), *[int(w + spare) for w in others]]
    return [int(name), *[int(w * room / sum(others)) for w in others]]


def _word_cm(word: str) -> float:
    return sum(DIGIT_CM if c in FIGURE_MARKS else CHAR_CM for c in word)


def _unbreakable(cell) -> list[str]:
    """The cell's text as a line may break it: at spaces, not at the no-break space joining a
    change to its percentage (str.split() splits there too)."""
    return [word for word in re.split(r"[ \t\n]+", str(cell)) if word]


def _row_property(row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _signatures(doc) -> None:
    """The closing block, the signatures and "Nơi nhận" under them, in the one row of a table
    that never splits: "Nơi nhận" was left alone at the top of the last page. Keep-with-next
    from the signatures to the list was not enough: LibreOffice still broke between them."""
    who = issuer()
    block = doc.add_table(rows=1, cols=1)
    _row_property(block.rows[0], "w:cantSplit")
    outer = block.rows[0].cells[0]
    # The cell's own empty paragraph would open the block with a blank line; add_table ends
    # the cell with the paragraph Word requires, which takes the list.
    outer._tc.remove(outer.paragraphs[0]._p)
    table = outer.add_table(rows=1, cols=len(who["signatures"]))
    for cell, signature in zip(table.rows[0].cells, who["signatures"], strict=True):
        # As the PDF's: who signs in bold, the hint in italics, room for the signature.
        _lines(cell, [(signature["body"], True, 12), ("(Ký, ghi rõ họ tên)", False, 11)])
        cell.paragraphs[-1].runs[0].italic = True
        for text in ["", "", "", signature["name"]]:
            paragraph = cell.add_paragraph(text)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold = True
    recipients = outer.paragraphs[-1]
    recipients.add_run("Nơi nhận:").bold = True
    for line in who["recipients"]:
        recipients.add_run(f"\n- {line}")

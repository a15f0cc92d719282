"""The report as a Word document the editors finish (assessment, next quarter's tasks) and
sign."""

import io

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
    who = issuer()
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.text = "\n".join(who["bodies"]) + f"\n{who['reference']}"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for run in paragraph.runs:
                run.bold, run.font.size = True, Pt(12)
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
    for values in rows:
        row = table.add_row()
        _row_property(row, "w:cantSplit")
        for n, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            cell.text = str(text)
            if n >= labels:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(10)


def _row_property(row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement(tag))


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def _signatures(doc) -> None:
    who = issuer()
    table = doc.add_table(rows=1, cols=len(who["signatures"]))
    for cell, signature in zip(table.rows[0].cells, who["signatures"], strict=True):
        cell.text = f"{signature['body']}\n(Ký, ghi rõ họ tên)\n\n\n\n{signature['name']}"
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    recipients = doc.add_paragraph()
    recipients.add_run("Nơi nhận:").bold = True
    for line in who["recipients"]:
        recipients.add_run(f"\n- {line}")

"""The report as a workbook: a summary sheet, a sheet per KPI group, and the definitions."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from . import (
    MINUS,
    in_summary,
    is_planned,
    no_activity_note,
    period_text,
    plan_reached,
    quarter_headers,
)

SHEETS = {
    "content": "Tin bài",
    "audience": "Lượt xem",
    "agencies": "Cơ quan cộng tác",
    "feedback": "Ý kiến người dân",
    "opinion": "Dư luận",
    "events": "Sự kiện",
    "opendata": "Dữ liệu mở",
}
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
# Thousands grouped: Excel writes the groups in its reader's way (15.036.553 in Vietnamese); a
# whole number with no decimal mark after it ("#,##0.##" read "12," for 12).
WHOLE, DECIMAL = "#,##0", "#,##0.0"
NUMBER_FORMATS = {"number": WHOLE, "percent": "0.0%", "hours": DECIMAL}
# A change reads with its sign, as in the PDF ("+3", "−1"): a bare 3 read as a figure. A fall
# with the PDF's and the document's minus sign (U+2212, quoted: Excel shows only a few
# characters bare); the cell stays a number.
CHANGE, CHANGE_DECIMAL = f'+#,##0;"{MINUS}"#,##0;0', f'+#,##0.0;"{MINUS}"#,##0.0;0'
WRAP = Alignment(wrap_text=True, vertical="top")


def render(data: dict) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Tổng hợp"
    _summary(summary, data)
    for group in data["groups"]:
        _group(book.create_sheet(SHEETS.get(group["key"], group["key"])[:31]), group, data)
    _definitions(book.create_sheet("Định nghĩa"), data)
    _as_text(book)
    _grouped(book)
    _printed(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet, values) -> None:
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = WRAP


def _table_header(sheet, values) -> None:
    """The header of a sheet's one table: it stays in view while the rows scroll under it, and
    heads every printed page."""
    _header(sheet, values)
    row = sheet.max_row
    sheet.freeze_panes = f"A{row + 1}"
    sheet.print_title_rows = f"{row}:{row}"


def _change(cell) -> None:
    if isinstance(cell.value, int | float):
        whole = isinstance(cell.value, int) or cell.value.is_integer()
        cell.number_format = CHANGE if whole else CHANGE_DECIMAL


def _wrapped(sheet, *columns: int) -> None:
    """Long names (an article's title, a KPI's) wrap in their column instead of being cut off
    by the figure beside them."""
    for column in columns:
        sheet.cell(sheet.max_row, column).alignment = WRAP


def _title(sheet, data: dict, title: str) -> None:
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([f"{data['label']} ({period_text(data)})"])
    # On every sheet: a group's sheet read alone is a table of zeros too.
    if note := no_activity_note(data):
        sheet.append([f"Lưu ý: {note}"])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True, color="9C5700")
    sheet.append([])


def _summary(sheet, data: dict) -> None:
    _title(sheet, data, "Báo cáo kết quả thực hiện chương trình: tóm tắt")
    _table_header(
        sheet,
        [
            "Nhóm",
            "Chỉ tiêu",
            "Đơn vị",
            data["label"],
            data["previous"]["label"],
            "Tăng, giảm",
            "Kế hoạch",
            "Mức đạt",
        ],
    )
    for group in data["groups"]:
        for kpi in group["kpis"]:
            if not in_summary(kpi):
                continue
            figures = (
                [kpi["value"], kpi["previous"], kpi["change"], kpi["target"], plan_reached(kpi)]
                if kpi["available"]
                else ["chưa có dữ liệu"]
            )
            sheet.append([group["title"], kpi["name"], kpi["unit"], *figures])
            _wrapped(sheet, 1, 2)
            _change(sheet.cell(sheet.max_row, 6))
    # The group's name on one line: LibreOffice, unlike Excel, keeps a row one line high when
    # it opens the file, and a wrapped name's second line then covers the next row.
    longest = max((len(group["title"]) for group in data["groups"]), default=0)
    _widths(sheet, [max(28, longest + 2), 44, 12, 14, 14, 12, 12, 16])


def _group(sheet, group: dict, data: dict) -> None:
    _title(sheet, data, f"{group['number']}. {group['title']}")
    for n, kpi in enumerate(group["kpis"], 1):
        sheet.append([f"{n}. {kpi['name']} ({kpi['unit']})"])
        sheet.cell(sheet.max_row, 1).font = BOLD
        sheet.append([f"Cách tính: {kpi['definition']}"])
        sheet.cell(sheet.max_row, 1).font = Font(italic=True, size=9)
        if not kpi["available"]:
            sheet.append(["chưa có dữ liệu"])
            sheet.append([])
            continue
        planned = is_planned(kpi)
        plan_headers = ["Kế hoạch", "Mức đạt"] if planned else []
        columns = kpi["columns"]
        value_header, previous_header = quarter_headers(kpi, data)
        _header(
            sheet,
            [
                kpi["row_header"] or "Nội dung",
                value_header,
                *[c["header"] for c in columns],
                previous_header,
                "Tăng, giảm",
                *plan_headers,
            ],
        )
        rows = kpi["rows"] if kpi["rows"] is not None else []
        for row in rows:
            plan_cells = [row["target"], plan_reached(row)] if planned else []
            sheet.append(
                [
                    row["label"],
                    row["value"],
                    *[row["extra"].get(c["key"]) for c in columns],
                    row["previous"],
                    row["change"],
                    *plan_cells,
                ]
            )
            for i, column in enumerate(columns):
                sheet.cell(sheet.max_row, 3 + i).number_format = NUMBER_FORMATS[column["kind"]]
            _wrapped(sheet, 1)
            _change(sheet.cell(sheet.max_row, 4 + len(columns)))
        # A single figure keeps its row when the quarter has none (a median of no answers):
        # the cell blank beside the previous quarter's, as "—" in the PDF, never a 0.
        if kpi["value"] is not None or kpi["rows"] is None:
            plan_cells = [kpi["target"], plan_reached(kpi)] if planned else []
            label = kpi.get("total_label", "Tổng") if kpi["rows"] is not None else data["label"]
            sheet.append(
                [
                    label,
                    kpi["value"],
                    *[None for _ in columns],
                    kpi["previous"],
                    kpi["change"],
                    *plan_cells,
                ]
            )
            sheet.cell(sheet.max_row, 1).font = BOLD
            _wrapped(sheet, 1)
            _change(sheet.cell(sheet.max_row, 4 + len(columns)))
        elif not rows:
            sheet.append(["Không có số liệu trong quý", 0])
        sheet.append([])
    _widths(sheet, [48, 14, 14, 14, 14, 14, 14, 14, 14, 14])


def _definitions(sheet, data: dict) -> None:
    _title(sheet, data, "Định nghĩa các chỉ tiêu")
    _table_header(sheet, ["Mã", "Chỉ tiêu", "Đơn vị", "Cách tính"])
    for group in data["groups"]:
        for kpi in group["kpis"]:
            sheet.append([kpi["key"], kpi["name"], kpi["unit"], kpi["definition"].strip()])
            _wrapped(sheet, 2, 4)
    _widths(sheet, [24, 44, 12, 100])


def _as_text(book) -> None:
    """The report writes no formula: a label openpyxl takes for one (an article's title that
    starts with "=") is text, not something Excel runs or shows as #NAME?."""
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


def _grouped(book) -> None:
    """Every figure not given a format of its kind is grouped in thousands."""
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, int | float) and cell.number_format == "General":
                    whole = isinstance(value, int) or value.is_integer()
                    cell.number_format = WHOLE if whole else DECIMAL


def _printed(book) -> None:
    """Printed on A4 as wide as the page (openpyxl's default is US Letter at 100%, the last
    columns on a page of their own)."""
    for sheet in book:
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _widths(sheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width

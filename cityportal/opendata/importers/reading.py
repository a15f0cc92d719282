"""Read an uploaded CSV or XLSX file into a plain table: a title, a header and numbered rows.

Everything that can go wrong with the bytes themselves (size, encoding, separator, an unreadable
workbook) is refused here with a message a data editor can act on."""

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from cityportal.core.text import fold

SEPARATORS = ";,\t|"
# The names spreadsheet programs give a new sheet ("Sheet1", "Trang tính1", "Feuil1", "Лист1"):
# they say nothing of the table, so an untitled table is named from its file instead.
DEFAULT_SHEET = re.compile(
    r"(sheet|trang tinh|bang tinh|feuil|tabelle|hoja|foglio|planilha|blad|arkusz|munkalap|"
    r"лист|工作表|シート)\s*\d*|(plan|ark|list)\d+"
)


class Rejected(Exception):
    """The file cannot be read at all; the message says why."""


@dataclass
class Table:
    name: str
    format: str  # "CSV" or "XLSX"
    header: list[str]
    rows: list[tuple[int, list]]  # (line or row number in the file, cells)
    title: str = ""
    warnings: list[str] = field(default_factory=list)


def read_table(name: str, data: bytes, sheet: str | None = None) -> Table:
    limit = settings.OPENDATA_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise Rejected(
            f"Tệp {len(data) / 1e6:.0f} MB vượt giới hạn {limit / 1e6:.0f} MB; "
            "hãy chia nhỏ theo năm hoặc theo chỉ tiêu."
        )
    if not data.strip():
        raise Rejected("Tệp rỗng.")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(name, data, sheet)
    return _read_csv(name, data)


def _decode(data: bytes) -> tuple[str, list[str]]:
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        bad_at = error.start
    # Valid multi-byte UTF-8 before the first bad byte means two encodings in one file.
    head = data[:bad_at]
    if any(b >= 0x80 for b in head):
        line = head.count(b"\n") + 1
        raise Rejected(
            f"Tệp trộn nhiều bảng mã: phần đầu là UTF-8 nhưng dòng {line} không phải. "
            "Hãy lưu lại toàn bộ tệp dưới dạng CSV UTF-8."
        ) from None
    # Legacy Windows encodings: Vietnamese (1258) decomposes tones into combining marks, which
    # only make sense after a vowel; Western (1252) is what many statistics exports really are.
    for encoding in ("cp1258", "cp1252"):
        try:
            text = unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
        if encoding == "cp1258" and _stray_combining_marks(text):
            continue
        return text, [f"Tệp không phải UTF-8; đã đọc theo bảng mã {encoding}. Hãy kiểm tra tên."]
    raise Rejected("Không đọc được bảng mã của tệp; hãy lưu lại dưới dạng CSV UTF-8.")


def _stray_combining_marks(text: str) -> bool:
    # Every Vietnamese letter has a precomposed form, so a mark NFC could not compose is stray.
    return any(unicodedata.combining(ch) for ch in text)


def _read_csv(name: str, data: bytes) -> Table:
    text, warnings = _decode(data)
    lines = text.splitlines()
    title = ""
    # PX-Web exports open with a one-cell title line and a blank line.
    if len(lines) > 2 and not lines[1].strip() and _single_cell(lines[0]):
        title = lines[0].strip().strip('"').strip()
        lines = lines[2:]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise Rejected("Tệp không có dòng tiêu đề cột.")
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=SEPARATORS)
        separator = dialect.delimiter
    except csv.Error:
        separator = max(SEPARATORS, key=lines[0].count)
    reader = csv.reader(lines, delimiter=separator)
    header = [cell.strip() for cell in next(reader)]
    if len(header) < 2:
        raise Rejected(
            "Chỉ tìm thấy một cột: dấu phân cách cột không đúng? "
            "Dùng dấu chấm phẩy (;), dấu phẩy (,) hoặc tab."
        )
    offset = 2 + (2 if title else 0)  # 1-based numbers of the lines after the header
    rows = []
    for index, cells in enumerate(reader):
        if not any(cell.strip() for cell in cells):
            continue
        if [c.strip() for c in cells] == header:
            continue  # some exports repeat the header line
        rows.append((index + offset, [cell.strip() for cell in cells]))
    return Table(name, "CSV", header, rows, title, warnings)


def _single_cell(line: str) -> bool:
    line = line.strip()
    quoted = line.startswith('"') and line.endswith('"') and line.count('"') == 2
    return quoted or not any(s in line for s in SEPARATORS)


def _read_xlsx(name: str, data: bytes, sheet: str | None) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(data), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise Rejected(f"Không mở được tệp Excel: {error}") from None
    if sheet and sheet not in workbook.sheetnames:
        raise Rejected(f"Không có trang tính '{sheet}'; có: {', '.join(workbook.sheetnames)}.")
    ws = workbook[sheet] if sheet else workbook.worksheets[0]
    grid = [list(row) for row in ws.iter_rows(values_only=True)]
    # Counted before merged cells are spread: a title merged across the table is one cell.
    cells_written = [sum(_filled(c) for c in row) for row in grid]
    # A merged cell holds its value only in the top-left corner; spread it over the range so a
    # year spanning "Nam | Nữ" or an area spanning several rows reaches every cell it labels.
    merged_header_rows = set()
    for merged in ws.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row - 1, merged.max_row):
            for c in range(merged.min_col - 1, merged.max_col):
                grid[r][c] = value
        if merged.max_col > merged.min_col:
            merged_header_rows.add(merged.min_row - 1)
    numbered = [(i + 1, row) for i, row in enumerate(grid) if any(_filled(c) for c in row)]
    if not numbered:
        empty = f"Trang tính '{ws.title}' trống."
        several = not sheet and len(workbook.sheetnames) > 1
        raise Rejected(f"{empty} {_other_sheets(workbook, ws)}" if several else empty)
    title = ""
    first_number, first = numbered[0]
    # A lone cell over the table is its title, unless it is a merged heading over the value
    # columns only (a year spanning "Nam | Nữ"), which leaves the stub column empty.
    if (
        cells_written[first_number - 1] == 1
        and len(numbered) > 1
        and (first_number - 1 not in merged_header_rows or _filled(first[0]))
    ):
        title = str(next(c for c in first if _filled(c))).strip()
        numbered = numbered[1:]
    header_number, header_cells = numbered[0]
    header = [_text(c) for c in header_cells]
    body = numbered[1:]
    # A header whose cells were merged across columns usually has a second header row below.
    if (
        header_number - 1 in merged_header_rows
        and body
        and not any(_is_number(c) for c in body[0][1])
    ):
        sub = [_text(c) for c in body[0][1]]
        header = [
            f"{h} {s}".strip() if s and s != h else h for h, s in zip(header, sub, strict=False)
        ]
        body = body[1:]
    while header and not header[-1]:
        header.pop()
    rows = [(number, [c if c is not None else "" for c in cells]) for number, cells in body]
    warnings = [_other_sheets(workbook, ws)] if not sheet and len(workbook.sheetnames) > 1 else []
    return Table(name, "XLSX", header, rows, title or _sheet_title(ws.title), warnings)


def _sheet_title(name: str) -> str:
    return "" if DEFAULT_SHEET.fullmatch(fold(name).strip()) else name.strip()


def _other_sheets(workbook, ws) -> str:
    """A cover or notes sheet often comes first: which sheet was read, and what else is there."""
    others = ", ".join(f"'{n}'" for n in workbook.sheetnames if n != ws.title)
    return (
        f"Đã đọc trang tính đầu tiên, '{ws.title}'; tệp còn có {others}. Nếu số liệu ở trang "
        "khác, hãy ghi tên trang đó (ô Trang tính, hoặc --sheet khi nhập bằng lệnh)."
    )


def _filled(cell) -> bool:
    return cell is not None and str(cell).strip() != ""


def _text(cell) -> str:
    return "" if cell is None else str(cell).strip()


def _is_number(cell) -> bool:
    return isinstance(cell, int | float) and not isinstance(cell, bool)

"""Row numbering of Vietnamese statistical tables (I, II… for groups; 1, 2…, 1.1, a, b, "-"
within them) read as an outline: each row named with the groups above it, the numbers gone.

    STT | Chỉ tiêu                      | 2022     →  Tổng số                            (no group)
        | Tổng số                       | 1.200       (heading only: no row of its own)
    I   | Nông, lâm nghiệp và thủy sản  |             Nông, lâm nghiệp và thủy sản – Nông nghiệp
    1   | Nông nghiệp                   | 300         …
    II  | Công nghiệp và xây dựng       | 800         Công nghiệp và xây dựng
    1   | Công nghiệp                   | 500         Công nghiệp và xây dựng – Công nghiệp

A Roman numeral is then never a figure, a breakdown or part of a name, a group heading without
figures is no series, and "Nhà nước" under two groups are two series, not a duplicate."""

import re

from cityportal.core.text import fold

from .reading import Table
from .values import is_missing, looks_numeric, split_measure

# Folded headers of a column that numbers the rows: "STT", "TT", "Số TT", "Số thứ tự", "No.", "#".
ROW_NUMBER_HEADERS = {"stt", "tt", "so tt", "so thu tu", "no", "no.", "#"}
_ROMAN = re.compile(r"(?=[IVXL])L?X{0,3}(IX|IV|V?I{0,3})")
_NUMBERS = re.compile(r"\d+(\.\d+)*")
_BULLETS = {"-", "+", "*", "•", "–", "—"}
# A number written before the name in the same cell: "I. Nông nghiệp", "1.1 Lúa", "a) Ngô",
# "- Lúa mùa". "TP. Hồ Chí Minh", "Q.1" or "Phường 1" have no such mark.
_INLINE = re.compile(
    r"^(?:(?P<mark>[IVXL]+|\d+|[A-Za-zđ])[.)]|(?P<dotted>\d+(?:\.\d+)+)\.?|(?P<bullet>[-+*•–—]))"
    r"\s+(?P<name>\S.*)$"
)
# Rows that total the table: they belong to no group, whatever came before.
_TOTALS = {"tong so", "tong", "tong cong", "total", "ca nuoc", "toan thanh pho", "chung"}
_ROMAN_LEVEL = 1


def level(mark) -> float | None:
    """How deep a row number is: "A" 0, "I" 1, "1" 2, "1.1" 3, "a" 6, "-" 7; None for no number."""
    if isinstance(mark, int | float) and not isinstance(mark, bool):
        mark = str(int(mark)) if mark == int(mark) else str(mark)
    text = str(mark if mark is not None else "").strip()
    if text in _BULLETS:
        return 7
    text = text.rstrip(".)").strip()
    if not text:
        return None
    if _ROMAN.fullmatch(text):
        return _ROMAN_LEVEL
    if _NUMBERS.fullmatch(text):
        return 2 + text.count(".")
    if re.fullmatch(r"[A-Z]", text):
        return 0
    if re.fullmatch(r"[a-zđ]", text):
        return 6
    return None


def _is_outline(levels) -> bool:
    """Numbers make an outline when they nest (two depths) or number groups (I, II…); a plain
    1, 2, 3 column is a row counter, and "3", "7" a group's own code (layout handles both)."""
    found = {n for n in levels if n is not None}
    return _ROMAN_LEVEL in found or len(found) > 1


def _split(cell) -> tuple[float | None, str]:
    text = str(cell if cell is not None else "").strip()
    match = _INLINE.match(text)
    if not match:
        return None, text
    return level(match["mark"] or match["dotted"] or match["bullet"]), match["name"].strip()


def unfold(table: Table, looks_like_area) -> Table:
    """The table with its row-number column dropped, its group headings folded into the names
    of the rows below them, and their numbers stripped; the table itself if it has no outline."""
    folded = [fold(h).strip().replace("_", " ") for h in table.header]
    marks = None
    for i, header in enumerate(folded):
        if header not in ROW_NUMBER_HEADERS and (header or i):
            continue
        column = [_cell(cells, i, "") for _, cells in table.rows]
        levels = [level(c) for c in column if not is_missing(c) or str(c).strip() in _BULLETS]
        if levels and None not in levels and _is_outline(levels):
            marks = i
            break
    names = _name_column(table, marks)
    if names is None:
        return table
    split = [_split(_cell(cells, names)) for _, cells in table.rows]
    if marks is not None:
        split = [
            (inline if (mark := level(_cell(cells, marks))) is None else mark, name)
            for (_, cells), (inline, name) in zip(table.rows, split, strict=True)
        ]
    elif not _is_outline(n for n, _ in split):
        return table
    places = [name for _, name in split if name]
    grouped = sum(looks_like_area(n) for n in places) < 0.5 * len(places)
    keep = [i for i in range(len(table.header)) if i != marks]
    rows, path = [], []  # (depth, name, unit) of the groups above the current row
    for (line, cells), (depth, name) in zip(table.rows, split, strict=True):
        figures = any(
            looks_numeric(c)
            for i, c in enumerate(cells)
            if i not in (marks, names) and not is_missing(c)
        )
        if grouped:
            name, depth, path = _place_in_outline(name, depth, figures, path)
            if not figures:
                continue  # a heading: it names the rows below, and has no figures of its own
        cells = [name if i == names else _cell(cells, i, "") for i in range(len(cells))]
        rows.append((line, [cells[i] for i in keep if i < len(cells)]))
    header = [table.header[i] for i in keep]
    return Table(table.name, table.format, header, rows, table.title, table.warnings)


def _place_in_outline(name: str, depth, figures: bool, path: list):
    """The row's name with its groups', its depth, and the groups above the next row. A unit
    of measure closing a group's name ("Số dự án (dự án)") is its rows' unless they say theirs."""
    if fold(name) in _TOTALS:
        path = []
    elif depth is None and not figures:
        # An unnumbered heading ("Phân theo quy mô") replaces the one beside it, or sits under
        # the last numbered row.
        at = next((n for n, group in enumerate(path) if group[0] % 1), None)
        if at is not None:
            depth, path = path[at][0], path[:at]
        else:
            depth = (path[-1][0] if path else -1) + 0.5
    if depth is not None:
        path = [group for group in path if group[0] < depth]
    own, unit = split_measure(name)
    inherited = next((group[2] for group in reversed(path) if group[2]), "")
    full = " – ".join([*(group[1] for group in path), own])
    if name and (unit or inherited):
        full += f" ({unit or inherited})"
    if depth is not None and name:
        path = [*path, (depth, own, unit)]
    return full if name else "", depth, path


def _name_column(table: Table, marks: int | None) -> int | None:
    """The column the numbers belong to: right of the row-number column, or the first whose
    names carry their own ("I. Nông nghiệp")."""
    if marks is not None:
        return next(
            (i for i in range(marks + 1, len(table.header)) if not _numeric(table, i)), None
        )
    for i in range(len(table.header)):
        split = [_split(_cell(cells, i)) for _, cells in table.rows]
        if not _numeric(table, i) and _is_outline(n for n, _ in split):
            return i
    return None


def _numeric(table: Table, i: int) -> bool:
    filled = [c for _, cells in table.rows if not is_missing(c := _cell(cells, i))]
    return bool(filled) and all(looks_numeric(c) for c in filled)


def _cell(cells, i, default=None):
    return cells[i] if i is not None and i < len(cells) else default

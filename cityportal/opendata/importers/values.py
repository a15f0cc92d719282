"""Cells into values: numbers in Vietnamese or English notation, periods, dates."""

import datetime
import math
import re

from cityportal.core.text import fold, fold_chars, normalize

from ..models import LARGEST_EXACT, Period, period_bounds

# What statistics tables write for "no figure": the statistics office's "..", a dash, "x".
MISSING = {"", "..", "...", "-", "–", "—", "x", "na", "n/a", "null", "none", "kxđ"}
# No thousands group starts with a zero: "0.125" and "0,125" are decimals.
_VN_NUMBER = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$|^-?\d+,\d+$")
_EN_NUMBER = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$|^-?\d+\.\d+$")
_NUMBER = re.compile(r"^-?\d+$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
# Beyond 2**53 a stored figure is no longer exact, and "1e308" (a typo, or Excel's overflow)
# broke every chart of its indicator; no table in tỷ đồng or nghìn người comes near.
LARGEST = LARGEST_EXACT


class CellError(ValueError):
    """A cell that is not what its column needs; the message is shown to the editor."""


def is_missing(cell) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip().lower() in MISSING)


# Minus signs word processors and spreadsheets put in place of "-": the minus sign (U+2212) and
# an en dash typed as one ("–5"); only before a figure, where no other reading exists.
_TYPOGRAPHIC_MINUS = re.compile(r"^\(?[\u2212\u2013](?=\d)")
_PERCENT = re.compile(r"\s*%$")


def is_percent(cell) -> bool:
    """ "12,5%": a figure written with its unit, which the indicator's unit then is."""
    return isinstance(cell, str) and bool(_PERCENT.search(cell.strip())) and cell.strip() != "%"


def number_text(cell) -> str:
    """A cell's text as a plain figure: spaces, a trailing "%" and a typographic minus gone.
    Grouping and decimal marks are left alone, for the table's notation to decide."""
    text = _PERCENT.sub("", str(cell).strip()).replace("\u00a0", "").replace(" ", "")
    match = _TYPOGRAPHIC_MINUS.match(text)
    return text[: match.end() - 1] + "-" + text[match.end() :] if match else text


def looks_numeric(cell) -> bool:
    """Whether a cell holds a figure in either notation, not yet read."""
    if isinstance(cell, int | float):
        return True
    return bool(re.fullmatch(r"\(?-?[\d.,]+\)?", number_text(cell)))


# A figure that reads either way: "1.234" is 1234 in Vietnamese notation, 1.234 in English.
_EITHER_WAY = re.compile(r"^\(?-?[1-9]\d{0,2}[.,]\d{3}\)?$")


def notation_votes(cells) -> tuple[int, str | None]:
    """The evidence of some figures for a decimal comma: +1 for each that can only be
    Vietnamese ("12,5", "1.234,5", "1.234.567"), -1 for each that can only be English ("12.5",
    "1,234.5"); and the first that reads either way ("1.234"), if any."""
    votes, either = 0, None
    for cell in cells:
        if not isinstance(cell, str) or ("," not in cell and "." not in cell):
            continue
        text = number_text(cell)
        if _EITHER_WAY.match(text):
            either = either or cell.strip()
            continue
        vn, en = bool(_VN_NUMBER.match(text)), bool(_EN_NUMBER.match(text))
        if vn != en:
            votes += 1 if vn else -1
    return votes, either


def either_way(cell: str) -> str:
    """Why a figure like "1.234" cannot be read alone, in the editor's words."""
    whole, fraction = re.split(r"[.,]", number_text(cell).strip("()"))
    return (
        f"'{cell}' có thể là {whole}{fraction} (dấu ngăn cách hàng nghìn) "
        f"hoặc {whole},{fraction} (dấu thập phân)"
    )


def parse_number(cell, comma: bool) -> float:
    """A figure to store: finite and within LARGEST, whether the cell holds text or (in a
    workbook) a number already, which Excel may have overflowed to 1e308 or beyond."""
    if isinstance(cell, bool):
        raise CellError(f"'{cell}' không phải là số")
    try:
        value = float(cell) if isinstance(cell, int | float) else _number_text(cell, comma)
    except OverflowError:  # an integer beyond any float
        value = math.inf
    if math.isnan(value):
        raise CellError(f"'{cell}' không phải là số")
    if math.isinf(value) and not any(c.isdigit() for c in str(cell)):  # "inf", "Infinity"
        raise CellError(f"'{cell}' không phải là số hữu hạn")
    if abs(value) > LARGEST:
        raise CellError(f"'{cell}' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn")
    return value


# A thousands separator groups three digits before any decimal mark. "1,234.5" in a table that
# writes "1.234,5", or "1.5" there, read anyway would be a figure 1000 or 10 times off.
_GROUPED = {
    True: re.compile(r"^\(?-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?\)?$"),
    False: re.compile(r"^\(?-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?\)?$"),
}


def _number_text(cell, comma: bool) -> float:
    text = number_text(cell)
    if ("." if comma else ",") in text and not _GROUPED[comma].match(text):
        example = "1.234,5" if comma else "1,234.5"
        raise CellError(
            f"'{cell}' không phải là số theo cách viết của bảng này ({example}): "
            "hãy kiểm tra dấu chấm, dấu phẩy"
        )
    if comma:
        text = text.replace(".", "").replace(",", ".")
    else:
        text = text.replace(",", "")
    if text.startswith("(") and text.endswith(")"):  # accountants' negative
        text = "-" + text[1:-1]
    try:
        return float(text)
    except ValueError:
        raise CellError(f"'{cell}' không phải là số") from None


_YEAR = r"(19\d\d|20\d\d)"
_PATTERNS = [
    (re.compile(rf"^{_YEAR}$"), lambda m: (Period.YEAR, int(m[1]), 1)),
    (re.compile(rf"^{_YEAR}\s*-?\s*q([1-4])$"), lambda m: (Period.QUARTER, int(m[1]), int(m[2]))),
    (re.compile(rf"^q([1-4])\s*[/-]\s*{_YEAR}$"), lambda m: (Period.QUARTER, int(m[2]), int(m[1]))),
    (
        re.compile(rf"^quy\s*(i{{1,3}}|iv|[1-4])\s*(?:/|nam|-)\s*{_YEAR}$"),
        lambda m: (Period.QUARTER, int(m[2]), _ROMAN.get(m[1]) or int(m[1])),
    ),
    (re.compile(rf"^{_YEAR}-(0?[1-9]|1[0-2])$"), lambda m: (Period.MONTH, int(m[1]), int(m[2]))),
    (
        re.compile(rf"^(?:thang\s*)?(0?[1-9]|1[0-2])\s*(?:/|-|nam)\s*{_YEAR}$"),
        lambda m: (Period.MONTH, int(m[2]), int(m[1])),
    ),
]
# "Pre." is how some of the statistics office's tables misspell "Prel.".
_PROVISIONAL = re.compile(r"\b(prel\.?|pre\.|preliminary|so bo|uoc tinh|estimate[sd]?)\s*", re.I)
# Footnote marks, "(*)", "(**)": they refer to a note below the table, not to a period or group.
FOOTNOTE = re.compile(r"\s*\(\*+\)")


_MEASURE = re.compile(r"\s*\(([^()]*)\)\s*$")


def split_measure(name: str) -> tuple[str, str]:
    """'Value (Mill.USD)' → ("Value", "Mill.USD"); footnote marks like "(*)" are dropped."""
    name = FOOTNOTE.sub("", name)
    match = _MEASURE.search(name)
    if match and match[1].strip():
        return name[: match.start()].strip(), match[1].strip()
    return name.strip(), ""


def parse_period(cell) -> tuple[str, datetime.date, datetime.date, str, bool]:
    """(label, first day, last day, period type, provisional) for "2016", "Prel. 2016",
    "Sơ bộ 2016", "2021Q3", "Q3/2021", "Quý III/2021", "07/2021", "Tháng 7/2021" or a date."""
    if isinstance(cell, datetime.datetime | datetime.date):
        label, start, end = period_bounds(Period.MONTH, cell.year, cell.month)
        return label, start, end, Period.MONTH, False
    if isinstance(cell, int | float) and not isinstance(cell, bool) and cell == int(cell):
        cell = str(int(cell))
    # R's exports write "prel_2016"; a footnote mark ("2013 (*)") says nothing of the period.
    text = FOOTNOTE.sub("", fold(str(cell))).replace("_", " ").strip()
    provisional = bool(_PROVISIONAL.search(text))
    text = _PROVISIONAL.sub("", text).strip()
    text = re.sub(r"^nam\s+", "", text)
    for pattern, parts in _PATTERNS:
        match = pattern.match(text)
        if match:
            period_type, year, number = parts(match)
            label, start, end = period_bounds(period_type, year, number)
            return label, start, end, period_type, provisional
    raise CellError(f"'{cell}' không phải là kỳ số liệu (năm 2021, quý 2021-Q3, tháng 2021-07)")


def find_year(text: str) -> tuple[int, str, bool] | None:
    """A year inside a column header ("Total Prel. 2016", "X2008", "2009 Wards"): the year,
    the rest of the header as a breakdown label, and whether it is provisional."""
    match = re.search(r"(?<!\d)(19\d\d|20\d\d)(?!\d)", text)
    if not match:
        return None
    # A footnote mark or "Prel." on one year's column must not make its figures another group
    # than the same row's in the other years.
    rest = normalize(FOOTNOTE.sub("", text[: match.start()] + " " + text[match.end() :]))
    marks = list(_PROVISIONAL.finditer(fold_chars(rest)))  # offsets in `rest`, diacritics kept
    for mark in reversed(marks):
        rest = rest[: mark.start()] + rest[mark.end() :]
    provisional = bool(marks)
    rest = re.sub(r"^X$", "", rest.strip())  # R's "X2008" column names
    return int(match[1]), " ".join(rest.split()), provisional


def parse_date(cell) -> datetime.date:
    """A date as Excel stores it (a date cell or a serial number) or as people type it."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    text = str(cell).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", text):
        return _EXCEL_EPOCH + datetime.timedelta(days=int(float(text)))
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError(f"'{cell}' không phải là ngày (dd/mm/yyyy)")


def parse_status(cell) -> bool:
    """True when the figure is provisional."""
    text = fold(str(cell or "")).strip()
    if text in ("", "final", "chinh thuc", "ct"):
        return False
    if text in ("provisional", "so bo", "sb", "prel", "preliminary", "uoc tinh"):
        return True
    raise CellError(f"trạng thái '{cell}' không hợp lệ (chính thức / sơ bộ)")

"""Tables into records, one per figure, whatever the table's shape.

Three shapes are understood:
- tidy: one figure per row, columns named (indicator, area, period, value…; Vietnamese or
  English names), what data editors are asked to upload;
- wide: a stub column (areas or categories) and one column per year, as the statistics office's
  PX-Web exports ("Cities, provincies";"Total 1995";"Male 1995"…);
- long: a "Year" column, stub columns before it and one value column per category."""

import re
from dataclasses import dataclass, field

from cityportal.core.text import fold

from .outline import ROW_NUMBER_HEADERS, unfold
from .reading import Table
from .values import (
    CellError,
    find_year,
    is_missing,
    looks_numeric,
    parse_period,
    split_measure,
)

# Folded column names → record fields.
TIDY_COLUMNS = {
    "indicator": ["indicator", "chi tieu", "ten chi tieu"],
    "measure": ["measure", "unit of measure", "don vi tinh", "dvt"],
    "area": ["area", "dia ban", "don vi hanh chinh", "tinh thanh", "ma dia ban"],
    "period": ["period", "ky", "ky so lieu", "thoi gian", "nam", "year", "date"],
    "breakdown": ["breakdown", "phan to", "nhom"],
    "value": ["value", "gia tri", "so lieu"],
    "status": ["status", "trang thai"],
    "note": ["note", "ghi chu"],
    "as_of": ["as of", "as_of", "tinh den", "so lieu tinh den", "ngay cap nhat"],
    "source": ["source", "nguon"],
}
_TIDY_LOOKUP = {alias: name for name, aliases in TIDY_COLUMNS.items() for alias in aliases}
# "unit" names an administrative unit in some tables and the unit of measure in others.
AMBIGUOUS_UNIT = "unit"
# Stub headers whose values name the indicator itself rather than a category of it.
ITEM_HEADERS = {"items", "iterms", "indicators", "indicator", "chi tieu"}
MONTHS = {
    **{m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    **{f"thang {n}": n for n in range(1, 13)},
}
# Folded headers of a column of area codes: "Mã", "Mã tỉnh", "ma_tinh", "Mã ĐVHC", "code".
_CODE_HEADER = re.compile(r"(ma|code)( .*)?|.* code")
_CODE = re.compile(r"\d{1,5}")


@dataclass
class Record:
    line: int
    column: str  # the header of the column the value came from
    indicator: str
    measure: str
    area: object  # a cell naming an area, or None for the import's default area
    period: tuple  # parse_period's result
    breakdown: str
    value: object
    provisional: bool = False
    status: object = None
    note: str = ""
    as_of: object = None
    source: str = ""


@dataclass(frozen=True)
class CodedArea:
    """An area written twice, by its code and its name ("1", "Hà Nội"): the code decides and
    the name is checked against it."""

    code: str
    name: str

    def __str__(self) -> str:
        return (
            f"{self.name} (mã {self.code})" if self.name and self.code else self.name or self.code
        )


@dataclass(frozen=True)
class AreaColumns:
    """The column naming each row's area; or, with `name`, the column of its code and the one
    of its name beside it ("Mã", "Tỉnh/thành phố"), which is then no breakdown."""

    column: int | None = None
    name: int | None = None

    def __contains__(self, i) -> bool:
        return i is not None and i in (self.column, self.name)

    def value(self, cells):
        if self.name is None:
            return _cell(cells, self.column)
        return CodedArea(
            _code(_cell(cells, self.column, "")), str(_cell(cells, self.name, "")).strip()
        )

    def header(self, table: Table) -> str:
        return table.header[self.column] if self.column is not None else ""


@dataclass
class Shape:
    kind: str  # tidy, wide, long
    records: list[Record]
    errors: list[tuple[int | None, str, str]]  # (line, column, message)
    area_column: str = ""
    notes: list[str] = field(default_factory=list)  # how an ambiguous header was read


def indicator_from_title(title: str) -> str:
    """ "Average population by province by Cities, provincies…" → "Average population"."""
    return re.split(r"\s+by\s+|\s+theo\s+|\s+phân theo\s+", title.strip(), maxsplit=1)[0].strip()


# What a title ends with in parentheses that is no unit of measure: years, "(tiếp theo)".
_NOT_A_MEASURE = re.compile(r"[\d\s\-–—/,.]+|tiep theo|tiep|cont\.?|continued")


def name_from_title(title: str, measure: str = "") -> tuple[str, str]:
    """The indicator and unit of measure a title names. The unit often closes the title, after
    the breakdown: "Dân số trung bình phân theo địa phương (nghìn người)" → ("Dân số trung
    bình", "nghìn người"). A unit already given wins; the title's then stays in the name."""
    head, at_end = split_measure(title)
    if _NOT_A_MEASURE.fullmatch(fold(at_end)):
        at_end = ""
    name, in_head = split_measure(indicator_from_title(head))
    found = [m for m in (in_head, at_end) if m]
    if not measure and found:
        measure = found.pop(0)
    kept = [m for m in found if fold(m) != fold(measure)]
    return " ".join([name, *(f"({m})" for m in kept)]), measure


def detect(
    table: Table,
    indicator: str,
    measure: str,
    looks_like_area,
    period: str = "",
    given: bool = False,
) -> Shape:
    """`given`: the indicator was named by the person importing, not taken from a title."""
    folded = _folded(table)
    tidy, clashes, notes, coded = _tidy_columns(table, folded, looks_like_area)
    if "value" in tidy:
        if clashes:
            area = table.header[tidy["area"]] if "area" in tidy else ""
            return Shape("tidy", [], clashes, area, notes)
        shape = _tidy(table, tidy, indicator, measure, coded)
        shape.notes = notes
        return shape
    # Stub rows numbered I, 1, 1.1…: named with their groups; the numbers and headings go.
    table = unfold(table, looks_like_area)
    folded = _folded(table)
    year_column = next((i for i, h in enumerate(folded) if h in ("year", "nam")), None)
    if year_column is not None and year_column < len(folded) - 1:
        return _long(table, year_column, indicator, measure, looks_like_area)
    if any(find_year(h) for h in table.header[1:]):
        return _wide(table, indicator, measure, looks_like_area)
    found = find_year(period or table.title)
    if found:
        return _cross_section(table, found, indicator, measure, looks_like_area, given)
    return Shape(
        "unknown",
        [],
        [
            (
                None,
                "",
                "Không nhận ra cấu trúc bảng: cần cột 'Giá trị' (value) cùng các cột chỉ tiêu, "
                "địa bàn, kỳ; hoặc các cột theo năm như bảng của cơ quan thống kê.",
            )
        ],
    )


def _tidy_columns(table: Table, folded: list[str], looks_like_area):
    """Which column gives which record field, the clashes (two columns for one field: which
    one is meant cannot be guessed), and notes on how a "unit" column was read: the area when
    no other column is and its cells name places, else the unit of measure."""
    found: dict[str, list[int]] = {}
    for i, header in enumerate(folded):
        if header in _TIDY_LOOKUP:
            found.setdefault(_TIDY_LOOKUP[header], []).append(i)
    notes = []
    for i in (i for i, header in enumerate(folded) if header == AMBIGUOUS_UNIT):
        name = table.header[i]
        if "area" not in found and _places(table, i, looks_like_area):
            found["area"] = [i]
        elif "measure" not in found:
            found["measure"] = [i]
            notes.append(f"cột '{name}' được đọc là đơn vị tính (unit of measure).")
        else:
            notes.append(f"bỏ qua cột '{name}': đã có cột địa bàn và cột đơn vị tính.")
    # A code column and a name column of the area ("Mã địa bàn", "Địa bàn") are one area.
    taken = {i for name, columns in found.items() if name != "area" for i in columns}
    free = [i for i in range(len(folded)) if i not in taken]
    coded = _coded_area(table, folded, free, looks_like_area)
    if coded:
        found["area"] = [coded.column]
    clashes = [
        (
            None,
            table.header[columns[0]],
            f"các cột {', '.join(repr(table.header[i]) for i in columns)} đều là cột {name}: "
            "giữ một cột hoặc đổi tên các cột kia.",
        )
        for name, columns in found.items()
        if len(columns) > 1
    ]
    return {name: columns[0] for name, columns in found.items()}, clashes, notes, coded


def _coded_area(table: Table, folded: list[str], candidates, looks_like_area):
    """AreaColumns for a column of area codes and, nearest it, a column of place names."""
    for i in _code_columns(table, folded, candidates):
        names = [j for j in candidates if j != i and _places(table, j, looks_like_area)]
        if names:
            return AreaColumns(i, min(names, key=lambda j: abs(j - i)))
    return None


def _code_columns(table: Table, folded: list[str], candidates) -> list[int]:
    """Columns headed as codes whose filled cells are all codes (numbers in a workbook)."""
    found = []
    for i in candidates:
        if not _CODE_HEADER.fullmatch(folded[i]):
            continue
        cells = [_cell(cells, i) for _, cells in table.rows]
        filled = [c for c in cells if not is_missing(c) and str(c).strip()]
        if filled and all(_CODE.fullmatch(_code(c)) for c in filled):
            found.append(i)
    return found


def _counter_columns(table: Table) -> set[int]:
    """Columns numbering the rows ("STT": 1, 2, 3…): no area, no breakdown and no figure.
    Rows without a number (a total, a group heading) may sit between the numbered ones."""
    found = set()
    for i, header in enumerate(_folded(table)):
        if header not in ROW_NUMBER_HEADERS:
            continue
        cells = [_code(_cell(cells, i)) for _, cells in table.rows]
        filled = [c for c in cells if c and not is_missing(c)]
        if filled and all(c.isdigit() for c in filled):
            first = int(filled[0])
            if [int(c) for c in filled] == list(range(first, first + len(filled))):
                found.add(i)
    return found


def _folded(table: Table) -> list[str]:
    return [fold(h).strip().replace("_", " ") for h in table.header]


def _code(cell) -> str:
    """A code as text: a workbook keeps "01" as the number 1 (or 1.0)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and cell == int(cell):
        return str(int(cell))
    return str(cell if cell is not None else "").strip()


def _places(table: Table, i: int, looks_like_area) -> bool:
    values = [cells[i] for _, cells in table.rows if i < len(cells) and str(cells[i]).strip()]
    return bool(values) and sum(looks_like_area(v) for v in values) >= 0.5 * len(values)


def _tidy(table: Table, columns: dict[str, int], indicator: str, measure: str, coded) -> Shape:
    records, errors = [], []
    if "indicator" not in columns and not indicator:
        errors.append(
            (None, "indicator", "Thiếu cột chỉ tiêu (indicator); hoặc cho biết tên chỉ tiêu.")
        )
    if "period" not in columns:
        errors.append((None, "period", "Thiếu cột kỳ số liệu (period / năm)."))
    if errors:
        return Shape("tidy", [], errors)

    def cell(cells, name, default=None):
        i = columns.get(name)
        return cells[i] if i is not None and i < len(cells) else default

    for line, cells in table.rows:
        try:
            period = parse_period(cell(cells, "period", ""))
        except CellError as error:
            errors.append((line, table.header[columns["period"]], str(error)))
            continue
        name = str(cell(cells, "indicator", "") or indicator).strip()
        item_measure = str(cell(cells, "measure", "") or "").strip()
        if not item_measure:
            name, item_measure = split_measure(name)
        records.append(
            Record(
                line=line,
                column=table.header[columns["value"]],
                indicator=name,
                measure=item_measure or measure,
                area=coded.value(cells) if coded else cell(cells, "area"),
                period=period,
                breakdown=str(cell(cells, "breakdown", "") or "").strip(),
                value=cell(cells, "value", ""),
                provisional=period[4],
                status=cell(cells, "status"),
                note=str(cell(cells, "note", "") or "").strip(),
                as_of=cell(cells, "as_of"),
                source=str(cell(cells, "source", "") or "").strip(),
            )
        )
    return Shape(
        "tidy", records, errors, table.header[columns["area"]] if "area" in columns else ""
    )


def _wide(table: Table, indicator: str, measure: str, looks_like_area) -> Shape:
    first_year = next(i for i, h in enumerate(table.header) if i and find_year(h))
    counters = _counter_columns(table)
    stubs = [i for i in range(first_year) if i not in counters]
    areas = _area_columns(table, stubs, looks_like_area)
    periods = {}
    errors = []
    for i, header in enumerate(table.header[first_year:], start=first_year):
        found = find_year(header)
        if found is None:
            errors.append((None, header, "Cột không có năm: không biết số liệu thuộc kỳ nào."))
            continue
        year, rest, provisional = found
        periods[i] = (parse_period(str(year)), rest, provisional)
    records = []
    for line, cells in table.rows:
        name, item_measure, parts = _stub(table, cells, stubs, areas, indicator, measure)
        for i, (period, rest, provisional) in periods.items():
            records.append(
                Record(
                    line=line,
                    column=table.header[i],
                    indicator=name,
                    measure=item_measure,
                    area=areas.value(cells),
                    period=period,
                    breakdown=" – ".join(p for p in [*parts, _total(rest)] if p),
                    value=_cell(cells, i, ""),
                    provisional=provisional,
                )
            )
    area = areas.header(table)
    return Shape("wide", records, errors, area)


def _long(table: Table, year_column: int, indicator: str, measure: str, looks_like_area) -> Shape:
    counters = _counter_columns(table)
    others = [i for i in range(len(table.header)) if i != year_column and i not in counters]
    codes = _code_columns(table, _folded(table), others)  # numbers, but no figures
    values = [i for i in others if i not in codes and _numeric_column(table, i)]
    stubs = [i for i in others if i not in values]
    areas = _area_columns(table, stubs, looks_like_area)
    # Value columns named after months ("Jan.", "Tháng 2") make each row a year of months.
    months = {i: MONTHS[_month_key(table.header[i])] for i in values if _month_key(table.header[i])}
    records, errors = [], []
    for line, cells in table.rows:
        try:
            period = parse_period(_cell(cells, year_column, ""))
        except CellError as error:
            errors.append((line, table.header[year_column], str(error)))
            continue
        name, item_measure, parts = _stub(table, cells, stubs, areas, indicator, measure)
        for i in values:
            month = months.get(i)
            records.append(
                Record(
                    line=line,
                    column=table.header[i],
                    indicator=name,
                    measure=item_measure,
                    area=areas.value(cells),
                    period=parse_period(f"{period[1].year}-{month}") if month else period,
                    breakdown=" – ".join(
                        p for p in [*parts, "" if month else _total(table.header[i])] if p
                    ),
                    value=_cell(cells, i, ""),
                    provisional=period[4],
                )
            )
    area = areas.header(table)
    return Shape("long", records, errors, area)


def _cross_section(table: Table, found, indicator, measure, looks_like_area, given) -> Shape:
    """One period for the whole table (named in its title, "… in 2016", or given): each value
    column is a variant of the indicator ("Number of projects", "Total registered capital").
    A single value column is the indicator itself when the importer named it ("grdp" under
    --indicator "GRDP bình quân đầu người")."""
    year, _, provisional = found
    period = parse_period(str(year))
    counters = _counter_columns(table)
    columns = [i for i in range(len(table.header)) if i not in counters]
    codes = _code_columns(table, _folded(table), columns)
    # The first column is the stub: a table of figures starts with what they are of.
    values = [i for i in columns[1:] if i not in codes and _numeric_column(table, i)]
    stubs = [i for i in columns if i not in values]
    areas = _area_columns(table, stubs, looks_like_area)
    records = []
    for line, cells in table.rows:
        name, item_measure, parts = _stub(table, cells, stubs, areas, indicator, measure)
        for i in values:
            if given and len(values) == 1:
                column_name = name
                column_measure = item_measure or split_measure(table.header[i])[1]
            else:
                column_name, column_measure = _item(name, table.header[i], item_measure)
            records.append(
                Record(
                    line=line,
                    column=table.header[i],
                    indicator=column_name,
                    measure=column_measure,
                    area=areas.value(cells),
                    period=period,
                    breakdown=" – ".join(parts),
                    value=_cell(cells, i, ""),
                    provisional=provisional,
                )
            )
    area = areas.header(table)
    return Shape("cross-section", records, [], area)


def _cell(cells, i, default=None):
    return cells[i] if i is not None and i < len(cells) else default


def _stub(table, cells, stubs, areas, indicator, measure) -> tuple[str, str, list[str]]:
    """The indicator, its measure and the breakdown labels a row's stub cells give."""
    name, item_measure, parts, row_measure = indicator, measure, [], ""
    for i in stubs:
        if i in areas:
            continue
        value = str(_cell(cells, i, "")).strip()
        header = fold(table.header[i]).strip()
        if header in ITEM_HEADERS:
            name, item_measure = _item(indicator, value, measure)
        elif header in TIDY_COLUMNS["measure"]:
            row_measure = value  # "Đơn vị tính" beside each row: its unit, no breakdown
        elif value:
            parts.append(value)
    return name, row_measure or item_measure, parts


def _numeric_column(table: Table, i: int) -> bool:
    cells = [_cell(cells, i) for _, cells in table.rows]
    filled = [c for c in cells if not is_missing(c)]
    return bool(filled) and sum(looks_numeric(c) for c in filled) >= 0.8 * len(filled)


def _area_columns(table: Table, stubs: list[int], looks_like_area) -> AreaColumns:
    """The stub columns of the rows' areas: a code and a name column, or the first stub
    column whose values are mostly places."""
    coded = _coded_area(table, _folded(table), stubs, looks_like_area)
    return coded or AreaColumns(
        next((i for i in stubs if _places(table, i, looks_like_area)), None)
    )


def _item(indicator: str, item: str, measure: str) -> tuple[str, str]:
    """An "Items" row names a variant of the table's indicator and often its unit of measure."""
    name, item_measure = split_measure(item.replace("_", " ").strip())
    if indicator and name and fold(name) != fold(indicator):
        name = f"{indicator}: {name}"
    return name or indicator, item_measure or measure


def _month_key(header: str) -> str | None:
    text = fold(header).strip().rstrip(".")
    key = text if text.startswith("thang") else text[:3]
    return key if key in MONTHS else None


def _total(label: str) -> str:
    return "" if fold(label).strip() in ("total", "tong", "tong so", "") else label

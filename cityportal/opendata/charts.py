"""Server-side SVG charts of indicators: a line over periods and bars across administrative units,
readable by screen readers (title, summary, data table) and without any script."""

import datetime
import math
from dataclasses import dataclass, field, replace
from html import escape

from django.utils.safestring import SafeString, mark_safe

# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000"]
MAX_SERIES = len(PALETTE) - 1
MAX_BARS = 40
WIDTH = 640
FONT = 12
CHAR = 7  # average width of a character at FONT px, for laying out labels without a renderer
LEVEL_ORDER = {"country": 0, "region": 1, "province": 2, "district": 3, "ward": 4}


def format_number(value: float, decimals: int | None = None) -> str:
    """Vietnamese style: dot between thousands, comma before decimals: 1234.5 → "1.234,5".
    Without `decimals`, as few as show the value to three places."""
    if decimals is None:
        decimals = next(d for d in range(4) if round(value, d) == round(value, 3))
    text = f"{abs(value):,.{decimals}f}".translate(str.maketrans(",.", ".,"))
    return f"-{text}" if value < 0 and text.strip("0.,") else text


def format_date(value: datetime.date | None) -> str:
    return f"{value.day}/{value.month}/{value.year}" if value else ""


def period_label(period: str) -> str:
    """ "2021" → "2021", "2021-Q3" → "Quý III/2021", "2021-07" → "Tháng 7/2021"."""
    year, _, part = period.partition("-")
    if part.startswith("Q") and part[1:].isdigit():
        return f"Quý {['I', 'II', 'III', 'IV'][int(part[1:]) - 1]}/{year}"
    if part.isdigit():
        return f"Tháng {int(part)}/{year}"
    return period


def nice_ticks(low: float, high: float, count: int = 5, *, whole: bool = False) -> list[float]:
    """Round axis values (steps of 1, 2, 2.5 or 5 times a power of ten) covering low..high.
    `whole`: the values are counts, so no step is a fraction (0, 1, 2, not 0; 0,5; 1 …)."""
    if low == high:  # one value, or all equal: give it some room
        pad = abs(low) / 10 or 1
        low, high = (low, low + pad) if low == 0 else (low - pad, high + pad)
    raw = (high - low) / max(count - 1, 1)
    if whole:
        raw = max(raw, 1)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 5, 10) if whole else (1, 2, 2.5, 5, 10)
    step = next(m * power for m in steps if m * power >= raw)
    first = math.floor(low / step + 1e-9) * step
    ticks = [first]
    while ticks[-1] < high - step * 1e-9 or len(ticks) < 2:
        ticks.append(first + step * len(ticks))
    # Rounding drops float noise (0.30000000000000004); + 0.0 turns -0.0 into 0.0.
    ticks = [round(t, 10) + 0.0 for t in ticks]
    return ticks


def tick_decimals(ticks: list[float]) -> int:
    """Decimals every tick label needs, so an axis reads 0; 2,5; 5 and not 0; 2,5; 5,0."""
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1
    return next((d for d in range(7) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 6)


@dataclass
class Point:
    label: str
    value: float
    provisional: bool = False
    # The full name, for the tooltip, where `label` is a short form of it (`bar_label`).
    name: str = ""


@dataclass
class Series:
    name: str
    points: list[Point | None]  # one per period of the chart; None where there is no figure
    colour: str = ""  # where a colour means something (sentiment); otherwise the palette's next


def _text(x, y, text, anchor="start", cls="", size=FONT, extra="") -> str:
    cls_attr = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{cls_attr}'
        f"{extra}>{escape(text)}</text>"
    )


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


@dataclass(frozen=True)
class Canvas:
    """The drawing's width and text size. A narrower canvas with larger text stays legible when a
    phone shrinks it (640 wide at 12 px reads as 6.5 px on a 390 px screen); it is never drawn
    wider than its own width, where its text would grow larger than the page's."""

    width: int = WIDTH
    font: int = FONT
    css: str = ""  # a class for the stylesheet, on drawings that come in pairs (`both_sizes`)

    @property
    def char(self) -> float:
        return CHAR * self.font / FONT

    def px(self, length: int) -> int:
        """A length laid out for 12 px text, for this canvas's text size."""
        return round(length * self.font / FONT)


STANDARD = Canvas()
COMPACT = Canvas(width=480, font=16)
# The public data pages draw each chart twice: compact for phones, standard (12 px text, up to
# 640 px wide) for wider screens. site.css shows one; display: none keeps the other out of the
# layout and of the accessibility tree, so a screen reader meets the chart once.
NARROW = replace(COMPACT, css="chart-narrow")
WIDE = replace(STANDARD, css="chart-wide")


def _open_svg(
    chart_id: str, height: float, title: str, description: str, kind: str, canvas: Canvas
) -> list[str]:
    limit = "" if canvas == STANDARD else f' style="max-width: {canvas.width}px"'
    css = f" {canvas.css}" if canvas.css else ""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg chart-{kind}{css}" role="img" '
        f'viewBox="0 0 {canvas.width} {height:.0f}" width="100%"{limit} '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="inherit">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]


def _footer(y: float, as_of, provisional_note: str, canvas: Canvas) -> list[str]:
    notes = []
    if as_of:
        notes.append(f"Số liệu tính đến {format_date(as_of)}.")
    if provisional_note:
        notes.append(provisional_note)
    size = canvas.px(11)
    return [_text(0, y, " ".join(notes), cls="chart-note", size=size)] if notes else []


def line_chart(
    title: str,
    periods: list[str],
    series: list[Series],
    *,
    measure: str = "",
    as_of: datetime.date | None = None,
    chart_id: str = "chart",
    description: str = "",
    whole: bool = False,
    canvas: Canvas = STANDARD,
) -> SafeString:
    """Several series over the same periods. Provisional figures get hollow markers and a dashed
    line leading to them. `whole`: counts, ticked in whole numbers."""
    values = [p.value for s in series for p in s.points if p]
    ticks = nice_ticks(min(values), max(values), whole=whole)
    decimals = tick_decimals(ticks)
    tick_labels = [format_number(t, decimals) for t in ticks]
    width, font, char, px = canvas.width, canvas.font, canvas.char, canvas.px
    left = round(max(len(t) for t in tick_labels) * char) + px(14)
    top, plot_h, right = px(34), 220, 16
    legend_rows = _legend_layout([s.name for s in series], canvas) if len(series) > 1 else []
    height = top + plot_h + px(36) + px(20) * len(legend_rows) + px(24)
    plot_w = width - left - right
    lo, hi = ticks[0], ticks[-1]

    inset = px(24)  # room for the first and last period's label

    def x_at(i: int) -> float:
        if len(periods) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * i / (len(periods) - 1)

    def y_at(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    def colour_of(n: int) -> str:
        return series[n].colour or PALETTE[n % len(PALETTE)]

    any_provisional = any(p and p.provisional for s in series for p in s.points)
    description = description or "; ".join(_trend(s) for s in series if any(s.points))
    parts = _open_svg(chart_id, height, title, description, "line", canvas)
    if measure:
        parts.append(_text(0, px(14), f"Đơn vị tính: {measure}", cls="chart-axis-title", size=font))
    for tick, label in zip(ticks, tick_labels, strict=True):
        y = y_at(tick)
        parts.append(
            f'<line class="chart-grid" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(_text(left - 6, y + px(4), label, "end", "chart-tick", font))
    label_width = max(len(period) for period in periods) * char + 8
    every = max(1, math.ceil(len(periods) * label_width / (plot_w - 2 * inset)))
    for i, period in enumerate(periods):
        if i % every == 0:
            y = top + plot_h + px(18)
            parts.append(_text(x_at(i), y, period, "middle", "chart-x", font))
    for n, one in enumerate(series):
        colour = colour_of(n)
        solid, dashed = [], []
        for i in range(1, len(one.points)):
            before, after = one.points[i - 1], one.points[i]
            if before and after:
                segment = (
                    f"M{x_at(i - 1):.1f},{y_at(before.value):.1f}"
                    f"L{x_at(i):.1f},{y_at(after.value):.1f}"
                )
                (dashed if before.provisional or after.provisional else solid).append(segment)
        for path, dash in ((solid, ""), (dashed, ' stroke-dasharray="5 4"')):
            if path:
                parts.append(
                    f'<path class="chart-line" d="{"".join(path)}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.5"{dash}/>'
                )
        for i, point in enumerate(one.points):
            if point is None:
                continue
            fill = "#fff" if point.provisional else colour
            tip = f"{one.name}, {point.label}: {format_number(point.value)}"
            tip += " (sơ bộ)" if point.provisional else ""
            parts.append(
                f'<circle class="chart-point" cx="{x_at(i):.1f}" cy="{y_at(point.value):.1f}" '
                f'r="4" fill="{fill}" stroke="{colour}" stroke-width="2">'
                f"<title>{escape(tip)}</title></circle>"
            )
    y = top + plot_h + px(40)
    for row in legend_rows:
        for n, x, name in row:
            parts.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{y - px(4)}" y2="{y - px(4)}" '
                f'stroke="{colour_of(n)}" stroke-width="3"/>'
            )
            parts.append(_text(x + 24, y, name, cls="chart-legend", size=font))
        y += px(20)
    note = "Điểm rỗng, nét đứt: số liệu sơ bộ." if any_provisional else ""
    parts += _footer(y + 4, as_of, note, canvas)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _legend_layout(names: list[str], canvas: Canvas) -> list[list[tuple[int, int, str]]]:
    """Legend entries (index, x, name) flowed into rows as wide as the chart."""
    rows, row, x = [], [], 0
    for n, name in enumerate(names):
        name = _shorten(name, 40)
        width = 24 + round(len(name) * canvas.char) + 16
        if row and x + width > canvas.width:
            rows.append(row)
            row, x = [], 0
        row.append((n, x, name))
        x += width
    return rows + [row] if row else rows


def bar_chart(
    title: str,
    points: list[Point],
    *,
    measure: str = "",
    as_of: datetime.date | None = None,
    chart_id: str = "chart",
    description: str = "",
    whole: bool = False,
    canvas: Canvas = STANDARD,
) -> SafeString:
    """Horizontal bars, one per point (unit names are long), from a zero baseline; provisional
    figures are hatched and starred. `whole`: counts, ticked in whole numbers."""
    values = [p.value for p in points]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values), whole=whole)
    decimals = tick_decimals(ticks)
    width, font, char, px = canvas.width, canvas.font, canvas.char, canvas.px
    # Names get about a third of the width: 30 characters on the standard canvas.
    labels = [_shorten(p.label, min(30, int(width * 0.36 / char))) for p in points]
    left = round(max(len(label) for label in labels) * char) + 12
    value_labels = [format_number(p.value) + ("*" if p.provisional else "") for p in points]
    right = round(max(len(v) for v in value_labels) * char) + 10
    top, row_h, bar_h = px(34), px(28), px(18)
    plot_w = width - left - right
    plot_h = row_h * len(points)
    height = top + plot_h + px(30) + px(24)
    lo, hi = ticks[0], ticks[-1]

    def x_at(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    description = description or "; ".join(f"{p.label}: {format_number(p.value)}" for p in points)
    parts = _open_svg(chart_id, height, title, description, "bar", canvas)
    parts.append(
        f'<defs><pattern id="{chart_id}-hatch" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="{PALETTE[0]}"/>'
        "</pattern></defs>"
    )
    if measure:
        parts.append(_text(0, px(14), f"Đơn vị tính: {measure}", cls="chart-axis-title", size=font))
    for tick in ticks:
        x = x_at(tick)
        parts.append(
            f'<line class="chart-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" '
            f'y2="{top + plot_h}" stroke="{"#555" if tick == 0 else "#ddd"}"/>'
        )
        label = format_number(tick, decimals)
        parts.append(_text(x, top + plot_h + px(16), label, "middle", "chart-tick", font))
    zero = x_at(0)
    baseline = px(13)  # of a label beside its bar
    for i, (point, label, value_label) in enumerate(zip(points, labels, value_labels, strict=True)):
        y = top + i * row_h + (row_h - bar_h) / 2
        x, end = sorted((zero, x_at(point.value)))
        fill = f"url(#{chart_id}-hatch)" if point.provisional else PALETTE[0]
        tip = f"{point.name or point.label}: {format_number(point.value)}" + (
            " (sơ bộ)" if point.provisional else ""
        )
        parts.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{max(end - x, 1):.1f}" '
            f'height="{bar_h}" fill="{fill}" stroke="{PALETTE[0]}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        parts.append(_text(left - 6, y + baseline, label, "end", "chart-category", font))
        outside = x_at(max(point.value, 0)) + 4
        parts.append(_text(outside, y + baseline, value_label, cls="chart-value", size=font))
    note = "* Số liệu sơ bộ." if any(p.provisional for p in points) else ""
    parts += _footer(top + plot_h + px(40), as_of, note, canvas)
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass
class Chart:
    """A rendered chart with what the page shows beside it: caption facts and the data table."""

    id: str
    kind: str
    title: str
    svg: SafeString
    measure: str = ""
    as_of: datetime.date | None = None
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    text_columns: tuple[int, ...] = (0,)  # the others hold numbers, aligned right
    note: str = ""
    link: str = ""  # where the full figures are


def distinct_figures(observations) -> list:
    """One figure per unit and period: where two datasets publish the same one, the first seen
    wins, so order the observations newest resource first within a period and unit."""
    seen = {}
    for observation in observations:
        seen.setdefault((observation.unit_id, observation.period), observation)
    return list(seen.values())


def _cell(observation) -> str:
    text = format_number(observation.value)
    return f"{text} (sơ bộ)" if observation.provisional else text


def _latest_as_of(observations) -> datetime.date | None:
    return max((o.as_of for o in observations if o.as_of), default=None)


def pick_units(observations, limit: int) -> list:
    """The units a chart with room for `limit` shows: the widest areas first (country, region,
    city before its wards), then the largest latest figures."""
    latest = {}
    for o in observations:  # in time order: the last seen is the latest
        latest[o.unit] = o.value
    ranked = sorted(latest, key=lambda u: (LEVEL_ORDER.get(u.level, 9), -latest[u], u.name))
    return ranked[:limit]


def both_sizes(draw, *args, chart_id: str, **kwargs) -> SafeString:
    """`draw` (line_chart or bar_chart) on the NARROW and the WIDE canvas, one after the other;
    the wide drawing's ids end in "-wide", so both can sit on one page."""
    narrow = draw(*args, chart_id=chart_id, canvas=NARROW, **kwargs)
    wide = draw(*args, chart_id=f"{chart_id}-wide", canvas=WIDE, **kwargs)
    return mark_safe(narrow + wide)


# The charts of the data pages and articles (below) come in both sizes: most readers are on
# phones, where the standard canvas's text would shrink to 6 px, while on a desktop the compact
# one would stay 480 px wide in a 736 px column.
def time_chart(chart_id: str, title: str, observations, measure: str = "", units=None) -> Chart:
    """Line chart of each unit's figures over the periods, `observations` in time order."""
    observations = list(observations)
    units = units or pick_units(observations, MAX_SERIES)
    periods = list(dict.fromkeys(o.period for o in observations))
    by_key = {(o.unit, o.period): o for o in observations}
    labels = [period_label(p) for p in periods]
    series = []
    for unit in units:
        points = []
        for period, label in zip(periods, labels, strict=True):
            o = by_key.get((unit, period))
            points.append(Point(label, o.value, o.provisional) if o else None)
        series.append(Series(str(unit), points))
    shown = [o for o in observations if o.unit in units]
    summary = "; ".join(_trend(s) for s in series if any(s.points))
    description = f"Biểu đồ đường: {title}, {labels[0]}–{labels[-1]}. {summary}."
    as_of = _latest_as_of(shown)
    rows = [
        [label] + [_cell(by_key[u, p]) if (u, p) in by_key else "–" for u in units]
        for p, label in zip(periods, labels, strict=True)
    ]
    all_units = {o.unit for o in observations}
    note = f"Hiển thị {len(units)}/{len(all_units)} địa bàn." if len(all_units) > len(units) else ""
    return Chart(
        id=chart_id,
        kind="line",
        title=title,
        svg=both_sizes(
            line_chart,
            title,
            labels,
            series,
            measure=measure,
            as_of=as_of,
            chart_id=chart_id,
            description=description,
        ),
        measure=measure,
        as_of=as_of,
        columns=["Kỳ"] + [str(u) for u in units],
        rows=rows,
        note=note,
    )


def _trend(series: Series) -> str:
    points = [p for p in series.points if p]
    first, last = points[0], points[-1]
    if first is last:
        return f"{series.name}: {format_number(first.value)} ({first.label})"
    return (
        f"{series.name}: từ {format_number(first.value)} ({first.label}) "
        f"đến {format_number(last.value)} ({last.label})"
    )


def bar_label(unit) -> str:
    """A unit's name beside its bar, short enough for a phone's 480-unit drawing, which cut
    "Tỉnh Bà Rịa - Vũng Tàu (đến 06/2025)" to "Tỉnh Bà Rịa - Vũn…". Among provinces "Tỉnh" and
    "Thành phố" say nothing, and a chart of one period needs no "(đến 06/2025)". Other units keep
    their full label: "Phường 1" needs its district. The table and the tooltip give full names."""
    if unit.level == unit.Level.PROVINCE:
        return unit.name.removeprefix(f"{unit.division_type} ")
    return str(unit)


def compare_chart(chart_id: str, title: str, observations, measure: str = "") -> Chart:
    """Bar chart across units for one period, largest first."""
    ranked = sorted(observations, key=lambda o: (-o.value, o.unit.name))
    shown = ranked[:MAX_BARS]
    points = [Point(bar_label(o.unit), o.value, o.provisional, str(o.unit)) for o in shown]
    description = f"Biểu đồ cột: {title}, {len(points)} địa bàn."
    if len(points) > 1:
        description += (
            f" Cao nhất: {points[0].name} ({format_number(points[0].value)}); "
            f"thấp nhất: {points[-1].name} ({format_number(points[-1].value)})."
        )
    elif points:
        description += f" {points[0].name}: {format_number(points[0].value)}."
    as_of = _latest_as_of(shown)
    notes = any(o.note for o in ranked)
    note = (
        f"Hiển thị {len(shown)}/{len(ranked)} địa bàn lớn nhất." if len(ranked) > len(shown) else ""
    )
    return Chart(
        id=chart_id,
        kind="bar",
        title=title,
        svg=both_sizes(
            bar_chart,
            title,
            points,
            measure=measure,
            as_of=as_of,
            chart_id=chart_id,
            description=description,
        ),
        measure=measure,
        as_of=as_of,
        columns=["Địa bàn", "Giá trị"] + (["Ghi chú"] if notes else []),
        rows=[[str(o.unit), _cell(o)] + ([o.note] if notes else []) for o in ranked],
        text_columns=(0, 2),
        note=note,
    )


def auto_chart(chart_id: str, title: str, observations, measure: str = "") -> Chart | None:
    """A line over the periods when few enough units share them, otherwise bars across the units
    in the latest period."""
    observations = list(observations)
    if not observations:
        return None
    periods = list(dict.fromkeys(o.period for o in observations))
    units = {o.unit for o in observations}
    if len(periods) > 1 and len(units) <= MAX_SERIES:
        return time_chart(chart_id, title, observations, measure)
    latest = [o for o in observations if o.period == periods[-1]]
    title = f"{title}, {period_label(periods[-1])}"
    return compare_chart(chart_id, title, latest, measure)

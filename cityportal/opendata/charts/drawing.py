"""Server-side SVG drawings: a line over periods and bars across categories, readable by screen
readers (title and summary) and without any script, on a canvas sized for phones or desktops."""

import datetime
import math
from dataclasses import dataclass, replace
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .formats import format_date, format_number, nice_ticks, tick_decimals

# Okabe-Ito's blue and vermillion with darker variants of its green and reddish purple, then a
# grey and a navy in place of its orange, yellow and sky blue: each line and bar colour reaches
# 3:1 against the white page (WCAG 1.4.11; Okabe-Ito's orange is 2.25:1). Checked apart by lightness
# and hue under simulated protanopia, deuteranopia and tritanopia (Machado 2009); Okabe-Ito's
# orange, darkened enough, looks the same as vermillion to protanopes. Series take the colours in
# a stable order (figures.time_chart), so a unit keeps its colour from chart to chart.
PALETTE = ["#0072b2", "#d55e00", "#008a64", "#cc4f96", "#6b6b6b", "#2f4b7c", "#000000"]
MAX_SERIES = len(PALETTE) - 1
WIDTH = 640
FONT = 12
MARKER_R, MARKER_STROKE = 4, 2  # a line chart's point
MARKER_REACH = MARKER_R + MARKER_STROKE // 2  # how far a point's marker covers its line
CHAR = 7  # average width of a character at FONT px, for laying out labels without a renderer


@dataclass
class Point:
    label: str
    value: float
    provisional: bool = False
    # The full name, for the tooltip, where `label` is a short form of it (`bar_label`).
    name: str = ""
    colour: str = ""  # of its bar, where a colour means something (sentiment); else the palette's
    source: str = ""  # cited in the tooltip where the chart's figures come from several sources


@dataclass
class Series:
    name: str
    points: list[Point | None]  # one per period of the chart; None where there is no figure
    colour: str = ""  # where a colour means something (sentiment); otherwise the palette's next


def _cited(point: Point) -> str:
    return f". Nguồn: {point.source}" if point.source else ""


def _text(x, y, text, anchor="start", cls="", size=FONT, extra="") -> str:
    cls_attr = f' class="{cls}"' if cls else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{cls_attr}'
        f"{extra}>{escape(text)}</text>"
    )


def _shorten(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def _wrap(text: str, chars: int, lines: int = 3) -> list[str]:
    """`text` in lines of at most `chars` characters, broken between words, so a long name
    ("Bắc Trung Bộ và duyên hải miền Trung") stays readable beside a bar on a phone; what would
    need more than `lines` lines ends in "…"."""
    if len(text) <= chars:
        return [text]
    rows: list[str] = []
    for word in text.split():
        if rows and len(rows[-1]) + 1 + len(word) <= chars:
            rows[-1] += f" {word}"
        else:
            rows.append(word)
    if len(rows) > lines:
        rows[lines - 1 :] = [" ".join(rows[lines - 1 :])]
    return [_shorten(row, chars) for row in rows]


def _lines(x, y, lines: list[str], full: str, line_height: float, size: int, cls: str) -> str:
    """A right-aligned text in lines centred on `y` (the baseline of a single line), with the full
    text as its tooltip, as the lines may shorten it."""
    first = y - line_height * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + n * line_height:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{first:.1f}" font-size="{size}" text-anchor="end" class="{cls}">'
        f"<title>{escape(full)}</title>{spans}</text>"
    )


@dataclass(frozen=True)
class Canvas:
    """The drawing's width and text size. A narrower canvas with larger text stays legible when a
    phone shrinks it (640 wide at 12 px reads as 6.5 px on a 390 px screen); it is never drawn
    wider than its own width, where its text would grow larger than the page's."""

    width: int = WIDTH
    font: int = FONT
    css: str = ""  # a class for the stylesheet, on drawings that come in pairs (`both_sizes`)
    # The share of a bar chart's width its names get; a short ranking printed at half a page
    # (the opinion brief's) gives them more, lest every name wrap.
    labels: float = 0.36
    # A bar's row, for 12 px text; its bar is 10 px less. The printed report packs its bars
    # closer, lest a chart kept whole on a page leave the foot of the one before blank.
    row: int = 28
    # The dashes leading to a provisional figure (`stroke-dasharray`). The phone's drawing is
    # shrunk to 0.8 (288 px of 360): a shorter pattern shows a gap between closer points.
    dash: tuple[int, int] = (5, 4)

    @property
    def char(self) -> float:
        return CHAR * self.font / FONT

    def px(self, length: int) -> int:
        """A length laid out for 12 px text, for this canvas's text size."""
        return round(length * self.font / FONT)


STANDARD = Canvas()
COMPACT = Canvas(width=480, font=16)
# The public data pages draw each chart twice: narrow for phones, standard (12 px text, up to
# 640 px wide) for wider screens. site.css shows one, no wider than its canvas; display: none
# keeps the other out of the layout and of the accessibility tree, so a screen reader meets the
# chart once. The narrow canvas is 360 wide: the smallest phone (320 px) draws it 288 px wide, its
# 16 px text at 12.8 px and the 15 px footnote at 12 px; at 480 wide they read 9.6 and 9 px.
NARROW = Canvas(width=360, font=16, css="chart-narrow", dash=(4, 3))
WIDE = replace(STANDARD, css="chart-wide")


def _open_svg(
    chart_id: str, height: float, title: str, description: str, kind: str, canvas: Canvas
) -> list[str]:
    # A public canvas (one with a class) is held to its width by site.css: the public pages'
    # policy refuses style attributes. The brief's, drawn for the admin and the PDF, says it here.
    limit = "" if canvas == STANDARD or canvas.css else f' style="max-width: {canvas.width}px"'
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
    legend_by_last: bool = False,
) -> SafeString:
    """Several series over the same periods. Provisional figures get hollow markers and a dashed
    line leading to them. `whole`: counts, ticked in whole numbers. `legend_by_last`: the legend
    lists the series as their lines end, top to bottom (`_legend_order`)."""
    values = [p.value for s in series for p in s.points if p]
    ticks = nice_ticks(min(values), max(values), whole=whole)
    decimals = tick_decimals(ticks)
    tick_labels = [format_number(t, decimals) for t in ticks]
    width, font, char, px = canvas.width, canvas.font, canvas.char, canvas.px
    left = round(max(len(t) for t in tick_labels) * char) + px(14)
    top, plot_h, right = px(34), 220, 16
    order = _legend_order(series) if legend_by_last else list(range(len(series)))
    legend_rows = (
        [
            [(order[n], x, lines) for n, x, lines in row]
            for row in _legend_layout([series[n].name for n in order], canvas)
        ]
        if len(series) > 1
        else []
    )
    legend_lines = sum(max(len(lines) for _, _, lines in row) for row in legend_rows)
    height = top + plot_h + px(36) + px(20) * legend_lines + px(24)
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
    description = description or "; ".join(trend(s) for s in series if any(s.points))
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
    # The dashes start where a point's marker ends (its radius and half its stroke), not under
    # it: begun at the point's centre, a short segment showed only the pattern's gap between the
    # two markers, and the provisional stretch read as no figure at all.
    dashes = (
        f' stroke-dasharray="{canvas.dash[0]} {canvas.dash[1]}"'
        f' stroke-dashoffset="{-MARKER_REACH % sum(canvas.dash)}"'
    )
    # Points closer than two markers and one dash: the markers would hide the dashes to a
    # provisional figure (22 years on a phone). There a firm figure is marked only where the
    # line cannot show it: alone between gaps, or last. Charts with no provisional figure keep
    # every marker.
    spacing = x_at(1) - x_at(0) if len(periods) > 1 else plot_w
    dense = any_provisional and spacing < 2 * MARKER_REACH + sum(canvas.dash)
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
        for path, dash in ((solid, ""), (dashed, dashes)):
            if path:
                parts.append(
                    f'<path class="chart-line" d="{"".join(path)}" fill="none" '
                    f'stroke="{colour}" stroke-width="2.5"{dash}/>'
                )
        last = max((i for i, point in enumerate(one.points) if point), default=-1)
        for i, point in enumerate(one.points):
            if point is None:
                continue
            if dense and not point.provisional and i != last:
                before = i > 0 and one.points[i - 1]
                after = i + 1 < len(one.points) and one.points[i + 1]
                if before or after:  # the line shows it
                    continue
            fill = "#fff" if point.provisional else colour
            tip = f"{one.name}, {point.label}: {format_number(point.value)}"
            tip += " (sơ bộ)" if point.provisional else ""
            tip += _cited(point)
            parts.append(
                f'<circle class="chart-point" cx="{x_at(i):.1f}" cy="{y_at(point.value):.1f}" '
                f'r="{MARKER_R}" fill="{fill}" stroke="{colour}" stroke-width="{MARKER_STROKE}">'
                f"<title>{escape(tip)}</title></circle>"
            )
    y = top + plot_h + px(40)
    for row in legend_rows:
        for n, x, lines in row:
            parts.append(
                f'<line x1="{x}" x2="{x + 18}" y1="{y - px(4)}" y2="{y - px(4)}" '
                f'stroke="{colour_of(n)}" stroke-width="3"/>'
            )
            if len(lines) == 1:
                parts.append(_text(x + 24, y, lines[0], cls="chart-legend", size=font))
            else:
                spans = "".join(
                    f'<tspan x="{x + 24}" y="{y + px(20) * i:.1f}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines)
                )
                parts.append(
                    f'<text x="{x + 24}" y="{y:.1f}" font-size="{font}" class="chart-legend">'
                    f"<title>{escape(series[n].name)}</title>{spans}</text>"
                )
        y += px(20) * max(len(lines) for _, _, lines in row)
    note = "Điểm rỗng, nét đứt: số liệu sơ bộ." if any_provisional else ""
    parts += _footer(y + 4, as_of, note, canvas)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _legend_order(series: list[Series]) -> list[int]:
    """The series' indexes by their last drawn figure, highest first: the order in which a reader
    meets the lines at the chart's right edge, so the legend need not be matched by colour alone.
    Ties keep the given order, and a series with no figure comes last. Only the legend moves: each
    series keeps the colour of its place in `series`."""

    def last(n: int) -> tuple[bool, float]:
        drawn = [p.value for p in series[n].points if p]
        return (not drawn, -drawn[-1] if drawn else 0.0)

    return sorted(range(len(series)), key=last)  # stable: ties keep their order


def _legend_layout(names: list[str], canvas: Canvas) -> list[list[tuple[int, int, list[str]]]]:
    """Legend entries (index, x, lines) flowed into rows as wide as the chart."""
    rows, row, x = [], [], 0
    fits = int((canvas.width - 40) / canvas.char)  # beside its swatch, in one row
    for n, name in enumerate(names):
        lines = _legend_lines(name, min(40, fits))
        width = 24 + round(max(len(line) for line in lines) * canvas.char) + 16
        if row and x + width > canvas.width:
            rows.append(row)
            row, x = [], 0
        row.append((n, x, lines))
        x += width
    return rows + [row] if row else rows


def _legend_lines(name: str, chars: int) -> list[str]:
    """A series' name in the legend: on one line if it fits, else on two, broken before its
    "(đến 06/2025)" where there is one. Cut to one line, the phone's legend read "Thành phố Hồ
    Chí Minh (đến 06/202…" on the city's own data pages, and "(đến …)" is what tells a unit
    from the one that took its name in 2025."""
    if len(name) <= chars:
        return [name]
    head, paren, tail = name.partition(" (")
    if paren and len(head) <= chars and len(tail) < chars:
        return [head, f"({tail}"]
    return _wrap(name, chars, lines=2)


def bar_label_lines(label: str, canvas: Canvas = STANDARD) -> list[str]:
    """A bar's name as `bar_chart` draws it on `canvas`. Names get about a third of the width:
    30 characters a line on the standard canvas, 18 on the compact one; a longer name wraps, and
    its row grows to hold its lines; one too long for three ends in "…"."""
    return _wrap(label, min(30, int(canvas.width * canvas.labels / canvas.char)))


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
    labels = [bar_label_lines(p.label, canvas) for p in points]
    # px(12): room for names wider than the average character says ("Đông Nam Bộ").
    left = round(max(len(line) for lines in labels for line in lines) * char) + px(12)
    value_labels = [format_number(p.value) + ("*" if p.provisional else "") for p in points]
    right = round(max(len(v) for v in value_labels) * char) + 10
    top, row_h, bar_h, line_h = px(34), px(canvas.row), px(canvas.row - 10), px(15)
    plot_w = width - left - right
    row_heights = [max(row_h, len(lines) * line_h + px(canvas.row - 18)) for lines in labels]
    plot_h = sum(row_heights)
    note = "* Số liệu sơ bộ." if any(p.provisional for p in points) else ""
    # The band under the axis is for the footnote: a chart with none ends under its ticks (the
    # empty band pushed a printed report's chart, kept whole, to the next page).
    height = top + plot_h + px(30) + (px(24) if note or as_of else 0)
    lo, hi = ticks[0], ticks[-1]

    def x_at(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    description = description or "; ".join(f"{p.label}: {format_number(p.value)}" for p in points)
    parts = _open_svg(chart_id, height, title, description, "bar", canvas)
    # A hatch per bar colour that is drawn provisional; the palette's first is always defined.
    hatched = [PALETTE[0]] + list(
        dict.fromkeys(
            p.colour for p in points if p.provisional and p.colour not in ("", PALETTE[0])
        )
    )

    def hatch_id(colour: str) -> str:
        n = hatched.index(colour or PALETTE[0])
        return f"{chart_id}-hatch" + (f"-{n}" if n else "")

    parts.append(
        "<defs>"
        + "".join(
            f'<pattern id="{hatch_id(colour)}" width="6" height="6" '
            'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
            f'<rect width="6" height="6" fill="#fff"/><rect width="3" height="6" fill="{colour}"/>'
            "</pattern>"
            for colour in hatched
        )
        + "</defs>"
    )
    if measure:
        parts.append(_text(0, px(14), f"Đơn vị tính: {measure}", cls="chart-axis-title", size=font))
    tick_labels = [format_number(tick, decimals) for tick in ticks]
    # Every tick gets its grid line; on a narrow plot only every `every`-th its label, so that
    # the labels never run into each other.
    label_width = max(len(label) for label in tick_labels) * char + px(8)
    every = max(1, math.ceil(label_width * max(len(ticks) - 1, 1) / plot_w))
    for n, (tick, label) in enumerate(zip(ticks, tick_labels, strict=True)):
        x = x_at(tick)
        parts.append(
            f'<line class="chart-grid" x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" '
            f'y2="{top + plot_h}" stroke="{"#555" if tick == 0 else "#ddd"}"/>'
        )
        if n % every == 0:
            parts.append(_text(x, top + plot_h + px(16), label, "middle", "chart-tick", font))
    zero = x_at(0)
    baseline = px(13) - (px(18) - bar_h) / 2  # of a label beside its bar, centred on it
    row_top = top
    rows = zip(points, labels, value_labels, row_heights, strict=True)
    for point, lines, value_label, height_of_row in rows:
        y = row_top + (height_of_row - bar_h) / 2
        row_top += height_of_row
        x, end = sorted((zero, x_at(point.value)))
        colour = point.colour or PALETTE[0]
        fill = f"url(#{hatch_id(colour)})" if point.provisional else colour
        tip = f"{point.name or point.label}: {format_number(point.value)}" + (
            " (sơ bộ)" if point.provisional else ""
        )
        tip += _cited(point)
        parts.append(
            f'<rect class="chart-bar" x="{x:.1f}" y="{y:.1f}" width="{max(end - x, 1):.1f}" '
            f'height="{bar_h}" fill="{fill}" stroke="{colour}">'
            f"<title>{escape(tip)}</title></rect>"
        )
        if lines == [point.label]:
            parts.append(_text(left - 6, y + baseline, point.label, "end", "chart-category", font))
        else:
            full = point.name or point.label
            parts.append(
                _lines(left - 6, y + baseline, lines, full, line_h, font, "chart-category")
            )
        outside = x_at(max(point.value, 0)) + 4
        parts.append(_text(outside, y + baseline, value_label, cls="chart-value", size=font))
    parts += _footer(top + plot_h + px(40), as_of, note, canvas)
    parts.append("</svg>")
    return mark_safe("".join(parts))


def trend(series: Series) -> str:
    """A series in words, first figure to last, for the summary a screen reader reads."""
    points = [p for p in series.points if p]
    first, last = points[0], points[-1]
    if first is last:
        return f"{series.name}: {format_number(first.value)} ({first.label})"
    return (
        f"{series.name}: từ {format_number(first.value)} ({first.label}) "
        f"đến {format_number(last.value)} ({last.label})"
    )

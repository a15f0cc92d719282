"""Charts of indicators from their observations, as the data pages and articles show them: the
drawing in both sizes beside its caption facts and data table."""

import datetime
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe

from .drawing import (
    MAX_SERIES,
    NARROW,
    PALETTE,
    WIDE,
    Point,
    Series,
    bar_chart,
    line_chart,
    trend,
)
from .formats import format_number, period_label

MAX_BARS = 40
LEVEL_ORDER = {"country": 0, "region": 1, "province": 2, "district": 3, "ward": 4}
# A unit this many times larger than every other on a line chart is left out of the drawing: on
# one axis with them it flattens their lines along its foot (the country's 100 million beside
# cities of 1 to 10 million, where the city's growth could not be read).
DWARFS = 5
# A measure with one of these is a rate or a share (%, ‰, người/km²): units of any size compare.
RATE_MARKS = ("%", "‰", "/")
# The caption's word where a chart's figures come from several publications (`cited_sources`).
SEVERAL_SOURCES = "Số liệu từ nhiều nguồn: bảng số liệu ghi nguồn của từng số."


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


def sources_by_period(observations) -> list[tuple[str, str, object]]:
    """(first period, last period, dataset) for each dataset the figures come from, in time
    order (`observations` in time order, their resource's dataset fetched with them). More
    than one means a series spliced from several tables, whose figures may not match where
    they overlap (a yearbook revises its predecessor's): the reader is told where each begins."""
    spans = {}
    for o in observations:
        dataset = o.resource.dataset
        first = spans[dataset.pk][0] if dataset.pk in spans else o.period
        spans[dataset.pk] = (first, o.period, dataset)
    return sorted(spans.values(), key=lambda span: (span[0], span[1]))


def exact_figures(observations) -> tuple[list, str]:
    """The figures a chart can draw, and a note on those it leaves out: a value beyond 2**53
    (stored before imports refused it) is not the figure published, and drawn it squashed every
    other figure to nothing or broke the chart altogether (1e308: no axis to tick)."""
    kept = [o for o in observations if o.exact]
    left_out = len(observations) - len(kept)
    note = (
        f"Không hiển thị {left_out} số liệu quá lớn để lưu chính xác (vượt 2^53); "
        "hãy báo cơ quan công bố."
        if left_out
        else ""
    )
    return kept, note


def _nothing_drawable(chart_id: str, kind: str, title: str, measure: str, note: str) -> Chart:
    """Every figure was left out: the caption says why, instead of an empty drawing."""
    return Chart(id=chart_id, kind=kind, title=title, svg=mark_safe(""), measure=measure, note=note)


def _joined(*notes: str) -> str:
    return " ".join(note for note in notes if note)


def _cell(observation) -> str:
    text = format_number(observation.value)
    return f"{text} (sơ bộ)" if observation.provisional else text


def cited_source(observation) -> str:
    """Where a figure comes from: its own source (a flash report), else its dataset's, as the
    downloads say; a dataset that names none is cited by its title."""
    if observation.source:
        return observation.source
    dataset = observation.resource.dataset
    return dataset.source or dataset.title


def cited_sources(observations) -> list[str]:
    """Each figure's source to cite beside it, where the figures come from more than one
    publication; else "" for each: one source for all is named once, below the chart."""
    sources = [cited_source(o) for o in observations]
    return sources if len(set(sources)) > 1 else [""] * len(sources)


def _period_source(period: str, units, source_of: dict) -> str:
    """The source cell of one period's row in a line chart's table: the one source of its
    figures, or each unit's where they differ (a flash report for the city, a yearbook for
    the country)."""
    cited = {u: source_of[u, period] for u in units if (u, period) in source_of}
    if len(set(cited.values())) == 1:
        return next(iter(cited.values()))
    return "; ".join(f"{unit}: {source}" for unit, source in cited.items())


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


def dwarfing_unit(observations, units, measure: str) -> tuple | None:
    """(unit, next largest unit, how many times larger) where one unit's figure is more than
    DWARFS times every other's of `units` in the latest period they all have figures for, in a
    magnitude (persons, đồng); None otherwise, and always for a rate, which compares across
    units as it stands.

    Figures of one period, not each unit's latest: a unit whose series stops years earlier (a
    country's figure not yet out, a ward merged away) would be compared with another's figure
    of years later, and growth taken for size; without a period they share, nothing says one
    dwarfs the others, so all are drawn."""
    if any(mark in measure for mark in RATE_MARKS):
        return None
    by_period: dict[str, dict] = {}
    for o in observations:
        if o.unit in units:
            by_period.setdefault(o.period, {})[o.unit] = o.value
    drawn = {unit for figures in by_period.values() for unit in figures}
    shared = [figures for figures in by_period.values() if len(figures) == len(drawn)]
    if len(drawn) < 2 or not shared:
        return None
    figures = shared[-1]  # `observations` in time order: the latest period they share
    if min(figures.values()) <= 0:
        return None
    largest, runner_up = sorted(figures, key=lambda u: -figures[u])[:2]
    times = figures[largest] / figures[runner_up]
    return (largest, runner_up, times) if times > DWARFS else None


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
    observations, left_out = exact_figures(list(observations))
    if not observations:
        return _nothing_drawable(chart_id, "line", title, measure, left_out)
    # The palette goes to the units in an order their figures do not change (widest area, then
    # name): two charts of one dataset page draw the same unit in the same colour, where the
    # ranking by figure gave Hồ Chí Minh City blue in one and orange in the next.
    units = units or sorted(
        pick_units(observations, MAX_SERIES), key=lambda u: (LEVEL_ORDER.get(u.level, 9), u.name)
    )
    periods = list(dict.fromkeys(o.period for o in observations))
    by_key = {(o.unit, o.period): o for o in observations}
    labels = [period_label(p) for p in periods]
    shown = [o for o in observations if o.unit in units]
    # A figure from another publication than the others (a flash report's latest year) is cited
    # in the table, as the comparison's bars are, and in its point's tooltip.
    sources = cited_sources(shown)
    source_of = {(o.unit, o.period): s for o, s in zip(shown, sources, strict=True) if s}
    apart = dwarfing_unit(observations, units, measure)
    series = []
    for n, unit in enumerate(units):
        points = []
        for period, label in zip(periods, labels, strict=True):
            o = by_key.get((unit, period))
            source = source_of.get((unit, period), "")
            points.append(Point(label, o.value, o.provisional, source=source) if o else None)
        # The colour of its place among `units`, drawn or not: a unit left out of one chart
        # does not pass its colour to the next unit.
        if not apart or unit != apart[0]:
            series.append(Series(str(unit), points, colour=PALETTE[n % len(PALETTE)]))
    left_apart = ""
    if apart:
        largest, runner_up, times = apart
        left_apart = (
            f"{largest} không vẽ trên biểu đồ vì lớn gấp "
            f"{format_number(times, 0 if times >= 10 else 1)} lần {runner_up}; "
            "số liệu có trong bảng số liệu."
        )
    summary = "; ".join(trend(s) for s in series if any(s.points))
    description = _joined(
        f"Biểu đồ đường: {title}, {labels[0]}–{labels[-1]}. {summary}.", left_apart
    )
    as_of = _latest_as_of(shown)
    rows = [
        [label]
        + [_cell(by_key[u, p]) if (u, p) in by_key else "–" for u in units]
        + ([_period_source(p, units, source_of)] if source_of else [])
        for p, label in zip(periods, labels, strict=True)
    ]
    all_units = {o.unit for o in observations}
    note = f"Hiển thị {len(units)}/{len(all_units)} địa bàn." if len(all_units) > len(units) else ""
    note = _joined(left_apart, note, left_out, SEVERAL_SOURCES if source_of else "")
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
            legend_by_last=True,
        ),
        measure=measure,
        as_of=as_of,
        columns=["Kỳ"] + [str(u) for u in units] + (["Nguồn"] if source_of else []),
        rows=rows,
        text_columns=(0, len(units) + 1),
        note=note,
    )


def bar_label(unit) -> str:
    """A unit's name beside its bar, short enough for a phone's narrow drawing, which cut
    "Tỉnh Bà Rịa - Vũng Tàu (đến 06/2025)" to "Tỉnh Bà Rịa - Vũn…". Among provinces "Tỉnh" and
    "Thành phố" say nothing, and a chart of one period needs no "(đến 06/2025)". Other units keep
    their full label: "Phường 1" needs its district. The table and the tooltip give full names."""
    if unit.level == unit.Level.PROVINCE:
        return unit.name.removeprefix(f"{unit.division_type} ")
    return str(unit)


def compare_chart(chart_id: str, title: str, observations, measure: str = "") -> Chart:
    """Bar chart across units for one period, largest first."""
    observations, left_out = exact_figures(list(observations))
    if not observations:
        return _nothing_drawable(chart_id, "bar", title, measure, left_out)
    ranked = sorted(observations, key=lambda o: (-o.value, o.unit.name))
    shown = ranked[:MAX_BARS]
    # Figures compared across units may come from different publications: each cites its own.
    sources = cited_sources(ranked)
    points = [
        Point(bar_label(o.unit), o.value, o.provisional, str(o.unit), source=source)
        for o, source in zip(shown, sources, strict=False)  # the bars: the first MAX_BARS
    ]
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
    cite = any(sources)
    note = _joined(note, left_out, SEVERAL_SOURCES if cite else "")
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
        columns=["Địa bàn", "Giá trị"]
        + (["Ghi chú"] if notes else [])
        + (["Nguồn"] if cite else []),
        rows=[
            [str(o.unit), _cell(o)] + ([o.note] if notes else []) + ([source] if cite else [])
            for o, source in zip(ranked, sources, strict=True)
        ],
        text_columns=(0, 2, 3),
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

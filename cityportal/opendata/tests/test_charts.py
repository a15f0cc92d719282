"""The SVG charts are well-formed, described for screen readers, and write figures the
Vietnamese way."""

import dataclasses
import datetime
import re
import xml.etree.ElementTree as ET

import pytest

from cityportal.opendata.charts import (
    NARROW,
    WIDE,
    Point,
    Series,
    bar_chart,
    format_number,
    line_chart,
    nice_ticks,
    period_label,
    time_chart,
)

NS = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # fails on any unescaped text


def texts(root: ET.Element, cls: str) -> list[str]:
    return [t.text for t in root.iter(f"{NS}text") if t.get("class") == cls]


def population() -> list[Series]:
    years = ["2021", "2022", "2023"]
    return [
        Series(
            "Thành phố Hồ Chí Minh",
            [Point("2021", 9166.8), Point("2022", 9389.7), Point("2023", 9456.7, True)],
        ),
        Series("Thành phố Hà Nội", [Point("2021", 8330.8), None, Point("2023", 8587.1, True)]),
    ], years


@pytest.mark.parametrize(
    "value, text",
    [
        (1234.5, "1.234,5"),
        (1000.0, "1.000"),
        (-1234567.891, "-1.234.567,891"),
        (0.5, "0,5"),
        (-0.0001, "0"),
        (98504.375, "98.504,375"),
    ],
)
def test_numbers_have_dot_thousands_and_comma_decimals(value, text):
    assert format_number(value) == text


def test_fixed_decimals():
    assert format_number(9389.7, 2) == "9.389,70"
    assert format_number(-3, 1) == "-3,0"


@pytest.mark.parametrize(
    "low, high, ticks",
    [
        (0, 9389.7, [0, 2500, 5000, 7500, 10000]),
        (8993.1, 9389.7, [8900, 9000, 9100, 9200, 9300, 9400]),
        (-3.2, 7.7, [-5, 0, 5, 10]),
        (0.1, 0.3, [0.1, 0.15, 0.2, 0.25, 0.3]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),
    ],
)
def test_ticks_are_round_numbers_covering_the_data(low, high, ticks):
    assert nice_ticks(low, high) == ticks


def test_periods_read_as_in_vietnamese_statistics():
    assert [period_label(p) for p in ("2021", "2021-Q3", "2021-07")] == [
        "2021",
        "Quý III/2021",
        "Tháng 7/2021",
    ]


def test_line_chart_is_an_accessible_image_with_a_point_per_figure():
    series, years = population()
    root = parse(
        line_chart(
            "Dân số trung bình",
            years,
            series,
            measure="nghìn người",
            as_of=datetime.date(2024, 3, 31),
            chart_id="dan-so",
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "dan-so-title dan-so-desc"
    assert root.find(f"{NS}title").get("id") == "dan-so-title"
    assert root.find(f"{NS}title").text == "Dân số trung bình"
    desc = root.find(f"{NS}desc").text
    assert "Thành phố Hồ Chí Minh: từ 9.166,8 (2021) đến 9.456,7 (2023)" in desc
    circles = root.findall(f"{NS}circle")
    assert len(circles) == 5  # Hà Nội has no 2022 figure
    hollow = [c for c in circles if c.get("fill") == "#fff"]
    assert [c.find(f"{NS}title").text for c in hollow] == [
        "Thành phố Hồ Chí Minh, 2023: 9.456,7 (sơ bộ)",
        "Thành phố Hà Nội, 2023: 8.587,1 (sơ bộ)",
    ]
    assert texts(root, "chart-tick") == ["8.000", "8.500", "9.000", "9.500"]
    assert texts(root, "chart-x") == ["2021", "2022", "2023"]
    assert texts(root, "chart-legend") == ["Thành phố Hồ Chí Minh", "Thành phố Hà Nội"]
    assert texts(root, "chart-axis-title") == ["Đơn vị tính: nghìn người"]
    note = texts(root, "chart-note")[0]
    assert "Số liệu tính đến 31/3/2024." in note and "sơ bộ" in note
    # Solid, then dashed to the provisional figure; Hà Nội's gap leaves it no segment at all.
    paths = list(root.iter(f"{NS}path"))
    assert [(p.get("stroke"), p.get("stroke-dasharray")) for p in paths] == [
        ("#0072b2", None),
        ("#0072b2", "5 4"),
    ]


def test_ticks_run_top_to_bottom_in_order():
    series, years = population()
    root = parse(line_chart("x", years, series))
    ys = [float(t.get("y")) for t in root.iter(f"{NS}text") if t.get("class") == "chart-tick"]
    assert ys == sorted(ys, reverse=True)  # larger values higher up


def test_bar_chart_has_a_bar_per_unit_from_zero_and_stars_provisional_figures():
    points = [
        Point("Thành phố Hồ Chí Minh", 9389.7),
        Point("Thành phố Hà Nội", 8435.7, provisional=True),
        Point("Nơi giảm", -120.5),
    ]
    root = parse(bar_chart("Dân số 2022", points, measure="nghìn người", chart_id="cot"))
    bars = [r for r in root.iter(f"{NS}rect") if r.get("class") == "chart-bar"]
    assert len(bars) == 3
    assert bars[1].get("fill") == "url(#cot-hatch)"
    assert texts(root, "chart-value") == ["9.389,7", "8.435,7*", "-120,5"]
    assert texts(root, "chart-tick")[:2] == ["-2.500", "0"]
    # The negative bar ends at zero, where the positive ones start.
    zero = float(bars[0].get("x"))
    assert float(bars[2].get("x")) + float(bars[2].get("width")) == pytest.approx(zero)
    assert "* Số liệu sơ bộ." in texts(root, "chart-note")[0]
    assert "Thành phố Hồ Chí Minh: 9.389,7" in root.find(f"{NS}desc").text


def test_text_is_escaped():
    hostile = '<script>alert("x")</script> & Co'
    root = parse(bar_chart(hostile, [Point(hostile, 1.0)], measure="<b>%</b>", chart_id="c"))
    assert root.find(f"{NS}title").text == hostile
    # Too long for one line beside the bars: wrapped between words, named in full as a tooltip.
    (category,) = [t for t in root.iter(f"{NS}text") if t.get("class") == "chart-category"]
    assert category.find(f"{NS}title").text == hostile
    assert [line.text for line in category.iter(f"{NS}tspan")] == [
        '<script>alert("x")</script> &',
        "Co",
    ]
    assert texts(root, "chart-axis-title") == ["Đơn vị tính: <b>%</b>"]
    assert root.find(f".//{NS}script") is None
    root = parse(line_chart(hostile, ["2021"], [Series(hostile, [Point("2021", 1.0)])]))
    assert root.find(f"{NS}circle/{NS}title").text == f"{hostile}, 2021: 1"


REGION = "Bắc Trung Bộ và duyên hải miền Trung"


def category_lines(root: ET.Element) -> list[list[str]]:
    """Each bar's name as the chart writes it, line by line."""
    return [
        [line.text for line in t.iter(f"{NS}tspan")] or [t.text]
        for t in root.iter(f"{NS}text")
        if t.get("class") == "chart-category"
    ]


def test_a_long_region_name_is_wrapped_whole_beside_its_bar_on_a_phone():
    """The phone drawing cut the name to "Bắc Trung Bộ và d…" with nothing naming it in full."""
    points = [Point("Đông Nam Bộ", 180000.0), Point(REGION, 49054.9), Point("Tây Nguyên", 1.5)]
    for canvas in (NARROW, WIDE):
        root = parse(bar_chart("Vốn FDI lũy kế", points, chart_id="fdi", canvas=canvas))
        southeast, region, highlands = category_lines(root)
        assert " ".join(region) == REGION, canvas  # every word, none cut
        budget = 18 if canvas is NARROW else 30  # characters a line beside the bars
        assert len(region) > 1 and all(len(line) <= budget for line in region), canvas
        assert southeast == ["Đông Nam Bộ"] and highlands == ["Tây Nguyên"]
        (label,) = [t for t in root.iter(f"{NS}text") if t.find(f"{NS}tspan") is not None]
        assert label.find(f"{NS}title").text == REGION
        # The wrapped name's row grows: its lines sit between the bars above and below, around
        # its own bar.
        above, bar, below = [r for r in root.iter(f"{NS}rect") if r.get("class") == "chart-bar"]
        baselines = [float(line.get("y")) for line in label.iter(f"{NS}tspan")]
        size = float(label.get("font-size"))
        assert float(above.get("y")) + float(above.get("height")) < baselines[0] - size
        assert baselines[-1] < float(below.get("y"))
        assert baselines[0] < float(bar.get("y")) + size < baselines[-1]


def test_a_name_too_long_for_three_lines_ends_in_an_ellipsis_and_is_named_in_full():
    name = "Ủy ban nhân dân xã Tân Thạnh Đông thuộc huyện Củ Chi cũ trước sắp xếp năm 2025"
    root = parse(bar_chart("x", [Point(name, 1.0)], canvas=NARROW))
    ((*whole, last),) = category_lines(root)
    assert len(whole) == 2 and last.endswith("…") and len(last) <= 18
    assert root.find(f".//{NS}text/{NS}title").text == name


def test_a_line_legend_names_the_city_in_full_on_a_phone():
    """The phone drawing's legend read "Thành phố Hồ Chí Minh (đến 06/202…" on the city's own
    dataset pages; a name too long for one line now takes two, every character kept, with
    the rows below it moved down to make room."""
    city, other = "Thành phố Hồ Chí Minh (đến 06/2025)", "Thành phố Đà Nẵng (đến 06/2025)"
    years = ["2015", "2016"]
    series = [
        Series(city, [Point("2015", 8247.3), Point("2016", 8297.5)]),
        Series(other, [Point("2015", 1028.8), Point("2016", 1046.2)]),
    ]
    root = parse(line_chart("Dân số trung bình", years, series, canvas=NARROW))
    legend = [t for t in root.iter(f"{NS}text") if t.get("class") == "chart-legend"]
    lines = [[s.text for s in t.iter(f"{NS}tspan")] or [t.text] for t in legend]
    assert lines == [["Thành phố Hồ Chí Minh", "(đến 06/2025)"], [other]]
    assert legend[0].find(f"{NS}title").text == city
    # The next entry's row starts below the wrapped name's second line, and the footnote
    # (the drawing's height) below both.
    second_line = float(list(legend[0].iter(f"{NS}tspan"))[1].get("y"))
    assert float(legend[1].get("y")) > second_line
    assert float(root.get("viewBox").split()[3]) > float(legend[1].get("y"))


def test_a_bar_may_have_its_own_colour_and_hatch_while_others_keep_the_palette():
    points = [
        Point("Tiêu cực", 3.0, colour="#d55e00"),
        Point("Trung lập", 2.0, provisional=True, colour="#767676"),
        Point("Khác", 1.0),
    ]
    root = parse(bar_chart("Sắc thái", points, chart_id="s"))
    bars = root.findall(f".//{NS}rect[@class='chart-bar']")
    assert [(b.get("fill"), b.get("stroke")) for b in bars] == [
        ("#d55e00", "#d55e00"),
        ("url(#s-hatch-1)", "#767676"),
        ("#0072b2", "#0072b2"),
    ]
    hatches = {p.get("id"): p[1].get("fill") for p in root.iter(f"{NS}pattern")}
    assert hatches == {"s-hatch": "#0072b2", "s-hatch-1": "#767676"}


@dataclasses.dataclass(frozen=True)
class Unit:
    name: str
    level: str = "ward"

    def __str__(self):
        return self.name


@dataclasses.dataclass
class Figure:
    unit: Unit
    period: str
    value: float
    provisional: bool = False
    exact: bool = True
    as_of: datetime.date | None = None
    note: str = ""
    source: str = "Niên giám thống kê"  # its own: no dataset to fall back on


def wide_drawing(chart) -> ET.Element:
    return parse(str(chart.svg).split("</svg>")[1] + "</svg>")


def point_colours(root: ET.Element) -> dict[str, str]:
    """Each unit drawn, by the name its points' tooltips give, with its colour."""
    return {
        point.find(f"{NS}title").text.split(",")[0]: point.get("stroke")
        for point in root.iter(f"{NS}circle")
    }


def test_two_charts_of_one_page_draw_each_unit_in_the_same_colour():
    """Units were coloured in the order of their latest figures, which differs between
    indicators: a journalist reading two charts side by side took one city for the other."""
    city, ben_thanh, sai_gon = Unit("TP.HCM", "province"), Unit("Bến Thành"), Unit("Sài Gòn")

    def colours(values):
        figures = [
            Figure(unit, period, value * (1 + n / 10))
            for unit, value in zip((city, ben_thanh, sai_gon), values, strict=True)
            for n, period in enumerate(("2023", "2024"))
        ]
        return point_colours(wide_drawing(time_chart("c", "Chỉ tiêu", figures)))

    # Ward figures in opposite orders in the two indicators: each unit keeps its colour.
    # (Within DWARFS of the city's, so that all three are drawn.)
    first = colours([100, 30, 50])
    assert len(set(first.values())) == 3 and first == colours([100, 50, 30])


COUNTRY = Unit("Việt Nam", "country")
HCMC, HANOI, DA_NANG = (
    Unit(f"Thành phố {name}", "province") for name in ("Hồ Chí Minh", "Hà Nội", "Đà Nẵng")
)


def country_and_cities(country: float, measure: str = "nghìn người"):
    """A chart of the country beside three cities over three years (the dataset page's)."""
    latest = {COUNTRY: country, HCMC: 9456.7, HANOI: 8587.1, DA_NANG: 1245.3}
    figures = [
        Figure(unit, year, value * (0.98 + n / 100))
        for n, year in enumerate(("2021", "2022", "2023"))
        for unit, value in latest.items()
    ]
    return time_chart("dan-so", "Dân số trung bình", figures, measure)


def test_a_unit_dwarfing_the_others_is_left_out_of_the_line_drawing_but_kept_in_the_table():
    """The country's 100 million on one axis with cities of 1 to 10 million flattened the
    cities' lines along the axis's foot: the city's growth could not be read."""
    chart = country_and_cities(101_300.0)
    note = (
        "Việt Nam không vẽ trên biểu đồ vì lớn gấp 11 lần Thành phố Hồ Chí Minh; "
        "số liệu có trong bảng số liệu."
    )
    assert chart.note == note
    narrow = parse(str(chart.svg).split("</svg>")[0] + "</svg>")
    for root in (narrow, wide_drawing(chart)):
        drawn = point_colours(root)
        assert sorted(drawn) == sorted(str(u) for u in (HCMC, HANOI, DA_NANG))
        assert "Việt Nam" not in texts(root, "chart-legend")
        assert note in root.find(f"{NS}desc").text  # a screen reader is told too
        # The axis is the cities': the city's 2021–2023 rise spans a visible share of it.
        assert float(texts(root, "chart-tick")[-1].replace(".", "")) <= 10_000
    # The table keeps every unit, the country too.
    assert "Việt Nam" in chart.columns
    country = chart.columns.index("Việt Nam")
    assert [row[country] for row in chart.rows] == ["99.274", "100.287", "101.300"]
    # Each city keeps the colour it has where the country is drawn (a rate's chart).
    assert drawn.items() <= point_colours(wide_drawing(country_and_cities(10.0, "%"))).items()


@pytest.mark.parametrize(
    "country, measure",
    [
        (101_300.0, "%"),  # a share, a rate: comparable whatever the unit's size
        (101_300.0, "‰"),
        (101_300.0, "người/km²"),
        (47_000.0, "nghìn người"),  # five times the city's: still drawn
    ],
)
def test_comparable_figures_draw_every_unit(country, measure):
    chart = country_and_cities(country, measure)
    assert "không vẽ" not in chart.note
    assert "Việt Nam" in point_colours(wide_drawing(chart))


def series(figures: dict) -> list[Figure]:
    """{unit: {period: value}} as figures in time order, as the pages hand them to charts."""
    return sorted(
        (
            Figure(unit, period, value)
            for unit, values in figures.items()
            for period, value in values.items()
        ),
        key=lambda f: f.period,
    )


def test_units_are_compared_by_figures_of_one_period_not_each_ones_latest():
    """One unit's series that stops years before another's: their latest figures compared the
    other's growth since with the first's size, and left a unit out of the drawing (or drew it)
    by that."""
    # Đà Nẵng's figures stop in 2015; Hồ Chí Minh City's have grown sixfold since, but were
    # only a little larger in the years both have: both are drawn.
    grown = {HCMC: {"2014": 11.0, "2015": 12.0, "2024": 70.0}, DA_NANG: {"2014": 9.0, "2015": 10.0}}
    chart = time_chart("c", "Chỉ tiêu", series(grown), "tỷ đồng")
    assert "không vẽ" not in chart.note
    assert set(point_colours(wide_drawing(chart))) == {str(HCMC), str(DA_NANG)}
    # Hà Nội's 2025 figure is out, the country's not yet: in 2024, the latest year both have,
    # the country's was eight times as large, and would flatten Hà Nội's line.
    later = {
        COUNTRY: {"2023": 80.0, "2024": 84.0},
        HANOI: {"2023": 10.0, "2024": 10.5, "2025": 20.0},
    }
    chart = time_chart("c", "Chỉ tiêu", series(later), "tỷ đồng")
    assert chart.note == (
        "Việt Nam không vẽ trên biểu đồ vì lớn gấp 8,0 lần Thành phố Hà Nội; "
        "số liệu có trong bảng số liệu."
    )
    assert set(point_colours(wide_drawing(chart))) == {str(HANOI)}


def test_units_with_no_period_in_common_are_all_drawn():
    apart = {COUNTRY: {"2010": 90.0, "2011": 92.0}, HCMC: {"2023": 9.0, "2024": 9.5}}
    chart = time_chart("c", "Chỉ tiêu", series(apart), "tỷ đồng")
    assert "không vẽ" not in chart.note
    assert set(point_colours(wide_drawing(chart))) == {str(COUNTRY), str(HCMC)}


def contrast_on_white(colour: str) -> float:
    """WCAG 2's contrast ratio of an sRGB colour ("#rrggbb") against white."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def test_contrast_on_white_is_wcag_s():
    assert contrast_on_white("#000000") == pytest.approx(21)
    assert contrast_on_white("#ffffff") == pytest.approx(1)
    assert contrast_on_white("#767676") == pytest.approx(4.54, abs=0.01)


def test_every_line_colour_reaches_3_to_1_on_the_white_page():
    """WCAG 1.4.11 (non-text contrast): a line is how a reader tells a series from the page;
    Hà Nội's orange was 2.25:1 and the sky blue 2.3:1."""
    from cityportal.opendata.charts import MAX_SERIES, PALETTE

    assert all(contrast_on_white(colour) >= 3 for colour in PALETTE), [
        (colour, round(contrast_on_white(colour), 2)) for colour in PALETTE
    ]
    series = [
        Series(f"Phường {n}", [Point("2023", n), Point("2024", n + 1)]) for n in range(MAX_SERIES)
    ]
    root = parse(line_chart("Chỉ tiêu", ["2023", "2024"], series))
    strokes = {line.get("stroke") for line in root.iter(f"{NS}path")}
    assert len(strokes) == MAX_SERIES
    assert min(contrast_on_white(colour) for colour in strokes) >= 3


def test_the_narrow_drawing_keeps_12_px_text_on_a_320_px_phone():
    """A 320 px screen leaves the chart 288 px (16 px page margins): the narrow drawing's
    smallest text, the footnote, must still read 12 px there. At 480 wide it read 9 px."""
    labels = [Point("Đông Nam Bộ", 49054.9, True), Point(REGION, 180000.0), Point("Huế", 1.5)]
    series, years = population()
    drawings = [
        bar_chart("Vốn FDI", labels, as_of=datetime.date(2024, 12, 31), canvas=NARROW),
        line_chart("Dân số", years, series, as_of=datetime.date(2024, 12, 31), canvas=NARROW),
    ]
    for svg in drawings:
        root = parse(svg)
        scale = 288 / float(root.get("viewBox").split()[2])
        sizes = [float(t.get("font-size")) for t in root.iter(f"{NS}text")]
        assert min(sizes) * scale >= 12, (min(sizes), scale)


def test_axis_labels_of_a_narrow_bar_chart_do_not_run_into_each_other():
    points = [Point("Việt Nam", 54445.3), Point("Đồng bằng sông Hồng", 11993.8)]
    root = parse(bar_chart("Lực lượng lao động", points, canvas=NARROW))
    ticks = [t for t in root.iter(f"{NS}text") if t.get("class") == "chart-tick"]
    grid = [g for g in root.iter(f"{NS}line") if g.get("class") == "chart-grid"]
    assert 1 < len(ticks) < len(grid)  # every tick keeps its grid line
    xs = [float(t.get("x")) for t in ticks]
    widest = max(len(t.text) for t in ticks) * NARROW.char
    assert all(b - a >= widest for a, b in zip(xs, xs[1:], strict=False))


def test_a_bar_chart_without_a_footnote_ends_under_its_axis():
    """A band kept for a footnote (its date, "* Số liệu sơ bộ.") stayed empty under a chart
    with none: printed whole, the quarterly report's chart did not fit the room left on a page
    and went to the next, leaving that room blank."""

    def bottom(svg) -> tuple[float, float]:
        height = float(re.search(r'viewBox="0 0 \d+ ([\d.]+)"', svg)[1])
        lowest = max(float(y) for y in re.findall(r'<text x="[\d.]+" y="([\d.]+)"', svg))
        return height, lowest

    height, lowest = bottom(bar_chart("x", [Point("a", 3), Point("b", 1)], whole=True))
    assert height - lowest <= 16  # the ticks' descenders and a little air
    noted = bar_chart("x", [Point("a", 3), Point("b", 1, provisional=True)], whole=True)
    height, lowest = bottom(noted)
    assert "* Số liệu sơ bộ." in noted and 0 < height - lowest <= 16

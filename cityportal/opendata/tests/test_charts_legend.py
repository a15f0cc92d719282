"""A line chart's legend lists the series in the order their lines end at the right edge, top to
bottom, each beside its own colour: a phone reader matched "Hà Nội, Hồ Chí Minh, Đà Nẵng" to
lines ending Hồ Chí Minh, Hà Nội, Đà Nẵng by colour alone."""

import xml.etree.ElementTree as ET

from cityportal.opendata.charts import NARROW, PALETTE, Point, Series, line_chart, time_chart

from .test_charts import DA_NANG, HANOI, HCMC, NS, Figure, point_colours

YEARS = ["2021", "2022", "2023"]


def drawings(svg: str) -> list[ET.Element]:
    return [ET.fromstring(part + "</svg>") for part in str(svg).split("</svg>")[:-1]]


def legend(root: ET.Element) -> list[tuple[str, str]]:
    """(name, swatch colour) of each legend entry, in the drawing's order."""
    swatches = [line.get("stroke") for line in root.iter(f"{NS}line") if not line.get("class")]
    names = []
    for text in root.iter(f"{NS}text"):
        if text.get("class") == "chart-legend":
            title = text.find(f"{NS}title")
            names.append(title.text if title is not None else text.text)
    return list(zip(names, swatches, strict=True))


def last_drawn(root: ET.Element) -> list[str]:
    """The units by the height of their last point, top first (smaller y is higher)."""
    last = {}
    for point in root.iter(f"{NS}circle"):
        last[point.find(f"{NS}title").text.split(",")[0]] = float(point.get("cy"))
    return sorted(last, key=last.get)


def test_the_legend_follows_the_lines_right_ends_and_each_unit_keeps_its_colour():
    # Hồ Chí Minh City ends highest, though Hà Nội comes first by name (the colours' order).
    latest = {HANOI: 8587.1, HCMC: 9456.7, DA_NANG: 1245.3}
    figures = [
        Figure(unit, year, value * (0.98 + n / 100))
        for n, year in enumerate(YEARS)
        for unit, value in latest.items()
    ]
    chart = time_chart("dan-so", "Dân số trung bình", figures, "nghìn người")
    assert chart.columns[1:] == [str(HANOI), str(HCMC), str(DA_NANG)]  # the table's order stays
    for root in drawings(chart.svg):
        entries = legend(root)
        assert (
            [name for name, _ in entries]
            == last_drawn(root)
            == [
                str(HCMC),
                str(HANOI),
                str(DA_NANG),
            ]
        )
        # Each swatch is its unit's line colour, the one it had before the legend was reordered.
        assert dict(entries) == point_colours(root)
        assert dict(entries) == {
            str(HANOI): PALETTE[0],
            str(HCMC): PALETTE[1],
            "Thành phố Đà Nẵng": PALETTE[2],
        }


def test_ties_and_series_without_a_figure_keep_the_given_order():
    series = [
        Series("Phường A", [Point("2021", 1.0), Point("2022", 2.0)]),
        Series("Phường B", [None, None]),
        Series("Phường C", [Point("2021", 5.0), None]),  # its last drawn figure: 5
        Series("Phường D", [Point("2021", 3.0), Point("2022", 2.0)]),  # ties with A
    ]
    root = ET.fromstring(line_chart("x", ["2021", "2022"], series, legend_by_last=True))
    assert legend(root) == [
        ("Phường C", PALETTE[2]),
        ("Phường A", PALETTE[0]),
        ("Phường D", PALETTE[3]),
        ("Phường B", PALETTE[1]),
    ]


def test_other_line_charts_keep_their_legend_in_the_given_order():
    """The brief's sentiment chart lists negative, neutral, positive whatever their counts."""
    series = [
        Series("Tiêu cực", [Point("1/1", 1.0), Point("2/1", 2.0)]),
        Series("Tích cực", [Point("1/1", 3.0), Point("2/1", 9.0)]),
    ]
    root = ET.fromstring(line_chart("x", ["1/1", "2/1"], series, canvas=NARROW))
    assert [name for name, _ in legend(root)] == ["Tiêu cực", "Tích cực"]

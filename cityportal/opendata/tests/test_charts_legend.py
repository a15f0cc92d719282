"""A line chart's legend lists the series in the order their lines end at the right edge, top to
bottom, each beside its own colour: a phone reader matched "Hà Nội, Hồ Chí Minh, Đà Nẵng" to
lines ending Hồ Chí Minh, Hà Nội, Đà Nẵng by colour alone. And the dashes leading to a
provisional figure show between the markers on a phone."""

import re
import xml.etree.ElementTree as ET

from cityportal.opendata.charts import NARROW, PALETTE, WIDE, Point, Series, line_chart, time_chart

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


def provisional_drawing(canvas) -> ET.Element:
    series = [
        Series("Phường A", [Point("2021", 1.0), Point("2022", 2.0), Point("2023", 3.0, True)]),
        Series("Phường B", [Point("2021", 2.0), Point("2022", 2.5), Point("2023", 2.0, True)]),
    ]
    return ET.fromstring(line_chart("x", YEARS, series, canvas=canvas))


def test_the_phone_drawing_dashes_the_provisional_stretch_from_the_edge_of_the_last_marker():
    """Shrunk to 288 px, the "5 4" dashes begun at the point's centre left a short provisional
    segment only the pattern's gap between two markers: the line seemed to stop."""
    root = provisional_drawing(NARROW)
    paths = list(root.iter(f"{NS}path"))
    solid = [p for p in paths if p.get("stroke-dasharray") is None]
    dashed = [p for p in paths if p.get("stroke-dasharray") is not None]
    assert len(solid) == len(dashed) == 2
    assert {p.get("stroke-dasharray") for p in dashed} == {"4 3"}
    # As thick as the solid line it continues.
    assert {p.get("stroke-width") for p in dashed} == {p.get("stroke-width") for p in solid}
    # The first dash begins where the firm point's marker (radius and half its stroke) ends.
    marker = next(root.iter(f"{NS}circle"))
    reach = float(marker.get("r")) + float(marker.get("stroke-width")) / 2
    for path in dashed:
        assert (float(path.get("stroke-dashoffset")) + reach) % 7 == 0
    # The footnote says what the dashes and the hollow points mean.
    assert any("nét đứt: số liệu sơ bộ" in (t.text or "") for t in root.iter(f"{NS}text"))


def test_the_wide_drawing_keeps_its_dashes_begun_at_the_marker_edge_too():
    dashed = [p for p in provisional_drawing(WIDE).iter(f"{NS}path") if p.get("stroke-dasharray")]
    assert {(p.get("stroke-dasharray"), p.get("stroke-dashoffset")) for p in dashed} == {
        ("5 4", "4")
    }


def test_a_long_series_on_a_phone_keeps_its_dashes_visible_between_the_markers():
    """22 years on the phone's drawing put the points 10 px apart: every marker (5 px each side)
    covered the line, and the dashes to the provisional years could not be seen. Firm figures
    there are marked only where the line cannot show them: alone between gaps, or last."""
    years = [str(year) for year in range(2004, 2026)]
    values = [Point(year, float(n), provisional=n >= 20) for n, year in enumerate(years)]
    values[10] = values[12] = None  # 2015 stands alone between two gaps
    root = ET.fromstring(line_chart("x", years, [Series("Thành phố", values)], canvas=NARROW))
    marked = [c for c in root.iter(f"{NS}circle")]
    hollow = [c for c in marked if c.get("fill") == "#fff"]
    # The two provisional years, hollow; of the firm ones only the lone 2015.
    assert len(hollow) == 2 and len(marked) == 3
    assert "2015" in marked[0].find(f"{NS}title").text
    # So the dashed stretch shows at least one whole dash beyond the provisional markers' reach.
    dashed = next(p for p in root.iter(f"{NS}path") if p.get("stroke-dasharray"))
    xs = [float(x) for x in re.findall(r"[ML]([\d.]+),", dashed.get("d"))]
    reach = float(hollow[0].get("r")) + float(hollow[0].get("stroke-width")) / 2
    assert xs[1] - xs[0] - reach >= 4  # from the last firm point, unmarked, to the hollow one
    # The wide drawing of the same series, 24 px apart, marks every figure.
    wide = ET.fromstring(line_chart("x", years, [Series("Thành phố", values)], canvas=WIDE))
    assert len(list(wide.iter(f"{NS}circle"))) == 20

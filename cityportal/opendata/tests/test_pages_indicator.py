"""The indicator page's charts: places compared in a year, a place over the years, a breakdown,
and where each figure on a line comes from (on the dataset page's charts too)."""

from bs4 import BeautifulSoup

from cityportal.opendata.models import (
    Indicator,
    Observation,
)

from .conftest import POPULATION, SVG, svgs, unit


def test_indicator_compares_units_in_a_year_and_follows_a_unit_over_years(client, population):
    indicator = Indicator.objects.get()
    url = indicator.get_absolute_url()

    bars = client.get(url, {"year": "2021"})
    assert len(svgs(bars.content.decode())) == 2  # for phones, for wider screens
    for svg in svgs(bars.content.decode()):
        assert "chart-bar" in svg.get("class")
        assert len(svg.findall(f"{SVG}rect[@class='chart-bar']")) == 3
    assert [row[:2] for row in bars.context["chart"].rows] == [
        ["Việt Nam", "98.504,4"],
        ["Thành phố Hồ Chí Minh", "9.166,8"],
        ["Thành phố Hà Nội", "8.330,8"],
    ]

    city = unit("79")
    line = client.get(url, {"unit": city.slug})
    assert len(svgs(line.content.decode())) == 2
    for svg in svgs(line.content.decode()):
        assert "chart-line" in svg.get("class")
        assert len(svg.findall(f"{SVG}circle")) == 3
    assert line.context["chart"].rows == [
        ["2021", "9.166,8"],
        ["2022", "9.389,7"],
        ["2023", "9.456,7 (sơ bộ)"],
    ]

    # Without a choice: the units in the latest period.
    default = client.get(url)
    assert default.context["mode"] == "bar" and default.context["year"] == "2023"


def test_indicator_comparison_cites_each_figures_own_source(client, population, make_dataset):
    """Units compared in a year may take their figures from different publications; the page
    cited only the datasets below the chart, so a reporter quoting Hà Nội's figure named the
    city's yearbook for it."""
    hanoi = make_dataset(
        [(POPULATION, "nghìn người", "01", 2023, 8587.1)], title="Dân số Hà Nội 2023"
    )
    hanoi.source = "Cục Thống kê Hà Nội"
    hanoi.save()
    Observation.objects.filter(unit=unit("79"), period="2023").update(
        source="Báo cáo nhanh quý IV/2023"
    )
    chart = client.get(Indicator.objects.get().get_absolute_url(), {"year": "2023"}).context[
        "chart"
    ]
    assert chart.columns == ["Địa bàn", "Giá trị", "Nguồn"]
    assert chart.rows == [
        ["Thành phố Hồ Chí Minh", "9.456,7 (sơ bộ)", "Báo cáo nhanh quý IV/2023"],
        ["Thành phố Hà Nội", "8.587,1", "Cục Thống kê Hà Nội"],
    ]
    # One source for every figure: the line below the chart says it, no column repeats it.
    chart = client.get(Indicator.objects.get().get_absolute_url(), {"year": "2021"}).context[
        "chart"
    ]
    assert chart.columns == ["Địa bàn", "Giá trị"]


def chart_table(html: str, chart_id: str) -> list[list[str]]:
    """A chart's data table as a screen reader announces its cells."""
    table = BeautifulSoup(html, "html.parser").select_one(f"figure#{chart_id} table")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table("tr")
    ]


def test_a_line_cites_each_figures_own_source_where_they_differ(client, population):
    """A flash report's latest figure sat on the yearbook's line with nothing to say so: the
    comparison's bars cited each figure's source, the line over the years none, and a reporter
    quoting 2023 from the chart's table named the yearbook for it."""
    Observation.objects.filter(period="2023").update(source="Báo cáo nhanh quý IV/2023")
    response = client.get(Indicator.objects.get().get_absolute_url(), {"unit": unit("79").slug})
    html = response.content.decode()
    assert chart_table(html, "bieu-do") == [
        ["Kỳ", "Thành phố Hồ Chí Minh", "Nguồn"],
        ["2021", "9.166,8", "Niên giám thống kê"],
        ["2022", "9.389,7", "Niên giám thống kê"],
        ["2023", "9.456,7 (sơ bộ)", "Báo cáo nhanh quý IV/2023"],
    ]
    soup = BeautifulSoup(html, "html.parser")
    *figures, source = soup.select("figure#bieu-do tbody tr")[-1]("td")
    assert figures[0]["class"] == ["num"] and not source.get("class")  # text, not a number
    assert "Số liệu từ nhiều nguồn" in soup.select_one("figure#bieu-do figcaption").get_text()
    for svg in svgs(html):  # the pointer's tooltip too
        tips = [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")]
        assert tips[-1] == (
            "Thành phố Hồ Chí Minh, 2023: 9.456,7 (sơ bộ). Nguồn: Báo cáo nhanh quý IV/2023"
        )
        assert tips[0] == "Thành phố Hồ Chí Minh, 2021: 9.166,8. Nguồn: Niên giám thống kê"

    # Several places: a period whose figures differ in source names each place's.
    Observation.objects.filter(period="2021", unit=unit("01")).update(source="Cục Thống kê Hà Nội")
    html = client.get(population.get_absolute_url()).content.decode()
    chart_id = f"bieu-do-{str(population.resources.get().id)[:8]}-{Indicator.objects.get().code}"
    header, *rows = chart_table(html, chart_id)
    assert header[-1] == "Nguồn"
    by_period = {row[0]: row[-1] for row in rows}
    assert by_period["2023"] == "Báo cáo nhanh quý IV/2023"  # the city's only
    assert by_period["2022"] == "Niên giám thống kê"
    assert by_period["2021"] == "; ".join(
        f"{place}: {'Cục Thống kê Hà Nội' if place == 'Thành phố Hà Nội' else 'Niên giám thống kê'}"
        for place in header[1:-1]
    )


def test_indicator_breakdown_is_chosen_by_parameter(client, make_dataset):
    make_dataset(
        [
            ("Lao động", "nghìn người", "79", 2023, 4800, ""),
            ("Lao động", "nghìn người", "79", 2023, 2600, "Nam"),
            ("Lao động", "nghìn người", "79", 2023, 2200, "Nữ"),
        ]
    )
    url = Indicator.objects.get().get_absolute_url()
    assert client.get(url).context["chart"].rows[0][1] == "4.800"
    assert client.get(url, {"breakdown": "Nữ"}).context["chart"].rows[0][1] == "2.200"
    assert client.get(url, {"breakdown": "không có"}).context["breakdown"] == ""


def test_a_line_spliced_from_two_datasets_says_where_each_begins(client, make_dataset):
    """The city's population ran 1995–2010 from one yearbook and 2011 on from its successor,
    whose revised figures differ where both have a year, with nothing on the page to say so."""
    make_dataset(
        [("Dân số trung bình", "nghìn người", "79", y, v) for y, v in ((2009, 7100), (2010, 7300))],
        title="Dân số 1995–2010",
    )
    url = Indicator.objects.get().get_absolute_url()
    assert "ghép số liệu" not in client.get(url).content.decode()  # one table, no note
    make_dataset(
        [("Dân số trung bình", "nghìn người", "79", y, v) for y, v in ((2010, 7350), (2011, 7500))],
        title="Dân số 2010–2022",
    )
    response = client.get(url, {"unit": unit("79").slug})
    assert response.context["chart"].rows == [
        ["2009", "7.100"],
        ["2010", "7.350"],
        ["2011", "7.500"],
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    [note] = [p for p in soup.select("p.source") if "ghép số liệu" in p.get_text()]
    assert " ".join(note.get_text().split()) == (
        "Biểu đồ ghép số liệu từ 2 bộ dữ liệu, có thể lệch nhau ở chỗ nối: "
        "2009 theo Dân số 1995–2010; 2010–2011 theo Dân số 2010–2022."
    )

"""Figures stored beyond 2**53 before imports refused them (1.7e308 from a spreadsheet's
overflow, an infinity) are not the figures published: the pages, charts and article blocks leave
them out and say so, instead of a 500 or a chart squashed by noise digits, and a command lists
them for correction."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.management import CommandError, call_command

from cityportal.opendata.blocks import IndicatorChartBlock
from cityportal.opendata.models import Indicator, Observation

from .conftest import unit

NS = "{http://www.w3.org/2000/svg}"
LEFT_OUT = "Không hiển thị {} số liệu quá lớn để lưu chính xác (vượt 2^53)"
FDI = "Vốn FDI đăng ký"


@pytest.fixture
def fdi(make_dataset):
    """The city's 2023 figure overflowed to 1.7e308; Hà Nội's 2023 one lost its last digits."""
    return make_dataset(
        [
            (FDI, "triệu USD", "79", 2022, 3930.2),
            (FDI, "triệu USD", "79", 2023, 1.7e308),
            (FDI, "triệu USD", "01", 2022, 2672.0),
            (FDI, "triệu USD", "01", 2023, 2.0**60),
            (FDI, "triệu USD", "VN", 2023, 36_605.0),
        ],
        name="fdi",
    )


def drawn_values(html: str) -> list[str]:
    """The value labels and tooltips of the drawings on the page."""
    found = []
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        root = ET.fromstring(svg)
        found += [t.text for t in root.iter(f"{NS}title")]
        found += [t.text for t in root.iter(f"{NS}text") if t.get("class") == "chart-value"]
    return found


def test_indicator_bars_leave_out_inexact_figures_and_say_so(client, fdi):
    response = client.get(Indicator.objects.get().get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert LEFT_OUT.format(2) in html
    assert "36.605" in " ".join(drawn_values(html))
    assert len(re.findall(r'<rect class="chart-bar"', html)) == 2  # the country, twice drawn


def test_indicator_line_of_a_unit_with_an_inexact_figure(client, fdi):
    url = Indicator.objects.get().get_absolute_url()
    response = client.get(url, {"unit": [unit("79").slug, unit("01").slug]})
    assert response.status_code == 200
    html = response.content.decode()
    assert LEFT_OUT.format(2) in html
    assert len(re.findall(r'<circle class="chart-point"', html)) == 4  # 2022 of each, twice


def test_a_chart_with_only_inexact_figures_says_why_it_is_empty(client, fdi):
    response = client.get(Indicator.objects.get().get_absolute_url(), {"unit": unit("79").slug})
    html = response.content.decode()
    assert response.status_code == 200 and "3.930,2" in html
    Observation.objects.filter(unit__code="79", period="2022").delete()
    response = client.get(Indicator.objects.get().get_absolute_url(), {"unit": unit("79").slug})
    html = response.content.decode()
    assert response.status_code == 200
    assert LEFT_OUT.format(1) in html and "<svg" not in html


def test_dataset_page_charts_and_preview(client, fdi):
    response = client.get(fdi.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert LEFT_OUT.format(2) in html
    # The preview table says the figure is unusable instead of printing 309 noise digits.
    assert html.count("(quá lớn để hiển thị chính xác)") == 2
    assert "1.152.921.504.606.846.976" not in html


def render(**value) -> str:
    block = IndicatorChartBlock()
    return block.render(block.to_python({"units": "", "caption": "", **value}))


@pytest.mark.parametrize("chart_type", ["line", "bar"])
def test_article_charts_leave_out_inexact_figures(fdi, chart_type):
    html = render(indicator=Indicator.objects.get().code, chart_type=chart_type)
    assert LEFT_OUT.format(2) in html


def test_article_figure_of_an_inexact_value(fdi):
    html = render(indicator=Indicator.objects.get().code, units="79", chart_type="figure")
    assert "<strong>(quá lớn để hiển thị chính xác)</strong>" in html


def test_command_lists_inexact_figures(fdi, capsys):
    Observation.objects.filter(unit__code="VN").update(value=float("-inf"))
    with pytest.raises(CommandError, match="3 figure"):
        call_command("list_inexact_figures")
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("\t")[3:] for line in lines] == [
        ["79", "2023", "", "1.7e+308"],
        ["01", "2023", "", str(2.0**60)],
        ["VN", "2023", "", "-inf"],
    ]


def test_command_without_inexact_figures(make_dataset, capsys):
    make_dataset([(FDI, "triệu USD", "79", 2023, 2.0**53)])
    call_command("list_inexact_figures")
    assert "No stored figure" in capsys.readouterr().out

"""The indicator chart an editor puts in an article shows the current figures and their date."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.blocks import IndicatorChartBlock
from cityportal.opendata.models import Indicator, Observation

NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def indicator(make_dataset) -> Indicator:
    make_dataset(
        [
            ("Vốn FDI đăng ký", "triệu USD", "79", 2022, 3930.2),
            ("Vốn FDI đăng ký", "triệu USD", "79", 2023, 4960.5),
            ("Vốn FDI đăng ký", "triệu USD", "01", 2022, 2672.0),
            ("Vốn FDI đăng ký", "triệu USD", "01", 2023, 2948.6),
        ]
    )
    Observation.objects.filter(period="2023").update(
        provisional=True, as_of=datetime.date(2023, 12, 20)
    )
    return Indicator.objects.get()


def render(**value) -> str:
    block = IndicatorChartBlock()
    return block.render(block.to_python({"units": "", "caption": "", **value}))


def drawings(html: str) -> list[ET.Element]:
    """The chart's two drawings: for phones, then for wider screens (the same figures)."""
    narrow, wide = (ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S))
    assert "chart-narrow" in narrow.get("class") and "chart-wide" in wide.get("class")
    return [narrow, wide]


def test_line_chart_of_chosen_units_with_its_as_of_date(indicator):
    html = render(indicator=indicator.code, units="79", chart_type="line", caption="FDI vào TP")
    for root in drawings(html):
        assert root.get("role") == "img"
        assert len(root.findall(f"{NS}circle")) == 2  # only the city
    assert "<figcaption>FDI vào TP" in html
    assert "Số liệu tính đến 20/12/2023." in html
    assert '<td class="num">4.960,5 (sơ bộ)</td>' in html  # the table beside the chart
    assert f'href="{indicator.get_absolute_url()}"' in html


def test_bar_chart_compares_units_in_the_latest_period(indicator):
    html = render(indicator=indicator.code, chart_type="bar")
    for root in drawings(html):
        assert len([r for r in root.iter(f"{NS}rect") if r.get("class") == "chart-bar"]) == 2
        assert "Vốn FDI đăng ký, 2023" in root.find(f"{NS}title").text


def test_figure_shows_the_latest_value_of_the_first_unit(indicator):
    html = render(indicator=indicator.code, units="01, 79", chart_type="figure")
    assert "<strong>2.948,6</strong> triệu USD" in html
    assert "Thành phố Hà Nội, 2023" in html and "(sơ bộ)" in html
    assert "Số liệu tính đến 20/12/2023." in html


def a_ward_of_the_city() -> AdministrativeUnit:
    return AdministrativeUnit.objects.filter(level="ward", valid_until=None, parent__code="79")[0]


def figure_lines(html: str) -> list[str]:
    """Each figure's line as read aloud, without its tags."""
    found = re.findall(r'<p class="key-figure-value">(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", line) for line in found]


def test_figure_of_each_chosen_unit_at_its_own_latest_period(indicator, make_dataset):
    """A ward's 2024 figure hid the city's 2023 one: the figure was the newest of any unit."""
    ward = a_ward_of_the_city()
    make_dataset([("Vốn FDI đăng ký", "triệu USD", ward.code, 2024, 12.5)])
    html = render(indicator=indicator.code, units=f"79, {ward.code}", chart_type="figure")
    assert figure_lines(html) == [
        "4.960,5 triệu USD (sơ bộ) – Thành phố Hồ Chí Minh, 2023. Số liệu tính đến 20/12/2023.",
        f"12,5 triệu USD – {ward.name}, 2024.",
    ]


def test_figure_without_chosen_units_is_the_widest_areas(make_dataset):
    ward = a_ward_of_the_city()
    make_dataset(
        [
            ("Số doanh nghiệp", "doanh nghiệp", "79", 2022, 250_000),
            ("Số doanh nghiệp", "doanh nghiệp", ward.code, 2024, 1_200),
        ]
    )
    html = render(indicator=Indicator.objects.get().code, chart_type="figure")
    assert figure_lines(html) == ["250.000 doanh nghiệp – Thành phố Hồ Chí Minh, 2022."]


def test_chart_follows_corrected_figures(indicator):
    Observation.objects.filter(period="2023", unit__code="79").update(value=5000)
    assert "<strong>5.000</strong>" in render(
        indicator=indicator.code, units="79", chart_type="figure"
    )


def test_clean_rejects_unknown_indicator_and_units(indicator):
    block = IndicatorChartBlock()
    good = {"indicator": indicator.code, "units": "79, 01", "chart_type": "line", "caption": ""}
    assert block.clean(block.to_python(good))["indicator"] == indicator.code
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**good, "indicator": "khong-co-chi-tieu"}))
    assert "indicator" in error.value.block_errors
    with pytest.raises(ValidationError) as error:
        block.clean(block.to_python({**good, "units": "79, 99999"}))
    assert "99999" in str(error.value.block_errors["units"])


def test_deleted_indicator_renders_nothing(indicator, db):
    assert render(indicator="da-xoa", chart_type="line").strip() == ""


def test_bars_name_provinces_without_tinh_or_thanh_pho(indicator):
    """QA: a phone's drawing cut "Thành phố Hồ Chí Minh" to "Thành phố Hồ Chí…", the full name
    only in the tooltip. Every bar is a province, so the prefix says nothing."""
    html = render(indicator=indicator.code, chart_type="bar")
    for root in drawings(html):
        labels = [t.text for t in root.iter(f"{NS}text") if t.get("class") == "chart-category"]
        assert labels == ["Hồ Chí Minh", "Hà Nội"]
        tips = [t.text for t in root.iter(f"{NS}title")][1:]  # after the chart's own
        assert tips[0].startswith("Thành phố Hồ Chí Minh: 4.960,5")
    assert '<th scope="row">Thành phố Hồ Chí Minh</th>' in html  # the table keeps full names


def test_caption_separates_the_title_from_the_note(indicator):
    """QA: "…, 2022 Hiển thị 40/63…" ran the title into the note."""
    html = render(indicator=indicator.code, chart_type="bar", caption="Vốn FDI")
    assert "<figcaption>Vốn FDI. <span" in html
    html = render(indicator=indicator.code, chart_type="bar", caption="Vốn FDI đăng ký.")
    assert "<figcaption>Vốn FDI đăng ký. <span" in html  # no second full stop

"""A journalist on the public site: finds a dataset without diacritics, reads its chart and
table, downloads it, and compares the city with other provinces."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from cityportal.opendata.models import Dataset

pytestmark = pytest.mark.browser


@pytest.fixture
def site(opendata_site):
    return opendata_site


def test_find_read_download_and_compare(page, site):
    page.goto(site + "/du-lieu/")
    box = page.locator("#id_q")  # the catalogue's own box, not the site-wide one
    box.fill("dan so trung binh")
    box.press("Enter")
    result = page.locator(".card-title a", has_text="Dân số trung bình")
    expect(result.first).to_be_visible()
    result.first.click()

    expect(page.locator("h1")).to_contain_text("Dân số trung bình")
    chart = page.locator("svg[role=img]:visible").first
    expect(chart).to_be_visible()
    expect(chart.locator(":scope > title")).to_contain_text("Dân số trung bình")

    with page.expect_download() as download_info:
        page.locator("a.download", has_text="CSV").first.click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(content)))
    hcmc_2016 = [
        r for r in rows if r["unit_code"] == "79" and r["period"] == "2016" and not r["breakdown"]
    ]
    assert [r["value"] for r in hcmc_2016] == ["8297.5"]  # the yearbook's figure, provisional
    assert hcmc_2016[0]["status"] == "provisional"

    page.get_by_role("link", name="So sánh các địa bàn, các năm của chỉ tiêu này").first.click()
    expect(page.locator("svg[role=img]:visible").first).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Hồ Chí Minh")


# The smallest text of the one chart drawing shown, in CSS pixels as the screen draws it.
SHOWN_CHART = """() => {
  const shown = [...document.querySelectorAll("svg.chart-svg")].filter(s => s.getClientRects().length);
  const svg = shown[0], scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size")));
  return {count: shown.length, css: svg.getAttribute("class"), smallest: Math.min(...sizes) * scale,
          scrolls: document.documentElement.scrollWidth > window.innerWidth};
}"""


@pytest.mark.parametrize(
    "width, drawing, smallest",
    [(390, "chart-narrow", 11), (1280, "chart-wide", 11)],
)
def test_one_chart_drawing_per_screen_with_legible_text(browser, site, width, drawing, smallest):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    page = context.new_page()
    dataset = Dataset.objects.get(title__startswith="Dân số trung bình Thành phố")
    page.goto(site + dataset.get_absolute_url())
    shown = page.evaluate(SHOWN_CHART)
    assert shown["count"] == 1 and drawing in shown["css"]
    assert shown["smallest"] >= smallest  # the footnote: 15 px at 360 → 358 wide; 11 px at 640
    assert not shown["scrolls"]
    context.close()


@pytest.mark.parametrize("width, facets_open", [(360, False), (1280, True)])
def test_catalogue_results_come_first_on_a_phone(browser, site, width, facets_open):
    """QA: on a phone some eighty facet links came before the results, which began ~1,200px
    down. There the facets fold behind a summary; a wide screen keeps them open beside."""
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(site + "/du-lieu/?q=dan+so")
    facets = page.locator("details.facets-toggle")
    assert facets.evaluate("d => d.open") is facets_open
    first = page.locator(".dataset-card").first.bounding_box()
    assert first["y"] < 740, first
    if not facets_open:
        page.get_by_text("Lọc bộ dữ liệu").click()
        expect(page.locator(".facet a", has_text="Dân số và lao động")).to_be_visible()
    context.close()


# Where the first row's cell under the header `name` ends, and the screen's width.
CELL_EDGE = """name => {
  const table = document.querySelector("table[aria-labelledby^=xem-truoc]");  // the preview
  const column = [...table.tHead.rows[0].cells].findIndex(th => th.textContent.trim() === name);
  const cell = table.tBodies[0].rows[0].cells[column];
  return {right: cell.getBoundingClientRect().right, width: window.innerWidth};
}"""


def test_a_previewed_figure_is_on_a_phone_screen(browser, site):
    """QA at 360 px: the preview's value came sixth, after the indicator, its measure, the place,
    the period and the breakdown, and sat off the screen, right of the table's scroll edge."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(
        site + Dataset.objects.get(name="dien-tich-dan-so-mat-do-2011-2022").get_absolute_url()
    )
    edge = page.evaluate(CELL_EDGE, "Giá trị")
    assert edge["right"] <= edge["width"], edge
    context.close()


def test_an_indicators_sources_read_as_plain_text_on_a_phone(browser, site):
    """QA at 360 px: the indicator's "Nguồn:" and splice notes took the article byline's style,
    bold and right-aligned, a ragged left edge down a paragraph of dataset titles."""
    from cityportal.opendata.models import Indicator

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    indicator = Indicator.objects.get(name="Dân số trung bình")
    page.goto(site + indicator.get_absolute_url() + "?unit=thanh-pho-ho-chi-minh-truoc-2025")
    notes = page.locator("p.source")
    expect(notes).to_have_count(2)  # the splice note and the sources
    for style in notes.evaluate_all(
        "ps => ps.map(p => [getComputedStyle(p).textAlign, getComputedStyle(p).fontWeight])"
    ):
        assert style == ["start", "400"], style
    context.close()


def test_a_wide_chart_table_keeps_its_periods_in_view_on_a_phone(browser, site):
    """QA at 360 px: six places' columns scroll sideways, and the year column went with them, so
    the figures at the far right had no year beside them."""
    from cityportal.opendata.models import Indicator

    context = browser.new_context(locale="vi-VN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    indicator = Indicator.objects.get(name="Dân số trung bình")
    places = page.request.get(site + indicator.get_absolute_url()).text()
    units = sorted(set(re.findall(r'name="unit" value="([^"]+)"', places)))
    page.goto(site + indicator.get_absolute_url() + "?" + "&".join(f"unit={u}" for u in units))
    scroller = page.locator(".chart-table .table-scroll")
    scroller.evaluate("s => { s.scrollLeft = s.scrollWidth; }")
    assert scroller.evaluate("s => s.scrollLeft") > 0  # it does scroll
    period = scroller.locator("tbody th[scope=row]").first.bounding_box()
    assert period["x"] >= scroller.bounding_box()["x"] - 1, period
    context.close()


# Text of the shown chart drawing that reaches past the drawing's edges, where it is cut off.
CUT_TEXT = """() => {
  const svg = [...document.querySelectorAll("svg.chart-svg")].find(s => s.getClientRects().length);
  const box = svg.getBoundingClientRect();
  return [...svg.querySelectorAll("text")].map(t => [t.textContent, t.getBoundingClientRect()])
    .filter(([, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5).map(([text]) => text);
}"""


@pytest.mark.parametrize("path", ["/chi-tieu/dien-tich-km/", "dataset"])
def test_chart_text_stays_12_px_on_a_320_px_phone(browser, site, path):
    """QA: on the smallest phones the narrow drawing (480 wide) was shown 288 px wide and its
    16 px labels read as 9.6 px."""
    if path == "dataset":
        path = Dataset.objects.get(
            title__startswith="Dân số trung bình Thành phố"
        ).get_absolute_url()
    context = browser.new_context(locale="vi-VN", viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site + path)
    shown = page.evaluate(SHOWN_CHART)
    assert shown["count"] == 1 and "chart-narrow" in shown["css"]
    assert shown["smallest"] >= 12, shown
    assert not shown["scrolls"]
    assert page.evaluate(CUT_TEXT) == []
    context.close()

"""The open-data pages in chromium under the Content-Security-Policy: nothing refused, and the
catalogue's facets still fold on a phone and filter."""

import importlib

import pytest
from playwright.sync_api import expect

from cityportal.core.places import load_hcmc_units, load_national_units
from cityportal.opendata.demo import load_demo_data
from cityportal.opendata.models import Dataset, Theme

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    # A transactional test starts from an empty database: units and themes come back first.
    load_hcmc_units()
    load_national_units()
    seed = importlib.import_module("cityportal.opendata.migrations.0002_seed_themes")
    for slug, name, code in seed.THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name, "eu_code": code})
    load_demo_data()
    return live_server.url


@pytest.mark.parametrize("width, facets_open", [(360, False), (1280, True)])
def test_catalogue_and_charts_run_with_nothing_refused(browser, site, width, facets_open):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = []  # chromium reports each blocked script, handler or style in the console
    page.on("console", lambda message: "Refused to" in message.text and refused.append(message))

    response = page.goto(site + "/du-lieu/?q=dan+so")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    facets = page.locator("details.facets-toggle")
    assert facets.evaluate("d => d.open") is facets_open  # folded on a phone, before any click
    if not facets_open:
        page.get_by_text("Lọc bộ dữ liệu").click()
    page.locator(".facet a", has_text="Dân số và lao động").first.click()
    expect(page.locator(".facet a.selected", has_text="Dân số và lao động")).to_be_attached()
    expect(page.locator("summary", has_text="(đang lọc)")).to_be_attached()

    dataset = Dataset.objects.get(title__startswith="Dân số trung bình Thành phố")
    page.goto(site + dataset.get_absolute_url())
    expect(page.locator("svg.chart-svg:visible").first).to_be_visible()
    page.get_by_role("link", name="So sánh các địa bàn, các năm của chỉ tiêu này").first.click()
    expect(page.locator("svg.chart-svg:visible").first).to_be_visible()

    assert [message.text for message in refused] == []
    context.close()

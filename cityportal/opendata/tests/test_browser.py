"""A journalist on the public site: finds a dataset without diacritics, reads its chart and
table, downloads it, and compares the city with other provinces."""

import csv
import importlib
import io

import pytest
from playwright.sync_api import expect

from cityportal.core.places import load_hcmc_units, load_national_units
from cityportal.opendata.demo import load_demo_data
from cityportal.opendata.models import Theme

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


def test_find_read_download_and_compare(page, site):
    page.goto(site + "/du-lieu/")
    box = page.locator("#id_q")  # the catalogue's own box, not the site-wide one
    box.fill("dan so trung binh")
    box.press("Enter")
    result = page.locator(".card-title a", has_text="Dân số trung bình")
    expect(result.first).to_be_visible()
    result.first.click()

    expect(page.locator("h1")).to_contain_text("Dân số trung bình")
    chart = page.locator("svg[role=img]").first
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
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(page.locator("table").first).to_contain_text("Hồ Chí Minh")

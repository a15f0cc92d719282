"""The desk on a phone: an analyst or a leader reads the dashboard and the brief at 360 px."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from cityportal.core.places import load_hcmc_units
from cityportal.monitor.analysts import LEADERS, ensure_analysts
from cityportal.monitor.models import Watchlist

pytestmark = pytest.mark.browser

PASSWORD = "pw-Secret-123"
LONG_NAME = "Dự án chống ngập do triều cường khu vực Thành phố Hồ Chí Minh giai đoạn 1"


@pytest.fixture
def site(live_server, transactional_db):
    # A transactional test starts from an empty database: places and the desk's groups.
    load_hcmc_units()
    ensure_analysts()
    leader = get_user_model().objects.create_user("lanhdao", "ld@example.invalid", PASSWORD)
    leader.groups.add(Group.objects.get(name=LEADERS))
    Watchlist.objects.create(name=LONG_NAME, slug="chong-ngap", terms="ngập")
    return live_server.url


def test_the_desk_filters_fit_a_360px_phone(page, site):
    """QA: the watchlist select was 380 px wide (its longest name), past a 360 px screen."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill("lanhdao")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    for path in ("/admin/monitor/", "/admin/monitor/brief/"):
        page.goto(site + path)
        controls = page.locator(".monitor-filters").locator("input, select, button")
        expect(controls.first).to_be_visible()
        assert controls.count() >= 6  # four dates, the watchlist and the button
        for n in range(controls.count()):
            box = controls.nth(n).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, (path, n, box)
        page.locator("#id_watchlist").select_option("chong-ngap")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path

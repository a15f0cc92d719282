"""The desk in chromium: an analyst or a leader reads the dashboard and the brief at 360 px; an
analyst picks a watchlist's places with the places picker."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from playwright.sync_api import expect

from cityportal.core.models import AdministrativeUnit
from cityportal.core.places import load_hcmc_units
from cityportal.core.tests.test_browser_csp import refusals
from cityportal.monitor.analysts import ANALYSTS, LEADERS, ensure_analysts
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


def open_new_watchlist(page, site):
    """An analyst signed in, on the form of a new watchlist."""
    analyst = get_user_model().objects.create_user("phantich", "pt@example.invalid", PASSWORD)
    analyst.groups.add(Group.objects.get(name=ANALYSTS))
    page.goto(site + "/admin/login/")
    page.locator("#id_username").fill("phantich")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(site + reverse("monitor_watchlist:add"))


def test_an_analyst_picks_a_watchlist_s_place_typed_without_diacritics_from_the_keyboard(
    page, site
):
    """The watchlist's places are grouped (today's wards, the units before the 2025 reform):
    each result shows its group, and a screen reader reads it in the option's name."""
    open_new_watchlist(page, site)
    page.locator("#id_name").fill("Ngập ở Bến Thành")
    box = page.get_by_role("combobox", name="Địa bàn")
    results = page.get_by_role("listbox", name="Địa bàn").get_by_role("option")
    box.type("ben thanh")
    expect(results.nth(0)).to_have_accessible_name("Phường Bến Thành, nhóm: Phường, xã, thị trấn")
    expect(results.nth(1)).to_have_accessible_name(
        "Phường Bến Thành, Quận 1 (đến 06/2025), nhóm: Phường, xã, thị trấn (đến 30/6/2025)"
    )
    expect(results.nth(0).locator("small")).to_have_text("Phường, xã, thị trấn")  # seen
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", results.nth(1).get_attribute("id"))
    box.press("Enter")  # picks; it does not send the form
    chips = page.get_by_role("list", name="Địa bàn đã chọn").get_by_role("listitem")
    expect(chips).to_have_text(["Phường Bến Thành, Quận 1 (đến 06/2025)"])
    page.get_by_role("button", name="Tạo mới").click()
    expect(page).to_have_url(site + reverse("monitor_watchlist:index"))
    watchlist = Watchlist.objects.get(name="Ngập ở Bến Thành")
    former_ward = AdministrativeUnit.objects.get(
        name="Phường Bến Thành", parent__name="Quận 1", valid_until__isnull=False
    )
    assert list(watchlist.places.all()) == [former_ward]


def test_the_places_list_opens_above_the_box_near_the_foot_of_a_short_screen(page, site):
    """At the foot of the screen the list opened downward, past the fold and under Wagtail's
    footer of actions: it opens above the box instead, and below it where there is room."""
    refused = refusals(page)
    page.set_viewport_size({"width": 1280, "height": 500})
    open_new_watchlist(page, site)
    box = page.get_by_role("combobox", name="Địa bàn")
    listbox = page.get_by_role("listbox", name="Địa bàn")

    def opened_at(block):
        box.evaluate(f"input => input.scrollIntoView({{block: '{block}', behavior: 'instant'}})")
        box.fill("")
        box.type("phuong")  # a list of 50: as tall as it is let be
        expect(listbox).to_be_visible()
        shown, under = listbox.bounding_box(), box.bounding_box()
        assert 0 <= shown["y"] and shown["y"] + shown["height"] <= 500, (block, shown)
        for y in (shown["y"] + 2, shown["y"] + shown["height"] - 2):  # nothing drawn over it
            point = [shown["x"] + 20, y]
            on_top = "(list, [x, y]) => list.contains(document.elementFromPoint(x, y))"
            assert listbox.evaluate(on_top, point), (block, y)
        return shown, under

    shown, under = opened_at("end")
    assert shown["y"] + shown["height"] <= under["y"]  # above the box
    box.press("ArrowDown")  # the keyboard still walks it
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-option-1$"))
    shown, under = opened_at("start")
    assert shown["y"] >= under["y"] + under["height"]  # below the box
    assert refused == []  # its height set from the script, not a style attribute

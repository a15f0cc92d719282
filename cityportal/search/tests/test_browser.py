"""A reader on a keyboard without diacritics: suggestions while typing, then results."""

import re

import pytest
from playwright.sync_api import expect

from cityportal.news.demo import load_demo

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_server, transactional_db):
    load_demo()  # publishing indexes every page; loading places indexes them
    return live_server.url


def test_suggestions_without_diacritics_then_results(page, site):
    page.goto(site + "/tim-kiem/")
    box = page.locator("#id_q")
    box.press_sequentially("thu duc", delay=40)
    options = page.locator("#goi-y [role=option]")
    expect(options.first).to_be_visible()
    expect(page.locator("#goi-y")).to_contain_text("Thủ Đức")
    expect(box).to_have_attribute("aria-expanded", "true")

    # Arrow down and Enter open the first suggestion.
    first_title = options.first.inner_text()
    box.press("ArrowDown")
    expect(options.first).to_have_attribute("aria-selected", "true")
    box.press("Enter")
    expect(page.locator("h1")).to_contain_text(first_title.split(",")[0])

    # The header's search box searches from any page; results mark the reader's words.
    page.goto(site + "/")
    page.locator("#site-q").fill("xay dung do thi sang tao")
    page.locator("#site-q").press("Enter")
    expect(page).to_have_url(re.compile(r"/tim-kiem/\?q=xay\+dung"))
    first = page.locator(".search-result").first
    expect(first.locator("h2")).to_contain_text("Thủ Đức xây dựng đô thị sáng tạo")
    expect(first.locator("h2 mark").first).to_have_text("xây")

    # Filters narrow the results and stay in the form.
    page.locator("summary", has_text="Lọc kết quả").click()
    page.select_option("#id_type", "place")
    page.get_by_role("button", name="Áp dụng").click()
    expect(page.locator(".result-count")).to_contain_text("Không tìm thấy")
    expect(page.locator("#id_type")).to_have_value("place")


def test_suggestions_are_announced_chosen_visibly_and_escape_keeps_the_words(page, site):
    """QA with a keyboard and a screen reader: the box was a plain searchbox (its aria-expanded
    and active option meant nothing to a screen reader), nothing said suggestions had come, the
    chosen one was #f4f4f4 on white (1.1:1), and Escape closed the list and emptied the box."""
    page.goto(site + "/tim-kiem/")
    box = page.get_by_role("combobox", name="Từ khóa")
    box.press_sequentially("thu duc", delay=40)
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("status")).to_contain_text("gợi ý, dùng phím mũi tên")

    box.press("ArrowDown")
    chosen = page.locator("#goi-y [aria-selected=true] a")
    colours = chosen.evaluate(
        "a => [getComputedStyle(a).backgroundColor, getComputedStyle(a).color]"
    )
    assert colours == ["rgb(11, 79, 138)", "rgb(255, 255, 255)"]

    box.press("Escape")
    expect(page.locator("#goi-y")).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("thu duc")
    expect(page.locator("#goi-y-so-luong")).to_have_text("")

"""Browser tests: Playwright driving Debian's chromium against the live server."""

import re

import pytest
from playwright.sync_api import expect, sync_playwright

from cityportal.news.demo import DEMO_PASSWORD, load_demo
from cityportal.news.models import ArticlePage

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_demo()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_reader_opens_home_follows_an_article_and_reads_it(page, demo_site):
    page.goto(demo_site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    # The skip link is the first thing a keyboard reaches, and it is visible when focused.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    first = page.locator(".featured .card-title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article .sapo")).to_be_visible()
    expect(page.locator(".article .meta time")).to_have_text(re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{1,2}/\d{1,2}/\d{4}"))
    assert page.locator(".article .body p").count() >= 1
    # Every image a reader sees has alternative text.
    for img in page.locator("main img").all():
        assert (img.get_attribute("alt") or "").strip()


def test_reader_on_a_phone_reaches_the_seed_article(page, demo_site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/kinh-te-xa-hoi/")
    page.get_by_role("link", name=re.compile("ký Chương trình phối hợp truyền thông năm 2021")).click()
    expect(page.locator(".source")).to_contain_text("Nhân dân điện tử")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the article scrolls sideways on a phone"

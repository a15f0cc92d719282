"""The page-view beacon in a real browser: a view counts, a reload in the same tab does not."""

import time

import pytest

from cityportal.news.demo import load_demo
from cityportal.news.models import ArticlePage
from cityportal.reports.models import PageViewDay

pytestmark = pytest.mark.browser


def views_after(expected: int, seconds: float = 10) -> int:
    """The article's views once they reach `expected` (the beacon is sent as the page unloads
    or soon after it loads), or what they are after `seconds`."""
    deadline = time.monotonic() + seconds
    while True:
        total = sum(PageViewDay.objects.values_list("views", flat=True))
        if total >= expected or time.monotonic() > deadline:
            return total
        time.sleep(0.2)


# Headless chromium names itself "HeadlessChrome", which the beacon rightly ignores as a robot.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def test_a_reload_in_the_same_tab_counts_once(browser, live_server, transactional_db):
    load_demo()
    PageViewDay.objects.all().delete()  # the demo's six months of views: only the browser's count
    article = ArticlePage.objects.live().first()
    page = browser.new_page(user_agent=READER, locale="vi-VN")
    page.goto(live_server.url + article.url)
    assert views_after(1) == 1
    page.reload()
    page.wait_for_load_state("networkidle")
    assert views_after(2, seconds=2) == 1  # the same tab: not a new view
    other = browser.new_page(user_agent=READER, locale="vi-VN")  # another reader, another tab
    other.goto(live_server.url + article.url)
    assert views_after(2) == 2
    other.close()
    page.close()


def test_on_a_phone_the_summary_table_scrolls_sideways_not_squeezes_its_names(
    browser, live_server, transactional_db, article_at
):
    """At 390 px the seven columns squeezed each KPI's name to a word a line."""
    from django.contrib.auth import get_user_model

    from .conftest import local

    article_at(local(2021, 8, 1, 9))
    get_user_model().objects.create_superuser("report-admin", "ra@example.invalid", "pw-Xx-123")
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "report-admin")
    page.fill("#id_password", "pw-Xx-123")
    page.click("button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + "/admin/reports/quarterly/?quarter=2021Q3")
    summary = page.locator(".report-body table.report-table").first
    name = summary.locator("tbody th[scope=row]").first
    assert name.inner_text() == "Tổng số tin, bài đăng"
    assert name.bounding_box()["width"] >= 150
    assert summary.evaluate("t => t.scrollWidth > t.clientWidth")  # the rest is a swipe away
    context.close()

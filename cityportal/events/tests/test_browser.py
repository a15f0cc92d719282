"""A citizen on a phone opens an event, registers in place, is asked to check the mailbox, and
the link mailed to them gives the seat."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cityportal.events.models import EventIndexPage, EventPage, Registration
from cityportal.news.newsroom import setup_newsroom

from .conftest import publish_child

pytestmark = pytest.mark.browser


@pytest.fixture
def live_event(live_server, transactional_db):
    home = setup_newsroom()  # a transactional test starts from an empty database
    index = publish_child(home, EventIndexPage(title="Sự kiện", slug="su-kien"))
    starts_at = timezone.now() + datetime.timedelta(days=5)
    event = EventPage(
        title="Hội thảo giao thông công cộng",
        kind=EventPage.Kind.SEMINAR,
        summary="Góp ý mạng lưới xe buýt.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=3),
        venue="Nhà Văn hóa Thanh niên",
        capacity=50,
    )
    return live_server.url, publish_child(index, event)


def test_register_from_a_phone(live_event, browser, mailoutbox):
    base, event = live_event
    context = browser.new_context(locale="vi-VN", viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base + "/su-kien/")
    page.get_by_role("link", name="Hội thảo giao thông công cộng").click()
    expect(page.locator("h1")).to_have_text("Hội thảo giao thông công cộng")
    page.get_by_role("link", name="Đăng ký tham dự").click()

    # The form opens in place; sending it half-filled names what is missing and keeps the rest.
    page.get_by_role("textbox", name="Họ tên").fill("Trần Thị Bình")
    page.get_by_role("button", name="Đăng ký").click()
    # Listed at the top, focused, and said again under the field.
    expect(page.locator(".form-errors")).to_be_focused()
    expect(page.locator(".form-errors")).to_contain_text("Email: Vui lòng nhập email.")
    expect(page.get_by_text("Vui lòng nhập email.", exact=True)).to_be_visible()
    expect(page.get_by_role("textbox", name="Họ tên")).to_have_value("Trần Thị Bình")
    page.get_by_role("textbox", name="Email").fill("binh@example.invalid")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Đăng ký").click()

    expect(page.get_by_role("status")).to_contain_text("kiểm tra hộp thư để xác nhận")
    assert page.url.startswith(base + event.url)  # never left the event page
    assert Registration.objects.get().status == Registration.Status.PENDING
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the event page scrolls sideways on a phone"

    # The link in the mail asks first (a mail scanner opening it confirms nothing).
    [asking] = mailoutbox
    [path] = re.findall(r"https?://[^/\s]+(/su-kien/xac-nhan-dang-ky/[^/\s]+/)", asking.body)
    page.goto(base + path)
    assert Registration.objects.get().status == Registration.Status.PENDING
    page.get_by_role("button", name="Xác nhận đăng ký").click()
    expect(page.get_by_role("status")).to_contain_text("Đăng ký thành công")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the confirmation page scrolls sideways on a phone"
    context.close()

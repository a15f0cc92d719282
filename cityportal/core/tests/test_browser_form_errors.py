"""Every public form sent back with errors, as a keyboard and a screen reader meet it in chromium."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cityportal.events.models import EventIndexPage, EventPage

pytestmark = pytest.mark.browser

# What the page says about its wrong fields: each field's aria-invalid, and the texts its
# aria-describedby names (an id naming nothing reads as nothing).
WRONG_FIELDS = """form => [...form.querySelectorAll('[aria-invalid=true]')].map(field => [
  field.id,
  (field.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)?.textContent.trim() ?? 'MISSING ' + id).join(' | '),
])"""


@pytest.fixture
def newsroom(live_server, transactional_db):
    from cityportal.core.places import load_hcmc_units
    from cityportal.news.newsroom import setup_newsroom

    load_hcmc_units()  # a transactional test starts from an empty database
    return live_server.url, setup_newsroom()


def publish_event(home) -> EventPage:
    index = home.add_child(instance=EventIndexPage(title="Sự kiện", slug="su-kien"))
    index.save_revision().publish()
    starts_at = timezone.now() + datetime.timedelta(days=5)
    event = index.add_child(
        instance=EventPage(
            title="Hội thảo giao thông công cộng",
            kind=EventPage.Kind.SEMINAR,
            summary="Góp ý mạng lưới xe buýt.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            venue="Nhà Văn hóa Thanh niên",
        )
    )
    event.save_revision().publish()
    return event


def check_error_summary(page, wrong: int):
    """The form came back with `wrong` fields to fix: the list of them has the focus, each of
    its links names a field that says it is wrong and reads out its error, and following a
    link puts the keyboard in that field."""
    summary = page.locator(".form-errors")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_contain_text(f"Vui lòng sửa {wrong} mục")
    form = summary.locator("xpath=ancestor::form")
    fields = dict(form.evaluate(WRONG_FIELDS))
    links = summary.get_by_role("link")
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs == [f"#{field_id}" for field_id in fields]
    assert len(fields) == wrong
    for field_id, described in fields.items():
        error = form.locator(f"#{field_id}_error").inner_text().strip()
        assert error and error in described, (field_id, described)
        assert error in summary.inner_text()
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{next(iter(fields))}")).to_be_focused()


def test_error_summary_takes_the_focus_on_every_public_form(newsroom, make_article, browser):
    """QA (WCAG 3.3.1, 2.4.3): only the ideas/questions form listed its errors at its top; the
    comment, registration and press forms did not, and every form put the focus on its first
    wrong field, so a screen reader never heard how many fields were wrong, nor which."""
    base, home = newsroom
    article, event = make_article("Bài có bình luận"), publish_event(home)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(20_000)
    # Sent empty, each page's form comes back: (page, fields wrong).
    for path, wrong in [
        ("/gop-y/", 7),  # kind, topic, title, body, name, email, consent
        (reverse("events:register", args=[event.pk]), 3),  # name, email, consent
        (reverse("events:accreditation", args=[event.pk]), 7),
    ]:
        page.goto(base + path)
        page.locator("main form button[type=submit]").click()
        check_error_summary(page, wrong)

    # The comment form, in place on the article (fetched and sent by comments.js).
    page.goto(base + article.url)
    page.get_by_role("link", name="Viết bình luận").click()
    form = page.locator(".comment-form-slot form")
    form.get_by_role("button", name="Gửi bình luận").click()
    check_error_summary(page, 4)  # name, email, body, consent
    context.close()

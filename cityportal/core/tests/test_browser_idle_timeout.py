"""An editor back at an edit page left open past the idle timeout, in a real browser: the
editor's pings did not keep the sign-in, what autosave kept before the pause is there after
signing in again, and the sign-in page said what was not saved."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from cityportal.core.signin import LAST_ACTIVE_AT
from cityportal.news.models import ArticlePage

pytestmark = pytest.mark.browser

PASSWORD = "Dung-mat-khau-9"


def sign_in(page, then_url) -> None:
    page.fill("#id_username", "bientap-may-chung")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(then_url)


def away_for_40_minutes(page):
    """Age the browser's sign-in as if its editor had walked away: its cookie and session."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_ACTIVE_AT] -= 40 * 60
    session.save()
    return cookie, session


def test_an_editor_back_after_the_timeout_signs_in_again_and_finds_the_autosaved_text(
    page, live_server, transactional_db, make_article, settings
):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 1000  # Wagtail's 10 s, shortened
    get_user_model().objects.create_superuser("bientap-may-chung", "b@example.org", PASSWORD)
    article = make_article(title="Bản tin sáng")
    edit = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    page.goto(f"{live_server.url}/admin/login/?next=/admin/pages/{article.pk}/edit/")
    sign_in(page, edit)

    # Wagtail's editor takes the form as loaded 2 s after it opens, then watches for changes.
    page.wait_for_timeout(3000)
    page.fill("#id_title", "Bản tin sáng đã sửa")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    # The editor walks away for 40 minutes; the open tab keeps pinging meanwhile.
    cookie, session = away_for_40_minutes(page)
    # A ping refused for the expired sign-in (one already on its way may still have passed).
    with page.expect_response(lambda r: "/editing-sessions/ping/" in r.url and r.status == 401):
        pass
    assert SessionStore(session_key=cookie["value"])[LAST_ACTIVE_AT] == session[LAST_ACTIVE_AT]

    page.fill("#id_title", "Gõ sau khi hết phiên")
    page.locator("button.action-save").first.click()
    page.wait_for_url(re.compile(r"/admin/login/\?next=/admin/pages/\d+/edit/$"))
    messages = page.locator(".messages")
    expect(messages).to_contain_text("Phiên làm việc đã hết hạn do không hoạt động.")
    expect(messages).to_contain_text("Nội dung vừa gửi chưa được lưu")

    sign_in(page, edit)
    expect(page.locator("#id_title")).to_have_value("Bản tin sáng đã sửa")
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert latest.title == "Bản tin sáng đã sửa"


def test_what_an_editor_typed_after_the_timeout_is_sent_again_after_signing_in(
    page, live_server, transactional_db, make_article
):
    """Autosave finds the sign-in over as the editor types; the Save clicked after is kept, and
    the offer on the edit page sends it again once the editor has signed in."""
    get_user_model().objects.create_superuser("bientap-may-chung", "b@example.org", PASSWORD)
    article = make_article(title="Bản tin sáng")
    edit = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    page.goto(f"{live_server.url}/admin/login/?next=/admin/pages/{article.pk}/edit/")
    sign_in(page, edit)
    page.wait_for_timeout(3000)  # Wagtail's editor takes the form as loaded after 2 s

    # 40 minutes away, then the editor types and saves a draft.
    away_for_40_minutes(page)
    page.fill("#id_title", "Gõ sau khi hết phiên")
    page.wait_for_timeout(1500)  # autosave posts, and finds the sign-in over
    page.locator("button.action-save").first.click()
    page.wait_for_url(re.compile(r"/admin/login/\?next=/admin/pages/\d+/edit/$"))
    expect(page.locator(".messages")).to_contain_text("được giữ lại cho bạn trong 2 giờ")

    sign_in(page, edit)
    offer = page.locator(".messages")
    expect(offer).to_contain_text("khi phiên đăng nhập vừa hết, chưa được lưu")
    # What the browser sent for Save draft: the offer says a draft it stays.
    expect(offer).to_contain_text("Gửi lại sẽ lưu bản nháp (nút đã bấm: “Lưu bản nháp”)")
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().title == (
        "Bản tin sáng"
    )
    page.get_by_role("button", name="Gửi lại").click()
    page.wait_for_url(edit)
    expect(page.locator("#id_title")).to_have_value("Gõ sau khi hết phiên")
    expect(page.locator(".messages")).not_to_contain_text("khi phiên đăng nhập vừa hết")
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.get_latest_revision_as_object().title == "Gõ sau khi hết phiên"
    assert article.title == "Bản tin sáng"  # a draft, as the editor had pressed

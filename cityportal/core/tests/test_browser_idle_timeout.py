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


def test_an_editor_back_after_the_timeout_signs_in_again_and_finds_the_autosaved_text(
    page, live_server, transactional_db, make_article, settings
):
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 1000  # Wagtail's 10 s, shortened
    get_user_model().objects.create_superuser("bientap-may-chung", "b@example.org", PASSWORD)
    article = make_article(title="Bản tin sáng")
    edit = f"{live_server.url}/admin/pages/{article.pk}/edit/"
    page.goto(f"{live_server.url}/admin/login/?next=/admin/pages/{article.pk}/edit/")
    page.fill("#id_username", "bientap-may-chung")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(edit)

    # Wagtail's editor takes the form as loaded 2 s after it opens, then watches for changes.
    page.wait_for_timeout(3000)
    page.fill("#id_title", "Bản tin sáng đã sửa")
    expect(page.locator("#w-autosave-indicator")).to_have_attribute(
        "data-w-autosave-state-value", "saved"
    )
    # The editor walks away for 40 minutes; the open tab keeps pinging meanwhile.
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=cookie["value"])
    session[LAST_ACTIVE_AT] -= 40 * 60
    session.save()
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

    page.fill("#id_username", "bientap-may-chung")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(edit)
    expect(page.locator("#id_title")).to_have_value("Bản tin sáng đã sửa")
    latest = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert latest.title == "Bản tin sáng đã sửa"

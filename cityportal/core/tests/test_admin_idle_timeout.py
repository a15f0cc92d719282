"""An admin sign-in left idle on a shared newsroom PC ends, and so does one signed in too long
ago however busy; the editor is sent to the sign-in page, told why, and brought back."""

import json

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page
from wagtail.users.models import UserProfile

from cityportal.core.signin import LAST_ACTIVE_AT, SIGNED_IN_AT
from cityportal.core.tests.conftest import PASSWORD

IDLE_VI = "Phiên làm việc đã hết hạn do không hoạt động. Vui lòng đăng nhập lại."
IDLE_EN = "Your session has expired after a period of inactivity. Please sign in again."
NOT_SAVED_VI = "Nội dung vừa gửi chưa được lưu"


@pytest.fixture
def signed_in(client, editor):
    response = client.post("/admin/login/", {"username": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def move_back(client, seconds: int, key: str = LAST_ACTIVE_AT) -> None:
    """Age the session's stored time by `seconds`, as if the editor had been away so long."""
    session = client.session
    session[key] -= seconds
    session.save()


def session_writes(queries) -> list[str]:
    return [q["sql"] for q in queries if "django_session" in q["sql"] and "SELECT" not in q["sql"]]


def sign_in_page_messages(client, response) -> str:
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")
    return client.get(response["Location"]).content.decode()


def test_an_idle_sign_in_ends_and_the_sign_in_page_says_why(signed_in, settings):
    assert settings.ADMIN_IDLE_TIMEOUT_MINUTES == 30
    move_back(signed_in, 30 * 60)  # the full half hour, not a minute more
    assert signed_in.get("/admin/pages/").status_code == 200

    # Activity is recorded to the minute: gone once the half hour is certainly over.
    move_back(signed_in, 31 * 60 + 1)
    response = signed_in.get("/admin/pages/")
    assert response["Location"] == "/admin/login/?next=/admin/pages/"
    assert IDLE_VI in sign_in_page_messages(signed_in, response)
    assert not Session.objects.filter(session_key=signed_in.cookies["sessionid"].value).exists()
    assert signed_in.get("/admin/").status_code == 302  # signed out for good


def test_activity_is_written_at_most_once_a_minute(signed_in):
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get("/admin/").status_code == 200
        assert signed_in.get("/admin/pages/").status_code == 200
    assert session_writes(queries) == []  # stamped at sign-in, under a minute ago

    move_back(signed_in, 61)
    stale = signed_in.session[LAST_ACTIVE_AT]
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get("/admin/").status_code == 200
    assert len(session_writes(queries)) == 1
    assert signed_in.session[LAST_ACTIVE_AT] >= stale + 61

    # An editor at work every 20 minutes stays signed in all morning.
    for _ in range(9):
        move_back(signed_in, 20 * 60)
        move_back(signed_in, 20 * 60, SIGNED_IN_AT)
        assert signed_in.get("/admin/").status_code == 200


def test_the_editors_pings_neither_keep_an_idle_sign_in_alive_nor_end_it(signed_in, home):
    """Wagtail's editor asks "who else is editing" every 10 s while its tab is open."""
    ping = reverse("wagtailadmin_editing_sessions:ping", args=["wagtailcore", "page", home.pk, 0])
    move_back(signed_in, 29 * 60)
    before = signed_in.session[LAST_ACTIVE_AT]
    assert signed_in.post(ping).status_code == 200
    assert signed_in.session[LAST_ACTIVE_AT] == before

    move_back(signed_in, 3 * 60)
    response = signed_in.post(ping)
    assert response.status_code == 401
    # The editor's own next request ends it, with the message.
    assert signed_in.session[LAST_ACTIVE_AT] == before - 3 * 60
    response = signed_in.get(reverse("wagtailadmin_pages:edit", args=[home.pk]))
    assert IDLE_VI in sign_in_page_messages(signed_in, response)


def test_a_form_sent_after_the_timeout_is_refused_and_the_editor_comes_back_to_it(
    signed_in, make_article
):
    article = make_article(title="Bản tin sáng")
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    revisions = article.revisions.count()
    move_back(signed_in, 45 * 60)
    response = signed_in.post(edit, {"title": "Sửa khi đã hết phiên", "action-publish": "1"})
    assert response["Location"] == f"/admin/login/?next={edit}"
    page = sign_in_page_messages(signed_in, response)
    assert IDLE_VI in page and NOT_SAVED_VI in page  # not lost silently
    assert article.revisions.count() == revisions
    assert Page.objects.get(pk=article.pk).title == "Bản tin sáng"

    response = signed_in.post(
        "/admin/login/",
        {"username": "bientap-ca-sang", "password": PASSWORD, "next": edit},
    )
    assert response["Location"] == edit
    assert signed_in.get(edit).status_code == 200


def test_autosave_after_the_timeout_is_answered_by_the_message_the_next_page_repeats(
    signed_in, make_article
):
    """Autosave posts with `Accept: application/json`: a redirect it followed would render the
    sign-in page, message and all, where no one sees it."""
    article = make_article()
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    move_back(signed_in, 45 * 60)
    response = signed_in.post(edit, {"title": "Gõ thêm"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert json.loads(response.content)["message"].startswith(IDLE_VI)
    assert IDLE_VI in sign_in_page_messages(signed_in, signed_in.get(edit))


def test_no_sign_in_outlasts_its_maximum_however_busy(signed_in, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    move_back(signed_in, 8 * 3600 - 60, SIGNED_IN_AT)
    assert signed_in.get("/admin/").status_code == 200
    move_back(signed_in, 60, SIGNED_IN_AT)
    response = signed_in.get("/admin/")
    assert "Phiên làm việc đã đến thời hạn tối đa" in sign_in_page_messages(signed_in, response)


def test_the_message_speaks_the_admin_language_of_its_user(signed_in, editor):
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    move_back(signed_in, 45 * 60)
    assert IDLE_EN in sign_in_page_messages(signed_in, signed_in.get("/admin/"))


def test_zero_minutes_turns_the_idle_timeout_off(signed_in, settings):
    settings.ADMIN_IDLE_TIMEOUT_MINUTES = 0
    move_back(signed_in, 5 * 3600)
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get("/admin/").status_code == 200
    assert session_writes(queries) == []  # nothing to record


def test_an_expired_sign_in_reads_the_public_site_as_a_visitor(signed_in, home):
    move_back(signed_in, 45 * 60)
    assert signed_in.get(home.url).status_code == 200
    assert not Session.objects.exists()  # signed out there too: private pages stay private


def test_visitors_get_no_session(client, home):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(home.url)
    assert response.status_code == 200 and "sessionid" not in response.cookies
    assert [q for q in queries if "django_session" in q["sql"]] == []
    assert not Session.objects.exists()

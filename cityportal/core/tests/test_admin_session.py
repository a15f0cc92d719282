"""How long an admin sign-in lasts on a newsroom PC shared by several editors."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.utils import timezone

from .test_deploy_settings import _run

READ = (
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_AGE, s.SESSION_EXPIRE_AT_BROWSER_CLOSE, s.ADMIN_IDLE_TIMEOUT_MINUTES)"
)


def test_the_session_lifetime_is_read_from_the_environment(tmp_path):
    # Twelve hours at most, half an hour idle: not Django's two weeks.
    assert _run(READ, {}, tmp_path).stdout.split() == ["43200", "False", "30"]
    shared_pc = {
        "SESSION_COOKIE_AGE": "28800",
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": "on",
        "ADMIN_IDLE_TIMEOUT_MINUTES": "0",
    }
    assert _run(READ, shared_pc, tmp_path).stdout.split() == ["28800", "True", "0"]


@pytest.fixture
def sign_in(client, db):
    """Sign in to the admin as an editor; the session cookie set."""
    get_user_model().objects.create_user("bientap-may-chung", password="Dung-mat-khau-9")

    def sign_in(**fields):
        client.logout()
        response = client.post(
            "/admin/login/",
            {"username": "bientap-may-chung", "password": "Dung-mat-khau-9", **fields},
        )
        assert response.status_code == 302
        return response.cookies["sessionid"]

    return sign_in


def test_no_sign_in_outlives_the_working_day_asked_for(sign_in, settings):
    settings.SESSION_COOKIE_AGE = 8 * 3600
    assert sign_in(remember="on")["max-age"] == 8 * 3600
    # Without "Remember me" the cookie is the browser session's, which a browser restoring its
    # tabs keeps for days: the server forgets the session after the working day all the same.
    cookie = sign_in()
    assert cookie["max-age"] == ""
    expires = Session.objects.get(session_key=cookie.value).expire_date
    assert abs(expires - (timezone.now() + timedelta(hours=8))) < timedelta(minutes=1)


def test_closing_the_browser_ends_every_sign_in_when_asked(sign_in, settings):
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True
    # Wagtail's "Remember me" set a two-week cookie whatever the setting said.
    cookie = sign_in(remember="on")
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie


def test_the_worker_removes_sign_ins_past_their_end_once_a_day(sign_in, settings):
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.module_loading import import_string

    path = "cityportal.core.tasks.clear_expired_sessions"
    assert (path, 86400) in settings.PERIODIC_TASKS
    assert path in settings.TASKS_RERUN_AFTER_LOST_WORKER
    # One left on a shared PC yesterday (another browser's: signing in again here would flush it).
    ended = SessionStore()
    ended.set_expiry(timezone.now() - timedelta(seconds=1))
    ended.create()
    current = sign_in().value
    assert Session.objects.count() == 2
    import_string(path).enqueue()
    assert list(Session.objects.values_list("session_key", flat=True)) == [current]

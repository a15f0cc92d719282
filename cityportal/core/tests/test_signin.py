"""Signing in to the admin: wrong passwords have a ceiling, the demo password stays local."""

import pytest
from django.contrib.auth import get_user_model

from cityportal.news.demo import DEMO_PASSWORD

LOGIN = "/admin/login/"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user(
        "bientap-that", "bt@example.invalid", "Dung-mat-khau-9"
    )


def _signs_in(client, username, password, **headers) -> bool:
    client.post(LOGIN, {"username": username, "password": password}, **headers)
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in


def test_guessing_stops_at_the_ceiling_even_for_the_right_password(client, editor, settings):
    settings.LOGIN_FAILURES_PER_USER = (5, 900)
    for attempt in range(5):
        assert not _signs_in(client, "bientap-that", f"doan-sai-{attempt}")
    # Before, the sixth guess, the thousandth, was checked like the first.
    assert not _signs_in(client, "Bientap-That", "Dung-mat-khau-9")
    response = client.post(LOGIN, {"username": "bientap-that", "password": "Dung-mat-khau-9"})
    assert "tài khoản tạm khóa, xin thử lại sau 15 phút" in response.content.decode()


def test_the_ceiling_is_per_account_and_per_address(client, editor, settings, db):
    settings.LOGIN_FAILURES_PER_USER = (3, 900)
    settings.LOGIN_FAILURES_PER_IP = (6, 900)
    get_user_model().objects.create_user("phongvien-that", password="Mat-khau-khac-7")
    for attempt in range(3):
        _signs_in(client, "bientap-that", f"sai-{attempt}")
    assert _signs_in(client, "phongvien-that", "Mat-khau-khac-7")  # another account still can
    for attempt in range(3):
        _signs_in(client, f"ai-do-{attempt}", "sai")
    # Six wrong passwords from this address: no account from here, any address elsewhere.
    assert not _signs_in(client, "phongvien-that", "Mat-khau-khac-7")
    assert _signs_in(client, "phongvien-that", "Mat-khau-khac-7", REMOTE_ADDR="203.0.113.9")


def test_the_published_demo_password_does_not_open_the_admin_on_a_public_host(client, db, settings):
    # A database the demo was loaded into on 127.0.0.1, then served under the portal's name.
    get_user_model().objects.create_superuser("admin-demo", password=DEMO_PASSWORD)
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
    assert _signs_in(client, "admin-demo", DEMO_PASSWORD, HTTP_HOST="127.0.0.1:8000")
    settings.ALLOWED_HOSTS = ["tphcm.chinhphu.vn", "127.0.0.1", "testserver"]
    assert not _signs_in(client, "admin-demo", DEMO_PASSWORD, HTTP_HOST="tphcm.chinhphu.vn")
    # The Host header is the client's to choose: naming 127.0.0.1 opens nothing either.
    assert not _signs_in(client, "admin-demo", DEMO_PASSWORD, HTTP_HOST="127.0.0.1")


def test_an_all_digit_password_is_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        validate_password("0903123457")  # a phone number: long enough, and on no common list


def test_password_reset_mail_goes_once_a_quarter_hour_per_address(client, editor, mailoutbox):
    """Anyone may type an editor's address in the reset form: every post sent another mail."""
    for _ in range(3):
        response = client.post("/admin/password_reset/", {"email": "BT@example.invalid"})
        assert response.status_code == 302  # answered alike, sent or held back
    assert [m.to for m in mailoutbox] == [["bt@example.invalid"]]

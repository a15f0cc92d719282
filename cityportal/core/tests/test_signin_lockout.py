"""The sign-in ceilings lock out a guesser, not the editor whose name the guesser knows."""

import pytest
from django.contrib.auth import get_user_model

LOGIN = "/admin/login/"
NEWSROOM = {"REMOTE_ADDR": "192.0.2.10"}
ELSEWHERE = "198.51.100.7"


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_user("bientap-that", password="Dung-mat-khau-9")


@pytest.fixture
def ceilings(settings):
    settings.LOGIN_FAILURES_PER_USER = (3, 900)
    settings.LOGIN_FAILURES_PER_USER_ALL_IPS = (6, 900)
    settings.LOGIN_FAILURES_PER_IP = (50, 900)


def _sign_in(client, password, username="bientap-that", **headers) -> tuple[bool, str]:
    response = client.post(LOGIN, {"username": username, "password": password}, **headers)
    signed_in = "_auth_user_id" in client.session
    client.logout()
    return signed_in, response.content.decode()


def test_a_stranger_who_knows_the_name_does_not_lock_the_editor_out(client, editor, ceilings):
    # Before, three wrong passwords from anywhere locked the account everywhere for 15 minutes,
    # and a script could keep it so all day. Twenty tries: the address is stopped after three,
    # and its refused tries do not fill the account's count across all addresses either.
    for attempt in range(20):
        _sign_in(client, f"doan-sai-{attempt}", REMOTE_ADDR=ELSEWHERE)
    signed_in, page = _sign_in(client, "Dung-mat-khau-9", REMOTE_ADDR=ELSEWHERE)
    assert not signed_in
    assert "tài khoản tạm khóa, xin thử lại sau 15 phút" in page
    assert _sign_in(client, "Dung-mat-khau-9", **NEWSROOM)[0]


def test_guessing_from_many_addresses_meets_the_account_ceiling(client, editor, ceilings):
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        for attempt in range(2):
            _sign_in(client, f"sai-{attempt}", REMOTE_ADDR=address)
    signed_in, page = _sign_in(client, "Dung-mat-khau-9", **NEWSROOM)
    assert not signed_in
    assert "bị thử mật khẩu sai quá nhiều lần từ nhiều nơi" in page
    assert "xin thử lại sau 15 phút" in page


def test_signing_in_clears_the_typos_made_from_that_address(client, editor, ceilings):
    for attempt in range(2):
        _sign_in(client, f"go-nham-{attempt}", **NEWSROOM)
    assert _sign_in(client, "Dung-mat-khau-9", **NEWSROOM)[0]
    # Two more typos later in the window: four in all, but only two since the sign-in.
    for attempt in range(2):
        _sign_in(client, f"go-nham-lai-{attempt}", **NEWSROOM)
    assert _sign_in(client, "Dung-mat-khau-9", **NEWSROOM)[0]


def test_the_address_ceiling_says_it_is_the_address(client, editor, settings):
    settings.LOGIN_FAILURES_PER_IP = (4, 900)
    for attempt in range(4):
        _sign_in(client, "sai", username=f"ai-do-{attempt}", REMOTE_ADDR=ELSEWHERE)
    signed_in, page = _sign_in(client, "Dung-mat-khau-9", REMOTE_ADDR=ELSEWHERE)
    assert not signed_in
    assert "từ địa chỉ mạng này: tạm dừng, xin thử lại sau 15 phút" in page
    assert _sign_in(client, "Dung-mat-khau-9", **NEWSROOM)[0]

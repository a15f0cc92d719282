"""Rate limits and the reader's address behind the front proxy."""

from django.core.cache import cache
from django.test import RequestFactory

from cityportal.core import throttle
from cityportal.core.pseudonyms import pseudonym


def test_behind_the_proxy_the_address_it_appended_counts(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.TRUST_X_FORWARDED_FOR = False
    assert throttle.client_ip(request) == "10.0.0.2"
    settings.TRUST_X_FORWARDED_FOR = True  # "6.6.6.6" is whatever the client sent: not trusted
    assert throttle.client_ip(request) == "203.0.113.7"


def test_a_limit_counts_within_its_window_and_keeps_no_address():
    cache.clear()
    assert [throttle.over_limit("test", "198.51.100.1", 2, 60) for _ in range(3)] == [
        False,
        False,
        True,
    ]
    assert not throttle.over_limit("test", "198.51.100.2", 2, 60)
    # The count sits under the address's pseudonym, never the address itself.
    assert cache.get(f"rate:test:{pseudonym('throttle', '198.51.100.1')}") == 3
    cache.clear()


def test_pseudonyms_are_keyed_and_kept_apart_by_purpose(settings):
    first = pseudonym("feedback.ip", "198.51.100.1")
    assert first == pseudonym("feedback.ip", "198.51.100.1") and len(first) == 32
    assert "198.51.100.1" not in first
    assert first != pseudonym("throttle", "198.51.100.1")  # two purposes cannot be joined
    settings.SECRET_KEY = "another-secret-key-for-this-test-only-0123456789abcdef"
    assert first != pseudonym("feedback.ip", "198.51.100.1")  # no key, no guessing

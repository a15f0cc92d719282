"""Limits on what the public may post (comments, enquiries, event registrations, page-view
hits), counted in the shared cache: Redis in the scale-out, so a limit holds across web
processes. Only the cache sees a reader's address, keyed and for minutes."""

import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache

from cityportal.core.pseudonyms import pseudonym


def client_ip(request) -> str:
    """The reader's address; behind the front proxy (trusted by settings), the one the proxy
    appended to X-Forwarded-For, the last: the ones before it are whatever the client sent."""
    if settings.TRUST_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def over_limit(kind: str, key: str, limit: int, seconds: int) -> bool:
    """Count one more event for `key` in a fixed window; True once `limit` is passed."""
    cache_key = f"rate:{kind}:{pseudonym('throttle', key)}"
    cache.add(cache_key, 0, seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        count = 1
    return count > limit


def count(kind: str, key: str) -> int:
    """How many events `over_limit` has counted for `key` in its current window."""
    return cache.get(f"rate:{kind}:{pseudonym('throttle', key)}") or 0


def forget(kind: str, key: str) -> None:
    """Start `key`'s count afresh (what it did before no longer counts against it)."""
    cache.delete(f"rate:{kind}:{pseudonym('throttle', key)}")


@contextmanager
def first_of_twins(kind: str, key: str, seconds: int = 30):
    """Yield True to the one request at a time that holds `key` (the same words sent by the
    same person), False to a twin sent while it was in flight: a second tap before the page
    answered, which the "sent twice" check cannot see until the first has committed. Held in
    the shared cache, so it holds across web processes."""
    cache_key = f"twin:{kind}:{pseudonym('throttle', key)}"
    first = cache.add(cache_key, 1, seconds)
    try:
        yield first
    finally:
        if first:
            cache.delete(cache_key)


def wait_for(find, seconds: float = 10.0, step: float = 0.2):
    """What `find()` returns once it is not None, polled for up to `seconds` (a twin waiting
    for the first request's row), else None."""
    deadline = time.monotonic() + seconds
    while (found := find()) is None and time.monotonic() < deadline:
        time.sleep(step)
    return found

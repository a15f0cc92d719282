"""No overbooking: many people press "Đăng ký", then "Xác nhận đăng ký" in the mailed link, for the
last seats at the same instant, each request in its own thread with its own database
connection."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from cityportal.events.models import EventIndexPage, EventPage, Registration
from cityportal.news.newsroom import setup_newsroom

from .conftest import publish_child

S = Registration.Status


@pytest.fixture
def live_event(transactional_db):
    """An event in a database other threads can see (committed, not rolled back)."""
    home = setup_newsroom()  # a transactional test may start from an empty database
    index = publish_child(home, EventIndexPage(title="Sự kiện", slug="su-kien"))
    starts_at = timezone.now() + datetime.timedelta(days=3)
    event = EventPage(
        title="Tọa đàm ít chỗ",
        kind=EventPage.Kind.TALK,
        summary="Chỉ ba chỗ.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        capacity=3,
    )
    return publish_child(index, event)


def post_at_once(event, emails: list[str]) -> list[int]:
    """POST one registration per email, all released together; the status codes."""
    data = [{"name": "Người đăng ký", "email": email, "consent": "on"} for email in emails]
    return _at_once([(f"/su-kien/dang-ky/{event.pk}/", fields) for fields in data])


def _at_once(posts: list[tuple[str, dict]]) -> list[int]:
    """POST each (path, data), all released together; the status codes."""
    barrier = threading.Barrier(len(posts))
    codes = []

    def attempt(path, data):
        try:
            client = Client()
            barrier.wait(timeout=30)
            codes.append(client.post(path, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=post) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return codes


def test_concurrent_registrations_never_pass_capacity(live_event):
    codes = post_at_once(live_event, [f"nguoi-{n}@example.invalid" for n in range(12)])
    assert sorted(codes) == [200] * 12  # everyone is asked to confirm the address
    registrations = Registration.objects.filter(event=live_event)
    assert registrations.filter(status=S.PENDING).count() == 12  # no seat held yet
    links = [(r.get_confirm_url(), {}) for r in registrations]
    codes = _at_once(links)
    assert sorted(codes) == [200] * 12  # everyone confirms: a seat or the waiting list
    assert registrations.filter(status=S.CONFIRMED).count() == 3
    assert registrations.filter(status=S.WAITING).count() == 9


def test_concurrent_duplicates_are_stored_once(live_event):
    codes = post_at_once(live_event, ["cung-mot@example.invalid"] * 6)
    assert sorted(codes) == [200] * 6  # answered alike: the form never says "already registered"
    assert Registration.objects.filter(event=live_event).count() == 1

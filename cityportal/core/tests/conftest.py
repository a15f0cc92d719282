"""Pages the public-site tests share: an event open for registration, under the events index."""

import datetime
import time

import pytest
from django.utils import timezone

from cityportal.events.models import EventIndexPage, EventPage
from cityportal.events.tests.conftest import publish_child


@pytest.fixture
def events_index(home) -> EventIndexPage:
    return publish_child(home, EventIndexPage(title="Sự kiện", slug="su-kien"))


@pytest.fixture
def event(events_index) -> EventPage:
    """A talk a week ahead, open for registration."""
    starts_at = timezone.now() + datetime.timedelta(days=7)
    return publish_child(
        events_index,
        EventPage(
            title="Tọa đàm chuyển đổi số",
            kind=EventPage.Kind.TALK,
            summary="Trao đổi về dịch vụ công trực tuyến.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            accepts_registrations=True,
        ),
    )


def wait_for(predicate, timeout=15.0) -> bool:
    """Whether `predicate()` came true within `timeout` seconds (a worker process's doing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False

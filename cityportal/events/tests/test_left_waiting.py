"""The people still on the waiting list when an event begins: told once, kindly, that no seat
came, by the job worker's clock."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from cityportal.events import registration as seats
from cityportal.events.models import EventPage, Registration

S = Registration.Status
TASK = "cityportal.events.tasks.tell_left_waiting_task"


def _sign_up(event, email, status, **fields):
    return Registration.objects.create(
        event=event, name=email.split("@")[0].title(), email=email, status=status, **fields
    )


def _begin(event, ago=datetime.timedelta(minutes=10)):
    starts_at = timezone.now() - ago
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3)
    )


def test_those_still_waiting_when_the_event_begins_are_told_once_that_no_seat_came(
    make_event, mailbox, django_capture_on_commit_callbacks
):
    """Nobody told the people left on the waiting list: they waited for a mail that never came."""
    event = make_event(
        "Tọa đàm đông người", capacity=1, online_url="https://video.example.invalid/truc-tiep"
    )
    _sign_up(event, "ngoi@example.invalid", S.CONFIRMED)
    lan = _sign_up(event, "lan@example.invalid", S.WAITING)
    _sign_up(event, "minh@example.invalid", S.WAITING)
    _sign_up(event, "rut@example.invalid", S.CANCELLED)
    erased = _sign_up(event, "x@example.invalid", S.WAITING)
    Registration.objects.filter(pk=erased.pk).update(email=f"erased-{erased.pk}@invalid")
    later = make_event("Hội thảo tuần sau", capacity=1)  # not begun: nobody told yet
    _sign_up(later, "lan@example.invalid", S.WAITING)

    assert TASK in dict(django_settings.PERIODIC_TASKS)  # the job worker's clock runs it
    with django_capture_on_commit_callbacks(execute=True):
        assert import_string(TASK).enqueue().return_value == 0
    _begin(event)
    with django_capture_on_commit_callbacks(execute=True):
        result = import_string(TASK).enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 2
    assert sorted(to for recipients, _ in mailbox.messages for to in recipients) == [
        "lan@example.invalid",
        "minh@example.invalid",
    ]
    [message] = [m for m in mailbox.whole if m["To"] == "lan@example.invalid"]
    assert message["Subject"].strip() == "Chưa có chỗ cho bạn: Tọa đàm đông người"
    body = message.get_body(("plain",)).get_content()
    assert "Chào Lan," in body and "Rất tiếc, đến giờ bắt đầu vẫn chưa có chỗ trống" in body
    assert "Bạn không cần làm gì thêm." in body
    assert "https://video.example.invalid/truc-tiep" in body and event.full_url in body
    assert not list(message.iter_attachments())  # no calendar entry for a seat they do not have
    assert Registration.objects.get(pk=lan.pk).told_no_seat_at is not None
    assert Registration.objects.get(pk=erased.pk).told_no_seat_at is None  # nobody was told

    # Each is told once, however often the clock runs.
    with django_capture_on_commit_callbacks(execute=True):
        assert seats.tell_left_waiting() == 0
    assert len(mailbox.messages) == 2


def test_two_workers_reading_the_same_waiting_list_mail_each_person_once(
    make_event, mailbox, django_capture_on_commit_callbacks
):
    """Two workers that both read the list before either claimed: the conditional UPDATE lets
    one of them mail."""
    event = make_event("Tọa đàm", capacity=1)
    waiting = _sign_up(event, "lan@example.invalid", S.WAITING)
    _begin(event)
    now = timezone.now()
    read_by_both = list(Registration.objects.left_waiting(now, since=now - datetime.timedelta(1)))
    assert read_by_both == [waiting]
    with django_capture_on_commit_callbacks(execute=True):
        assert seats.tell_no_seat(read_by_both[0], now) is True
        assert seats.tell_no_seat(read_by_both[0], now) is False
    assert len(mailbox.messages) == 1


def test_nobody_is_told_for_a_cancelled_event_nor_one_begun_long_ago(
    make_event, mailbox, django_capture_on_commit_callbacks
):
    """A cancelled event told everyone so already; a deploy must not mail last year's lists."""
    cancelled = make_event("Tọa đàm đã hủy", capacity=1)
    _sign_up(cancelled, "huy@example.invalid", S.WAITING)
    cancelled.cancelled = True
    cancelled.save_revision().publish()
    _begin(cancelled)
    old = make_event("Tọa đàm năm ngoái", capacity=1)
    _sign_up(old, "cu@example.invalid", S.WAITING)
    _begin(old, ago=datetime.timedelta(days=365))
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert seats.tell_left_waiting() == 0
    assert not mailbox.messages


@pytest.mark.django_db(transaction=True)
def test_a_run_tells_everyone_left_waiting_over_one_connection(make_event, mailbox):
    """Committed for real, as the worker runs it: one connection for the run, not one for each
    person told."""
    for title in ["Tọa đàm sáng", "Tọa đàm chiều"]:
        event = make_event(title, starts_in=-datetime.timedelta(minutes=10), hours=3, capacity=1)
        for name in ["lan", "minh"]:
            _sign_up(event, f"{name}-{event.pk}@example.invalid", S.WAITING)
    assert seats.tell_left_waiting() == 4
    assert len(mailbox.messages) == 4
    assert mailbox.sessions == 1

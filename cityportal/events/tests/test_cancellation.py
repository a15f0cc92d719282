"""Cancelling: a registrant's signed link and when it is too late, what everyone expecting an
event is told when the organiser cancels or moves it, and a withdrawal in the history."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from icalendar import Calendar

from cityportal.events.models import Accreditation, Registration

from .conftest import attachments, sign_up

DAY = datetime.timedelta(days=1)
S = Registration.Status


def test_forged_cancellation_link_is_refused(client, make_event):
    event = make_event()
    sign_up(client, event)
    token = Registration.objects.get().cancel_token
    forged = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)
    response = client.post(f"/su-kien/huy-dang-ky/{forged}/")
    assert response.status_code == 404
    assert Registration.objects.get().status == S.CONFIRMED


def test_cancelling_the_event_tells_everyone_expecting_it_once_and_promotes_nobody(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm bị hủy", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, name="Người Một", email="mot@example.invalid")
        sign_up(client, event, name="Người Hai", email="hai@example.invalid")
        sign_up(client, event, name="Người Ba", email="ba@example.invalid")
    client.post(Registration.objects.get(email="ba@example.invalid").get_cancel_url())
    Accreditation.objects.create(
        event=event,
        reporter_name="Phóng viên Tư",
        outlet="Báo Thử",
        press_card_number="AB 123",
        email="tu@example.invalid",
        phone="0901",
        status=Accreditation.Status.APPROVED,
    )
    mailbox.whole.clear(), mailbox.messages.clear()
    sessions = mailbox.sessions
    event.cancelled, event.capacity = True, 5  # the organiser cancels (and the room was bigger)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    told = {recipients[0]: text for recipients, text in mailbox.messages}
    assert set(told) == {"mot@example.invalid", "hai@example.invalid", "tu@example.invalid"}
    assert mailbox.sessions == sessions + 1  # one connection for everyone told, not one each
    assert all(text.lstrip().startswith("Sự kiện bị hủy: Tọa đàm bị hủy") for text in told.values())
    assert "đã bị hủy" in told["mot@example.invalid"]
    # Nobody waiting is told a seat is free at a cancelled event.
    assert Registration.objects.get(email="hai@example.invalid").status == S.WAITING
    # The calendar entry the attendee has is marked cancelled.
    ics = next(m for m in mailbox.whole if m["To"] == "mot@example.invalid")
    [vevent] = Calendar.from_ical(next(iter(attachments(ics).values()))).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    # Publishing it again (a typo fixed) tells nobody twice.
    mailbox.messages.clear()
    event.title = "Tọa đàm bị hủy (đã hủy)"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert mailbox.messages == []


def test_moving_the_event_sends_the_new_time_in_vietnam_time_with_an_updated_ics(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    start = timezone.make_aware(datetime.datetime(2031, 3, 10, 8, 0))
    event = make_event("Hội thảo dời lịch", starts_at=start)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, name="Người Một", email="mot@example.invalid")
    mailbox.whole.clear(), mailbox.messages.clear()
    event.summary = "Một câu mới."  # a draft edit is no move
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision()
    assert mailbox.messages == []
    event.starts_at = start + 2 * DAY + datetime.timedelta(hours=6)  # 14:00 two days later
    event.ends_at = event.starts_at + datetime.timedelta(hours=2)
    event.venue = "Hội trường B"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    [(recipients, text)] = mailbox.messages
    text = text.replace("\r\n", "\n")
    assert recipients == ["mot@example.invalid"]
    assert text.lstrip().startswith("Thay đổi thời gian, địa điểm: Hội thảo dời lịch")
    assert "Thời gian: Thứ Tư, 12/3/2031, 14:00 - 16:00 (giờ Việt Nam)" in text
    assert "Địa điểm: Hội trường B" in text
    assert (
        "(trước đây: Thứ Hai, 10/3/2031, 08:00 - 10:00 (giờ Việt Nam), Hội trường Thành ủy)" in text
    )
    assert "/su-kien/huy-dang-ky/" in text
    [vevent] = Calendar.from_ical(next(iter(attachments(mailbox.whole[0]).values()))).walk("VEVENT")
    assert vevent.decoded("DTSTART") == event.starts_at
    assert str(vevent["UID"]) == f"su-kien-{event.pk}@" + str(vevent["UID"]).split("@")[1]


def test_a_registrant_withdrawing_before_the_event_is_in_the_history_with_when(
    client, make_event, django_capture_on_commit_callbacks
):
    """Cancelling left no trace but the status: staff could not see who withdrew, or when."""
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    from cityportal.feedback.privacy import erase_person

    event = make_event("Tọa đàm có người rút", capacity=1)
    sign_up(client, event, name="Người Một", email="mot@example.invalid")
    sign_up(client, event, name="Người Hai", email="hai@example.invalid")
    first = Registration.objects.get(email="mot@example.invalid")
    client.post(first.get_cancel_url())
    client.post(first.get_cancel_url())  # cancelling twice is logged once
    [entry] = ModelLogEntry.objects.filter(action="events.registration_cancelled")
    assert entry.object_id == str(first.pk) and entry.user is None
    assert abs(entry.timestamp - Registration.objects.get(pk=first.pk).cancelled_at) < DAY / 24

    staff = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(staff)
    history = client.get(reverse("events_registrations:history", args=[first.pk])).text
    assert "Tự hủy đăng ký tham dự “Tọa đàm có người rút” trước giờ diễn ra (đã có chỗ)" in history
    assert "1 người trong danh sách chờ được nhận chỗ" in history
    site = client.get("/admin/reports/site-history/").text
    assert "Người Một" in site and "Hủy đăng ký tham dự" in site

    # The history names the person: a data erasure request takes the name out of it too.
    with django_capture_on_commit_callbacks(execute=True):
        erase_person("mot@example.invalid", by="test")
    assert "Người Một" not in ModelLogEntry.objects.get(pk=entry.pk).label
    assert "Người Một" not in client.get("/admin/reports/site-history/").text


def test_a_cancellation_link_opened_once_the_event_began_says_so_at_once(client, make_event):
    """The page offered the button, and only the click said it was too late, in a response
    whose Content-Type was "409" (the status passed where render() takes the content type)."""
    event = make_event(starts_in=-datetime.timedelta(hours=1), hours=3)
    late = Registration.objects.create(
        event=event, name="Người Đến Muộn", email="muon@example.invalid", status=S.CONFIRMED
    )
    page = client.get(late.get_cancel_url())
    assert "Sự kiện đã bắt đầu hoặc đã diễn ra, không thể hủy đăng ký." in page.text
    assert "Hủy đăng ký</button>" not in page.text
    refused = client.post(late.get_cancel_url())
    assert refused.status_code == 409 and refused["Content-Type"].startswith("text/html")
    assert Registration.objects.get(pk=late.pk).status == S.CONFIRMED


def test_cancelling_for_a_cancelled_or_withdrawn_event_invites_nobody_to_register_again(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """The mail said "Bạn có thể đăng ký lại … nếu còn chỗ" for an event that will not happen,
    and the page's "keep my registration" link of an event taken off the site led to /None."""
    cancelled = make_event("Tọa đàm đã hủy", capacity=5)
    withdrawn = make_event("Tọa đàm gỡ khỏi trang", capacity=5)
    for event in (cancelled, withdrawn):
        sign_up(client, event)
    cancelled.cancelled = True
    cancelled.save_revision().publish()
    withdrawn.unpublish()
    mailbox.messages.clear()
    for event in (cancelled, withdrawn):
        link = Registration.objects.get(event=event).get_cancel_url()
        assert 'href="None"' not in client.get(link).text
        with django_capture_on_commit_callbacks(execute=True):
            assert "Đã hủy đăng ký" in client.post(link).text
    texts = [text for _, text in mailbox.messages]
    assert len(texts) == 2 and all("Cảm ơn bạn đã báo trước." in text for text in texts)
    assert not any("đăng ký lại" in text for text in texts)


@pytest.mark.django_db(transaction=True)
def test_a_cancellation_that_gives_the_seat_away_mails_both_over_one_connection(
    client, make_event, mailbox
):
    """Committed for real, as the site runs: the one cancelling and the one promoted are told
    over one connection to the mail server, not one each."""
    event = make_event("Tọa đàm nhỏ", capacity=1)
    sign_up(client, event, name="Người Một", email="mot@example.invalid")
    sign_up(client, event, name="Người Hai", email="hai@example.invalid")
    first = Registration.objects.get(email="mot@example.invalid")
    mailbox.messages.clear()
    sessions = mailbox.sessions

    client.post(first.get_cancel_url())
    assert Registration.objects.get(email="hai@example.invalid").status == S.CONFIRMED
    assert sorted(to for [to], _ in mailbox.messages) == [
        "hai@example.invalid",
        "mot@example.invalid",
    ]
    assert mailbox.sessions == sessions + 1

"""An upcoming event taken off the site (unpublished or deleted) is a cancellation for everyone
expecting it: the organiser is warned first, and each person is told once."""

import datetime

from django.contrib.auth import get_user_model
from icalendar import Calendar

from cityportal.events.models import Accreditation, EventPage, Registration

from .conftest import attachments, sign_up


def _expected_by_two(client, event):
    sign_up(client, event, name="Người Một", email="mot@example.invalid")
    Accreditation.objects.create(
        event=event,
        reporter_name="Phóng viên Tư",
        outlet="Báo Thử",
        press_card_number="AB 123",
        email="tu@example.invalid",
        phone="0901",
        status=Accreditation.Status.APPROVED,
    )


def _organiser(client):
    user = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(user)
    return user


def test_unpublishing_an_upcoming_event_warns_first_then_tells_each_person_once(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm gỡ xuống")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.whole.clear(), mailbox.messages.clear()
    _organiser(client)
    url = f"/admin/pages/{event.pk}/unpublish/"

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True)
    event.refresh_from_db()
    assert event.live and mailbox.messages == []  # only a warning so far
    assert "còn 2 người đăng ký" in first.content.decode()
    assert "Bấm “Có, thu hồi xuất bản” lần nữa" in first.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    event.refresh_from_db()
    assert not event.live
    told = {recipients[0]: text for recipients, text in mailbox.messages}
    assert set(told) == {"mot@example.invalid", "tu@example.invalid"}
    text = told["mot@example.invalid"]
    assert text.lstrip().startswith("Sự kiện bị hủy: Tọa đàm gỡ xuống") and "đã bị hủy" in text
    assert "Thông tin thêm tại trang sự kiện" not in text  # the page is gone
    # The attendee's calendar is told to drop the entry (RFC 5546 CANCEL).
    mail = next(m for m in mailbox.whole if m["To"] == "mot@example.invalid")
    calendar = Calendar.from_ical(next(iter(attachments(mail).values())))
    [vevent] = calendar.walk("VEVENT")
    assert calendar["METHOD"] == "CANCEL" and vevent["STATUS"] == "CANCELLED"
    assert vevent["ATTENDEE"] == "mailto:mot@example.invalid"

    # Deleting it now (already withdrawn) tells nobody twice, and the organiser is not told so.
    mailbox.messages.clear()
    assert "người đăng ký" not in client.get(f"/admin/pages/{event.pk}/delete/").text
    with django_capture_on_commit_callbacks(execute=True):
        event.delete()
    assert mailbox.messages == []


def test_deleting_a_live_upcoming_event_warns_and_tells_everyone(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Hội thảo bị xóa")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.messages.clear()
    _organiser(client)
    page = client.get(f"/admin/pages/{event.pk}/delete/").content.decode()
    assert "còn 2 người đăng ký" in page and "Xóa trang (cùng danh sách đăng ký)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/pages/{event.pk}/delete/")
    assert not Registration.objects.exists()
    assert sorted(r[0] for r, _ in mailbox.messages) == [
        "mot@example.invalid",
        "tu@example.invalid",
    ]


def test_taking_down_a_cancelled_or_past_event_tells_nobody(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    cancelled = make_event("Đã hủy từ trước")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, cancelled)
        cancelled.cancelled = True
        cancelled.save_revision().publish()
    past = make_event("Tọa đàm đã qua", starts_in=-datetime.timedelta(days=3))
    Registration.objects.create(
        event=past,
        name="Người Cũ",
        email="cu@example.invalid",
        status=Registration.Status.CONFIRMED,
    )
    mailbox.messages.clear()
    _organiser(client)
    with django_capture_on_commit_callbacks(execute=True):
        for event in (cancelled, past):
            client.post(f"/admin/pages/{event.pk}/unpublish/")  # no warning step either
    assert mailbox.messages == []
    assert not any(type(e).objects.get(pk=e.pk).live for e in (cancelled, past))


def test_a_warning_given_long_ago_does_not_count_as_confirmation(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    import time

    event = make_event("Tọa đàm cảnh báo cũ")
    _expected_by_two(client, event)
    _organiser(client)
    url = f"/admin/pages/{event.pk}/unpublish/"
    client.post(url)  # warned, then the organiser went away
    session = client.session
    session[f"events-withdrawal-warned-{event.pk}"] = time.time() - 24 * 3600
    session.save()
    page = client.post(url, follow=True).content.decode()
    event.refresh_from_db()
    assert event.live and "Bấm “Có, thu hồi xuất bản” lần nữa" in page


def test_a_page_reaching_its_expiry_date_cancels_nothing(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django.utils import timezone

    event = make_event("Tọa đàm có hạn hiển thị", starts_in=datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.messages.clear()
    event.expire_at = timezone.now() - datetime.timedelta(minutes=1)  # taken down as planned
    event.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    event.refresh_from_db()
    assert event.expired and not event.live
    assert mailbox.messages == []


def test_unpublishing_the_events_index_with_its_events_warns_first(
    client, events_index, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm dưới trang lịch")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.messages.clear()
    _organiser(client)
    url = f"/admin/pages/{events_index.pk}/unpublish/"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, {"include_descendants": "on"}, follow=True).content.decode()
    event.refresh_from_db()
    assert event.live and mailbox.messages == []
    assert "Các sự kiện sắp diễn ra dưới trang “Sự kiện” còn 2 người" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"include_descendants": "on"})
    event.refresh_from_db()
    assert not event.live and len(mailbox.messages) == 2


def _ics(mailbox, to):
    mail = next(m for m in mailbox.whole if m["To"] == to)
    calendar = Calendar.from_ical(next(iter(attachments(mail).values())))
    [vevent] = calendar.walk("VEVENT")
    return calendar, vevent


def _subjects(mailbox):
    return sorted(
        (recipients[0], text.split("\n", 1)[0].strip()) for recipients, text in mailbox.messages
    )


def _unpublish(client, event):
    url = f"/admin/pages/{event.pk}/unpublish/"
    client.post(url)  # the warning
    client.post(url)


def test_an_event_brought_back_is_announced_once_and_each_withdrawal_once(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Republished after an unpublish that told people it was cancelled, the event told nobody
    it was on again, and unpublishing it again told them "cancelled" a second time for what
    they knew as one cancellation."""
    event = make_event("Tọa đàm trở lại")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    _organiser(client)
    mailbox.whole.clear(), mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _unpublish(client, event)
    assert [s for _, s in _subjects(mailbox)] == ["Sự kiện bị hủy: Tọa đàm trở lại"] * 2
    _, cancelled = _ics(mailbox, "mot@example.invalid")
    mailbox.whole.clear(), mailbox.messages.clear()

    event = EventPage.objects.get(pk=event.pk)
    event.venue = "Hội trường B"
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert _subjects(mailbox) == [
        ("mot@example.invalid", "Sự kiện diễn ra trở lại: Tọa đàm trở lại"),
        ("tu@example.invalid", "Sự kiện diễn ra trở lại: Tọa đàm trở lại"),
    ]
    text = dict((r[0], t) for r, t in mailbox.messages)["mot@example.invalid"]
    assert "sẽ diễn ra trở lại" in text and "Địa điểm: Hội trường B" in text
    assert "vui lòng hủy đăng ký để nhường chỗ" in text  # the registrant's own link
    calendar, back = _ics(mailbox, "mot@example.invalid")
    assert calendar["METHOD"] == "PUBLISH" and back["STATUS"] == "CONFIRMED"
    assert back["SEQUENCE"] > cancelled["SEQUENCE"] and back["LOCATION"].startswith("Hội trường B")
    history = client.get(f"/admin/pages/{event.pk}/history/").text
    assert "Đã gửi thư báo sự kiện diễn ra trở lại tới 2 người" in history
    assert "Đã gửi thư báo sự kiện bị hủy tới 2 người" in history

    mailbox.whole.clear(), mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()  # an ordinary edit: nothing more to say
    assert mailbox.messages == []

    # Taken off again: a second withdrawal, told once.
    with django_capture_on_commit_callbacks(execute=True):
        _unpublish(client, event)
    assert [s for _, s in _subjects(mailbox)] == ["Sự kiện bị hủy: Tọa đàm trở lại"] * 2


def test_a_withdrawn_event_republished_as_cancelled_tells_nothing_until_it_is_on_again(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm hủy rồi mở lại")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    _organiser(client)
    with django_capture_on_commit_callbacks(execute=True):
        _unpublish(client, event)
    mailbox.whole.clear(), mailbox.messages.clear()

    event = EventPage.objects.get(pk=event.pk)
    event.cancelled = True  # back on the site to say it is cancelled: they know already
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
        client.post(f"/admin/pages/{event.pk}/unpublish/")  # no warning, nobody to tell
    assert mailbox.messages == []
    event = EventPage.objects.get(pk=event.pk)
    event.cancelled = False
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert [s for _, s in _subjects(mailbox)] == [
        "Sự kiện diễn ra trở lại: Tọa đàm hủy rồi mở lại"
    ] * 2


def test_an_event_uncancelled_is_announced_with_a_calendar_entry_to_put_back(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Hội thảo bỏ hủy")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.whole.clear(), mailbox.messages.clear()
    event.cancelled = True
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    _, cancelled = _ics(mailbox, "mot@example.invalid")
    mailbox.whole.clear(), mailbox.messages.clear()

    event.cancelled = False
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert [s for _, s in _subjects(mailbox)] == ["Sự kiện diễn ra trở lại: Hội thảo bỏ hủy"] * 2
    calendar, back = _ics(mailbox, "mot@example.invalid")
    assert calendar["METHOD"] == "PUBLISH" and back["STATUS"] == "CONFIRMED"
    assert back["SEQUENCE"] > cancelled["SEQUENCE"]
    mailbox.whole.clear(), mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert mailbox.messages == []


def test_an_expired_page_published_again_tells_nobody_it_is_back(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Nobody was told that a page taken down at its expiry date was cancelled."""
    from django.core.management import call_command
    from django.utils import timezone

    event = make_event("Tọa đàm hết hạn hiển thị", starts_in=datetime.timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    event.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    event.save_revision().publish()
    call_command("publish_scheduled")
    event = EventPage.objects.get(pk=event.pk)
    event.expire_at = None
    mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    assert EventPage.objects.get(pk=event.pk).live and mailbox.messages == []


def test_bulk_unpublishing_from_the_page_listing_warns_first_like_a_single_unpublish(
    client, events_index, make_event, mailbox, django_capture_on_commit_callbacks
):
    """The listing's bulk action unpublished at once: everyone was mailed "cancelled" without
    the warning the page's own unpublish gives."""
    event = make_event("Tọa đàm chọn trong danh sách")
    quiet = make_event("Tọa đàm chưa ai đăng ký")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.messages.clear()
    _organiser(client)
    url = f"/admin/bulk/wagtailcore/page/unpublish/?id={event.pk}&id={quiet.pk}"
    assert "Có, thu hồi xuất bản" in client.get(url).text
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).text
    assert EventPage.objects.get(pk=event.pk).live and EventPage.objects.get(pk=quiet.pk).live
    assert mailbox.messages == []
    assert "Các sự kiện sắp diễn ra trong những trang đã chọn còn 2 người" in page
    assert "Bấm “Có, thu hồi xuất bản” lần nữa" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not EventPage.objects.filter(pk__in=[event.pk, quiet.pk], live=True).exists()
    assert sorted(r[0] for r, _ in mailbox.messages) == [
        "mot@example.invalid",
        "tu@example.invalid",
    ]


def test_bulk_deleting_a_live_event_warns_first(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Hội thảo xóa trong danh sách")
    with django_capture_on_commit_callbacks(execute=True):
        _expected_by_two(client, event)
    mailbox.messages.clear()
    _organiser(client)
    url = f"/admin/bulk/wagtailcore/page/delete/?id={event.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url, follow=True).text
    assert EventPage.objects.filter(pk=event.pk).exists() and mailbox.messages == []
    assert "Sự kiện “Hội thảo xóa trong danh sách” còn 2 người" in page
    assert "Bấm “Có, xóa” lần nữa" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)
    assert not EventPage.objects.filter(pk=event.pk).exists() and len(mailbox.messages) == 2

"""Double opt-in: a registration counts once the owner of the address confirms it from the link
mailed to it. Until then it holds no seat and hears nothing but that link; seats go in the order
addresses are confirmed; the link is signed and expires, and what nobody confirmed is deleted."""

import datetime
import re

from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from cityportal.events import registration as seats
from cityportal.events.models import Registration

from .conftest import attachments, confirm, confirm_link, register, sign_up

S = Registration.Status
HOUR = datetime.timedelta(hours=1)
TASK = "cityportal.events.tasks.forget_unconfirmed_task"


def test_someone_elses_address_hears_only_the_link_and_takes_no_seat(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Anyone could register anyone's address, which then got the confirmation, the .ics and
    every notice after; a script could fill the seats with invented addresses."""
    event = make_event("Tọa đàm hai chỗ", capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, name="Người Lạ", email="nan-nhan@example.invalid")
    [asking] = mailbox.whole
    assert asking["Subject"].strip() == "Xác nhận email để hoàn tất đăng ký: Tọa đàm hai chỗ"
    body = asking.get_body(("plain",)).get_content()
    assert "Nếu không phải bạn đăng ký, bạn không cần làm gì" in body
    assert "/su-kien/huy-dang-ky/" not in body and not list(asking.iter_attachments())
    assert "Còn 2 chỗ." in client.get(f"/su-kien/dang-ky/{event.pk}/").text

    # The event moves, then is cancelled: the address nobody confirmed is told nothing.
    mailbox.whole.clear(), mailbox.messages.clear()
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
        event.cancelled = True
        event.save_revision().publish()
    assert mailbox.messages == []
    assert seats.people_expecting(event) == []


def test_seats_go_in_the_order_addresses_are_confirmed(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm một chỗ", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, name="Gửi Trước", email="truoc@example.invalid")
        register(client, event, name="Gửi Sau", email="sau@example.invalid")
    mailbox.whole.clear(), mailbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        seated = confirm(client, event, "sau@example.invalid")
        waiting = confirm(client, event, "truoc@example.invalid")
    assert "Đăng ký thành công" in seated.text and "Sự kiện đã hết chỗ" in waiting.text
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"sau@example.invalid": S.CONFIRMED, "truoc@example.invalid": S.WAITING}
    told = {m["To"]: m for m in mailbox.whole}
    assert f"{event.slug}.ics" in attachments(told["sau@example.invalid"])
    assert "Bạn đứng thứ 1 trong danh sách chờ" in (
        told["truoc@example.invalid"].get_body(("plain",)).get_content()
    )


def test_opening_the_link_asks_and_confirming_twice_changes_nothing(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """A mail scanner opening the link must not confirm for a person who never asked."""
    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event)
    link = confirm_link(mailbox.whole[0])
    page = client.get(link)
    assert page.status_code == 200 and "Xác nhận đăng ký</button>" in page.text
    assert Registration.objects.get().status == S.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link)
        again = client.post(link)
    assert again.status_code == 200
    assert "Đăng ký này đã được xác nhận trước đó." in again.text
    assert "Đăng ký thành công" in again.text
    assert Registration.objects.get().status == S.CONFIRMED
    assert len(mailbox.messages) == 2  # the link and one confirmation


def test_an_expired_or_altered_link_says_so_and_offers_to_register_again(
    client, make_event, settings
):
    event = make_event("Tọa đàm hết hạn", capacity=5)
    register(client, event)
    registration = Registration.objects.get()
    link = registration.get_confirm_url()
    token = link.rstrip("/").rsplit("/", 1)[1]
    altered = link.replace(token, re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token))
    refused = client.post(altered)
    assert refused.status_code == 404
    assert "Đường dẫn xác nhận không hợp lệ" in refused.text
    assert 'href="/su-kien/"' in refused.text  # where to find the event and register again

    settings.EVENTS_CONFIRMATION_HOURS = 0  # every link is past its time
    expired = client.post(link)
    assert expired.status_code == 410
    assert "Đường dẫn xác nhận đã hết hạn" in expired.text
    assert f'href="/su-kien/dang-ky/{event.pk}/"' in expired.text
    assert Registration.objects.get().status == S.PENDING


def test_a_link_for_an_address_erased_or_a_row_since_reused_confirms_nothing(
    client, make_event, django_capture_on_commit_callbacks
):
    """The link names the address it was mailed to: once the address is erased (a data
    request), the link is as good as expired."""
    from cityportal.feedback.privacy import erase_person

    event = make_event(capacity=5)
    register(client, event)
    link = Registration.objects.get().get_confirm_url()
    with django_capture_on_commit_callbacks(execute=True):
        erase_person("an@example.invalid", by="test")
    assert client.post(link).status_code == 410
    assert Registration.objects.get().status == S.PENDING


def test_the_link_is_refused_once_registration_closed(client, make_event):
    event = make_event(capacity=5, registration_closes_at=timezone.now() + HOUR)
    register(client, event)
    event.registration_closes_at = timezone.now() - HOUR
    event.save_revision().publish()
    refused = confirm(client, event)
    assert refused.status_code == 409 and "Đã hết hạn đăng ký" in refused.text
    assert Registration.objects.get().status == S.PENDING


def test_registering_again_while_awaiting_confirmation_mails_the_link_again_now_and_then(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """A lost mail is sent again by sending the form again; a form sent in a loop is not a
    loop of mail, and the page says nothing a newcomer is not told."""
    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, event)
        again = register(client, event, name="Kẻ Dò Thử")  # within minutes: no second mail
        newcomer = register(client, event, email="moi@example.invalid")
    assert first.status_code == again.status_code == 200
    answers = [
        re.search(r'<div class="notice".*?</div>', r.text, re.S).group()
        for r in [
            first,
            again,
            newcomer,
        ]
    ]
    assert len(set(answers)) == 1
    assert [to for [to], _ in mailbox.messages] == ["an@example.invalid", "moi@example.invalid"]
    pending = Registration.objects.get(email="an@example.invalid")
    assert (pending.name, pending.status) == ("Nguyễn Văn An", S.PENDING)  # nothing overwritten

    minutes = django_settings.EVENTS_CONFIRMATION_RESEND_MINUTES
    earlier = pending.confirmation_sent_at - datetime.timedelta(minutes=minutes, seconds=1)
    Registration.objects.filter(pk=pending.pk).update(confirmation_sent_at=earlier)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event)
    assert [to for [to], _ in mailbox.messages][-1] == "an@example.invalid"
    assert Registration.objects.filter(email="an@example.invalid").count() == 1
    # The new link confirms, and so does the first one (both are within their day).
    with django_capture_on_commit_callbacks(execute=True):
        assert "Đăng ký thành công" in client.post(confirm_link(mailbox.whole[-1])).text
    assert Registration.objects.get(pk=pending.pk).status == S.CONFIRMED


def test_registrations_nobody_confirmed_are_deleted_when_their_link_expires(
    client, make_event, django_capture_on_commit_callbacks
):
    """What a stranger typed about someone is not kept (Decree 13/2023): by the job worker's
    clock, once the last link mailed has expired."""
    from wagtail.models import ModelLogEntry

    event = make_event(capacity=5)
    sign_up(client, event, name="Đã Xác Nhận", email="co@example.invalid")
    register(client, event, name="Mới Gửi", email="moi@example.invalid")
    register(client, event, name="Quên Xác Nhận", email="quen@example.invalid")
    # Someone who cancelled, and whose address was then typed again by someone else.
    sign_up(client, event, name="Đã Rút", email="rut@example.invalid", phone="0901 111 222")
    client.post(Registration.objects.get(email="rut@example.invalid").get_cancel_url())
    rut = Registration.objects.get(email="rut@example.invalid")
    register(client, event, name="Người Lạ", email="rut@example.invalid", phone="0999 000 000")
    old = timezone.now() - datetime.timedelta(hours=django_settings.EVENTS_CONFIRMATION_HOURS)
    Registration.objects.filter(email__in=["quen@example.invalid", "rut@example.invalid"]).update(
        confirmation_sent_at=old - datetime.timedelta(minutes=1)
    )

    assert (TASK, 3600) in django_settings.PERIODIC_TASKS  # the job worker's clock runs it
    result = import_string(TASK).enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL and result.return_value == 2
    assert sorted(Registration.objects.values_list("email", "status")) == [
        ("co@example.invalid", S.CONFIRMED),
        ("moi@example.invalid", S.PENDING),
        ("rut@example.invalid", S.CANCELLED),
    ]
    # The cancellation the stranger's attempt reused is back as it was, history and all; it was
    # deleted with the attempt, and the history's label scrubbed of the person's name.
    back = Registration.objects.get(pk=rut.pk)
    kept = ("name", "phone", "organisation", "created_at", "cancelled_at", "promoted_at")
    assert [getattr(back, f) for f in kept] == [getattr(rut, f) for f in kept]
    assert (back.confirmation_sent_at, back.before_reuse) == (None, None)
    [entry] = ModelLogEntry.objects.filter(object_id=str(rut.pk))
    assert "Đã Rút" in entry.label
    assert import_string(TASK).enqueue().return_value == 0
    assert Registration.objects.get(pk=rut.pk).status == S.CANCELLED


def test_a_cancelled_registration_named_again_stays_cancelled_until_the_address_confirms(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Until the link is used, the cancellation stands as it was for its owner's link and for an
    erasure; once confirmed, what the form typed replaces it and nothing is put back later."""
    from cityportal.feedback.privacy import ERASED_NAME, erase_person

    event = make_event("Tọa đàm đăng ký lại", capacity=5)
    sign_up(client, event, name="Đã Rút", email="rut@example.invalid", organisation="Sở Y tế")
    cancel_url = Registration.objects.get().get_cancel_url()
    client.post(cancel_url)
    register(client, event, name="Người Lạ", email="rut@example.invalid", organisation="Lạ")
    assert Registration.objects.get().status == S.PENDING
    # The earlier cancellation's link shows it, as it was, and cancels nothing else.
    page = client.get(cancel_url).text
    assert "Đăng ký này đã được hủy trước đó." in page and "Người Lạ" not in page
    client.post(cancel_url)
    assert Registration.objects.get().status == S.PENDING

    # Confirmed: the new registration stands, and the clock puts nothing back.
    with django_capture_on_commit_callbacks(execute=True):
        assert "Đăng ký thành công" in confirm(client, event, "rut@example.invalid").text
    later = timezone.now() + datetime.timedelta(hours=django_settings.EVENTS_CONFIRMATION_HOURS)
    assert seats.forget_unconfirmed(now=later + HOUR) == 0
    confirmed = Registration.objects.get()
    assert (confirmed.name, confirmed.organisation, confirmed.status) == (
        "Người Lạ",
        "Lạ",
        S.CONFIRMED,
    )
    assert confirmed.before_reuse is None

    # Cancelled again, named again, then the address erased: its link can confirm nothing any
    # more, so the cancellation is put back and made anonymous, the kept copy with it.
    client.post(cancel_url)
    register(client, event, name="Người Khác", email="rut@example.invalid", phone="0988 000 111")
    with django_capture_on_commit_callbacks(execute=True):
        erase_person("rut@example.invalid", by="test")
    erased = Registration.objects.get()
    assert (erased.status, erased.name, erased.phone) == (S.CANCELLED, ERASED_NAME, "")
    assert (erased.organisation, erased.before_reuse) == ("", None)
    assert seats.forget_unconfirmed(now=later + HOUR) == 0 and Registration.objects.count() == 1


def test_the_sign_ups_list_shows_who_has_not_confirmed(client, make_event):
    event = make_event("Tọa đàm danh sách", capacity=5)
    register(client, event, name="Chưa Xác Nhận", email="chua@example.invalid")
    client.force_login(get_user_model().objects.create_superuser("btc", "b@example.invalid", "pw"))
    listing = client.get("/admin/events/registrations/").text
    assert "Chờ xác nhận email" in listing
    filtered = client.get("/admin/events/registrations/", {"status": "pending"}).text
    assert "Chưa Xác Nhận" in filtered
    # Not on the door list: nobody confirmed the address.
    assert "Chưa Xác Nhận" not in client.get(f"/admin/events/{event.pk}/door-list/").text


def test_staff_enter_a_registration_by_hand_without_the_link(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """A guest who telephoned: staff vouch for the address, so it takes its seat at once (under
    the same lock as the public's), and is mailed the confirmation with the .ics."""
    event = make_event("Tọa đàm khách mời", capacity=1)
    staff = get_user_model().objects.create_superuser("btc", "b@example.invalid", "pw")
    client.force_login(staff)
    register(client, event, name="Chưa Xác Nhận", email="chua@example.invalid")
    form = client.get("/admin/events/registrations/add/").text
    assert 'name="email"' in form and 'name="status"' not in form
    data = {
        "event": event.pk,
        "name": "Khách Mời",
        "email": "Khach@Example.invalid",
        "phone": "0901 000 111",
        "organisation": "Sở Nội vụ",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/events/registrations/add/", data)
    assert response.status_code == 302
    guest = Registration.objects.get(email="khach@example.invalid")
    assert (guest.status, guest.organisation) == (S.CONFIRMED, "Sở Nội vụ")
    [message] = mailbox.whole
    assert message["Subject"].strip() == "Xác nhận đăng ký: Tọa đàm khách mời"
    assert f"{event.slug}.ics" in attachments(message)

    # The same address again is named beside the field; an address awaiting confirmation is
    # confirmed by the staff's entry (here onto the waiting list: the one seat is taken).
    refused = client.post("/admin/events/registrations/add/", data)
    assert refused.status_code == 200 and "đã đăng ký sự kiện này" in refused.text
    assert Registration.objects.filter(email="khach@example.invalid").count() == 1
    data.update(email="chua@example.invalid", name="Đã Gọi Điện")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/admin/events/registrations/add/", data).status_code == 302
    entered = Registration.objects.get(email="chua@example.invalid")
    assert (entered.status, entered.name) == (S.WAITING, "Đã Gọi Điện")

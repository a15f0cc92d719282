"""Registering from the public form: the address confirmed from the link mailed to it, then a seat
or the waiting list, the confirmation with the .ics, promotion when a seat frees, clear messages
when something is wrong, and what a stranger cannot learn or make the form do (whether an
address signed up, a flood of mail, every seat)."""

import datetime
import re

from django.utils import timezone
from icalendar import Calendar

from cityportal.events.models import Registration

from .conftest import attachments, confirm, confirm_link, register, sign_up

DAY = datetime.timedelta(days=1)
S = Registration.Status


def test_form_is_uncached_and_counts_seats(client, make_event):
    event = make_event(capacity=3)
    response = client.get(f"/su-kien/dang-ky/{event.pk}/")
    assert "csrftoken" in response.cookies and "no-cache" in response["Cache-Control"]
    assert "Còn 3 chỗ." in response.content.decode()
    fragment = client.get(f"/su-kien/dang-ky/{event.pk}/?fragment=1").content.decode()
    assert fragment.startswith('<div class="registration-box"') or "registration-box" in fragment
    assert "<html" not in fragment


def test_confirmation_email_carries_the_ics(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Hội thảo kinh tế số", capacity=10)
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client, event, email="An@Example.invalid")
    assert response.status_code == 200
    assert "Vui lòng kiểm tra hộp thư để xác nhận đăng ký." in response.content.decode()
    saved = Registration.objects.get()
    assert (saved.status, saved.email) == (S.PENDING, "an@example.invalid")
    [asking] = mailbox.whole  # the link only: no .ics, nothing to cancel yet
    assert asking["To"] == "an@example.invalid" and not list(asking.iter_attachments())
    link = confirm_link(asking)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(link)
    assert "Đăng ký thành công" in confirmed.content.decode()
    saved.refresh_from_db()
    assert saved.status == S.CONFIRMED
    [_, message] = mailbox.whole
    assert message["To"] == "an@example.invalid"
    assert message["Subject"].strip() == "Xác nhận đăng ký: Hội thảo kinh tế số"
    body = message.get_body(("plain",)).get_content()
    # The cancellation link names this registration (its token is signed with the time, so
    # it is read back rather than compared with one made a second later).
    [token] = re.findall(r"/su-kien/huy-dang-ky/([^/\s]+)/", body)
    assert Registration.from_cancel_token(token) == saved
    ics = attachments(message)[f"{event.slug}.ics"]
    [vevent] = Calendar.from_ical(ics).walk("VEVENT")
    assert vevent["SUMMARY"] == "Hội thảo kinh tế số"


def test_full_event_waits_and_a_cancellation_promotes_the_first_in_line(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm nhỏ", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, name="Người Một", email="mot@example.invalid")
        second = sign_up(client, event, name="Người Hai", email="hai@example.invalid")
        sign_up(client, event, name="Người Ba", email="ba@example.invalid")
    assert "Sự kiện đã hết chỗ" in second.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "mot@example.invalid": S.CONFIRMED,
        "hai@example.invalid": S.WAITING,
        "ba@example.invalid": S.WAITING,
    }
    # Each address: the link, then what confirming it gave.
    assert "Bạn đứng thứ 1 trong danh sách chờ" in mailbox.messages[3][1]
    assert "Bạn đứng thứ 2 trong danh sách chờ" in mailbox.messages[5][1]
    mailbox.whole.clear(), mailbox.messages.clear()

    first = Registration.objects.get(email="mot@example.invalid")
    link = client.get(
        first.get_cancel_url()
    )  # opening the link (or a mail scanner) cancels nothing
    assert "Hủy đăng ký" in link.content.decode()
    assert Registration.objects.get(pk=first.pk).status == S.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(first.get_cancel_url())
    assert "Đã hủy đăng ký" in done.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["mot@example.invalid"] == S.CANCELLED
    assert statuses["hai@example.invalid"] == S.CONFIRMED  # the first in line
    assert statuses["ba@example.invalid"] == S.WAITING
    promoted = next(m for m in mailbox.whole if m["To"] == "hai@example.invalid")
    assert promoted["Subject"].strip() == "Đã có chỗ cho bạn: Tọa đàm nhỏ"
    assert f"{event.slug}.ics" in attachments(promoted)
    # Cancelling twice changes nothing and says so.
    again = client.post(first.get_cancel_url())
    assert "đã được hủy trước đó" in again.content.decode()


def _answer(response) -> str:
    """The notice the form answers with (the page around it carries a fresh CSRF token)."""
    return re.search(r'<div class="notice" role="status">.*?</div>', response.text, re.S).group()


def test_an_address_already_registered_is_answered_as_a_new_one_and_only_its_mail_says_so(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """The form said "Email này đã được dùng để đăng ký" (409): anyone could test whether an
    address signed up for an event. Now the page is the same as for anyone new; the owner of
    the address is mailed that nothing changed, with their own cancellation link."""
    event = make_event("Hội thảo riêng tư", capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, event)
        confirm(client, event)
        again = register(client, event, name="Kẻ Dò Thử", email=" AN@example.invalid ")
        newcomer = register(client, event, name="Người Mới", email="moi@example.invalid")
    assert first.status_code == again.status_code == newcomer.status_code == 200
    assert _answer(again) == _answer(first) == _answer(newcomer)
    assert "kiểm tra hộp thư để xác nhận" in _answer(again)
    kept = Registration.objects.get(email="an@example.invalid")
    assert (kept.name, kept.status) == ("Nguyễn Văn An", S.CONFIRMED)  # nothing overwritten
    assert Registration.objects.count() == 2  # no second row, no second seat
    # One seat taken: the newcomer's address is not confirmed, and holds none.
    assert "Còn 4 chỗ." in client.get(f"/su-kien/dang-ky/{event.pk}/").text

    [reminder] = [m for m in mailbox.whole[2:] if m["To"] == "an@example.invalid"]
    assert reminder["Subject"].strip() == "Bạn đã đăng ký từ trước: Hội thảo riêng tư"
    body = reminder.get_body(("plain",)).get_content()
    assert body.startswith("Chào Nguyễn Văn An,") and "Kẻ Dò Thử" not in body
    assert "không có đăng ký mới" in body and "bạn đã có chỗ" in body
    [token] = re.findall(r"/su-kien/huy-dang-ky/([^/\s]+)/", body)
    assert Registration.from_cancel_token(token) == kept
    assert f"{event.slug}.ics" in attachments(reminder)


def test_an_address_waiting_is_answered_as_a_newcomer_to_a_full_event(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm đầy chỗ", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, name="Người Một", email="mot@example.invalid")
        sign_up(client, event, name="Người Hai", email="hai@example.invalid")
        mailbox.whole.clear(), mailbox.messages.clear()
        again = register(client, event, name="Người Hai", email="hai@example.invalid")
        newcomer = register(client, event, name="Người Ba", email="ba@example.invalid")
        seated_again = register(client, event, name="Người Một", email="mot@example.invalid")
    assert again.status_code == newcomer.status_code == seated_again.status_code == 200
    assert _answer(again) == _answer(newcomer) == _answer(seated_again)
    assert "Sự kiện hiện đã hết chỗ: khi xác nhận, bạn sẽ vào danh sách chờ" in _answer(again)
    told = {recipients[0]: text for recipients, text in mailbox.messages}
    assert "bạn đứng thứ 1 trong danh sách chờ" in told["hai@example.invalid"]
    assert "Xác nhận email để hoàn tất đăng ký" in told["ba@example.invalid"]
    assert "bạn đã có chỗ" in told["mot@example.invalid"]  # the mail, not the page, says so
    with django_capture_on_commit_callbacks(execute=True):
        assert "Sự kiện đã hết chỗ" in confirm(client, event, "ba@example.invalid").text
    assert list(event.registrations.waiting().values_list("email", flat=True)) == [
        "hai@example.invalid",
        "ba@example.invalid",
    ]
    assert "Bạn đứng thứ 2 trong danh sách chờ" in mailbox.messages[-1][1]


def test_the_form_mails_one_address_a_few_times_a_day_at_most(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Answered alike, a known address is mailed each time the form names it: capped, so the
    form cannot flood someone's inbox (the link mailed to a new registration counts too)."""
    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        first = register(client, event)
        confirm(client, event)  # the confirmation with the .ics: the owner asked for it
        answers = [first] + [register(client, event) for _ in range(5)]
    assert [r.status_code for r in answers] == [200] * 6
    assert len({_answer(r) for r in answers}) == 1
    # The link, the confirmation, and two "already registered": three answers to the form.
    assert len(mailbox.messages) == 4 and Registration.objects.count() == 1
    assert sum("Bạn đã đăng ký từ trước" in text for _, text in mailbox.messages) == 2
    other = make_event(capacity=5)  # another event is another registration, mailed
    with django_capture_on_commit_callbacks(execute=True):
        register(client, other)
    assert len(mailbox.messages) == 5


def test_someone_who_cancelled_may_register_again(client, make_event):
    event = make_event(capacity=5)
    sign_up(client, event)
    client.post(Registration.objects.get().get_cancel_url())
    response = register(client, event)
    assert response.status_code == 200
    assert Registration.objects.get().status == S.PENDING  # the address confirms again
    assert "Đăng ký thành công" in confirm(client, event).text
    assert Registration.objects.get().status == S.CONFIRMED


def test_invalid_input_is_named_beside_each_field(client, make_event):
    event = make_event()
    response = register(client, event, name="  ", email="khong-phai-email", consent="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập họ tên." in html
    assert "Địa chỉ email không hợp lệ." in html
    assert "Cần đồng ý với việc xử lý dữ liệu cá nhân" in html
    assert 'value="0901 234 567"' in html
    assert not Registration.objects.exists()


def test_closed_past_and_cancelled_events_say_why(client, make_event):

    closed = make_event(registration_closes_at=timezone.now() - DAY, starts_in=3 * DAY)
    past = make_event(starts_in=-2 * DAY)
    cancelled = make_event(cancelled=True)
    not_yet = make_event(registration_opens_at=timezone.now() + DAY, starts_in=5 * DAY)
    cases = [
        (closed, "Đã hết hạn đăng ký"),
        (past, "Sự kiện đã bắt đầu hoặc đã diễn ra"),
        (cancelled, "Sự kiện đã bị hủy"),
        (not_yet, "Chưa mở đăng ký"),
    ]
    for event, message in cases:
        assert message in client.get(f"/su-kien/dang-ky/{event.pk}/").content.decode()
        response = register(client, event)
        assert response.status_code == 409 and message in response.content.decode()
    assert not Registration.objects.exists()


def test_unpublished_event_takes_no_registration(client, make_event):
    event = make_event()
    event.unpublish()
    assert register(client, event).status_code == 404


def test_a_bigger_room_gives_the_waiting_list_its_seats_when_published(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm đông người", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, name="Người Một", email="mot@example.invalid")
        sign_up(client, event, name="Người Hai", email="hai@example.invalid")
        sign_up(client, event, name="Người Ba", email="ba@example.invalid")
    mailbox.whole.clear(), mailbox.messages.clear()
    event.capacity = 2  # the editor moves it to a bigger room and publishes
    with django_capture_on_commit_callbacks(execute=True):
        event.save_revision().publish()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses["hai@example.invalid"] == S.CONFIRMED  # the first in line
    assert statuses["ba@example.invalid"] == S.WAITING
    [(recipients, text)] = mailbox.messages
    assert recipients == ["hai@example.invalid"] and "Đã có chỗ cho bạn" in text


def test_a_script_cannot_take_every_seat_from_one_address(client, make_event, settings):
    """Past the hourly limit per address: 429, the form and what was typed kept, no seat taken;
    another address still registers."""
    settings.EVENTS_RATE_PER_IP = (3, 3600)
    event = make_event(capacity=10)
    for n in range(3):
        assert register(client, event, email=f"bot{n}@example.invalid").status_code == 200
    refused = register(client, event, name="Người thứ tư", email="bot3@example.invalid")
    assert refused.status_code == 429
    html = refused.content.decode()
    assert "Có quá nhiều lượt gửi" in html and 'value="Người thứ tư"' in html
    assert Registration.objects.count() == 3
    # Invented addresses nobody confirms hold no seat either.
    assert "Còn 10 chỗ." in client.get(f"/su-kien/dang-ky/{event.pk}/").text
    other = client.post(
        f"/su-kien/dang-ky/{event.pk}/",
        {"name": "Trần Thị Bình", "email": "binh@example.invalid", "consent": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 200 and Registration.objects.count() == 4


def test_an_event_number_too_long_for_the_database_is_not_found(client, events_index):
    for path in (
        "/su-kien/dang-ky/99999999999999999999/",
        "/su-kien/tac-nghiep/99999999999999999999/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "An"}).status_code == 404


def test_a_name_with_a_link_is_not_mailed_to_the_address_typed_beside_it(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Anyone could have the portal mail "Chào <their text with a link>" to any inbox."""
    event = make_event(capacity=10)
    for name in ("Nhận quà tại https://qua-tang.example/nhan", "Bạn trúng thưởng www.evil.example"):
        with django_capture_on_commit_callbacks(execute=True):
            refused = register(client, event, name=name, email="nan-nhan@example.invalid")
        assert refused.status_code == 400
        assert "Họ tên không được chứa đường dẫn" in refused.content.decode()
    assert not Registration.objects.exists() and not mailbox.messages
    with django_capture_on_commit_callbacks(execute=True):
        assert register(client, event, name="PGS.TS Nguyễn Văn An").status_code == 200
    assert len(mailbox.messages) == 1

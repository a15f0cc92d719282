"""iCalendar: the per-event .ics and the feed of upcoming events, read back with `icalendar`."""

import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

DAY = datetime.timedelta(days=1)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_event_ics_is_valid_and_keeps_its_uid(client, make_event):
    event = make_event(
        "Hội thảo giao thông công cộng",
        starts_at=datetime.datetime(2031, 6, 2, 8, 0, tzinfo=HCM),
        address="4 Phạm Ngọc Thạch",
    )
    response = client.get(event.url + "ics/")
    assert response["Content-Type"].startswith("text/calendar")
    assert not response.cookies and "public" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    [vevent] = calendar.walk("VEVENT")
    assert vevent["SUMMARY"] == "Hội thảo giao thông công cộng"
    assert vevent["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert vevent.decoded("DTSTART") == datetime.datetime(2031, 6, 2, 8, 0, tzinfo=HCM)
    assert vevent.decoded("DTEND") == datetime.datetime(2031, 6, 2, 10, 0, tzinfo=HCM)
    assert vevent["LOCATION"] == "Hội trường Thành ủy, 4 Phạm Ngọc Thạch"
    assert vevent["URL"] == event.full_url
    assert "Trao đổi về chính sách mới" in vevent["DESCRIPTION"]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    again = Calendar.from_ical(client.get(event.url + "ics/").content)
    assert again.walk("VEVENT")[0]["UID"] == vevent["UID"]


def test_feed_lists_upcoming_events_only(client, make_event):
    soon = make_event("Tọa đàm sắp tới", starts_in=2 * DAY)
    make_event("Tọa đàm đã qua", starts_in=-2 * DAY)
    response = client.get("/su-kien/lich.ics")
    assert response.status_code == 200 and not response.cookies
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == [soon.title]
    assert events[0]["UID"].startswith(f"su-kien-{soon.pk}@")


def test_each_published_version_has_a_higher_sequence_and_the_same_uid(client, make_event):
    """Google and Outlook replace an imported event only from a file with a higher SEQUENCE."""
    event = make_event("Tọa đàm dời giờ", starts_at=datetime.datetime(2031, 6, 2, 8, 0, tzinfo=HCM))

    def published():
        calendar = Calendar.from_ical(client.get(event.url + "ics/").content)
        assert calendar["METHOD"] == "PUBLISH"
        return calendar.walk("VEVENT")[0]

    first = published()
    assert first.decoded("LAST-MODIFIED") == event.last_published_at.replace(microsecond=0)
    event.summary = "Bản nháp chưa đăng."
    event.save_revision()  # a draft changes nothing the public sees
    assert published()["SEQUENCE"] == first["SEQUENCE"]
    event.starts_at += datetime.timedelta(hours=6)
    event.ends_at += datetime.timedelta(hours=6)
    event.save_revision().publish()
    event.refresh_from_db()
    moved = published()
    assert moved["SEQUENCE"] > first["SEQUENCE"] and moved["UID"] == first["UID"]
    assert moved.decoded("DTSTART") == datetime.datetime(2031, 6, 2, 14, 0, tzinfo=HCM)
    assert moved.decoded("LAST-MODIFIED") == event.last_published_at.replace(microsecond=0)
    event.cancelled = True
    event.save_revision().publish()
    cancelled = published()
    assert cancelled["STATUS"] == "CANCELLED" and cancelled["SEQUENCE"] > moved["SEQUENCE"]
    # The feed carries the same sequence as the event's own file.
    [in_feed] = Calendar.from_ical(client.get("/su-kien/lich.ics").content).walk("VEVENT")
    assert in_feed["SEQUENCE"] == cancelled["SEQUENCE"]


def test_withdrawn_then_republished_event_keeps_a_growing_sequence(make_event):
    """A withdrawal (unpublish) is announced with a CANCEL above the last version, and publishing
    the event again afterwards goes above the CANCEL."""
    from cityportal.events.calendar import sequence_of

    event = make_event("Tọa đàm thu hồi")
    live = sequence_of(event)
    event.unpublish()
    event.refresh_from_db()
    withdrawn = sequence_of(event)
    event.save_revision().publish()
    event.refresh_from_db()
    assert live < withdrawn < sequence_of(event)


def test_mailed_calendar_files_supersede_each_other(
    client, make_event, mailbox, django_capture_on_commit_callbacks
):
    """The confirmation, then the move, then the cancellation: each .ics replaces the one before
    in the attendee's calendar (same UID, higher SEQUENCE; the last one a CANCEL)."""
    from .conftest import attachments, sign_up

    event = make_event("Hội thảo đổi lịch")
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client, event, email="an@example.invalid")
        event.starts_at += DAY
        event.ends_at += DAY
        event.save_revision().publish()
        event.cancelled = True
        event.save_revision().publish()
    asking, *calendar_mails = mailbox.whole
    assert not list(asking.iter_attachments())  # the link to confirm the address carries none
    files = []
    for message in calendar_mails:
        [part] = [p for p in message.iter_attachments()]
        calendar = Calendar.from_ical(next(iter(attachments(message).values())))
        files.append((calendar["METHOD"], part.get_param("method"), calendar.walk("VEVENT")[0]))
    assert [(m, header) for m, header, _ in files] == [
        ("PUBLISH", "PUBLISH"),
        ("PUBLISH", "PUBLISH"),
        ("CANCEL", "CANCEL"),
    ]
    uids = {str(v["UID"]) for *_, v in files}
    sequences = [v["SEQUENCE"] for *_, v in files]
    assert len(uids) == 1 and sequences == sorted(set(sequences))
    cancel = files[-1][2]
    assert cancel["STATUS"] == "CANCELLED" and cancel["ATTENDEE"] == "mailto:an@example.invalid"
    assert str(cancel["ORGANIZER"]).startswith("mailto:") and "@" in str(cancel["ORGANIZER"])

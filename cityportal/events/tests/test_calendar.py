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

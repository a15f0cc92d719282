"""iCalendar (RFC 5545) for events: one event's .ics, and the feed of upcoming events."""

import datetime
from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//CityPortal//Lich su kien//VI"


def uid_of(event) -> str:
    """The same UID every time, so a calendar that subscribed updates the event in place."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "cityportal"
    return f"su-kien-{event.pk}@{host}"


def location_of(event) -> str:
    parts = [event.venue, event.address, event.unit.name if event.unit_id else ""]
    return ", ".join(p for p in parts if p)


def sequence_of(event) -> int:
    """RFC 5545's SEQUENCE, which must grow with every version a calendar was sent, or Google and
    Outlook keep the old time. Revision ids only grow (AUTOINCREMENT on SQLite too), and every
    publish makes a new one: twice the live revision's id; an event taken off the site (withdrawn,
    deleted) is one more than its last revision, and below any later republication."""
    if event.live and event.live_revision_id:
        return 2 * event.live_revision_id
    return 2 * (event.latest_revision_id or 0) + (0 if event.live else 1)


def vevent(event, request=None, attendee: str = "") -> Event:
    url = event.get_full_url(request)
    item = Event()
    item.add("uid", uid_of(event))
    # DTSTAMP: when this file was made (there is a METHOD); LAST-MODIFIED: the published version.
    item.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    if event.last_published_at:
        item.add("last-modified", event.last_published_at.astimezone(datetime.UTC))
    item.add("sequence", sequence_of(event))
    # Local wall-clock time with TZID=Asia/Ho_Chi_Minh; the VTIMEZONE is added to the calendar.
    item.add("dtstart", timezone.localtime(event.starts_at))
    item.add("dtend", timezone.localtime(event.ends_at))
    item.add("summary", event.title)
    description = [event.summary]
    if event.online_url:
        description.append(f"Trực tuyến: {event.online_url}")
    description.append(url)
    item.add("description", "\n\n".join(d for d in description if d))
    if location := location_of(event):
        item.add("location", location)
    item.add("url", url)
    item.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if attendee:  # RFC 5546's CANCEL names who sends it and to whom
        item.add("organizer", f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
        item.add("attendee", f"mailto:{attendee}")
    return item


def calendar_of(events, request=None, name: str = "", attendee: str = "") -> Calendar:
    """METHOD:PUBLISH, or for one cancelled event mailed to `attendee`, METHOD:CANCEL (RFC 5546),
    which tells the calendar to remove the entry it imported."""
    events = list(events)
    cancelling = bool(attendee) and len(events) == 1 and events[0].cancelled
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelling else "PUBLISH")
    calendar.add("x-wr-calname", name or settings.WAGTAIL_SITE_NAME)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(vevent(event, request, attendee if cancelling else ""))
    calendar.add_missing_timezones()
    return calendar

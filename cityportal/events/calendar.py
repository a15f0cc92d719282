"""iCalendar (RFC 5545) for events: one event's .ics, and the feed of upcoming events."""

import datetime
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


def vevent(event, request=None) -> Event:
    url = event.get_full_url(request)
    item = Event()
    item.add("uid", uid_of(event))
    stamp = event.last_published_at or event.latest_revision_created_at or timezone.now()
    item.add("dtstamp", stamp.astimezone(datetime.UTC))
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
    return item


def calendar_of(events, request=None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name or settings.WAGTAIL_SITE_NAME)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        calendar.add_component(vevent(event, request))
    calendar.add_missing_timezones()
    return calendar

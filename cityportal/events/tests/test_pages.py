"""Event pages: listings, what an anonymous visitor gets (cacheable, cookie-free, structured
data), validation of times in the admin, the summary article, and counting for the report."""

import datetime
import json
import re
import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cityportal.events.models import EventPage, Registration

DAY = datetime.timedelta(days=1)


def test_upcoming_and_past_listings(client, events_index, make_event, settings):
    soon = make_event("Hội thảo sắp tới", starts_in=3 * DAY)
    later = make_event("Tọa đàm tháng sau", starts_in=30 * DAY)
    held = make_event("Họp báo đã qua", starts_in=-10 * DAY)
    html = client.get(events_index.url).content.decode()
    upcoming = html.split('id="h-past"')[0]
    assert upcoming.index(soon.title) < upcoming.index(later.title)  # soonest first
    assert held.title not in upcoming and held.title in html  # "Đã diễn ra" below
    past = client.get(events_index.url + "da-dien-ra/").content.decode()
    assert held.title in past and soon.title not in past


def test_listing_is_paginated(client, events_index, make_event):
    for n in range(22):
        make_event(f"Sự kiện số {n:02d}", starts_in=(n + 1) * DAY)
    first = client.get(events_index.url).content.decode()
    second = client.get(events_index.url + "?trang=2").content.decode()
    assert "Sự kiện số 00" in first and "Sự kiện số 21" not in first
    assert "Sự kiện số 21" in second and "Trang 2/2" in second


def events_links(client, url: str) -> list:
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [a for a in soup.select(".site-nav a, .site-footer a") if a.get_text() == "Sự kiện"]


def test_the_navigation_and_footer_link_the_events_index_by_its_own_url(client, events_index):
    """Renamed, the index is still linked (no hard-coded /su-kien/), and marked as the current
    section on its own page."""
    events_index.slug = "lich-su-kien"
    events_index.save_revision().publish()
    links = events_links(client, "/")
    assert [a["href"] for a in links] == ["/lich-su-kien/", "/lich-su-kien/"]
    assert "aria-current" not in links[0].attrs
    assert events_links(client, "/lich-su-kien/")[0]["aria-current"] == "page"


def test_no_events_link_without_a_live_events_index(client, home, events_index):
    events_index.unpublish()
    assert client.get("/").status_code == 200 and events_links(client, "/") == []


def test_event_page_is_cacheable_sets_no_cookie_and_carries_jsonld(client, make_event):
    event = make_event(
        "Tọa đàm chuyển đổi số",
        starts_at=timezone.make_aware(datetime.datetime(2031, 3, 5, 8, 30)),
        capacity=50,
        online_url="https://video.example.invalid/truc-tiep",
    )
    response = client.get(event.url)
    assert response.status_code == 200
    assert not response.cookies and "public" in response["Cache-Control"]
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html  # the form comes from its own uncached URL
    assert "Thứ Tư, 5/3/2031, 08:30" in html  # shown in Vietnam's time
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    data = json.loads(scripts[0])
    assert data["@type"] == "Event" and data["name"] == "Tọa đàm chuyển đổi số"
    assert data["startDate"] == "2031-03-05T08:30:00+07:00"
    assert data["eventAttendanceMode"].endswith("MixedEventAttendanceMode")
    assert data["location"][0]["name"] == "Hội trường Thành ủy"
    assert data["maximumAttendeeCapacity"] == 50


def test_a_title_with_a_comment_and_script_tag_does_not_hide_the_event_page(client, make_event):
    """Only "</" was escaped in the JSON-LD: a title with "<!--<script>" kept the script element
    open, and the browser showed nothing of the page after it."""
    title = "Tọa đàm <!--<script> & </script> an toàn mạng"
    event = make_event(title, summary="Tóm tắt <b>đậm</b>")
    html = client.get(event.url).content.decode()
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert data["name"] == title and data["description"] == "Tóm tắt <b>đậm</b>"


def test_registrants_email_is_never_on_public_pages(client, events_index, make_event):
    event = make_event(capacity=1)
    for n, status in enumerate(["confirmed", "waiting", "cancelled"]):
        Registration.objects.create(
            event=event, name=f"Người {n}", email=f"bi-mat-{n}@example.invalid", status=status
        )
    urls = [event.url, event.url + "ics/", events_index.url, "/su-kien/lich.ics", "/"]
    for url in urls:
        body = client.get(url).content.decode()
        assert "bi-mat-" not in body and "example.invalid" not in body, url


def _admin_post(client, parent, **fields):
    data = {
        "title": "Hội thảo sai giờ",
        "slug": "hoi-thao-sai-gio",
        "kind": "seminar",
        "summary": "Thử",
        "starts_at": "2031-05-10 10:00",
        "ends_at": "2031-05-10 09:00",
        "accepts_registrations": "on",
        "body": streamfield([]),
        "speakers": inline_formset([]),
        "agenda_items": inline_formset([]),
        "documents": inline_formset([]),
        **fields,
    }
    url = f"/admin/pages/add/events/eventpage/{parent.pk}/"
    return client.post(url, nested_form_data(data))


def test_admin_refuses_an_end_before_the_start(client, events_index):
    admin = get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "pw")
    client.force_login(admin)
    response = _admin_post(client, events_index)
    assert response.status_code == 200
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in response.content.decode()
    past = _admin_post(
        client, events_index, starts_at="2020-01-01 08:00", ends_at="2020-01-01 10:00"
    )
    assert "Thời gian bắt đầu đã qua" in past.content.decode()
    assert not EventPage.objects.exists()
    # Stored aware, entered in Vietnam's time.
    ok = _admin_post(client, events_index, ends_at="2031-05-10 12:00")
    assert ok.status_code == 302
    saved = EventPage.objects.get()
    assert saved.starts_at == datetime.datetime(2031, 5, 10, 3, 0, tzinfo=datetime.UTC)


def test_registration_window_must_fit_the_event(make_event):
    from django.core.exceptions import ValidationError

    event = make_event()
    event.registration_closes_at = event.ends_at + DAY
    with pytest.raises(ValidationError, match="Hạn đăng ký không thể sau"):
        event.full_clean()


def test_article_page_names_the_event_it_sums_up(client, make_event, make_article):
    article = make_article("Tổng kết tọa đàm giao thông")
    event = make_event("Tọa đàm giao thông", starts_in=-5 * DAY, summary_article=article)
    request = RequestFactory().get("/")
    html = Template("{% load event_tags %}{% summarised_events page %}").render(
        Context({"page": article, "request": request})
    )
    assert "Bài viết tổng kết sự kiện" in html and event.title in html
    # And the event page links to its summary.
    assert article.title in client.get(event.url).content.decode()


def test_held_between_counts_events_people_and_attendance(make_event):
    now = timezone.now()
    held = make_event("Đã tổ chức", starts_in=-3 * DAY)
    make_event("Đã hủy", starts_in=-2 * DAY, cancelled=True)
    make_event("Sắp tới", starts_in=3 * DAY)
    make_event("Quá lâu", starts_in=-100 * DAY)
    for n in range(3):
        Registration.objects.create(
            event=held,
            name=f"Khách {n}",
            email=f"khach{n}@example.invalid",
            status="confirmed",
            checked_in_at=now if n else None,
        )
    Registration.objects.create(
        event=held, name="Chờ", email="cho@example.invalid", status="waiting"
    )
    period = EventPage.objects.held_between(timezone.localdate() - 30 * DAY, timezone.localdate())
    assert [e.title for e in period] == ["Đã tổ chức"]
    [row] = period.with_counts()
    assert (row.registered, row.waiting, row.attended) == (3, 1, 2)
    assert period.totals() == {"events": 1, "registered": 3, "attended": 2, "accredited": 0}


def test_a_past_event_offers_its_recording_by_name_and_no_calendar_button(client, make_event):
    past = make_event(
        "Tọa đàm đã qua có video",
        starts_in=-datetime.timedelta(days=3),
        online_url="https://www.youtube.com/watch?v=abc123&list=PL0123456789abcdef&index=12",
    )
    html = client.get(past.url).content.decode()
    assert 'Xem lại video sự kiện</a> <span class="meta">(www.youtube.com)</span>' in html
    assert ">https://www.youtube.com/watch" not in html  # no raw address as the link's text
    assert "Thêm vào lịch (.ics)" not in html  # nothing left to put in a calendar
    upcoming = make_event("Tọa đàm sắp tới", online_url="https://video.example.invalid/truc-tiep")
    html = client.get(upcoming.url).content.decode()
    assert "Xem trực tuyến</a>" in html and "Thêm vào lịch (.ics)" in html


def test_once_the_event_begins_its_page_says_registration_is_closed_as_the_form_does(
    client, make_event
):
    """From the start until the end the page offered "Đăng ký tham dự", and only the form said
    it was too late: page and form now read one rule (EventPage.registration_closed)."""
    event = make_event("Tọa đàm đang diễn ra", capacity=50)
    begun = timezone.now() - datetime.timedelta(minutes=5)
    EventPage.objects.filter(pk=event.pk).update(
        starts_at=begun, ends_at=begun + datetime.timedelta(hours=3)
    )
    soup = BeautifulSoup(client.get(event.url).text, "html.parser")
    section = soup.select_one("[data-registration]")
    assert section.select_one("[data-registration-link]") is None
    closed = section.select_one(".registration-closed").get_text()
    assert closed == "Sự kiện đã bắt đầu hoặc đã diễn ra, không nhận đăng ký thêm."
    assert closed in client.get(f"/su-kien/dang-ky/{event.pk}/").text
    refused = client.post(
        f"/su-kien/dang-ky/{event.pk}/",
        {"name": "Người Đến Muộn", "email": "muon@example.invalid", "consent": "on"},
    )
    assert refused.status_code == 409 and closed in refused.text
    assert "đăng ký tác nghiệp" in section.get_text()  # reporters still ask until it ends

    # Not yet open is no reason to hide the button: a page kept in a cache would go on hiding
    # it after the opening time, while the form (never cached) says when it opens.
    soon = make_event(registration_opens_at=timezone.now() + DAY, starts_in=3 * DAY)
    html = client.get(soon.url).text
    assert "data-registration-link" in html and "registration-closed" not in html
    assert "Chưa mở đăng ký" in client.get(f"/su-kien/dang-ky/{soon.pk}/").text


def test_caches_keep_an_event_page_no_later_than_its_registration_closes(
    client, events_index, make_event, settings
):
    """The page, the calendar and its feed change by themselves when an event begins (the form
    gives way to "registration closed", the event moves on in the lists): browsers, Varnish and
    the page cache kept the old copy up to PUBLIC_CACHE_SECONDS / PAGE_CACHE_SECONDS past it."""
    from django.core.cache import cache

    settings.PUBLIC_CACHE_SECONDS, settings.PAGE_CACHE_SECONDS = 60, 300
    cache.clear()
    make_event("Hội thảo tuần sau")  # a week ahead: its turn is far beyond the lifetimes
    event = make_event("Tọa đàm sắp bắt đầu", starts_in=datetime.timedelta(seconds=4), capacity=9)

    def max_age(response):
        return int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1])

    first = client.get(event.url)
    assert "data-registration-link" in first.text and "X-Page-Cache" not in first
    for response in (first, client.get(events_index.url), client.get("/su-kien/lich.ics")):
        assert response.status_code == 200 and 0 < max_age(response) <= 4
    again = client.get(event.url)
    assert again["X-Page-Cache"] == "hit" and max_age(again) <= 4

    while timezone.now() < event.starts_at + datetime.timedelta(milliseconds=300):
        time.sleep(0.1)
    begun = client.get(event.url)
    assert "X-Page-Cache" not in begun  # the page cache let it go at the start
    assert "data-registration-link" not in begun.text and "registration-closed" in begun.text
    assert max_age(begun) == 60  # its next turn, the end, is two hours on: the usual lifetime

    later = make_event("Tọa đàm tháng sau", starts_in=30 * DAY)
    assert max_age(client.get(later.url)) == 60


def test_the_lists_and_the_feed_ask_for_the_calendar_turn_once_per_content_version(
    client, events_index, make_event, settings
):
    """The index and lich.ics bound their cache lifetime by the next event start or end: an
    aggregate query per render, cached now until something is published or that moment passes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PUBLIC_CACHE_SECONDS = 60
    make_event("Hội thảo tuần sau")
    client.get(events_index.url)  # the first render asks

    def turn_queries(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return [q["sql"] for q in captured if 'MIN("events_eventpage"' in q["sql"]]

    for url in (events_index.url, events_index.url + "da-dien-ra/", "/su-kien/lich.ics"):
        assert turn_queries(url) == []

    # Publishing an event that starts sooner moves the turn at once.
    make_event("Tọa đàm sắp bắt đầu", starts_in=datetime.timedelta(seconds=30))
    assert len(turn_queries(events_index.url)) == 1
    response = client.get(events_index.url)
    assert int(re.search(r"max-age=(\d+)", response["Cache-Control"])[1]) <= 30


def test_the_kept_calendar_turn_is_asked_again_once_it_has_passed(events_index, make_event):
    soon = make_event("Tọa đàm sắp bắt đầu", starts_in=DAY)
    assert EventPage.objects.calendar_turn() == soon.starts_at
    after_start = soon.starts_at + datetime.timedelta(minutes=1)
    assert EventPage.objects.calendar_turn(now=after_start) == soon.ends_at
    after_end = soon.ends_at + datetime.timedelta(minutes=1)
    assert EventPage.objects.calendar_turn(now=after_end) is None
    assert EventPage.objects.calendar_turn(now=after_end) is None  # nothing ahead, kept too

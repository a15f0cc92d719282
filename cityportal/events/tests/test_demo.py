"""The demo: a calendar with past talks (the latest with its summary article), the people who
came to them, and upcoming events, loaded once however often the command runs, with the monthly
press conference of this month and the next added at each load."""

import io

from django.core.management import call_command
from django.utils.timezone import localtime
from freezegun import freeze_time

from cityportal.events.models import Accreditation, EventPage, Registration

# Before the month's last Thursday (26 November 2026): both press conferences are ahead.
EARLY_IN_THE_MONTH = "2026-11-10 10:00+07:00"


def load() -> None:
    call_command("load_events_demo", stdout=io.StringIO())


@freeze_time(EARLY_IN_THE_MONTH, tick=True)
def test_demo_loads_once_with_past_and_upcoming_events(db, client):
    load()
    counts = [EventPage.objects.count(), Registration.objects.count()]
    load()
    assert [EventPage.objects.count(), Registration.objects.count()] == counts
    assert counts[0] == 7
    past = EventPage.objects.past()
    assert past.count() == 4
    talk = past.get(slug="toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh")
    assert talk.summary_article is not None and talk.summary_article.live
    assert [
        (e.title, localtime(e.starts_at).isoformat()) for e in EventPage.objects.upcoming()
    ] == [
        ("Hội thảo: Phát triển giao thông công cộng kết nối vùng", "2026-11-24T08:00:00+07:00"),
        (
            "Họp báo cung cấp thông tin kinh tế - xã hội tháng 11/2026",
            "2026-11-26T15:00:00+07:00",
        ),
        (
            "Họp báo cung cấp thông tin kinh tế - xã hội tháng 12/2026",
            "2026-12-31T15:00:00+07:00",
        ),
    ]
    assert client.get("/su-kien/").status_code == 200


def test_a_demo_reloaded_a_month_later_still_has_a_press_conference_ahead(db):
    """Dates were fixed at the first load: `make run` a month later on the same database showed
    no upcoming event once the seminar had passed."""
    with freeze_time(EARLY_IN_THE_MONTH, tick=True):
        load()
        first = {e.slug: (e.starts_at, e.latest_revision_id) for e in EventPage.objects.all()}
    with freeze_time("2026-12-28 09:00+07:00", tick=True):  # the seminar is over
        load()
        slugs = set(EventPage.objects.values_list("slug", flat=True))
        assert slugs - set(first) == {"hop-bao-thong-tin-kinh-te-xa-hoi-thang-1-2027"}
        # What was there is left as it was, the past press conference included.
        assert {
            e.slug: (e.starts_at, e.latest_revision_id)
            for e in EventPage.objects.filter(slug__in=first)
        } == first
        upcoming = EventPage.objects.upcoming()
        assert [e.slug for e in upcoming] == [
            "hop-bao-thong-tin-kinh-te-xa-hoi-thang-12-2026",
            "hop-bao-thong-tin-kinh-te-xa-hoi-thang-1-2027",
        ]
        assert localtime(upcoming[1].starts_at).date().isoformat() == "2027-01-28"
        pages = EventPage.objects.count()
        load()
        assert EventPage.objects.count() == pages


def test_a_press_conference_already_held_when_added_had_reporters(db):
    """Loaded after the month's last Thursday, this month's press conference is added as one
    that took place: the report counts the reporters who covered it."""
    with freeze_time("2026-11-28 10:00+07:00", tick=True):
        load()
        held = EventPage.objects.past().get(slug="hop-bao-thong-tin-kinh-te-xa-hoi-thang-11-2026")
        assert held.accreditations.count() >= 10
        assert not held.registrations.exists()
        assert EventPage.objects.upcoming().filter(kind=EventPage.Kind.PRESS_CONFERENCE).exists()


@freeze_time(EARLY_IN_THE_MONTH, tick=True)
def test_past_demo_events_had_an_audience_the_quarterly_report_counts(db):
    """The report's attendance (registered, came, reporters accredited) read zero for every
    quarter of the demo: its past events had no one signed up."""
    load()
    totals = EventPage.objects.past().totals()
    assert totals == {"events": 4, "registered": 265, "attended": 202, "accredited": 27}
    assert not EventPage.objects.upcoming().filter(registrations__isnull=False).exists()
    cancelled = Registration.objects.filter(status=Registration.Status.CANCELLED)
    assert cancelled.exists() and not cancelled.filter(checked_in_at__isnull=False).exists()
    for registration in Registration.objects.select_related("event"):
        assert registration.created_at < registration.event.starts_at
    assert not Accreditation.objects.exclude(email__endswith="@example.invalid").exists()

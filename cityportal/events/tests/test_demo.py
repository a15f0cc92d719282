"""The demo: a calendar with past talks (the latest with its summary article), the people who
came to them, and upcoming events, loaded once however often the command runs."""

import io

from django.core.management import call_command

from cityportal.events.models import Accreditation, EventPage, Registration


def test_demo_loads_once_with_past_and_upcoming_events(db, client):
    call_command("load_events_demo", stdout=io.StringIO())
    counts = [EventPage.objects.count(), Registration.objects.count()]
    call_command("load_events_demo", stdout=io.StringIO())
    assert [EventPage.objects.count(), Registration.objects.count()] == counts
    assert counts[0] == 6
    past = EventPage.objects.past()
    assert past.count() == 4
    talk = past.get(slug="toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh")
    assert talk.summary_article is not None and talk.summary_article.live
    assert EventPage.objects.upcoming().count() == 2
    assert client.get("/su-kien/").status_code == 200


def test_past_demo_events_had_an_audience_the_quarterly_report_counts(db):
    """The report's attendance (registered, came, reporters accredited) read zero for every
    quarter of the demo: its past events had no one signed up."""
    call_command("load_events_demo", stdout=io.StringIO())
    totals = EventPage.objects.past().totals()
    assert totals == {"events": 4, "registered": 265, "attended": 202, "accredited": 27}
    assert not EventPage.objects.upcoming().filter(registrations__isnull=False).exists()
    cancelled = Registration.objects.filter(status=Registration.Status.CANCELLED)
    assert cancelled.exists() and not cancelled.filter(checked_in_at__isnull=False).exists()
    for registration in Registration.objects.select_related("event"):
        assert registration.created_at < registration.event.starts_at
    assert not Accreditation.objects.exclude(email__endswith="@example.invalid").exists()

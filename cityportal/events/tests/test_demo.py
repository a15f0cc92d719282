"""The demo: a calendar with past talks (the latest with its summary article) and upcoming events,
loaded once however often the command runs."""

import io

from django.core.management import call_command

from cityportal.events.models import EventPage


def test_demo_loads_once_with_past_and_upcoming_events(db, client):
    call_command("load_events_demo", stdout=io.StringIO())
    count = EventPage.objects.count()
    call_command("load_events_demo", stdout=io.StringIO())
    assert EventPage.objects.count() == count == 6
    past = EventPage.objects.past()
    assert past.count() == 4
    talk = past.get(slug="toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh")
    assert talk.summary_article is not None and talk.summary_article.live
    assert EventPage.objects.upcoming().count() == 2
    assert client.get("/su-kien/").status_code == 200

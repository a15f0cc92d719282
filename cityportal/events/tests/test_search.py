"""Events are found by the site search and its API (`type=event`), dated by when they are held."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cityportal.events.models import EventPage, EventSpeaker
from cityportal.search.models import Document


def events_found(client, text, **params):
    response = client.get("/api/v1/search", {"q": text, "type": "event", **params})
    assert response.status_code == 200
    return response.json()


def test_a_published_event_is_searchable_by_title_venue_and_speaker(
    client, make_event, events_index, django_capture_on_commit_callbacks
):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=10)
    with django_capture_on_commit_callbacks(execute=True):
        seminar = EventPage(
            title="Hội thảo chuyển đổi số trong dịch vụ công",
            kind=EventPage.Kind.SEMINAR,
            summary="Các sở, ngành trao đổi về cổng dịch vụ công trực tuyến.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=3),
            venue="Hội trường Thành ủy",
            speakers=[EventSpeaker(name="Nguyễn Văn Khải", role="Giám đốc Sở")],
        )
        events_index.add_child(instance=seminar)
        seminar.save_revision().publish()
        make_event(title="Tọa đàm về giao thông", venue="Nhà văn hóa Thanh niên")

    data = events_found(client, "hoi thao")
    assert data["total"] == 1
    result = data["results"][0]
    assert result["title"] == "Hội thảo chuyển đổi số trong dịch vụ công"
    assert result["url"] == "http://testserver" + seminar.url
    assert datetime.datetime.fromisoformat(result["published_at"]) == starts_at
    summary = events_found(client, "truc tuyen")["results"][0]["snippet"]
    assert "dịch vụ công <mark>trực</mark> <mark>tuyến</mark>" in summary
    assert [r["title"] for r in events_found(client, "nguyen van khai")["results"]] == [
        seminar.title
    ]
    assert events_found(client, "nha van hoa thanh nien")["total"] == 1
    # Dated by when it is held: a range around the start finds it, the week before does not.
    assert events_found(client, "hoi thao", **{"from": starts_at.date().isoformat()})["total"] == 1
    assert events_found(client, "hoi thao", to=timezone.localdate().isoformat())["total"] == 0

    with django_capture_on_commit_callbacks(execute=True):
        seminar.unpublish()
    assert events_found(client, "hoi thao")["total"] == 0


def test_private_events_are_not_searchable(make_event, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event(title="Hội thảo nội bộ của Sở")
    assert events_found(client, "hoi thao noi bo")["total"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=event, restriction_type=PageViewRestriction.LOGIN)
    assert events_found(client, "hoi thao noi bo")["total"] == 0


def test_rebuild_search_includes_events(make_event, client):
    make_event(title="Họp báo kinh tế quý ba", kind=EventPage.Kind.PRESS_CONFERENCE)
    Document.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert "event: 1 documents" in out.getvalue()
    assert events_found(client, "hop bao kinh te")["total"] == 1

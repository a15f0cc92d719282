"""Events are searchable with the news: "hoi thao chuyen doi so" finds the seminar, and so does
a speaker's name or the hall it is held in."""

from collections import defaultdict

from cityportal.news.search_sources import PageSource
from cityportal.search.sources import Entry, register

from .models import EventAgendaItem, EventPage, EventSpeaker


class EventSource(PageSource):
    model = EventPage
    kind = "event"

    def public(self):
        return EventPage.objects.published().order_by("starts_at", "pk")

    def batch(self, pages):
        ids = [p.pk for p in pages]
        speakers, agenda = defaultdict(list), defaultdict(list)
        for speaker in EventSpeaker.objects.filter(page_id__in=ids).order_by("sort_order"):
            speakers[speaker.page_id].append(
                ", ".join(filter(None, [speaker.name, speaker.role, speaker.affiliation]))
            )
        rows = EventAgendaItem.objects.filter(page_id__in=ids).order_by("sort_order")
        for page_id, title, speaker in rows.values_list("page_id", "title", "speaker"):
            agenda[page_id].append(" ".join(filter(None, [title, speaker])))
        return {"speakers": speakers, "agenda": agenda}

    def describe(self, page, url, batch):
        text = page.body.stream_block.get_searchable_content(page.body)
        details = [page.venue, page.address, *batch["speakers"][page.pk], *batch["agenda"][page.pk]]
        return Entry(
            kind=self.kind,
            title=page.title,
            url=url,
            lead=("Đã hủy. " if page.cancelled else "") + page.summary,
            body=" ".join(filter(None, details + text)),
            # When it is held, not when the page went up: a reader filtering by date or sorting
            # by newest means the day of the event, and the result shows that date.
            published_at=page.starts_at,
            place_ids=[page.unit_id] if page.unit_id else [],
        )


def register_all() -> None:
    register(EventSource())

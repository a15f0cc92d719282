"""Published answers are searchable with the news: a citizen finds the answer to a question
someone already asked."""

from cityportal.search.sources import Entry, Source, register

from .models import Enquiry


class AnswerSource(Source):
    model = Enquiry
    kind = "question"

    def public(self):
        return Enquiry.objects.published().select_related("agency")

    def entry(self, enquiry):
        if enquiry.status != Enquiry.Status.PUBLISHED:
            return None
        return Entry(
            kind=self.kind,
            title=enquiry.title,
            url=enquiry.get_absolute_url(),
            lead=enquiry.body,
            body=enquiry.answer,
            published_at=enquiry.answered_at,
            place_ids=[enquiry.place_id] if enquiry.place_id else [],
        )


def register_all() -> None:
    register(AnswerSource())

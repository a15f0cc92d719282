"""Records dated into chosen quarters: articles, enquiries, monitored items, events."""

import datetime
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from cityportal.core.models import Organisation

_numbers = itertools.count(1)


def local(*args) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def article_at(make_article):
    """article_at(local datetime, **fields): an article published today, dated `when` (as an
    imported archive is)."""

    def make(when, **fields):
        return make_article(published_at=when, **fields)

    return make


@pytest.fixture
def agency(db) -> Organisation:
    return Organisation.objects.create(name="Sở Thông tin và Truyền thông", slug="so-tttt")


@pytest.fixture
def press_officer(agency):
    return get_user_model().objects.create_user("press-officer", "po@example.invalid", "pw-123-Xx")


@pytest.fixture
def manager(db):
    """A user who may see and make quarterly reports (a superuser)."""
    return get_user_model().objects.create_superuser("report-admin", "ra@example.invalid", "pw")


@pytest.fixture
def enquiry(db):
    from cityportal.feedback.models import Enquiry

    def make(created_at, answered_at=None, status=None, kind="question", **fields):
        status = status or ("answered" if answered_at else "received")
        fields.setdefault("due_date", timezone.localdate(created_at) + datetime.timedelta(days=10))
        item = Enquiry.objects.create(
            kind=kind,
            topic="giao-thong",
            title=f"Câu hỏi {next(_numbers)}",
            body="Nội dung câu hỏi",
            name="Nguyễn Văn A",
            email="a@example.invalid",
            status=status,
            created_at=created_at,
            **fields,
        )
        Enquiry.objects.filter(pk=item.pk).update(answered_at=answered_at)
        return item

    return make


@pytest.fixture
def monitored(db):
    from cityportal.monitor.models import Item, Source

    source = Source.objects.create(name="Báo thử", kind=Source.Kind.MANUAL)

    def make(when, sentiment="neutral", topic="Doi song", **fields):
        return Item.objects.create(
            source=source,
            key=str(next(_numbers)),
            text="Người dân phản ánh tình trạng ngập nước.",
            published_at=when,
            status=Item.Status.PROCESSED,
            sentiment=sentiment,
            topic=topic,
            **fields,
        )

    return make


@pytest.fixture
def some_records(article_at, enquiry, monitored):
    article_at(local(2021, 8, 1, 9))
    article_at(local(2021, 5, 1, 9))
    enquiry(local(2021, 7, 1, 8), answered_at=local(2021, 7, 3, 8))
    monitored(local(2021, 7, 5, 10), sentiment="negative")


@pytest.fixture
def event_at(home):
    from cityportal.events.models import EventIndexPage, EventPage

    index = EventIndexPage(title="Sự kiện", slug="su-kien")
    home.add_child(instance=index)
    index.save_revision().publish()

    def make(starts_at, **fields):
        fields.setdefault("kind", EventPage.Kind.TALK)
        event = EventPage(
            title=f"Tọa đàm {next(_numbers)}",
            summary="Trao đổi chính sách.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            accepts_registrations=False,
            **fields,
        )
        index.add_child(instance=event)
        event.save_revision().publish()
        return event

    return make


@pytest.fixture
def mailbox(smtp):
    """The suite's SMTP server, reading whole messages (the report goes out with attachments):
    `messages` holds (recipients, "subject\\nplain text"), `attachments` each message's file
    names."""
    import email
    import email.policy
    import types

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = message.get_body(("plain",)).get_content()
        self.messages.append((envelope.rcpt_tos, f"{message['subject']}\n{text}"))
        self.attachments.append(
            {part.get_filename(): part.get_content() for part in message.iter_attachments()}
        )
        return "250 OK"

    smtp.attachments = []
    smtp.handle_DATA = types.MethodType(handle_DATA, smtp)
    return smtp

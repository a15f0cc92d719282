"""Events under the newsroom's home page, the public registration form as a reader posts it,
and the shared SMTP server keeping whole messages (registration mail carries an .ics attachment)."""

import datetime
import email
import email.policy
import re
import types

import pytest
from django.utils import timezone

from cityportal.events.models import EventIndexPage, EventPage, Registration


def publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def events_index(home) -> EventIndexPage:
    return publish_child(home, EventIndexPage(title="Sự kiện", slug="su-kien"))


@pytest.fixture
def make_event(events_index):
    """make_event(title="…", starts_in=timedelta(days=7), hours=2, **fields): a published event."""
    counter = {"n": 0}

    def make(title=None, starts_in=datetime.timedelta(days=7), hours=2, **fields):
        counter["n"] += 1
        starts_at = fields.pop("starts_at", timezone.now() + starts_in)
        fields.setdefault("kind", EventPage.Kind.TALK)
        fields.setdefault("summary", "Trao đổi về chính sách mới của Thành phố.")
        fields.setdefault("venue", "Hội trường Thành ủy")
        if starts_at < timezone.now():
            fields.setdefault("accepts_registrations", False)
        event = EventPage(
            title=title or f"Tọa đàm thử {counter['n']}",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=hours),
            **fields,
        )
        return publish_child(events_index, event)

    return make


@pytest.fixture
def mailbox(smtp):
    """The suite's SMTP server; `mailbox.whole` holds each message as parsed, attachments and
    all, and `messages` the (recipients, "subject\\nplain text") pairs the suite reads."""

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.whole.append(message)
        text = message.get_body(("plain",)).get_content()
        self.messages.append((envelope.rcpt_tos, f"{message['subject']}\n{text}"))
        return "250 OK"

    smtp.whole = []
    smtp.handle_DATA = types.MethodType(handle_DATA, smtp)
    return smtp


def register(client, event, **fields):
    """Post the public registration form for `event`: a valid sign-up, but for `fields`."""
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.invalid",
        "phone": "0901 234 567",
        "organisation": "",
        "consent": "on",
        **fields,
    }
    return client.post(f"/su-kien/dang-ky/{event.pk}/", data)


def confirm(client, event, email="an@example.invalid"):
    """Open the link mailed to `email` for `event` and press "Xác nhận đăng ký" (a POST: opening
    the link only asks). The confirmation page."""
    registration = Registration.objects.get(event=event, email=email.strip().lower())
    return client.post(registration.get_confirm_url())


def sign_up(client, event, **fields):
    """Register and confirm the address from the link, as a person who means it does: a seat or
    a place on the waiting list. The confirmation page."""
    register(client, event, **fields)
    return confirm(client, event, fields.get("email", "an@example.invalid"))


def confirm_link(message) -> str:
    """The confirmation link in a parsed message, as a path."""
    body = message.get_body(("plain",)).get_content()
    [path] = re.findall(r"https?://[^/\s]+(/su-kien/xac-nhan-dang-ky/[^/\s]+/)", body)
    return path


def attachments(message) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}

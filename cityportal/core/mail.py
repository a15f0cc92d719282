"""Mail sent because something changed (a submission moved on, a comment approved, an answer
given): after the change is committed, over one connection for the lot, and never failing the
request that made the change. A mail server that is down is logged; the change stands, and the
person who made it is not shown a server error for work that was saved."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction

logger = logging.getLogger(__name__)


def message(subject: str, body: str, to: list[str]) -> EmailMessage:
    # Subjects carry titles people typed: a line break in one (only a crafted post has one)
    # would fail the header after the change is committed, so it becomes a space.
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to)


def send_after_commit(messages: list[EmailMessage]) -> None:
    """Send `messages` (those with a recipient) once the current transaction commits."""
    messages = [m for m in messages if m.to]

    def send():
        try:
            connection = get_connection()
            connection.open()
        except Exception:
            logger.exception("could not reach the mail server for %d messages", len(messages))
            return
        with connection:
            for message in messages:
                message.connection = connection
                try:
                    message.send(fail_silently=False)
                except Exception:  # logged: the change it tells of is saved
                    logger.exception("could not send %r to %s", message.subject, message.to)
                    connection.close()  # the next message opens a fresh one

    if messages:
        transaction.on_commit(send)

"""Mail sent because something changed (a submission moved on, a comment approved, an answer
given): after the change is committed, over one connection for the lot, and never failing the
request that made the change. A message the mail server does not take (unreachable, or refusing
that one) waits in the outbox (`QueuedMail`) and `send_queued` tries it again with growing
delays, so a server down for an hour loses nobody's confirmation; the change stands, and the
person who made it is not shown a server error for work that was saved."""

import base64
import contextlib
import contextvars
import datetime
import email
import logging
from email.message import Message
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone

from .models import QueuedMail

logger = logging.getLogger(__name__)

# Waits after the first, second, third and fourth failed try; the fifth failure is the last.
RETRY_DELAYS = [
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=15),
    datetime.timedelta(hours=1),
    datetime.timedelta(hours=6),
]
# How long a run holds the messages it is trying, longer than a large backlog takes to send: a
# second run leaves them alone meanwhile, and a run that dies hands them back after it.
CLAIM = datetime.timedelta(hours=1)
# A message given up on holds a citizen's address and words: kept long enough for staff to see
# it and send it again, then deleted like the rest of the personal data the portal retires.
KEEP_FAILED = datetime.timedelta(days=30)


def message(subject: str, body: str, to: list[str]) -> EmailMessage:
    # Subjects carry titles people typed: a line break in one (only a crafted post has one)
    # would fail the header after the change is committed, so it becomes a space.
    return EmailMessage(" ".join(subject.split()), body, settings.DEFAULT_FROM_EMAIL, to)


def send_after_commit(messages: list[EmailMessage], about=None) -> None:
    """Send `messages` (those with a recipient) once the current transaction commits; those the
    server does not take wait in the outbox for `send_queued`. `about`, a model instance, is
    what they tell of: `QueuedMail.objects.about(it)` finds those still waiting.

    Each message is first written to the outbox inside the change's own transaction, and leaves
    it once sent: a process that dies between the commit and the send (a worker killed mid-job,
    a web process restarted) leaves it there for the worker's retry, and a change rolled back
    takes its mail with it."""
    for m in messages:
        m.to = [address for address in m.to if not _erased(address)]
    messages = [m for m in messages if m.to]
    if not messages:
        return
    retry_at = timezone.now() + RETRY_DELAYS[0]
    rows = QueuedMail.objects.bulk_create(
        QueuedMail(**_fields(m), about=about, next_attempt_at=retry_at) for m in messages
    )

    def send():
        errors = _send(messages)
        QueuedMail.objects.filter(
            pk__in=[row.pk for row, error in zip(rows, errors, strict=True) if not error]
        ).delete()
        for row, error in zip(rows, errors, strict=True):
            if error:
                # An update, not a save: the row may be gone meanwhile (its alert acknowledged).
                QueuedMail.objects.filter(pk=row.pk).update(last_error=error)

    transaction.on_commit(send)


def _erased(address: str) -> bool:
    # An erased person's address is replaced by one in the reserved domain "invalid" (RFC 2606,
    # feedback.privacy): it can never be delivered, and would only wait in the outbox until given
    # up (an event moved or cancelled tells everyone who signed up, erased or not).
    return address.strip().lower().endswith("@invalid")


def send_queued(now: datetime.datetime | None = None, among=None) -> dict:
    """Try again every queued message that is due (of `among`, a queryset, if given): one that
    goes out leaves the queue, one that fails again waits longer, and after
    `len(RETRY_DELAYS) + 1` tries it is marked failed, and deleted `KEEP_FAILED` after it was
    first sent. Counts what became of them."""
    now = now or timezone.now()
    due = (QueuedMail.objects.all() if among is None else among).due(now)
    rows = [row for row in due if row.claim(now + CLAIM)]
    errors = _send([_rebuilt(row) for row in rows])
    counts = {"sent": 0, "waiting": 0, "failed": 0}
    for row, error in zip(rows, errors, strict=True):
        if not error:
            row.delete()
            counts["sent"] += 1
            continue
        row.attempts += 1
        row.last_error = error
        if row.attempts > len(RETRY_DELAYS):
            row.status, row.next_attempt_at = QueuedMail.Status.FAILED, None
        else:
            row.next_attempt_at = now + RETRY_DELAYS[row.attempts - 1]
        # Discarded while it was being tried (what it told of was handled): nothing to keep.
        if not QueuedMail.objects.filter(pk=row.pk).update(
            attempts=row.attempts,
            last_error=row.last_error,
            status=row.status,
            next_attempt_at=row.next_attempt_at,
        ):
            continue
        if row.status == QueuedMail.Status.FAILED:
            logger.error("gave up sending %r to %s: %s", row.subject, row.to, error)
        counts[row.status] += 1
    if among is None:
        QueuedMail.objects.given_up().filter(created_at__lt=now - KEEP_FAILED).delete()
    return counts


def retry_now(pks: list[int]) -> dict:
    """Try these queued messages now, whether waiting or failed (one more try for a failed one:
    it stays failed if that fails too)."""
    now = timezone.now()
    chosen = QueuedMail.objects.filter(pk__in=pks)
    chosen.update(status=QueuedMail.Status.WAITING, next_attempt_at=now)
    return send_queued(now, chosen)


class _Shared:
    connection = None


_shared: contextvars.ContextVar[_Shared | None] = contextvars.ContextVar("mail", default=None)


@contextlib.contextmanager
def one_connection():
    """Within it, mail sent as each change commits shares one connection to the server, opened
    at the first send and closed at the end: a job's loop commits each item with its mail (so a
    failing item holds back no other), and opened a connection for every one."""
    shared = _Shared()
    token = _shared.set(shared)
    try:
        yield
    finally:
        _shared.reset(token)
        if shared.connection is not None:
            _close(shared.connection)


class OneConnectionPerRequest:
    """Middleware: the mail a request's changes send as they commit shares one connection (a
    cancellation that gives the seat to the next in line mails two people, a moderator's bulk
    action one each), opened only if something is sent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with one_connection():
            return self.get_response(request)


def _send(messages: list[EmailMessage]) -> list[str]:
    """Send `messages` over one connection (`one_connection`'s, if within one); for each, "" if
    the server took it, else why not."""
    if not messages:
        return []
    shared = _shared.get()
    try:
        connection = (shared and shared.connection) or get_connection()
        connection.open()  # again, if a refused message closed the shared one
        if shared is not None:
            shared.connection = connection
    except Exception as error:
        logger.warning("could not reach the mail server for %d messages: %s", len(messages), error)
        return [_why(error)] * len(messages)
    errors = []
    for message in messages:
        message.connection = connection
        try:
            message.send(fail_silently=False)
            errors.append("")
        except Exception as error:
            logger.warning("could not send %r to %s: %s", message.subject, message.to, error)
            errors.append(_why(error))
            _close(connection)  # the next message opens a fresh one
    if shared is None:
        _close(connection)
    return errors


def _close(connection) -> None:
    # A server that drops the line at QUIT has taken the mail already: nothing to queue.
    try:
        connection.close()
    except Exception:
        logger.warning("the mail server did not close the connection cleanly", exc_info=True)


def _why(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def _fields(message: EmailMessage) -> dict:
    """What `_rebuilt` needs to make `message` again, as JSON."""
    return {
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "subject": message.subject,
        "body": message.body,
        "alternatives": [list(a) for a in getattr(message, "alternatives", [])],
        "attachments": [_stored(a) for a in message.attachments],
    }


def _stored(attachment) -> dict:
    if isinstance(attachment, MIMEBase):  # a part built by hand, its headers and all
        return {"mime": attachment.as_string()}
    filename, content, mimetype = attachment
    if isinstance(content, bytes):
        return {
            "filename": filename,
            "mimetype": mimetype,
            "base64": base64.b64encode(content).decode(),
        }
    return {"filename": filename, "mimetype": mimetype, "content": content}


class _StoredPart(MIMEBase):
    """A MIME part read back as it was stored: Django attaches only a MIMEBase as it is."""

    def __init__(self, **kwargs):
        Message.__init__(self, **kwargs)


def _rebuilt(row: QueuedMail) -> EmailMessage:
    message = EmailMultiAlternatives(
        row.subject,
        row.body,
        row.from_email,
        row.to,
        bcc=row.bcc,
        cc=row.cc,
        reply_to=row.reply_to,
        headers=row.headers,
        alternatives=row.alternatives,
    )
    for stored in row.attachments:
        if "mime" in stored:
            message.attach(email.message_from_string(stored["mime"], _class=_StoredPart))
        elif "base64" in stored:
            content = base64.b64decode(stored["base64"])
            message.attach(stored["filename"], content, stored["mimetype"])
        else:
            message.attach(stored["filename"], stored["content"], stored["mimetype"])
    return message

"""Comments on a published article, and a real SMTP server on loopback for the e-mail tests."""

import pytest
from django.contrib.contenttypes.models import ContentType

from cityportal.feedback.models import Comment


@pytest.fixture
def article(make_article):
    return make_article(title="Thành phố khởi công tuyến metro số 2")


@pytest.fixture
def make_comment(article):
    """make_comment(body="…", **fields): a reader's comment on `article` (pending by default)."""
    counter = {"n": 0}

    def make(body=None, target=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        target = target or article
        fields.setdefault("name", f"Bạn đọc {n}")
        fields.setdefault("email", f"ban-doc-{n}@example.invalid")
        return Comment.objects.create(
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            body=body or f"Ý kiến số {n} về tuyến metro.",
            **fields,
        )

    return make


class Inbox:
    """What a real SMTP server on loopback received: (recipients, "subject\\nbody") pairs."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        import email.policy

        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        text = f"{message['subject']}\n{message.get_content()}"
        self.messages.append((envelope.rcpt_tos, text))
        return "250 OK"


@pytest.fixture
def smtp(settings):
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    yield inbox
    controller.stop()

"""Two agencies, a press officer in each, and the newsroom's editor (who reviews)."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cityportal.contributions.models import Membership, Submission
from cityportal.core.models import Organisation
from cityportal.news.newsroom import CONTRIBUTOR


@pytest.fixture
def agencies(db):
    return {
        "so-tttt": Organisation.objects.create(
            slug="so-tttt", name="Sở Thông tin và Truyền thông", kind="department"
        ),
        "thu-duc": Organisation.objects.create(
            slug="tp-thu-duc", name="UBND Thành phố Thủ Đức", kind="local"
        ),
    }


@pytest.fixture
def officers(agencies):
    """officers["so-tttt"] belongs to the department, officers["thu-duc"] to Thủ Đức."""
    User = get_user_model()
    group = Group.objects.get(name=CONTRIBUTOR)
    found = {}
    for key, organisation in agencies.items():
        user = User.objects.create_user(
            f"cb-{key}", email=f"{key}@example.invalid", password="pw", first_name=key
        )
        user.groups.add(group)
        Membership.objects.create(user=user, organisation=organisation)
        found[key] = user
    return found


@pytest.fixture
def make_submission(officers, agencies):
    def make(key="so-tttt", **fields):
        fields.setdefault("title", "Ra mắt cổng dịch vụ công mới")
        fields.setdefault("body", "<p>Nội dung bài.</p>")
        return Submission.objects.create(
            organisation=agencies[key],
            submitted_by=officers[key],
            idempotency_key=uuid.uuid4(),
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

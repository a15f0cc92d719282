"""Mail the server did not take is queued and tried again, never lost and never sent twice."""

import contextlib
import datetime
import email
import email.policy
import io
import socket
import types
from email.mime.text import MIMEText

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from cityportal.core import mail
from cityportal.core.models import QueuedMail

from .test_deploy_settings import _run

pytestmark = pytest.mark.django_db
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def server(smtp, settings, request):
    """The suite's SMTP server, which `server.down()` makes unreachable (the `smtp_down`
    fixture) and `server.up()` brings back; `server.whole` holds each message as parsed, and
    a message to refused@example.invalid is refused (550)."""
    port = settings.EMAIL_PORT

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.whole.append((envelope.rcpt_tos, parsed))
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == "refused@example.invalid":
            return "550 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    smtp.whole = []
    smtp.handle_DATA = types.MethodType(handle_DATA, smtp)
    smtp.handle_RCPT = types.MethodType(handle_RCPT, smtp)
    smtp.down = lambda: request.getfixturevalue("smtp_down")
    smtp.up = lambda: setattr(settings, "EMAIL_PORT", port)
    return smtp


def send(*messages, capture):
    with capture(execute=True):
        mail.send_after_commit(list(messages))


def test_a_message_sent_while_the_server_is_down_is_queued_once(
    server, django_capture_on_commit_callbacks, caplog
):
    server.down()
    before = timezone.now()
    send(
        mail.message("Xác nhận", "Chào An", ["an@example.invalid"]),
        mail.message("Xác nhận", "Chào Bình", ["binh@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    assert "could not reach the mail server for 2 messages" in caplog.text
    rows = QueuedMail.objects.order_by("pk")
    assert [(r.to, r.body, r.attempts, r.status) for r in rows] == [
        (["an@example.invalid"], "Chào An", 1, "waiting"),
        (["binh@example.invalid"], "Chào Bình", 1, "waiting"),
    ]
    assert "ConnectionRefusedError" in rows[0].last_error
    assert rows[0].next_attempt_at >= before + 5 * MINUTE
    assert server.whole == []


def test_a_message_the_server_takes_is_not_queued(server, django_capture_on_commit_callbacks):
    send(
        mail.message("Xác nhận", "Chào An", ["an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    assert len(server.whole) == 1
    assert not QueuedMail.objects.exists()


def test_a_message_outlives_a_process_that_dies_before_sending_it(
    server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):  # the commit, then the process dies
        mail.send_after_commit([mail.message("Xác nhận", "Chào An", ["an@example.invalid"])])
    assert server.whole == []
    assert mail.send_queued(timezone.now() + 5 * MINUTE) == {"sent": 1, "waiting": 0, "failed": 0}
    assert [recipients for recipients, _ in server.whole] == [["an@example.invalid"]]
    assert not QueuedMail.objects.exists()


def test_a_server_that_takes_the_connection_but_never_answers_holds_nobody(
    server, settings, tmp_path, django_capture_on_commit_callbacks
):
    with socket.socket() as silent:  # the kernel accepts; nobody ever greets
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = silent.getsockname()[1], 1
        send(
            mail.message("Xác nhận", "Chào An", ["an@example.invalid"]),
            capture=django_capture_on_commit_callbacks,
        )
    assert "timed out" in QueuedMail.objects.get().last_error
    read = "from django.conf import settings as s; print(s.EMAIL_TIMEOUT)"
    smtp_env = {"EMAIL_HOST": "mail.example.invalid"}
    assert _run(read, smtp_env, tmp_path).stdout.split() == ["10"]
    assert _run(read, {**smtp_env, "EMAIL_TIMEOUT": "30"}, tmp_path).stdout.split() == ["30"]


def test_an_erased_persons_placeholder_address_is_never_mailed(
    server, django_capture_on_commit_callbacks
):
    send(
        mail.message("Sự kiện dời lịch", "…", ["erased-12@invalid"]),
        mail.message("Sự kiện dời lịch", "…", ["erased-13@invalid", "an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    assert [recipients for recipients, _ in server.whole] == [["an@example.invalid"]]
    assert not QueuedMail.objects.exists()


def test_a_change_rolled_back_takes_its_mail_with_it(server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with contextlib.suppress(RuntimeError), transaction.atomic():
            mail.send_after_commit([mail.message("Xác nhận", "Chào An", ["an@example.invalid"])])
            raise RuntimeError("the change failed")
    assert server.whole == []
    assert not QueuedMail.objects.exists()


def test_a_message_refused_alone_is_queued_and_the_others_go(
    server, django_capture_on_commit_callbacks
):
    send(
        mail.message("Một", "…", ["refused@example.invalid"]),
        mail.message("Hai", "…", ["an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    assert [m["subject"] for _, m in server.whole] == ["Hai"]
    [row] = QueuedMail.objects.all()
    assert (row.subject, row.to, row.attempts) == ("Một", ["refused@example.invalid"], 1)
    assert "550" in row.last_error


@pytest.mark.django_db(transaction=True)
def test_a_jobs_run_sends_each_items_mail_at_its_commit_over_one_connection(server):
    """Committed for real, as the worker runs a job: each item commits with its mail, which
    goes at that commit (an item that fails holds back no other), all over one connection; one
    the server refuses is queued and the connection opened again for the rest."""
    names = ["An", "Bình", "refused", "Chi", "Dũng"]
    with mail.one_connection():
        for name in names:
            with contextlib.suppress(RuntimeError), transaction.atomic():
                address = f"{name.lower()}@example.invalid"
                mail.send_after_commit([mail.message("Nhắc hạn", f"Chào {name}", [address])])
                if name == "Chi":
                    raise RuntimeError("this item failed")
            if name == "An":
                assert len(server.whole) == 1 and server.sessions == 1  # at its commit
    sent = [m.get_content().strip() for _, m in server.whole]
    assert sent == ["Chào An", "Chào Bình", "Chào Dũng"]
    assert server.sessions == 2  # the refusal closed the first
    assert list(QueuedMail.objects.values_list("to", flat=True)) == [["refused@example.invalid"]]
    # Outside one_connection each commit has its own, as before.
    for name in ["Em", "Giang"]:
        with transaction.atomic():
            mail.send_after_commit([mail.message("Xác nhận", name, [f"{name}@example.invalid"])])
    assert server.sessions == 4


def test_the_job_delivers_what_waited_once_the_server_is_back(
    server, django_capture_on_commit_callbacks
):
    server.down()
    send(
        mail.message("Xác nhận", "Chào An", ["an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    row = QueuedMail.objects.get()
    now = timezone.now()
    assert mail.send_queued(now) == {"sent": 0, "waiting": 0, "failed": 0}  # not due yet

    later = now + 6 * MINUTE
    assert mail.send_queued(later) == {"sent": 0, "waiting": 1, "failed": 0}  # still down
    row.refresh_from_db()
    assert (row.attempts, row.next_attempt_at) == (2, later + 15 * MINUTE)

    server.up()
    later += 16 * MINUTE
    assert mail.send_queued(later) == {"sent": 1, "waiting": 0, "failed": 0}
    assert not QueuedMail.objects.exists()
    assert mail.send_queued(later + 1000 * MINUTE) == {"sent": 0, "waiting": 0, "failed": 0}
    [(recipients, message)] = server.whole
    assert recipients == ["an@example.invalid"]
    assert (message["subject"], message.get_content().strip()) == ("Xác nhận", "Chào An")


def test_after_the_last_try_it_is_marked_failed_and_not_tried_again(
    server, django_capture_on_commit_callbacks, caplog
):
    server.down()
    send(
        mail.message("Xác nhận", "Chào An", ["an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    row = QueuedMail.objects.get()
    waits = []
    now = timezone.now()
    for _ in range(4):
        now = row.next_attempt_at
        counts = mail.send_queued(now)
        row.refresh_from_db()
        waits.append(
            (counts, row.attempts, row.status, row.next_attempt_at and row.next_attempt_at - now)
        )
    assert waits == [
        ({"sent": 0, "waiting": 1, "failed": 0}, 2, "waiting", 15 * MINUTE),
        ({"sent": 0, "waiting": 1, "failed": 0}, 3, "waiting", 60 * MINUTE),
        ({"sent": 0, "waiting": 1, "failed": 0}, 4, "waiting", 360 * MINUTE),
        ({"sent": 0, "waiting": 0, "failed": 1}, 5, "failed", None),
    ]
    assert "gave up sending 'Xác nhận'" in caplog.text
    server.up()
    assert mail.send_queued(now + 10_000 * MINUTE)["sent"] == 0
    assert list(QueuedMail.objects.given_up()) == [row]  # kept for staff to see
    assert server.whole == []
    # ... for a month after it was first sent, then retired with its personal data.
    mail.send_queued(row.created_at + mail.KEEP_FAILED - MINUTE)
    assert QueuedMail.objects.exists()
    mail.send_queued(row.created_at + mail.KEEP_FAILED + MINUTE)
    assert not QueuedMail.objects.exists()
    assert server.whole == []


def test_two_runs_never_both_send_one_message(server, django_capture_on_commit_callbacks):
    server.down()
    send(
        mail.message("Một", "…", ["an@example.invalid"]), capture=django_capture_on_commit_callbacks
    )
    server.up()
    now = timezone.now() + 5 * MINUTE
    first, second = QueuedMail.objects.due(now).get(), QueuedMail.objects.due(now).get()
    assert first.claim(now + mail.CLAIM)
    assert not second.claim(now + mail.CLAIM)  # read before the first run claimed it
    assert mail.send_queued(now) == {"sent": 0, "waiting": 0, "failed": 0}


def test_what_the_callers_build_comes_back_whole(server, django_capture_on_commit_callbacks):
    """The events' .ics part (its calendar method and file name), files, an HTML version,
    copies, reply-to and headers survive the queue."""
    server.down()
    message = EmailMultiAlternatives(
        "Xác nhận đăng ký",
        "Chào An",
        django_settings.DEFAULT_FROM_EMAIL,
        ["an@example.invalid"],
        cc=["ban-to-chuc@example.invalid"],
        bcc=["luu@example.invalid"],
        reply_to=["hoi-dap@example.invalid"],
        headers={"X-Cityportal": "events"},
    )
    message.attach_alternative("<p>Chào An</p>", "text/html")
    part = MIMEText("BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "calendar", "utf-8")
    part.set_param("method", "REQUEST")
    part.add_header("Content-Disposition", "attachment", filename="toa-dam.ics")
    message.attach(part)
    message.attach("so-lieu.bin", b"\x00\xff\x10", "application/octet-stream")
    message.attach("ghi-chu.txt", "Ghi chú tiếng Việt", "text/plain")
    send(message, capture=django_capture_on_commit_callbacks)
    assert QueuedMail.objects.count() == 1

    server.up()
    assert mail.send_queued(timezone.now() + 5 * MINUTE)["sent"] == 1
    [(recipients, received)] = server.whole
    assert sorted(recipients) == [
        "an@example.invalid",
        "ban-to-chuc@example.invalid",
        "luu@example.invalid",
    ]
    assert (received["Cc"], received["Reply-To"], received["X-Cityportal"]) == (
        "ban-to-chuc@example.invalid",
        "hoi-dap@example.invalid",
        "events",
    )
    assert received.get_body(("html",)).get_content().strip() == "<p>Chào An</p>"
    files = {p.get_filename(): p for p in received.iter_attachments()}
    assert files["toa-dam.ics"].get_content_type() == "text/calendar"
    assert files["toa-dam.ics"].get_param("method") == "REQUEST"
    assert "METHOD:REQUEST" in files["toa-dam.ics"].get_content()
    assert files["so-lieu.bin"].get_content() == b"\x00\xff\x10"
    assert files["ghi-chu.txt"].get_content().strip() == "Ghi chú tiếng Việt"


def test_the_worker_runs_the_retry_every_five_minutes(server, django_capture_on_commit_callbacks):
    path = "cityportal.core.tasks.send_queued_mail"
    assert (path, 300) in django_settings.PERIODIC_TASKS
    server.down()
    send(
        mail.message("Một", "…", ["an@example.invalid"]), capture=django_capture_on_commit_callbacks
    )
    QueuedMail.objects.update(next_attempt_at=timezone.now())
    server.up()
    result = import_string(path).enqueue()
    assert result.return_value == {"sent": 1, "waiting": 0, "failed": 0}
    assert len(server.whole) == 1


def test_the_command_lists_what_is_due_and_sends_it(server, django_capture_on_commit_callbacks):
    server.down()
    send(
        mail.message("Một", "…", ["an@example.invalid"]),
        mail.message("Hai", "…", ["binh@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    QueuedMail.objects.filter(subject="Một").update(next_attempt_at=timezone.now())
    server.up()
    out = io.StringIO()
    call_command("send_queued_mail", "--dry-run", stdout=out)
    assert "an@example.invalid: Một (tries: 1; last error: ConnectionRefusedError" in out.getvalue()
    assert "Due now: 1; waiting: 2; failed: 0" in out.getvalue()
    assert server.whole == []

    out = io.StringIO()
    call_command("send_queued_mail", stdout=out)
    assert "Sent: 1; waiting again: 0; failed for good: 0" in out.getvalue()
    assert [m["subject"] for _, m in server.whole] == ["Một"]
    assert list(QueuedMail.objects.values_list("subject", flat=True)) == ["Hai"]


# The admin listing


@pytest.fixture
def failed_mail(server, django_capture_on_commit_callbacks):
    server.down()
    send(
        mail.message("Đã hủy đăng ký", "…", ["an@example.invalid"]),
        capture=django_capture_on_commit_callbacks,
    )
    QueuedMail.objects.update(status=QueuedMail.Status.FAILED, attempts=5, next_attempt_at=None)
    server.up()
    return QueuedMail.objects.get()


def test_superusers_see_the_outbox_and_others_do_not(client, staff, failed_mail):
    url = reverse("wagtailsnippets_core_queuedmail:list")
    client.force_login(staff["chief"])
    assert client.get(url).status_code == 302  # refused: to the dashboard
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 200
    assert "Đã hủy đăng ký" in response.text and "an@example.invalid" in response.text
    assert "Không gửi được" in response.text
    inspect = reverse("wagtailsnippets_core_queuedmail:inspect", args=[failed_mail.pk])
    assert client.get(inspect).status_code == 200
    edit = reverse("wagtailsnippets_core_queuedmail:edit", args=[failed_mail.pk])
    assert client.get(edit).status_code == 302  # nobody rewrites a message


def test_a_superuser_retries_a_failed_message_now(client, server, failed_mail):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    client.force_login(admin)
    url = (
        reverse("wagtail_bulk_action", args=["core", "queuedmail", "retry"])
        + f"?id={failed_mail.pk}&next=/admin/"
    )
    assert "Gửi lại ngay 1 thư sau?" in client.get(url).text
    assert client.post(url).status_code == 302
    assert not QueuedMail.objects.exists()
    assert [m["subject"] for _, m in server.whole] == ["Đã hủy đăng ký"]

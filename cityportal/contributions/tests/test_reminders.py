"""Reminders of content requests, delivered through a real SMTP server on loopback, sent once
however often (and however concurrently) they run, and not lost when the server refuses them or
the worker dies mid-send; the dashboard panel that tells each user what
on the desk needs them."""

import datetime
import io
import socket

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus

from cityportal.contributions.models import ContentRequest, Membership, Submission
from cityportal.contributions.reminders import send_request_reminders
from cityportal.contributions.tasks import send_request_reminders_task
from cityportal.core import mail
from cityportal.core.management.commands.run_worker import _enqueue_due_tasks
from cityportal.core.models import Organisation, QueuedMail

S = Submission.Status
TASK = "cityportal.contributions.tasks.send_request_reminders_task"
DESK = "http://testserver/admin/contributions/"
RETRY = datetime.timedelta(minutes=5)  # the outbox's first retry


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_request(agencies, officers, staff, today):
    def make(key="thu-duc", days=2, title="Số liệu kinh tế - xã hội tháng trước", **fields):
        return ContentRequest.objects.create(
            organisation=agencies[key],
            title=title,
            due_date=today + datetime.timedelta(days=days),
            created_by=staff["editor"],
            **fields,
        )

    return make


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """`send_request_reminders` as the worker runs it: its mail goes once the claims commit."""

    def run(today=None):
        with django_capture_on_commit_callbacks(execute=True):
            return send_request_reminders(today)

    return run


def to(inbox, address):
    return [text for recipients, text in inbox.messages if address in recipients]


def test_reminder_before_the_due_date_reaches_the_agency_once(smtp, make_request, remind):
    request = make_request("thu-duc", days=2, description="Gồm GRDP và thu ngân sách.")

    assert remind() == {"before": 1, "after": 0}

    [text] = to(smtp, "thu-duc@example.invalid")
    assert request.title in text and "UBND Thành phố Thủ Đức" in text
    assert f"{request.due_date:%d/%m/%Y}" in text and "còn 2 ngày" in text
    assert DESK in text and "Gồm GRDP và thu ngân sách." in text
    assert len(smtp.messages) == 1  # not the other agency, not yet the editor
    request.refresh_from_db()
    assert request.reminded_before_at is not None and request.reminded_after_at is None

    assert remind() == {"before": 0, "after": 0}  # a second run
    assert len(smtp.messages) == 1

    request.due_date += datetime.timedelta(days=1)  # the editor extends the deadline
    request.save()
    assert remind() == {"before": 1, "after": 0}
    assert "còn 3 ngày" in to(smtp, "thu-duc@example.invalid")[-1]


def test_overdue_reminder_tells_the_agency_and_the_editor_once(smtp, make_request, remind):
    request = make_request("so-tttt", days=2, title="Tin mô hình chuyển đổi số")
    due = request.due_date

    remind(today=due - datetime.timedelta(days=2))
    remind(today=due)  # due today: already reminded
    assert len(to(smtp, "so-tttt@example.invalid")) == 1
    assert not to(smtp, "editor@example.invalid")

    counts = remind(today=due + datetime.timedelta(days=1))
    assert counts == {"before": 0, "after": 1}
    agency = to(smtp, "so-tttt@example.invalid")
    editor = to(smtp, "editor@example.invalid")
    assert len(agency) == 2 and len(editor) == 1
    assert "Quá hạn" in agency[-1] and "Tin mô hình chuyển đổi số" in agency[-1]
    assert f"{due:%d/%m/%Y}" in agency[-1] and DESK in agency[-1]
    assert "Sở Thông tin và Truyền thông chưa gửi" in editor[0] and f"{due:%d/%m/%Y}" in editor[0]
    assert not to(smtp, "thu-duc@example.invalid")
    request.refresh_from_db()
    assert request.reminded_after_at is not None

    for days in (1, 2, 10):  # every later run stays quiet
        remind(today=due + datetime.timedelta(days=days))
    assert len(smtp.messages) == 3


def test_fulfilled_requests_and_requests_far_from_due_are_left_alone(
    smtp, make_request, make_submission, staff, remind
):
    answered = make_request("thu-duc", days=1, title="Đã có bài")
    make_submission("thu-duc", request=answered)
    answered_late = make_request("thu-duc", days=-1, title="Có bài, quá hạn")
    make_submission("thu-duc", request=answered_late)
    make_request("thu-duc", days=4, title="Còn bốn ngày")  # outside the 3 days
    make_request("thu-duc", days=60, title="Cuối quý")
    make_request("thu-duc", days=-90, title="Quá hạn từ lâu")  # before reminders began
    declined_only = make_request("so-tttt", days=3, title="Bài không dùng được")
    declined = make_submission("so-tttt", request=declined_only)
    declined.move(S.DECLINED, staff["editor"], "Trùng nội dung")

    assert remind() == {"before": 1, "after": 0}
    [(recipients, text)] = smtp.messages
    assert recipients == ["so-tttt@example.invalid"] and "Bài không dùng được" in text
    assert "còn 3 ngày" in text
    assert (
        not ContentRequest.objects.exclude(pk=declined_only.pk)
        .filter(reminded_before_at__isnull=False)
        .exists()
    )


def test_the_window_follows_the_setting(smtp, make_request, settings, remind):
    settings.CONTRIBUTION_REMINDER_DAYS = 7
    make_request("thu-duc", days=6)
    make_request("thu-duc", days=8, title="Tám ngày")
    assert remind()["before"] == 1
    [(recipients, text)] = smtp.messages
    assert "còn 6 ngày" in text


@pytest.mark.django_db(transaction=True)
def test_a_run_sends_all_its_reminders_over_one_connection(smtp, today):
    """Committed for real, as the worker runs it: one connection for the run, not one for
    each request reminded."""
    User = get_user_model()
    editor = User.objects.create_user("bien-tap", "editor@example.invalid")
    for key, days in [("thu-duc", 1), ("so-tttt", 2), ("quan-1", -1)]:
        agency = Organisation.objects.create(slug=key, name=key, kind="local")
        officer = User.objects.create_user(key, f"{key}@example.invalid")
        Membership.objects.create(user=officer, organisation=agency)
        ContentRequest.objects.create(
            organisation=agency,
            title=f"Đề nghị cho {key}",
            due_date=today + datetime.timedelta(days=days),
            created_by=editor,
        )
    assert send_request_reminders() == {"before": 2, "after": 1}
    assert len(smtp.messages) == 4  # the editor hears of the overdue one too
    assert smtp.sessions == 1
    assert not QueuedMail.objects.exists()


def test_a_concurrent_run_does_not_send_twice(smtp, make_request, remind):
    """The other run claims the request between this run's reading it and claiming it: this
    run's conditional UPDATE then changes nothing, and it queues nothing."""
    make_request("thu-duc", days=1)
    other = {}

    def race(execute, sql, params, many, context):
        if not other and sql.startswith('UPDATE "contributions_contentrequest"'):
            other["counts"] = {}  # once
            other["counts"] = send_request_reminders()
        return execute(sql, params, many, context)

    with connection.execute_wrapper(race):
        mine = remind()
    assert other["counts"] == {"before": 1, "after": 0}
    assert mine == {"before": 0, "after": 0}
    assert len(smtp.messages) == 1
    assert not QueuedMail.objects.exists()  # nothing left to go out later either


def test_a_failed_send_waits_in_the_outbox_and_goes_out_once_on_its_retry(
    smtp, make_request, settings, remind
):
    request = make_request("thu-duc", days=1)
    port = settings.EMAIL_PORT
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        settings.EMAIL_PORT = probe.getsockname()[1]  # closed again: nothing listens there
    assert remind() == {"before": 1, "after": 0}
    assert smtp.messages == []
    [queued] = QueuedMail.objects.all()
    assert queued.to == ["thu-duc@example.invalid"] and request.title in queued.subject
    assert "ConnectionRefusedError" in queued.last_error
    request.refresh_from_db()
    assert request.reminded_before_at is not None  # claimed: the outbox, not the next run, retries

    settings.EMAIL_PORT = port
    assert remind() == {"before": 0, "after": 0}  # the next run queues no second copy
    assert smtp.messages == []
    assert mail.send_queued(timezone.now() + RETRY)["sent"] == 1
    [text] = to(smtp, "thu-duc@example.invalid")
    assert "còn 1 ngày" in text
    assert remind() == {"before": 0, "after": 0}
    assert mail.send_queued(timezone.now() + 100 * RETRY)["sent"] == 0
    assert len(smtp.messages) == 1  # once


def test_a_worker_dying_mid_send_neither_loses_the_reminder_nor_sends_it_twice(
    smtp, make_request, remind, django_capture_on_commit_callbacks
):
    make_request("so-tttt", days=-1, title="Tin mô hình chuyển đổi số")
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the worker died
        assert send_request_reminders() == {"before": 0, "after": 1}
    assert smtp.messages == []
    assert remind() == {"before": 0, "after": 0}  # the next run: not a second copy
    assert mail.send_queued(timezone.now() + RETRY)["sent"] == 2
    [agency] = to(smtp, "so-tttt@example.invalid")
    [editor] = to(smtp, "editor@example.invalid")
    assert "Quá hạn" in agency and "Sở Thông tin và Truyền thông chưa gửi" in editor
    assert len(smtp.messages) == 2


def test_a_reminder_whose_mail_could_not_be_queued_is_not_claimed(smtp, make_request, remind):
    """The claim and the queued mail commit together: a claim without its mail would be a
    reminder never sent."""
    request = make_request("thu-duc", days=1)

    def outbox_fails(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "core_queuedmail"'):
            raise DatabaseError("disk full")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(outbox_fails), pytest.raises(DatabaseError):
        remind()
    request.refresh_from_db()
    assert request.reminded_before_at is None and smtp.messages == []
    assert remind() == {"before": 1, "after": 0}
    assert len(to(smtp, "thu-duc@example.invalid")) == 1


def test_the_task_runs_on_the_tests_immediate_backend_and_on_the_clock(
    smtp, make_request, settings, django_capture_on_commit_callbacks
):
    make_request("thu-duc", days=0, title="Hạn hôm nay")
    make_request("so-tttt", days=-2, title="Đã quá hạn")

    with django_capture_on_commit_callbacks(execute=True):
        result = send_request_reminders_task.enqueue()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {"before": 1, "after": 1}
    assert "hôm nay là hạn cuối" in to(smtp, "thu-duc@example.invalid")[0]
    assert len(smtp.messages) == 3  # Thủ Đức; the department and the editor

    # The job worker's clock enqueues it every hour.
    assert (TASK, 3600) in django_settings.PERIODIC_TASKS
    assert import_string(TASK) is send_request_reminders_task
    make_request("thu-duc", days=1, title="Thêm một đề nghị")
    cache.delete(f"cityportal:clock:{TASK}")
    settings.PERIODIC_TASKS = [(TASK, 3600)]  # the search vocabulary has tests of its own
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue_due_tasks()
        _enqueue_due_tasks()  # not due again within the hour
    assert len(smtp.messages) == 4 and "Thêm một đề nghị" in smtp.messages[-1][1]


def test_management_command(smtp, make_request, django_capture_on_commit_callbacks):
    make_request("thu-duc", days=1)
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert out.getvalue() == "Nhắc trước hạn: 1, nhắc quá hạn: 0\n"
    assert len(smtp.messages) == 1


# The dashboard panel


def panel(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find(id="contributions-todo-section")


def titles(section, heading_id):
    table = section.find("table", attrs={"aria-labelledby": heading_id}) if section else None
    return [a.get_text(strip=True) for a in table.select("td.title a")] if table else []


def test_editors_see_submissions_waiting_oldest_first_and_overdue_requests(
    client, staff, make_submission, make_request
):
    older = make_submission("thu-duc", title="Cầu Thủ Thiêm 4 khởi công")
    Submission.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=3)
    )
    make_submission("so-tttt", title="Ra mắt ứng dụng công dân số")
    reviewing = make_submission("so-tttt", title="Đang biên tập rồi")
    reviewing.move(S.IN_REVIEW, staff["editor"])
    make_request("thu-duc", days=-4, title="Số liệu quý I")
    make_request("so-tttt", days=2, title="Chưa đến hạn")
    answered = make_request("so-tttt", days=-1, title="Quá hạn nhưng đã gửi")
    make_submission("so-tttt", request=answered, title="Bài theo đề nghị").move(
        S.IN_REVIEW, staff["editor"]
    )

    section = panel(client, staff["editor"])
    assert titles(section, "contributions-to-review") == [
        "Cầu Thủ Thiêm 4 khởi công",
        "Ra mắt ứng dụng công dân số",
    ]
    ages = [row.find_all("td")[-1].get_text(strip=True) for row in section.select("tbody tr")]
    assert ages[:2] == ["chờ 3 ngày", "vừa gửi"]
    assert titles(section, "contributions-overdue") == ["Số liệu quý I"]
    assert "quá hạn 4 ngày" in section.get_text()
    assert "Chưa đến hạn" not in section.get_text()


def test_contributors_see_their_own_agencys_work_only(
    client, staff, officers, make_submission, make_request
):
    ours = make_submission("thu-duc", title="Bài Thủ Đức cần sửa")
    theirs = make_submission("so-tttt", title="Bài của Sở cần sửa")
    for submission in (ours, theirs):
        submission.move(S.IN_REVIEW, staff["editor"])
        submission.move(S.CHANGES_REQUESTED, staff["editor"], "Bổ sung ảnh")
    make_submission("thu-duc", title="Bài Thủ Đức đã gửi")  # nothing to do about it
    make_request("thu-duc", days=-1, title="Thủ Đức: quá hạn")
    make_request("thu-duc", days=5, title="Thủ Đức: còn hạn")
    make_request("so-tttt", days=-1, title="Sở: quá hạn")

    section = panel(client, officers["thu-duc"])
    assert titles(section, "contributions-to-revise") == ["Bài Thủ Đức cần sửa"]
    requested = section.find("table", attrs={"aria-labelledby": "contributions-requested"})
    rows = [row.get_text(" ", strip=True) for row in requested.select("tbody tr")]
    assert len(rows) == 2
    assert rows[0].startswith("Thủ Đức: quá hạn") and "quá hạn 1 ngày" in rows[0]
    assert rows[1].startswith("Thủ Đức: còn hạn") and "quá hạn" not in rows[1]
    text = section.get_text()
    for other in ("Bài của Sở cần sửa", "Sở: quá hạn", "Bài Thủ Đức đã gửi"):
        assert other not in text
    assert "Bài chờ biên tập" not in text  # the editors' part is not theirs

    assert panel(client, staff["reporter"]) is None  # no part in the desk: no panel


def test_the_panel_costs_the_same_queries_whatever_the_backlog(
    client, staff, make_submission, make_request
):
    make_submission("thu-duc")
    make_request("thu-duc", days=-1)
    client.force_login(staff["editor"])
    client.get("/admin/")  # the first visit sets up the user's profile
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/")
    for n in range(15):
        make_submission("so-tttt", title=f"Bài số {n}")
        make_request("so-tttt", days=-2, title=f"Đề nghị số {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/admin/")
    section = BeautifulSoup(response.content, "html.parser").find(id="contributions-todo-section")
    assert len(titles(section, "contributions-to-review")) == 10
    assert "Xem tất cả 16 bài chờ biên tập" in section.get_text()
    assert len(many) <= len(few) + 2  # the two totals, counted once a list is full


def test_the_reminder_links_to_a_form_that_answers_the_request(
    smtp, make_request, client, officers, remind
):
    """The reminder linked to the desk's list, and the officer had to find "Gửi bài mới" and pick
    the request under "Theo đề nghị" themselves (or not, and the request stayed open)."""
    request = make_request("thu-duc", days=1)
    remind()
    [text] = to(smtp, "thu-duc@example.invalid")
    link = f"{DESK}new/?request={request.pk}"
    assert link in text
    client.force_login(officers["thu-duc"])
    form = client.get(link.removeprefix("http://testserver")).context["form"]
    assert form["request"].value() == request.pk
    assert form["organisation"].value() == request.organisation_id
    client.force_login(officers["so-tttt"])  # another agency's request is not offered
    assert (
        client.get(link.removeprefix("http://testserver")).context["form"]["request"].value()
        is None
    )


def test_the_desk_links_each_open_request_to_its_answer(client, make_request, officers):
    request = make_request("thu-duc", days=5)
    client.force_login(officers["thu-duc"])
    link = f'href="/admin/contributions/new/?request={request.pk}"'
    assert link in client.get("/admin/").content.decode()  # the dashboard panel
    assert link in client.get("/admin/contributions/").content.decode()
    for crafted in ("99999999999999999999999", "²", "1;"):
        page = client.get(f"/admin/contributions/new/?request={crafted}")
        assert page.status_code == 200 and page.context["form"]["request"].value() is None

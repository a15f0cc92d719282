"""The admin's workers screen: each database-queue worker alive or dead by its heartbeat (the
database's clock), the queue at a glance, and a warning an operator cannot miss when tasks wait
and no worker lives (a deploy that did not restart `run_worker`)."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models.functions import Now
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cityportal.core.models import WorkerHeartbeat

URL = "/admin/workers/"
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
database_queue = override_settings(TASKS=DATABASE_QUEUE, TASKS_WORKER_DEAD_AFTER_SECONDS=120)


@pytest.fixture
def superuser_client(client, db):
    client.force_login(get_user_model().objects.create_superuser("vanhanh", "v@x.vn", "pw"))
    return client


def worker(
    worker_id: str,
    host: str,
    beat_seconds_ago: int,
    started_minutes_ago: int = 60,
    pid: int | None = 4321,
):
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=host, pid=pid)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).update(
        beat_at=Now() - datetime.timedelta(seconds=beat_seconds_ago),
        started_at=Now() - datetime.timedelta(minutes=started_minutes_ago),
    )


def task_result(status=TaskResultStatus.READY, **fields) -> DBTaskResult:
    """A row of django-tasks' database queue, as its backend writes one (then aged)."""
    result = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="cityportal.core.tasks.send_queued_mail",
        backend_name="default",
        run_after=fields.pop("run_after", None),
        status=status,
    )
    if fields:
        DBTaskResult.objects.filter(pk=result.pk).update(**fields)
    return result


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def worker_rows(soup) -> dict[str, list[str]]:
    rows = soup.select("main table")[1].select("tbody tr")
    cells = [[td.get_text(" ", strip=True) for td in row.select("td")] for row in rows]
    return {row[1]: row for row in cells if len(row) > 1}


@database_queue
def test_each_worker_is_shown_alive_or_dead_by_its_last_beat(superuser_client):
    worker("web-1-alive00000000000000", "web-1", beat_seconds_ago=15, pid=4321)
    worker("web-2-dead000000000000000", "web-2", beat_seconds_ago=300, pid=987)

    rows = worker_rows(page(superuser_client))

    host, _, pid, started, beat, state = rows["web-1-alive00000000000000"]
    assert host == "web-1"
    assert pid == "4321"
    assert state == "Đang chạy"
    assert any(f"({s} giây trước)" in beat for s in (15, 16, 17))
    expected_start = timezone.localtime(timezone.now() - datetime.timedelta(minutes=60))
    assert started.startswith(expected_start.strftime("%H:%M"))
    host, _, pid, _, beat, state = rows["web-2-dead000000000000000"]
    assert host == "web-2"
    assert pid == "987"
    assert state == "Đã dừng (mất nhịp)"
    assert beat.endswith("(5 phút trước)")


@database_queue
def test_a_worker_started_before_pids_were_recorded_shows_a_dash(superuser_client):
    worker("web-1-old0000000000000000", "web-1", beat_seconds_ago=15, pid=None)

    _, _, pid, _, _, state = worker_rows(page(superuser_client))["web-1-old0000000000000000"]

    assert pid == "—"
    assert state == "Đang chạy"


@database_queue
def test_queue_counts_what_waits_and_runs_now_and_what_ended_in_the_last_day(superuser_client):
    now = timezone.now()
    task_result(enqueued_at=now - datetime.timedelta(minutes=3))
    # Enqueued long ago for a time ten minutes back: waiting since then, not since enqueued.
    task_result(
        enqueued_at=now - datetime.timedelta(days=2),
        run_after=now - datetime.timedelta(minutes=10),
    )
    task_result(run_after=now + datetime.timedelta(hours=1))  # scheduled: not waiting yet
    task_result(TaskResultStatus.RUNNING, started_at=now)
    task_result(TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(hours=1))
    task_result(TaskResultStatus.FAILED, finished_at=now - datetime.timedelta(hours=30))
    task_result(TaskResultStatus.SUCCESSFUL, finished_at=now - datetime.timedelta(hours=2))
    worker("web-1-alive00000000000000", "web-1", beat_seconds_ago=5)

    soup = page(superuser_client)

    cells = [td.get_text(" ", strip=True) for td in soup.select("#queue-state td")]
    assert cells[:4] == ["2", "1", "1", "1"]
    waited = timezone.localtime(now - datetime.timedelta(minutes=10))
    assert cells[4] == f"chờ từ {waited:%H:%M:%S %d/%m/%Y} (10 phút trước)"
    assert not soup.select("#no-live-worker")


@database_queue
def test_tasks_waiting_with_no_live_worker_are_a_warning(superuser_client):
    worker("web-1-dead000000000000000", "web-1", beat_seconds_ago=600)
    task_result(enqueued_at=timezone.now() - datetime.timedelta(minutes=20))

    warning = page(superuser_client).select_one(".help-critical #no-live-worker")

    assert warning is not None
    assert "Có 1 việc đang chờ nhưng không có tiến trình nền nào đang chạy" in warning.get_text()


@database_queue
def test_no_warning_of_waiting_tasks_when_a_worker_lives_or_nothing_waits(superuser_client):
    assert not page(superuser_client).select(".help-critical")  # nothing waits, nobody runs
    task_result()
    worker("web-1-alive00000000000000", "web-1", beat_seconds_ago=30)
    assert not page(superuser_client).select(".help-critical")


def test_another_queue_is_named_not_summed_up(superuser_client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

    soup = page(superuser_client)

    assert "django_tasks_rq.RQBackend" in soup.select_one("main .help-info").get_text()
    assert not soup.select("#queue-state")


def test_only_superusers_see_the_screen_or_its_menu_item(client, db):
    editor = get_user_model().objects.create_user("bientap", "b@x.vn", "pw")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)

    assert client.get(URL).status_code in (302, 403)
    assert URL not in client.get("/admin/").content.decode()

    editor.is_superuser = True
    editor.save()
    assert client.get(URL).status_code == 200
    assert URL in client.get("/admin/").content.decode()

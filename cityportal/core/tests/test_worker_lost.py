"""A task whose worker died mid-run (killed, out of memory, machine restarted) is run again or
failed, instead of staying RUNNING in the database queue for ever: a worker of this host is known
dead by its free lock file, one of another host by its stale heartbeat."""

import datetime
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.functions import Now
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cityportal.core.management.commands.run_worker import run_clock
from cityportal.core.models import WorkerHeartbeat
from cityportal.core.tests import slow_tasks
from cityportal.core.tests.conftest import runs, start_worker, stop, wait_for
from cityportal.core.workers import heartbeat, requeue_lost_tasks, worker_lock

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def start_db_worker(log: Path, **env: str) -> subprocess.Popen:
    # By default on this host's disk: the lock files this test process checks.
    env = {"CITYPORTAL_VAR": str(settings.VAR_DIR), **env}
    return start_worker("cityportal.core.tests.worker_settings", log, **env)


def lost_result(task, *worker_ids: str) -> DBTaskResult:
    """A task claimed by `worker_ids` in turn, the last of them still 'running' it."""
    result = task.enqueue(path="/nonexistent")
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=list(worker_ids)
    )
    return DBTaskResult.objects.get(pk=result.id)


def dead_worker_id() -> str:
    with worker_lock() as worker_id:
        pass
    return worker_id


def test_task_of_a_killed_worker_runs_again_once_on_the_next_worker(transactional_db, tmp_path):
    with override_settings(TASKS=DATABASE_QUEUE):
        rerun_log, failed_log = tmp_path / "rerunnable.txt", tmp_path / "not_rerunnable.txt"
        rerun = slow_tasks.rerunnable.enqueue(path=str(rerun_log))
        failed = slow_tasks.not_rerunnable.enqueue(path=str(failed_log))
        workers = [
            start_db_worker(tmp_path / "first.log"),
            start_db_worker(tmp_path / "second.log"),
        ]
        try:
            # Each worker claims one and is in the middle of it.
            # Two worker processes starting Django on a busy machine: give them time.
            started = wait_for(
                lambda: runs(rerun_log) == ["start 1"] == runs(failed_log), timeout=90
            )
            assert started, (tmp_path / "first.log").read_text() + (
                tmp_path / "second.log"
            ).read_text()
            # Alive, however long its task lasts: not taken for dead.
            assert requeue_lost_tasks() == 0
            for worker in workers:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(timeout=30)
            rerun.refresh()
            failed.refresh()
            assert rerun.status == failed.status == TaskResultStatus.RUNNING
            killed = {rerun.worker_ids[-1], failed.worker_ids[-1]}

            workers.append(start_db_worker(tmp_path / "next.log"))
            assert wait_for(
                lambda: DBTaskResult.objects.get(pk=rerun.id).status == "SUCCESSFUL", timeout=90
            )
            time.sleep(3)  # long enough for a second run to start, if one were coming
        finally:
            stop(workers)
        rerun.refresh()
        failed.refresh()

    assert runs(rerun_log) == ["start 1", "start 2", "done"]
    assert rerun.status == TaskResultStatus.SUCCESSFUL
    assert len(set(rerun.worker_ids)) == rerun.attempts == 2
    # Not in TASKS_RERUN_AFTER_LOST_WORKER: failed, never started again.
    assert runs(failed_log) == ["start 1"]
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class_path == "cityportal.core.workers.WorkerLost"
    log = (tmp_path / "next.log").read_text()
    assert f"task {rerun.id} (cityportal.core.tests.slow_tasks.rerunnable) was running on" in log
    assert "which is gone: queued to run again (attempt 2 of 3)" in log
    assert "which is gone: marked failed (not safe to run twice)" in log
    # The dead workers' lock files are cleared away with their tasks.
    assert not [id for id in killed if (settings.VAR_DIR / "workers" / f"{id}.lock").exists()]


@override_settings(
    TASKS=DATABASE_QUEUE,
    TASKS_RERUN_AFTER_LOST_WORKER=["cityportal.core.tests.slow_tasks.rerunnable"],
)
def test_task_that_keeps_killing_its_worker_fails_on_the_third_loss(db):
    twice = lost_result(slow_tasks.rerunnable, dead_worker_id(), dead_worker_id())
    thrice = lost_result(slow_tasks.rerunnable, *(dead_worker_id() for _ in range(3)))

    assert requeue_lost_tasks() == 2

    twice.refresh_from_db()
    thrice.refresh_from_db()
    assert twice.status == TaskResultStatus.READY
    assert thrice.status == TaskResultStatus.FAILED
    assert "(3 attempts)" in thrice.traceback


@override_settings(
    TASKS=DATABASE_QUEUE,
    TASKS_RERUN_AFTER_LOST_WORKER=["cityportal.core.tests.slow_tasks.rerunnable"],
)
def test_task_of_a_worker_on_another_machine_with_no_heartbeat_is_left_alone(db):
    # Its lock file is on that machine, and it never beat: a worker started before heartbeats,
    # which may still be running its task, however long ago that started.
    elsewhere = lost_result(slow_tasks.rerunnable, "another-host-0123456789abcdef")
    DBTaskResult.objects.filter(pk=elsewhere.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=1)
    )

    assert requeue_lost_tasks() == 0

    elsewhere.refresh_from_db()
    assert elsewhere.status == TaskResultStatus.RUNNING


@pytest.mark.django_db(transaction=True)
def test_clock_puts_back_tasks_of_dead_workers(settings):
    settings.TASKS = DATABASE_QUEUE
    settings.PERIODIC_TASKS = []
    settings.TASKS_RERUN_AFTER_LOST_WORKER = ["cityportal.core.tests.slow_tasks.rerunnable"]
    lost = lost_result(slow_tasks.rerunnable, dead_worker_id())

    stop = threading.Event()
    clock = threading.Thread(target=run_clock, args=(0.5, stop), daemon=True)
    clock.start()
    try:
        requeued = wait_for(
            lambda: DBTaskResult.objects.filter(pk=lost.pk, status="READY").exists(), timeout=15
        )
    finally:
        stop.set()
        clock.join(timeout=10)
    assert requeued


def heartbeat_of(worker_id: str) -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.filter(worker_id=worker_id).first()


def test_task_of_a_killed_worker_of_another_host_goes_back_once_its_heartbeat_is_stale(
    transactional_db, tmp_path, caplog
):
    dead_after = 6
    with override_settings(
        TASKS=DATABASE_QUEUE,
        TASKS_RERUN_AFTER_LOST_WORKER=["cityportal.core.tests.slow_tasks.rerunnable"],
        TASKS_WORKER_DEAD_AFTER_SECONDS=dead_after,
    ):
        path = tmp_path / "rerunnable.txt"
        result = slow_tasks.rerunnable.enqueue(path=str(path))
        # Another machine: another name, another disk (its lock file is out of this one's sight).
        (tmp_path / "elsewhere").mkdir()
        worker = start_db_worker(
            tmp_path / "elsewhere.log",
            TASKS_WORKER_HOST="elsewhere",
            CITYPORTAL_VAR=str(tmp_path / "elsewhere"),
            WORKER_TEST_HEARTBEAT_SECONDS="1",
        )
        try:
            assert wait_for(lambda: runs(path) == ["start 1"], timeout=90), (
                tmp_path / "elsewhere.log"
            ).read_text()
            result.refresh()
            worker_id = result.worker_ids[-1]
            assert worker_id.startswith("elsewhere-")
            first_beat = heartbeat_of(worker_id).beat_at
            assert heartbeat_of(worker_id).host == "elsewhere"
            assert heartbeat_of(worker_id).pid == worker.pid
            # Its task started long ago, and it outlives the threshold: it beats, so it keeps it.
            DBTaskResult.objects.filter(pk=result.id).update(
                started_at=timezone.now() - datetime.timedelta(hours=1)
            )
            time.sleep(dead_after + 1)
            assert heartbeat_of(worker_id).beat_at > first_beat
            assert requeue_lost_tasks() == 0

            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
            last_beat = heartbeat_of(worker_id).beat_at
            # Its last beat is fresh: it may only be slow.
            assert requeue_lost_tasks() == 0
            result.refresh()
            assert result.status == TaskResultStatus.RUNNING

            assert wait_for(lambda: requeue_lost_tasks() == 1, timeout=30)
            # Not before its last beat was `dead_after` old.
            assert timezone.now() - last_beat >= datetime.timedelta(seconds=dead_after)
        finally:
            stop([worker])
        result.refresh()

    assert result.status == TaskResultStatus.READY
    assert f"was running on worker {worker_id}, which is gone: queued to run again" in caplog.text
    # Its heartbeat goes with its task.
    assert heartbeat_of(worker_id) is None


def test_worker_stopped_cleanly_leaves_no_heartbeat(transactional_db, tmp_path):
    log = tmp_path / "worker.log"
    worker = start_db_worker(log)
    try:
        assert wait_for(WorkerHeartbeat.objects.exists, timeout=90), log.read_text()
        # Stopped once it takes tasks, as a service manager stops it: a SIGTERM between the first
        # beat and the worker's own handler (CI once, under load) ends it by the signal.
        assert wait_for(lambda: "Starting worker" in log.read_text(), timeout=90), log.read_text()
        (beating,) = WorkerHeartbeat.objects.all()
        assert beating.host == settings.TASKS_WORKER_HOST
        # The worker's own process (`manage.py run_worker`, not forked), found by it on the host.
        assert beating.pid == worker.pid
    finally:
        stop([worker])

    assert worker.returncode == 0
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_worker_taken_for_dead_while_it_lives_beats_again_and_says_so(settings, caplog):
    settings.TASKS_WORKER_HEARTBEAT_SECONDS = 0.2
    with worker_lock() as worker_id, heartbeat(worker_id):
        assert heartbeat_of(worker_id).pid == os.getpid()
        # Another host's sweep, after this worker was stalled past the threshold.
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()
        assert wait_for(lambda: heartbeat_of(worker_id) is not None, timeout=10)
        # Written again by the beating thread: still the worker's process.
        assert heartbeat_of(worker_id).pid == os.getpid()

    assert heartbeat_of(worker_id) is None
    assert f"worker {worker_id} missed its heartbeats long enough" in caplog.text


@override_settings(
    TASKS=DATABASE_QUEUE,
    TASKS_RERUN_AFTER_LOST_WORKER=["cityportal.core.tests.slow_tasks.rerunnable"],
    TASKS_WORKER_DEAD_AFTER_SECONDS=120,
)
def test_heartbeats_are_judged_by_the_database_clock_and_stale_ones_removed(db):
    stale_beat = Now() - datetime.timedelta(seconds=121)
    WorkerHeartbeat.objects.create(worker_id="elsewhere-dead0000000000000", host="elsewhere")
    WorkerHeartbeat.objects.filter(worker_id="elsewhere-dead0000000000000").update(
        beat_at=stale_beat
    )
    WorkerHeartbeat.objects.create(worker_id="elsewhere-idle0000000000000", host="elsewhere")
    WorkerHeartbeat.objects.filter(worker_id="elsewhere-idle0000000000000").update(
        beat_at=stale_beat
    )
    WorkerHeartbeat.objects.create(worker_id="elsewhere-slow0000000000000", host="elsewhere")
    WorkerHeartbeat.objects.filter(worker_id="elsewhere-slow0000000000000").update(
        beat_at=Now() - datetime.timedelta(seconds=100)
    )
    dead = lost_result(slow_tasks.rerunnable, "elsewhere-dead0000000000000")
    slow = lost_result(slow_tasks.rerunnable, "elsewhere-slow0000000000000")

    assert requeue_lost_tasks() == 1

    dead.refresh_from_db()
    slow.refresh_from_db()
    assert dead.status == TaskResultStatus.READY
    assert slow.status == TaskResultStatus.RUNNING
    # The dead, with a task or without, are forgotten; the slow one is not.
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == [
        "elsewhere-slow0000000000000"
    ]


@override_settings(TASKS=DATABASE_QUEUE)
def test_worker_of_a_host_named_like_this_one_and_more_is_not_taken_for_one_of_this_host(db):
    # "web-2" is not "web": no lock file here says anything of it; its heartbeat is fresh.
    other_host = f"{settings.TASKS_WORKER_HOST[:40]}-2"
    worker_id = f"{other_host}-0123456789abcdef"
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=other_host)
    alive = lost_result(slow_tasks.rerunnable, worker_id)

    assert requeue_lost_tasks() == 0

    alive.refresh_from_db()
    assert alive.status == TaskResultStatus.RUNNING

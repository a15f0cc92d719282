"""A task whose worker died mid-run (killed, out of memory, machine restarted) is run again or
failed, instead of staying RUNNING in the database queue for ever."""

import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cityportal.core.management.commands.run_worker import run_clock
from cityportal.core.tests import slow_tasks
from cityportal.core.tests.conftest import runs, start_worker, stop, wait_for
from cityportal.core.workers import requeue_lost_tasks, worker_lock

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
def test_task_of_a_worker_on_another_machine_is_left_alone(db):
    # Its lock file is on that machine: nothing here can tell whether it is alive.
    elsewhere = lost_result(slow_tasks.rerunnable, "another-host-0123456789abcdef")

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

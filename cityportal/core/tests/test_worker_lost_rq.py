"""Under RQ, a job whose worker died mid-run (its work horse killed, out of memory; the whole
worker gone, machine restarted) is run again when its task is safe to repeat, at most three times
in all, and left failed otherwise, as on the database queue."""

import os
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.test import override_settings
from django_tasks import TaskResultStatus
from redis import Redis

from cityportal.core.tests import slow_tasks
from cityportal.core.tests.conftest import runs, start_worker, stop, wait_for
from cityportal.core.workers import requeue_lost_jobs

pytestmark = [pytest.mark.redis, pytest.mark.django_db]

TEST_REDIS_DB = 14  # these tests' own: flushed before and after, nothing else's keys there
RERUN = [
    "cityportal.core.tests.slow_tasks.rerunnable",
    "cityportal.core.tests.slow_tasks.keeps_dying",
    "cityportal.core.tests.slow_tasks.breaks",
]


@pytest.fixture
def redis_url(settings):
    scheme, netloc, _path, query, fragment = urlsplit(os.environ["REDIS_URL"])
    url = urlunsplit((scheme, netloc, f"/{TEST_REDIS_DB}", query, fragment))
    redis = Redis.from_url(url)
    redis.flushdb()
    with override_settings(
        RQ_QUEUES={"default": {"URL": url, "DEFAULT_TIMEOUT": 600}},
        TASKS={"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        TASKS_RERUN_AFTER_LOST_WORKER=[*settings.TASKS_RERUN_AFTER_LOST_WORKER, *RERUN],
    ):
        yield url
    redis.flushdb()


def start_rq_worker(redis_url: str, log: Path) -> subprocess.Popen:
    return start_worker("cityportal.core.tests.rq_worker_settings", log, REDIS_URL=redis_url)


def horse_of(path: Path) -> int:
    """The process running the task that writes `path`: RQ's work horse, a child of the worker."""
    return int(Path(f"{path}.pid").read_text())


def logs(tmp_path: Path) -> str:
    return "".join(log.read_text() for log in tmp_path.glob("*.log"))


def test_job_whose_work_horse_was_killed_runs_again_once(redis_url, tmp_path):
    rerun_log, failed_log = tmp_path / "rerunnable.txt", tmp_path / "not_rerunnable.txt"
    rerun = slow_tasks.rerunnable.enqueue(path=str(rerun_log))
    failed = slow_tasks.not_rerunnable.enqueue(path=str(failed_log))
    workers = [start_rq_worker(redis_url, tmp_path / f"worker{n}.log") for n in (1, 2)]
    try:
        started = wait_for(lambda: runs(rerun_log) == ["start 1"] == runs(failed_log), timeout=90)
        assert started, logs(tmp_path)
        # What the kernel's out-of-memory killer does: the job's process, not its worker.
        os.kill(horse_of(rerun_log), signal.SIGKILL)
        os.kill(horse_of(failed_log), signal.SIGKILL)
        assert wait_for(lambda: rerun.refresh() or rerun.status == "SUCCESSFUL", timeout=60), logs(
            tmp_path
        )
        time.sleep(3)  # long enough for a second run of the other to start, if one were coming
        failed.refresh()
    finally:
        stop(workers)

    assert runs(rerun_log) == ["start 1", "start 1", "done"]
    # Not in TASKS_RERUN_AFTER_LOST_WORKER: failed, never started again.
    assert runs(failed_log) == ["start 1"]
    assert failed.status == TaskResultStatus.FAILED
    assert "Work-horse terminated unexpectedly" in failed.errors[-1].traceback
    log = logs(tmp_path)
    assert f"task {rerun.id} (cityportal.core.tests.slow_tasks.rerunnable) was running in" in log
    assert "which was killed: queued to run again (attempt 2 of 3)" in log
    assert "which was killed: marked failed (not safe to run twice)" in log


def test_job_that_keeps_killing_its_work_horse_fails_on_the_third_loss(redis_url, tmp_path):
    path = tmp_path / "keeps_dying.txt"
    result = slow_tasks.keeps_dying.enqueue(path=str(path))
    workers = [start_rq_worker(redis_url, tmp_path / "worker.log")]
    try:
        for attempt in (1, 2, 3):
            assert wait_for(lambda n=attempt: len(runs(path)) == n, timeout=90), logs(tmp_path)
            os.kill(horse_of(path), signal.SIGKILL)
        assert wait_for(lambda: result.refresh() or result.status == "FAILED", timeout=30)
        time.sleep(3)  # long enough for a fourth run to start, if one were coming
    finally:
        stop(workers)

    assert len(runs(path)) == 3
    assert "keeps_dying) was running in" in logs(tmp_path)
    assert "which was killed: marked failed (3 attempts)" in logs(tmp_path)


def test_job_that_raises_is_not_run_again(redis_url, tmp_path):
    # Its retries are for a lost worker only: an error is the task's, as on the database queue.
    path = tmp_path / "breaks.txt"
    result = slow_tasks.breaks.enqueue(path=str(path))
    workers = [start_rq_worker(redis_url, tmp_path / "worker.log")]
    try:
        assert wait_for(lambda: result.refresh() or result.status == "FAILED", timeout=90)
        time.sleep(3)  # long enough for a second run to start, if one were coming
        result.refresh()
    finally:
        stop(workers)

    assert runs(path) == ["start"]
    assert result.status == TaskResultStatus.FAILED
    assert result.errors[0].exception_class_path == "builtins.RuntimeError"


def test_job_of_a_worker_gone_whole_runs_again_once_its_heartbeat_expires(
    redis_url, tmp_path, caplog
):
    rerun_log, failed_log = tmp_path / "rerunnable.txt", tmp_path / "not_rerunnable.txt"
    rerun = slow_tasks.rerunnable.enqueue(path=str(rerun_log))
    failed = slow_tasks.not_rerunnable.enqueue(path=str(failed_log))
    workers = [start_rq_worker(redis_url, tmp_path / f"worker{n}.log") for n in (1, 2)]
    try:
        started = wait_for(lambda: runs(rerun_log) == ["start 1"] == runs(failed_log), timeout=90)
        assert started, logs(tmp_path)
        # A machine restarted: the worker, its scheduler (both in the worker's session) and its
        # work horse (a process group of its own) die.
        for worker in workers:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        os.kill(horse_of(rerun_log), signal.SIGKILL)
        os.kill(horse_of(failed_log), signal.SIGKILL)
        requeue_lost_jobs()  # the clock's tick: their heartbeats have not expired yet
        rerun.refresh()
        failed.refresh()
        assert rerun.status == failed.status == TaskResultStatus.RUNNING

        # RQ gives a job's heartbeat 90 s (its monitoring interval and a minute): wait it out.
        assert wait_for(
            lambda: requeue_lost_jobs() or failed.refresh() or failed.status == "FAILED",
            timeout=150,
        )
        workers.append(start_rq_worker(redis_url, tmp_path / "next.log"))
        assert wait_for(lambda: rerun.refresh() or rerun.status == "SUCCESSFUL", timeout=90), logs(
            tmp_path
        )
        time.sleep(3)
        failed.refresh()
    finally:
        stop(workers)

    assert runs(rerun_log) == ["start 1", "start 1", "done"]
    assert runs(failed_log) == ["start 1"]
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[-1].exception_class_path == "rq.exceptions.AbandonedJobError"
    assert (
        f"task {rerun.id} (cityportal.core.tests.slow_tasks.rerunnable) was running on worker "
        in caplog.text
    )
    assert "which is gone: queued to run again (attempt 2 of 3)" in caplog.text
    assert "which is gone: marked failed (not safe to run twice)" in caplog.text

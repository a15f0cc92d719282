"""The task queues' workers: which of them are alive, and what the dead left running.

Database queue. django-tasks-db marks a task RUNNING when a worker claims it, and nothing else:
a worker killed mid-task (SIGKILL, out of memory, the machine restarted) leaves the row RUNNING
for ever. Each `run_worker` therefore holds an OS lock on a file of its own under `var/workers/`
for as long as its process lives; the kernel drops the lock however the process ends, so a lock
anyone can take is a worker that is gone, with no heartbeat to miss. Its task goes back to the
queue when it is in `settings.TASKS_RERUN_AFTER_LOST_WORKER`, else is marked failed.

Only on the worker's own machine, though: a worker id starts with its host's name, and a worker
of another host sharing the database (PostgreSQL) is never taken for dead, however long its task
runs. Its lost task is released when a `run_worker` starts again on that host (the lock file is
still there, unlocked), and stays RUNNING if the host never comes back. Telling a dead host from
a long task needs a heartbeat the worker writes where every host reads it: django-tasks-db's
result row has no field for one (a migration of that app), and a table of our own is a migration
too. Run the database queue's workers on one host, or scale out with RQ, which has heartbeats.

RQ. A job of a listed task is created with RQ's own `Retry` (`RerunLostJobsQueue`), which RQ uses
on both of its losses: a work horse killed mid-job (out of memory: its worker sees it at once)
and a worker gone whole (machine restarted: its started registry's cleanup finds the job once
its heartbeat expires, 90 s on). A job that raises is not retried (`RerunLostJobsWorker`), as on
the database queue; a job not listed stays in RQ's failed registry. Either way the loss is logged.
"""

import contextlib
import fcntl
import logging
import os
import socket
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_rq.queues import DjangoRQ, get_queues
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django_tasks_rq import Job as TaskJob
from rq.exceptions import AbandonedJobError
from rq.job import Job, Retry
from rq.worker import Worker

logger = logging.getLogger("cityportal.worker")

# A task whose run kills its worker each time (out of memory on a huge upload) would otherwise
# take every worker down in turn, for ever.
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


def _lock_dir() -> Path:
    return Path(settings.VAR_DIR) / "workers"


def _host_prefix() -> str:
    # Lock files are only seen on their own machine: a worker elsewhere sharing the database
    # (PostgreSQL) has none here, and must not be taken for dead.
    return socket.gethostname()[:40] + "-"


@contextlib.contextmanager
def worker_lock() -> Iterator[str]:
    """A new worker id, locked for as long as the block (and this process) lasts."""
    worker_id = _host_prefix() + get_random_string(16)
    directory = _lock_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{worker_id}.lock"
    # Locked before it is visible under its name, so no check ever finds it unlocked while its
    # worker lives. Not inherited by children (close-on-exec), which could outlive the worker.
    partial = directory / f".{worker_id}.new"
    fd = os.open(partial, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.replace(partial, path)
        yield worker_id
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.close(fd)


def _is_gone(worker_id: str) -> bool:
    """Whether the worker is known to be dead: one of this machine whose lock is free or gone."""
    if not worker_id.startswith(_host_prefix()) or "/" in worker_id:
        return False
    path = _lock_dir() / f"{worker_id}.lock"
    try:
        fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    else:
        path.unlink(missing_ok=True)  # while locked: no other check can take it for alive
        return True
    finally:
        os.close(fd)


def requeue_lost_tasks() -> int:
    """Put back in the queue (or fail) each task left RUNNING by a worker of this machine that
    is gone; returns how many. Cheap: one query, and a file per running task."""
    lost = 0
    for result in DBTaskResult.objects.running().only("worker_ids"):
        if result.worker_ids and _is_gone(result.worker_ids[-1]):
            lost += _release(result.pk, result.worker_ids[-1])
    _forget_dead_workers()
    return lost


def _release(pk, worker_id: str) -> int:
    with transaction.atomic():
        result = DBTaskResult.objects.select_for_update().filter(pk=pk).first()
        # Another worker's clock may have got there first.
        if not result or result.status != TaskResultStatus.RUNNING:
            return 0
        if result.worker_ids[-1] != worker_id:
            return 0
        attempts = len(result.worker_ids)
        rerun = getattr(settings, "TASKS_RERUN_AFTER_LOST_WORKER", [])
        if result.task_path in rerun and attempts < MAX_ATTEMPTS:
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            logger.warning(
                "task %s (%s) was running on worker %s, which is gone: queued to run again "
                "(attempt %d of %d)",
                result.pk,
                result.task_path,
                worker_id,
                attempts + 1,
                MAX_ATTEMPTS,
            )
            return 1
        reason = (
            "not safe to run twice" if result.task_path not in rerun else f"{attempts} attempts"
        )
        result.status = TaskResultStatus.FAILED
        result.finished_at = timezone.now()
        result.exception_class_path = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"
        result.traceback = f"{WorkerLost.__qualname__}: worker {worker_id} is gone ({reason})\n"
        result.save(update_fields=["status", "finished_at", "exception_class_path", "traceback"])
        logger.error(
            "task %s (%s) was running on worker %s, which is gone: marked failed (%s)",
            result.pk,
            result.task_path,
            worker_id,
            reason,
        )
        return 1


def _forget_dead_workers() -> None:
    """Lock files of workers that died with no task running (or whose task was released)."""
    with contextlib.suppress(FileNotFoundError):
        for path in _lock_dir().glob("*.lock"):
            _is_gone(path.stem)


def _rerun_paths() -> list[str]:
    return getattr(settings, "TASKS_RERUN_AFTER_LOST_WORKER", [])


class RerunLostJobsQueue(DjangoRQ):
    """django-rq's queue, whose jobs of a task safe to run again get RQ's retries: RQ counts them
    down in the job itself, so a job that keeps killing its worker fails on the third loss."""

    def create_job(self, func, *args, retry: Retry | None = None, **kwargs) -> Job:
        if retry is None and func in _rerun_paths():
            retry = Retry(max=MAX_ATTEMPTS - 1)
        return super().create_job(func, *args, retry=retry, **kwargs)


def _log_lost_job(job: Job, how: str) -> None:
    """What becomes of a lost job, in the database queue's words; called before RQ decides."""
    if job.should_retry:
        logger.warning(
            "task %s (%s) %s: queued to run again (attempt %d of %d)",
            job.id,
            job.func_name,
            how,
            MAX_ATTEMPTS - job.retries_left + 1,
            MAX_ATTEMPTS,
        )
    else:
        reason = (
            "not safe to run twice"
            if job.func_name not in _rerun_paths()
            else f"{MAX_ATTEMPTS} attempts"
        )
        logger.error("task %s (%s) %s: marked failed (%s)", job.id, job.func_name, how, reason)


def rerun_only_lost_jobs(job: Job, exc_type, exc_value, traceback) -> None:
    """RQ exception handler: a job that raised fails, as on the database queue, whatever retries
    it has for losses; a job found abandoned (its worker's heartbeat expired) is logged."""
    if exc_type is not None and issubclass(exc_type, AbandonedJobError):
        _log_lost_job(job, f"was running on worker {job.worker_name}, which is gone")
    else:
        job.retries_left = 0


class RerunLostJobsWorker(Worker):
    """RQ's forking worker, with the lost-job rules of this module."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.push_exc_handler(rerun_only_lost_jobs)

    def handle_work_horse_killed(self, job: Job, retpid, ret_val, rusage) -> None:
        _log_lost_job(job, f"was running in a work horse of worker {self.name}, which was killed")
        super().handle_work_horse_killed(job, retpid, ret_val, rusage)


def requeue_lost_jobs() -> None:
    """RQ: put back in the queue (or fail) the jobs of workers whose heartbeat has expired. A
    worker does it every ten minutes; the clock, every tick."""
    for queue in get_queues(*settings.TASKS["default"]["QUEUES"], job_class=TaskJob):
        queue.started_job_registry.cleanup(exception_handlers=[rerun_only_lost_jobs])

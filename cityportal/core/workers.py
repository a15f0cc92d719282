"""The task queues' workers: which of them are alive, and what the dead left running.

Database queue. django-tasks-db marks a task RUNNING when a worker claims it, and nothing else:
a worker killed mid-task (SIGKILL, out of memory, the machine restarted) leaves the row RUNNING
for ever. Each `run_worker` therefore holds an OS lock on a file of its own under `var/workers/`
for as long as its process lives; the kernel drops the lock however the process ends, so on the
worker's own host a lock anyone can take is a worker that is gone, at once. Other hosts sharing
the database (PostgreSQL) cannot see that file: for them each worker also keeps a row in
`core.WorkerHeartbeat`, written before it claims anything, beaten every
`TASKS_WORKER_HEARTBEAT_SECONDS` by a thread of its own and deleted when it stops. A worker of
another host whose beat is older than `TASKS_WORKER_DEAD_AFTER_SECONDS` (by the database's
clock) is taken for dead; a long task beats like any other, so it is never taken for lost. Either
way the dead worker's task goes back to the queue when it is in
`settings.TASKS_RERUN_AFTER_LOST_WORKER`, else is marked failed, and its row is removed.

A worker of another host with no row at all is left alone: it is one started before heartbeats
(its deploy still draining), which may live; its task is released as before, when a `run_worker`
starts on its host again. A worker stalled past the threshold (a suspended virtual machine, the
database out of its reach) is taken for dead although it comes back: its task may then run
twice, which is why only tasks safe to repeat are run again.

RQ. A job of a listed task is created with RQ's own `Retry` (`RerunLostJobsQueue`), which RQ uses
on both of its losses: a work horse killed mid-job (out of memory: its worker sees it at once)
and a worker gone whole (machine restarted: its started registry's cleanup finds the job once
its heartbeat expires, 90 s on). A job that raises is not retried (`RerunLostJobsWorker`), as on
the database queue; a job not listed stays in RQ's failed registry. Either way the loss is logged.

`queue_state` sums the database queue up for the admin's workers screen (core.admin_views).
"""

import contextlib
import dataclasses
import datetime
import fcntl
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest, Now
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_rq.queues import DjangoRQ, get_queues
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import Job as TaskJob
from rq.exceptions import AbandonedJobError
from rq.job import Job, Retry
from rq.worker import Worker

from cityportal.core.models import WorkerHeartbeat

logger = logging.getLogger("cityportal.worker")

# A task whose run kills its worker each time (out of memory on a huge upload) would otherwise
# take every worker down in turn, for ever.
MAX_ATTEMPTS = 3


class WorkerLost(Exception):
    """The worker running the task stopped before the task finished."""


def _lock_dir() -> Path:
    return Path(settings.VAR_DIR) / "workers"


def _host() -> str:
    return settings.TASKS_WORKER_HOST[:40]


def _host_of(worker_id: str) -> str:
    # Exactly the host: "web-2-…" is not a worker of host "web". The random part has no dash.
    return worker_id.rpartition("-")[0]


@contextlib.contextmanager
def worker_lock() -> Iterator[str]:
    """A new worker id, locked for as long as the block (and this process) lasts."""
    worker_id = f"{_host()}-{get_random_string(16)}"
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


@contextlib.contextmanager
def heartbeat(worker_id: str) -> Iterator[None]:
    """`worker_id`'s heartbeat, beaten for as long as the block lasts and deleted after it."""
    # Written here, before the worker claims anything: a task's worker with no row is one that
    # predates heartbeats, never a new one not yet beating.
    _write_heartbeat(worker_id)
    stop = threading.Event()
    beats = threading.Thread(
        target=_beat, args=(worker_id, stop), name=f"heartbeat {worker_id}", daemon=True
    )
    beats.start()
    try:
        yield
    finally:
        stop.set()
        beats.join(timeout=10)
        WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def _write_heartbeat(worker_id: str) -> None:
    # Also called by the beating thread: a thread of the worker's process, so the same pid.
    WorkerHeartbeat.objects.create(worker_id=worker_id, host=_host(), pid=os.getpid())


def _beat(worker_id: str, stop: threading.Event) -> None:
    while not stop.wait(settings.TASKS_WORKER_HEARTBEAT_SECONDS):
        try:
            close_old_connections()
            beaten = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=Now())
            if not beaten:
                # Removed by another host as stale: this worker was stalled past the threshold,
                # and its task may be running again elsewhere. Alive again from now on.
                _write_heartbeat(worker_id)
                logger.error(
                    "worker %s missed its heartbeats long enough for other hosts to take it for "
                    "dead",
                    worker_id,
                )
        except Exception:
            # The next beat tries again, on a new connection; only a thread that stops beating
            # would have the worker taken for dead while it lives.
            logger.exception("worker %s could not write its heartbeat", worker_id)
            connections.close_all()
    # This thread's own connection: a persistent one (CONN_MAX_AGE) would outlive the worker.
    connections.close_all()


def _is_gone(worker_id: str, stale: set[str]) -> bool:
    """Whether the worker is known to be dead: one of this host whose lock is free or gone, or
    one of another host in `stale` (its heartbeat too old)."""
    if _host_of(worker_id) != _host():
        return worker_id in stale
    return _lock_is_free(worker_id)


def _lock_is_free(worker_id: str) -> bool:
    if "/" in worker_id:
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
    """Put back in the queue (or fail) each task left RUNNING by a worker that is gone; returns
    how many. Cheap: two queries, and a file per running task of this host."""
    stale = set(WorkerHeartbeat.objects.stale().values_list("worker_id", flat=True))
    lost = 0
    for result in DBTaskResult.objects.running().only("worker_ids"):
        if result.worker_ids and _is_gone(result.worker_ids[-1], stale):
            lost += _release(result.pk, result.worker_ids[-1])
    _forget_dead_workers(stale)
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


def _forget_dead_workers(stale: set[str]) -> None:
    """Heartbeats still stale now (their tasks released above), and lock files of workers that
    died with no task running (or whose task was released)."""
    # Stale still: a worker that beat again since it was read keeps its row.
    WorkerHeartbeat.objects.stale().filter(worker_id__in=stale).delete()
    with contextlib.suppress(FileNotFoundError):
        for path in _lock_dir().glob("*.lock"):
            if _host_of(path.stem) == _host():
                _lock_is_free(path.stem)


def uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db")


@dataclasses.dataclass(frozen=True)
class QueueState:
    """The database queue at a glance: what waits and runs now, what ended in the last day."""

    waiting: int
    running: int
    failed_last_day: int
    succeeded_last_day: int
    # Since when the longest-waiting task has been due (None: nothing waits).
    oldest_waiting_since: datetime.datetime | None


def queue_state() -> QueueState:
    """The database queue's tasks: waiting (due to run now: not one scheduled for later),
    running, and failed or succeeded in the last 24 hours."""
    day_ago = timezone.now() - datetime.timedelta(hours=24)
    # Due since it was enqueued, or since the later time it was scheduled for.
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    waiting = DBTaskResult.objects.ready().order_by()
    ended_last_day = DBTaskResult.objects.filter(finished_at__gte=day_ago)
    return QueueState(
        waiting=waiting.count(),
        running=DBTaskResult.objects.running().count(),
        failed_last_day=ended_last_day.failed().count(),
        succeeded_last_day=ended_last_day.successful().count(),
        oldest_waiting_since=waiting.aggregate(oldest=Min(due_since))["oldest"],
    )


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

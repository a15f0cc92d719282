import logging
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

from cityportal.core.workers import (
    heartbeat,
    requeue_lost_jobs,
    requeue_lost_tasks,
    uses_database_queue,
    worker_lock,
)

logger = logging.getLogger("cityportal.worker")


def run_clock(interval: float, stop: threading.Event) -> None:
    """Publish and expire scheduled pages every `interval` seconds, and enqueue the tasks of
    `settings.PERIODIC_TASKS` when they are due, so nobody has to set up cron.

    With several workers sharing a Redis cache, a cache lock lets one of them run each tick.
    """
    while not stop.is_set():
        if cache.add("cityportal:clock", "1", timeout=max(1, int(interval) - 1)):
            try:
                close_old_connections()
                call_command("publish_scheduled", verbosity=0)
                _enqueue_due_tasks()
                if uses_database_queue():
                    requeue_lost_tasks()
                elif _uses_rq():
                    requeue_lost_jobs()
            except Exception:
                logger.exception("scheduled work failed; trying again next tick")
            finally:
                close_old_connections()
        stop.wait(interval)
    # This thread's own connection: a persistent one (CONN_MAX_AGE) would outlive the clock.
    connections.close_all()


def _enqueue_due_tasks() -> None:
    for path, every in getattr(settings, "PERIODIC_TASKS", []):
        if cache.add(f"cityportal:clock:{path}", "1", timeout=int(every)):
            import_string(path).enqueue()


def _uses_rq() -> bool:
    return settings.TASKS["default"]["BACKEND"].startswith("django_tasks_rq")


class Command(BaseCommand):
    help = (
        "Run background jobs: the task queue (database-backed, or RQ on Redis when REDIS_URL is set) "
        "and a clock that publishes and expires scheduled pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clock-interval", type=float, default=30.0)
        parser.add_argument("--no-clock", action="store_true", help="only process the task queue")

    def handle(self, *args, **options):
        stop = threading.Event()
        if not options["no_clock"]:
            threading.Thread(
                target=run_clock, args=(options["clock_interval"], stop), daemon=True
            ).start()
        try:
            if _uses_rq():
                call_command(
                    "rqworker", "default", "--with-scheduler", "--job-class", "django_tasks_rq.Job"
                )
            elif uses_database_queue():
                # Locked for as long as this process lives, and beating: if it dies mid-task,
                # the task goes back to the queue at the next start or clock tick of a worker on
                # this machine, or of one elsewhere once its heartbeat is stale.
                with worker_lock() as worker_id, heartbeat(worker_id):
                    requeue_lost_tasks()
                    call_command("db_worker", "--interval", "1", "--worker-id", worker_id)
            else:
                # Immediate/dummy backends need no worker: keep the clock alone running.
                while True:
                    time.sleep(3600)
        finally:
            stop.set()

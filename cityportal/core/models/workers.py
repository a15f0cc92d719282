"""The database queue's workers' heartbeats."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Now


def _beating() -> models.Q:
    """A beat within `TASKS_WORKER_DEAD_AFTER_SECONDS`, by the database's clock, the one clock
    every host shares."""
    dead_after = datetime.timedelta(seconds=settings.TASKS_WORKER_DEAD_AFTER_SECONDS)
    return models.Q(beat_at__gte=Now() - dead_after)


class WorkerHeartbeatQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(_beating())

    def stale(self):
        """Workers that missed their beats: none for `TASKS_WORKER_DEAD_AFTER_SECONDS`."""
        return self.exclude(_beating())

    def with_state(self):
        """Each with `is_alive` and `beat_age` (since its last beat), both by the database's
        clock: a web host's own may disagree with the one that wrote `beat_at`."""
        return self.annotate(
            is_alive=models.ExpressionWrapper(_beating(), output_field=models.BooleanField()),
            beat_age=models.ExpressionWrapper(
                Now() - models.F("beat_at"), output_field=models.DurationField()
            ),
        )


class WorkerHeartbeat(models.Model):
    """A database-queue worker that lives: its row is written before it claims a task, beaten
    every `TASKS_WORKER_HEARTBEAT_SECONDS` and deleted when it stops (`core.workers`), so any
    host sharing the database tells a dead worker from one running a long task."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=64)
    # The worker's process on `host`, for an operator to find a stuck one; None: a row written
    # before workers recorded it.
    pid = models.PositiveIntegerField(null=True, blank=True)
    # The database's clock, not the host's: hosts' clocks may disagree.
    started_at = models.DateTimeField(db_default=Now())
    beat_at = models.DateTimeField(db_default=Now(), db_index=True)

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = "nhịp của tiến trình nền"
        verbose_name_plural = "nhịp của tiến trình nền"

    def __str__(self) -> str:
        return self.worker_id

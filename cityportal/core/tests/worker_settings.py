"""Settings of the job workers the worker tests start: the real ones, on the test database's
queue, with one of the tests' slow tasks safe to run again, and beating as often as the test
asks."""

import os

from cityportal.settings import *  # noqa: F403
from cityportal.settings import DATABASES, TASKS_RERUN_AFTER_LOST_WORKER

DEBUG = False  # no autoreloader: the worker is the process the test kills
DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DATABASE"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_RERUN_AFTER_LOST_WORKER = [
    *TASKS_RERUN_AFTER_LOST_WORKER,
    "cityportal.core.tests.slow_tasks.rerunnable",
]
TASKS_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_TEST_HEARTBEAT_SECONDS", "30"))

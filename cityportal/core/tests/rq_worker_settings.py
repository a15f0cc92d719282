"""Settings of the RQ workers the lost-job tests start: the real ones, on the Redis database
REDIS_URL names (the tests' own), with the tests' slow tasks that are safe to run again."""

import os

from cityportal.settings import *  # noqa: F403
from cityportal.settings import DATABASES, TASKS_RERUN_AFTER_LOST_WORKER

DEBUG = False  # no autoreloader: the worker is the process the test kills
DATABASES["default"]["NAME"] = os.environ["WORKER_TEST_DATABASE"]
TASKS_RERUN_AFTER_LOST_WORKER = [
    *TASKS_RERUN_AFTER_LOST_WORKER,
    "cityportal.core.tests.slow_tasks.rerunnable",
    "cityportal.core.tests.slow_tasks.keeps_dying",
    "cityportal.core.tests.slow_tasks.breaks",
]
TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}

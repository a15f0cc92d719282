"""What the core tests share: an event open for registration, under the events index; the editor
whose admin sign-in the idle-timeout and kept-forms tests let lapse; and the job worker processes
the worker tests start and kill."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from cityportal.events.models import EventIndexPage, EventPage
from cityportal.events.tests.conftest import publish_child

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Dung-mat-khau-9"


@pytest.fixture
def events_index(home) -> EventIndexPage:
    return publish_child(home, EventIndexPage(title="Sự kiện", slug="su-kien"))


@pytest.fixture
def event(events_index) -> EventPage:
    """A talk a week ahead, open for registration."""
    starts_at = timezone.now() + datetime.timedelta(days=7)
    return publish_child(
        events_index,
        EventPage(
            title="Tọa đàm chuyển đổi số",
            kind=EventPage.Kind.TALK,
            summary="Trao đổi về dịch vụ công trực tuyến.",
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(hours=2),
            accepts_registrations=True,
        ),
    )


@pytest.fixture
def editor(db):
    """A superuser who signs in with `PASSWORD` (the sign-in forms, not force_login)."""
    return get_user_model().objects.create_superuser("bientap-ca-sang", "b@example.org", PASSWORD)


def wait_for(predicate, timeout=15.0) -> bool:
    """Whether `predicate()` came true within `timeout` seconds (a worker process's doing)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def start_worker(settings_module: str, log: Path, **env: str) -> subprocess.Popen:
    """A real `manage.py run_worker --no-clock` on the test database, with `settings_module`
    and `env` on top of this process's environment, writing to `log`. In a session of its own,
    so that killing its process group kills what it started, and nothing else."""
    env = {k: v for k, v in os.environ.items() if k != "TASKS_BACKEND"} | {
        "DJANGO_SETTINGS_MODULE": settings_module,
        "WORKER_TEST_DATABASE": str(connection.settings_dict["NAME"]),
        **env,
    }
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-clock"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(workers: list[subprocess.Popen]) -> None:
    """Stop the workers still running, as a service manager does: SIGTERM, then SIGKILL."""
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()  # warm shutdown: an RQ worker's scheduler stops with it
            try:
                worker.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)


def runs(path: Path) -> list[str]:
    """The lines a task of `slow_tasks` wrote to `path`: "start <attempt>" and "done"."""
    return path.read_text().splitlines() if path.exists() else []

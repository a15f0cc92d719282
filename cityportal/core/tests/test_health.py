import json

import pytest
from django.core.cache import caches


def test_healthz_reports_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["queue"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


@pytest.fixture
def unreachable_cache(settings):
    # A real Redis client pointed at a port where nothing listens.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    yield
    caches["default"].close()


def test_healthz_answers_503_naming_the_failing_part(client, db, unreachable_cache):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["cache"].startswith("error")


def test_healthz_checks_the_database_task_queue(client, db, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["queue"] == "ok"


def test_healthz_answers_503_when_the_workers_queue_is_unreachable(client, db, settings):
    # Scale-out: RQ's Redis gone means nothing enqueued by the site gets done.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["database"] == "ok"
    assert body["queue"].startswith("error")


def test_robots_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_healthz_tells_the_public_no_more_than_which_part_failed(client, db, settings, caplog):
    # The exception's text names Redis's address; it belongs in the log, not on a public URL.
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["queue"] == "error"
    assert "127.0.0.1" not in response.content.decode()
    assert "127.0.0.1" in caplog.text

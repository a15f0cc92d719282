"""Site-wide endpoints that belong to no one domain: health and robots."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_cache() -> str:
    cache.set("cityportal:healthz", "ok", 10)
    if cache.get("cityportal:healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")
    return "ok"


def _check_queue() -> str:
    """The task queue the workers read: RQ's Redis, or the database backend's table."""
    backend = settings.TASKS["default"]["BACKEND"]
    if backend.startswith("django_tasks_rq"):
        import django_rq

        for name in settings.TASKS["default"].get("QUEUES", ["default"]):
            django_rq.get_connection(name).ping()
    elif backend.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.exists()
    return "ok"


CHECKS = {"database": _check_database, "cache": _check_cache, "queue": _check_queue}


@never_cache
@require_GET
def healthz(request):
    body = {"status": "ok"}
    for name, check in CHECKS.items():
        try:
            body[name] = check()
        except Exception as exc:  # a health check reports every failure, it never raises
            body[name] = f"error: {exc.__class__.__name__}: {exc}"[:300]
            body["status"] = "error"
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503)


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

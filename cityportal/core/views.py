"""Site-wide endpoints that belong to no one domain: health, robots and public uploads."""

import logging
import posixpath

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

logger = logging.getLogger(__name__)


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
        except Exception:  # a health check reports every failure, it never raises
            # The public answer names the part only: an exception's text tells anyone who asks
            # the database's or Redis's host, port and user. The log has the whole of it.
            logger.warning("healthz: %s check failed", name, exc_info=True)
            body[name] = "error"
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


# Uploads that have a view of their own, which checks who may read them: Wagtail's documents
# (/documents/<id>/<name>: a private collection's restriction) and open-data files as uploaded
# (/du-lieu/tai-ve/<id>/phien-ban/<n>/: a private dataset's; editors' pending uploads have none).
CHECKED_MEDIA = {"documents", "opendata"}


def media(request, path):
    """Public uploads under MEDIA_ROOT (images), never those in CHECKED_MEDIA. The path is
    normalised as `serve` will, so "x/../documents/…" is refused too."""
    name = posixpath.normpath(path).lstrip("/")
    if name.lower().split("/")[0] in CHECKED_MEDIA:
        raise Http404
    return serve(request, name, document_root=settings.MEDIA_ROOT)

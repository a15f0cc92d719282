"""The workers screen of the admin: whether the database queue's workers live, and what waits
for them, so an operator sees a deploy that left tasks with nobody to run them."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.views.generic import TemplateView

from .models import WorkerHeartbeat
from .viewsets import AdminScreen
from .workers import queue_state, uses_database_queue


def ago(age: datetime.timedelta) -> str:
    """'45 giây trước', '3 phút trước', '5 giờ trước', '2 ngày trước'."""
    seconds = max(0, int(age.total_seconds()))
    if seconds < 120:
        return f"{seconds} giây trước"
    if seconds < 2 * 3600:
        return f"{seconds // 60} phút trước"
    if seconds < 2 * 86400:
        return f"{seconds // 3600} giờ trước"
    return f"{seconds // 86400} ngày trước"


class WorkersView(AdminScreen, TemplateView):
    """Superusers only, like the outbox: a screen for whoever runs the servers."""

    template_name = "core/admin/workers.html"
    page_title = "Tiến trình nền"
    header_icon = "cogs"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            database_queue=uses_database_queue(),
            backend=settings.TASKS["default"]["BACKEND"],
            dead_after=settings.TASKS_WORKER_DEAD_AFTER_SECONDS,
            heartbeat_every=settings.TASKS_WORKER_HEARTBEAT_SECONDS,
        )
        if not context["database_queue"]:
            return context
        workers = list(WorkerHeartbeat.objects.with_state().order_by("host", "started_at"))
        for worker in workers:
            worker.beat_ago = ago(worker.beat_age)
        queue = queue_state()
        since = queue.oldest_waiting_since
        context.update(
            workers=workers,
            alive=sum(worker.is_alive for worker in workers),
            queue=queue,
            # Tasks' times are written by the clock of the host that enqueued them.
            oldest_waiting_for=ago(timezone.now() - since) if since else None,
        )
        return context

"""Reminders of content requests, by e-mail: the agency hears once when a request is due within
`settings.CONTRIBUTION_REMINDER_DAYS` days and once when it is overdue (the editor who asked hears
then too). Requests already answered by a submission (other than a declined one) stay quiet.

Each reminder is claimed with a conditional UPDATE (… WHERE reminded_x_at IS NULL) and its mail
queued in core.mail's outbox in the same transaction: of two runs racing, only the one whose
UPDATE changed the row sends; a message the server does not take waits in the outbox for its
retry, and a worker dying between the claim and the send leaves it there, neither lost nor sent
twice."""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from cityportal.core import mail

from .models import ContentRequest, Membership

# An overdue request older than this is not reminded of: when reminders were switched on, or the
# worker was down for weeks, agencies are not flooded with news of long-forgotten requests.
OVERDUE_LOOKBACK = datetime.timedelta(days=30)


def _desk_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("contribution_list")


def answer_url(request: ContentRequest) -> str:
    """The new-submission form with the request already chosen."""
    return f"{_desk_url()}new/?request={request.pk}"


def _members(request: ContentRequest) -> list[str]:
    # Prefetched: active members only, see `send_request_reminders`.
    return sorted({m.user.email for m in request.organisation.memberships.all() if m.user.email})


def _editor(request: ContentRequest) -> list[str]:
    user = request.created_by
    return [user.email] if user is not None and user.is_active and user.email else []


def request_detail(request: ContentRequest) -> str:
    return f"\n\nYêu cầu chi tiết:\n{request.description}" if request.description.strip() else ""


def _before(request: ContentRequest, today: datetime.date) -> list[tuple[str, str, list[str]]]:
    due = f"{request.due_date:%d/%m/%Y}"
    days = (request.due_date - today).days
    left = "hôm nay là hạn cuối" if days == 0 else f"còn {days} ngày"
    return [
        (
            f"Nhắc hạn gửi tin: {request.title} (hạn {due})",
            f"Kính gửi {request.organisation},\n\n"
            f"Ban biên tập Chuyên trang đề nghị quý cơ quan cung cấp: “{request.title}”.\n"
            f"Hạn gửi: {due} ({left}).{request_detail(request)}\n\n"
            f"Gửi bài tại: {answer_url(request)}\n\n"
            "Thư này được gửi tự động; nếu quý cơ quan đã gửi bài theo đề nghị, "
            "xin chọn đề nghị này ở mục “Theo đề nghị” khi gửi.",
            _members(request),
        )
    ]


def _after(request: ContentRequest, today: datetime.date) -> list[tuple[str, str, list[str]]]:
    due = f"{request.due_date:%d/%m/%Y}"
    members = _members(request)
    editor = [e for e in _editor(request) if e not in members]
    return [
        (
            f"Quá hạn gửi tin: {request.title} (hạn {due})",
            f"Kính gửi {request.organisation},\n\n"
            f"Đề nghị cung cấp “{request.title}” đã quá hạn gửi ({due}) mà Ban biên tập "
            f"chưa nhận được bài.{request_detail(request)}\n\n"
            f"Đề nghị quý cơ quan gửi sớm tại: {answer_url(request)}",
            members,
        ),
        (
            f"Quá hạn: {request.organisation} chưa gửi “{request.title}”",
            f"{request.organisation} chưa gửi “{request.title}” theo đề nghị của anh/chị, "
            f"hạn {due}. Cơ quan đã được nhắc qua thư điện tử"
            f"{'' if members else ' (cơ quan chưa có thành viên nào có địa chỉ thư điện tử)'}."
            f"\n\nXem: {_desk_url()}",
            editor,
        ),
    ]


@mail.one_connection()
def send_request_reminders(today: datetime.date | None = None) -> dict:
    """Queue what is due today, each reminder once; returns how many requests were reminded
    before and after their due date (their mail went, or waits in the outbox for its retry)."""
    today = today or timezone.localdate()
    days = getattr(settings, "CONTRIBUTION_REMINDER_DAYS", 3)
    counts = {"before": 0, "after": 0}
    kinds = [
        (
            "before",
            "reminded_before_at",
            Q(due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)),
            _before,
        ),
        (
            "after",
            "reminded_after_at",
            Q(due_date__lt=today, due_date__gte=today - OVERDUE_LOOKBACK),
            _after,
        ),
    ]
    members = Membership.objects.filter(user__is_active=True).select_related("user")
    for kind, field, window, compose in kinds:
        due = (
            ContentRequest.objects.open()
            .filter(window, **{f"{field}__isnull": True})
            .select_related("organisation", "created_by")
            .prefetch_related(Prefetch("organisation__memberships", queryset=members))
            .order_by("due_date", "pk")
        )
        for request in due:
            messages = [
                mail.message(subject, body, to)
                for subject, body, to in compose(request, today)
                if to
            ]
            if not messages:
                continue  # nobody to tell yet: a member added later still hears
            with transaction.atomic():
                # The claim: only the run whose UPDATE changes the row sends.
                claimed = (
                    ContentRequest.objects.open()
                    .filter(pk=request.pk, **{f"{field}__isnull": True})
                    .update(**{field: timezone.now()})
                )
                if not claimed:
                    continue
                mail.send_after_commit(messages)
            counts[kind] += 1
    return counts

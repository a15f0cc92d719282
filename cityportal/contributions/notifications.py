"""Who hears about what, by email (Django's mail framework: files under var/mail by default,
SMTP when configured). Messages are sent after the change is committed."""

from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from cityportal.core import mail

from .models import REVIEW_PERMISSION, ContentRequest, Membership, Submission
from .reminders import answer_url, request_detail


def _reviewers():
    User = get_user_model()
    perm_users = User.objects.with_perm(REVIEW_PERMISSION, include_superusers=False)
    return [u.email for u in perm_users.filter(is_active=True) if u.email]


def _members(submission: Submission, exclude=None):
    users = submission.organisation.memberships.select_related("user")
    return [m.user.email for m in users if m.user.email and m.user != exclude and m.user.is_active]


def _url(submission: Submission) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "contribution_detail", args=[submission.pk]
    )


def _send(messages: list[tuple[str, str, list[str]]]) -> None:
    mail.send_after_commit([mail.message(s, b, r) for s, b, r in messages if r])


def submitted(submission: Submission, again: bool = False) -> None:
    """To the editors; `again` when the agency sends it back after correcting it."""
    what, verb = (
        ("Bài cộng tác gửi lại", "vừa sửa và gửi lại") if again else ("Bài cộng tác mới", "vừa gửi")
    )
    _send(
        [
            (
                f"[{submission.tracking_number}] {what}: {submission.title}",
                f"{submission.organisation} {verb} “{submission.title}” "
                f"({submission.get_kind_display()}).\n\nXem và biên tập: {_url(submission)}",
                _reviewers(),
            )
        ]
    )


def status_changed(submission: Submission, by, note: str = "") -> None:
    text = f"Bài “{submission.title}” chuyển sang trạng thái: {submission.get_status_display()}."
    if note:
        text += f"\n\nGhi chú của biên tập viên:\n{note}"
    _send(
        [
            (
                f"[{submission.tracking_number}] {submission.get_status_display()}: "
                f"{submission.title}",
                f"{text}\n\nXem: {_url(submission)}",
                _members(submission, exclude=by),
            )
        ]
    )


def published(submission: Submission, article_url: str) -> None:
    """To the agency, when the article made from its submission goes live."""
    _send(
        [
            (
                f"[{submission.tracking_number}] Đã đăng: {submission.title}",
                f"Bài “{submission.title}” đã được đăng trên Chuyên trang.\n\n"
                f"Bài viết: {article_url}\nHồ sơ bài cộng tác: {_url(submission)}",
                _members(submission),
            )
        ]
    )


def commented(submission: Submission, comment) -> None:
    recipients = set(_members(submission, exclude=comment.author))
    if not comment.author.has_perm(REVIEW_PERMISSION):
        recipients |= set(_reviewers())
    recipients.discard(comment.author.email)
    _send(
        [
            (
                f"[{submission.tracking_number}] Ý kiến mới: {submission.title}",
                f"{comment.author.get_full_name() or comment.author}:\n\n{comment.body}\n\n"
                f"Trả lời: {_url(submission)}",
                sorted(recipients),
            )
        ]
    )


def requested(requests: list[ContentRequest]) -> None:
    """To each agency asked: what, by when, and the form to answer with (the reminders come
    only days before the due date, so an agency that does not watch its dashboard heard of
    a request first when it was nearly due). One query for every agency's members."""
    members = defaultdict(set)
    for membership in Membership.objects.filter(
        organisation__in=[r.organisation_id for r in requests], user__is_active=True
    ).select_related("user"):
        if membership.user.email:
            members[membership.organisation_id].add(membership.user.email)
    _send(
        [
            (
                f"Đề nghị cung cấp tin: {request.title} (hạn {request.due_date:%d/%m/%Y})",
                f"Kính gửi {request.organisation},\n\n"
                f"Ban biên tập Chuyên trang đề nghị quý cơ quan cung cấp: “{request.title}”.\n"
                f"Hạn gửi: {request.due_date:%d/%m/%Y}.{request_detail(request)}\n\n"
                f"Gửi bài tại: {answer_url(request)}",
                sorted(members[request.organisation_id]),
            )
            for request in requests
        ]
    )

"""What a moderation decision entails, wherever it is taken (the queue, bulk actions, the
official reply): the history, the page cache, and the opted-in reader's e-mail."""

from django.db import transaction
from wagtail.log_actions import log

from cityportal.core.middleware import bump_content_version

from . import notifications
from .models import Comment

Status = Comment.Status


def after_moderation(changed: list[tuple[Comment, str]], status: str, user) -> None:
    """Log, refresh cached pages if what readers see changed, and tell opted-in readers."""
    for comment, _old in changed:
        log(comment, f"feedback.{status}", user=user)
    if changed and (status == Status.APPROVED or any(o == Status.APPROVED for _, o in changed)):
        transaction.on_commit(bump_content_version)
    if status == Status.APPROVED:
        notifications.approved([comment for comment, _old in changed])


def moderate(comments, status: str, user) -> list[Comment]:
    """Set `status` on the comments that do not have it yet, recording who and when; returns
    those changed."""
    changed = [(comment, comment.status) for comment in comments if comment.status != status]
    for comment, _old in changed:
        comment.moderate(status, user)
    after_moderation(changed, status, user)
    return [comment for comment, _old in changed]

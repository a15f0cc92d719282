"""What a moderation decision entails, wherever it is taken (the queue, bulk actions, the
official reply): the history, the page cache, and the opted-in reader's e-mail."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from cityportal.core import front_cache
from cityportal.core.middleware import bump_content_version

from . import notifications
from .models import Comment

Status = Comment.Status


def after_moderation(changed: list[tuple[Comment, str]], status: str, user) -> None:
    """Log, refresh cached pages if what readers see changed, and tell opted-in readers."""
    approving = status == Status.APPROVED
    told = _approved_before([comment for comment, _old in changed]) if approving else set()
    for comment, _old in changed:
        log(comment, f"feedback.{status}", user=user)
    if changed and (approving or any(o == Status.APPROVED for _, o in changed)):
        transaction.on_commit(bump_content_version)
    if approving:
        notifications.approved([comment for comment, _old in changed if comment.pk not in told])


def _approved_before(comments: list[Comment]) -> set[int]:
    """The comments a moderator approved once already (hidden since, and shown again): their
    readers were told then, and are not told twice."""
    if not comments:
        return set()
    earlier = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(comment.pk) for comment in comments],
        action=f"feedback.{Status.APPROVED}",
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in earlier}


def moderate(comments, status: str, user) -> list[Comment]:
    """Set `status` on the comments that do not have it yet, recording who and when; returns
    those changed."""
    changed = [(comment, comment.status) for comment in comments if comment.status != status]
    with front_cache.batched():
        for comment, _old in changed:
            comment.moderate(status, user)
    after_moderation(changed, status, user)
    return [comment for comment, _old in changed]

"""Plain helpers the feedback tests share (fixtures are in conftest.py)."""

from cityportal.feedback.models import Comment
from cityportal.feedback.threads import target_key


def form_url(target) -> str:
    """The comment form of an article, series, data set…"""
    return f"/binh-luan/{target_key(target)}/"


def comment(target, name, email, body, status=Comment.Status.APPROVED, **fields) -> Comment:
    return Comment.objects.create(
        target=target, name=name, email=email, body=body, status=status, **fields
    )

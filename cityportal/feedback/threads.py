"""What readers may comment on, under which moderation, and a thread as it is shown."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from wagtail.models import Page

from .models import Comment

# "<app_label>.<model>": what has a comment thread.
COMMENTABLE = {"news.articlepage", "news.seriespage", "opendata.dataset"}
MAX_DEPTH = 2  # a comment, a reply, a reply to the reply


def target_key(target) -> str:
    return f"{target._meta.label_lower}:{target.pk}"


def resolve_target(key: str):
    """The public object a key names, or None (unknown model, unpublished page, private data)."""
    label, _, pk = key.partition(":")
    if label not in COMMENTABLE or not pk:
        return None
    model = apps.get_model(label)
    objects = model.objects
    if issubclass(model, Page):
        objects = objects.live().public()
    elif hasattr(objects, "public"):
        objects = objects.public()
    try:
        return objects.filter(pk=pk).first()
    # A malformed id for the model's key type: not a number, not a UUID, beyond 64 bits.
    except (ValueError, TypeError, ValidationError, OverflowError):
        return None


# What a thread is called where it shows: an event's are the public's questions to speakers.
WORDING = {
    "comments": {
        "noun": "bình luận",
        "heading": "Bình luận",
        "empty": "Chưa có bình luận. Hãy là người đầu tiên góp ý.",
        "write": "Viết bình luận",
        "about": "Bình luận về",
        "send": "Gửi bình luận",
        "closed": "Bài viết đã đóng bình luận.",
    },
    "questions": {
        "noun": "câu hỏi",
        "heading": "Câu hỏi đã duyệt",
        "empty": "Chưa có câu hỏi nào được duyệt. Hãy đặt câu hỏi đầu tiên.",
        "write": "Đặt câu hỏi",
        "about": "Câu hỏi gửi diễn giả của",
        "send": "Gửi câu hỏi",
        "closed": "Sự kiện đã kết thúc hoặc đã hủy, không nhận thêm câu hỏi.",
    },
}


def wording(target) -> dict:
    if target._meta.label_lower != "events.eventpage":
        return WORDING["comments"]
    # An event closes its questions for one reason: say which.
    if getattr(target, "cancelled", False):
        return {**WORDING["questions"], "closed": "Sự kiện đã hủy, không nhận thêm câu hỏi."}
    if getattr(target, "comments_closed", False):
        return {**WORDING["questions"], "closed": "Sự kiện đã kết thúc, không nhận thêm câu hỏi."}
    return WORDING["questions"]


def moderation(target) -> str:
    """'pre', 'post' or 'closed' for new comments on `target`: an article follows its section
    unless its own comments are closed; a target may close itself (`comments_closed`: an event
    that is over); everything else is pre-moderated."""
    from cityportal.news.models import ArticlePage, SectionPage

    if getattr(target, "comments_closed", False):
        return SectionPage.Moderation.CLOSED
    if isinstance(target, ArticlePage):
        if not target.comments_open:
            return SectionPage.Moderation.CLOSED
        section = target.get_parent().specific
        return getattr(section, "comment_moderation", SectionPage.Moderation.PRE)
    return SectionPage.Moderation.PRE


@dataclass
class Node:
    comment: Comment
    replies: list["Node"] = field(default_factory=list)


def thread(target) -> list[Node]:
    """Approved comments as a tree, oldest first; a reply whose parent is not shown is left
    out with it (one query)."""
    comments = list(Comment.objects.on(target).approved().select_related("author"))
    children = defaultdict(list)
    for comment in comments:
        children[comment.parent_id].append(comment)

    def build(parent_id) -> list[Node]:
        return [Node(c, build(c.pk)) for c in children.get(parent_id, [])]

    return build(None)

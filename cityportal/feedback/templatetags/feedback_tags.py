"""Readers' comments in public templates: a page's thread, and comment counts for a list.

Only what a reader may see leaves here: a commenter's name, the date and the text. The e-mail
is never read (a test crawls the public site for it)."""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse

from cityportal.contributions.models import Membership

from ..models import Comment
from ..threads import MAX_DEPTH, Node, moderation, target_key, thread, wording

register = template.Library()

EDITORIAL_BOARD = "Ban biên tập"


def _shape(nodes: list[Node], level: int = 1) -> list[dict]:
    """The tree as shown: nested up to MAX_DEPTH + 1 levels; anything deeper (older data, a
    changed limit) is listed, in order, beside its ancestor on the last level."""
    shown = []
    for node in nodes:
        entry = {"comment": node.comment, "level": level, "replies": []}
        shown.append(entry)
        if level <= MAX_DEPTH:
            entry["replies"] = _shape(node.replies, level + 1)
        else:
            shown.extend({**e, "replies": []} for e in _flatten(node.replies, level))
    return shown


def _flatten(nodes: list[Node], level: int) -> list[dict]:
    out = []
    for node in nodes:
        out.append({"comment": node.comment, "level": level, "replies": []})
        out.extend(_flatten(node.replies, level))
    return out


def _walk(entries: list[dict]):
    for entry in entries:
        yield entry
        yield from _walk(entry["replies"])


def _organisations(user_ids) -> dict:
    """The organisation an official reply speaks for: its author's, if they serve exactly one."""
    names: dict[int, list[str]] = {}
    memberships = Membership.objects.filter(user_id__in=user_ids).select_related("organisation")
    for membership in memberships.order_by("organisation__name"):
        names.setdefault(membership.user_id, []).append(membership.organisation.name)
    return {user_id: orgs[0] for user_id, orgs in names.items() if len(orgs) == 1}


@register.inclusion_tag("feedback/includes/thread.html")
def comment_thread(target):
    """`{% comment_thread page %}`: the approved comments on `target`, threaded, with links to
    the comment form (none when comments are closed), in a fixed number of queries."""
    entries = _shape(thread(target))
    everything = list(_walk(entries))
    official_authors = {e["comment"].author_id for e in everything if e["comment"].official}
    official_authors.discard(None)
    organisations = _organisations(official_authors) if official_authors else {}
    for entry in everything:
        comment = entry["comment"]
        if comment.official:
            entry["speaks_for"] = organisations.get(comment.author_id, EDITORIAL_BOARD)
        entry["can_reply"] = entry["level"] <= MAX_DEPTH  # the form refuses deeper replies
    closed = moderation(target) == "closed"
    key = target_key(target)
    return {
        "key": key,
        "entries": entries,
        "count": len(everything),
        "closed": closed,
        "form_url": None if closed else reverse("feedback:comment", kwargs={"key": key}),
        "words": wording(target),
    }


def _ancestors_shown(above: str = "parent", levels: int = MAX_DEPTH) -> Q:
    """A comment with no parent, or whose parents up the thread are all approved (as many
    levels as a thread has; deeper replies, which the form does not accept, are not counted)."""
    shown = Q(**{f"{above}__isnull": True})
    if levels:
        shown |= Q(**{f"{above}__status": Comment.Status.APPROVED}) & _ancestors_shown(
            f"{above}__parent", levels - 1
        )
    return shown


@register.simple_tag
def comment_counts(articles) -> dict[str, int]:
    """`{% comment_counts page_obj as counts %}`: approved comments per object of a list (a page
    of a paginator, a queryset, a list), in one query; use with `{{ counts|count_for:obj.pk }}`.

    A reply counts when the comments it answers are shown too, as in the thread."""
    objects = list(articles)
    if not objects:
        return {}
    by_type: dict[ContentType, list[str]] = {}
    for obj in objects:
        by_type.setdefault(ContentType.objects.get_for_model(obj), []).append(str(obj.pk))
    targets = Q()
    for content_type, ids in by_type.items():
        targets |= Q(content_type=content_type, object_id__in=ids)
    rows = (
        Comment.objects.approved()
        .filter(targets)
        .filter(_ancestors_shown())
        .values("object_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["object_id"]: row["n"] for row in rows}


@register.filter
def count_for(counts, pk) -> int:
    """`{{ counts|count_for:article.pk }}`: the count `comment_counts` found, else 0."""
    return (counts or {}).get(str(pk), 0)

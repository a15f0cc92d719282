"""The portal's own voices: approved readers' comments and citizens' ideas and questions, copied
into the monitor as text only (never a name, e-mail or IP address). Each sync also drops what
has since been rejected, deleted or erased at the person's request, so the monitor never keeps
what the feedback desk no longer holds."""

from django.db import transaction
from django.utils import timezone

from ..models import Item, Source
from .store import CHUNK, store

NAME = "Cổng thông tin: bình luận, góp ý"


def portal_source() -> Source:
    source, _ = Source.objects.get_or_create(
        kind=Source.Kind.PORTAL, defaults={"name": NAME, "poll_minutes": 15}
    )
    return source


def sync_if_due(now=None) -> dict:
    """The worker's five-minute clock runs this: a sync when the portal source's own period
    (15 minutes) has passed since the last one, as feeds wait for theirs."""
    next_at = portal_source().next_fetch_at
    if next_at is not None and next_at > (now or timezone.now()):
        return {"new": 0, "removed": 0}
    return sync()


def sync() -> dict:
    from cityportal.feedback.models import Comment, Enquiry
    from cityportal.feedback.privacy import ERASED_BODY

    source = portal_source()
    kinds = {  # key prefix: the item's kind and the records that may be heard
        "comment": (
            Item.Kind.COMMENT,
            Comment.objects.approved().filter(official=False).exclude(body=ERASED_BODY),
        ),
        # Not those the bot trap caught: "counted nowhere" until the desk says a person sent it.
        "enquiry": (
            Item.Kind.ENQUIRY,
            Enquiry.objects.exclude(body=ERASED_BODY).exclude(status=Enquiry.Status.SUSPECT),
        ),
    }
    wanted = {
        f"{prefix}:{pk}": pk
        for prefix, (_, records) in kinds.items()
        for pk in records.values_list("pk", flat=True)
    }
    with transaction.atomic():
        held = dict(source.items.values_list("key", "pk"))
        stale = [pk for key, pk in held.items() if key not in wanted]
        for chunk in _chunks(stale):
            Item.objects.filter(pk__in=chunk).delete()
        rows = []
        for prefix, (kind, records) in kinds.items():
            missing = [
                pk for key, pk in wanted.items() if key.startswith(f"{prefix}:") and key not in held
            ]
            # Ids in chunks (see store.CHUNK): a first sync may copy 100,000 comments.
            for chunk in _chunks(missing):
                rows += [
                    Item(
                        source=source,
                        kind=kind,
                        key=f"{prefix}:{record.pk}",
                        title=getattr(record, "title", ""),  # enquiries have one
                        text=record.body,
                        published_at=record.created_at,
                    )
                    for record in records.filter(pk__in=chunk)
                ]
        new = store(rows)
        source.record_success()
    return {"new": new, "removed": len(stale)}


def _chunks(ids: list[int]):
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))

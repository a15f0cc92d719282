"""The portal's own voices: approved readers' comments and citizens' ideas and questions, copied
into the monitor as text only (never a name, e-mail or IP address). Each sync also drops what
has since been rejected, deleted or erased at the person's request, so the monitor never keeps
what the feedback desk no longer holds."""

from django.db import transaction

from ..models import Item, Source
from .store import CHUNK, store

NAME = "Cổng thông tin: bình luận, góp ý"


def portal_source() -> Source:
    source, _ = Source.objects.get_or_create(
        kind=Source.Kind.PORTAL, defaults={"name": NAME, "poll_minutes": 15}
    )
    return source


def sync() -> dict:
    from cityportal.feedback.models import Comment, Enquiry
    from cityportal.feedback.privacy import ERASED_BODY

    source = portal_source()
    comments = Comment.objects.approved().filter(official=False).exclude(body=ERASED_BODY)
    enquiries = Enquiry.objects.exclude(body=ERASED_BODY)
    wanted = {f"comment:{pk}": pk for pk in comments.values_list("pk", flat=True)}
    wanted |= {f"enquiry:{pk}": pk for pk in enquiries.values_list("pk", flat=True)}
    with transaction.atomic():
        held = dict(source.items.values_list("key", "pk"))
        stale = [pk for key, pk in held.items() if key not in wanted]
        for chunk in _chunks(stale):
            Item.objects.filter(pk__in=chunk).delete()
        missing = [key for key in wanted if key not in held]
        rows = []
        # Ids in chunks (see store.CHUNK): a first sync may copy 100,000 comments.
        for chunk in _chunks([wanted[k] for k in missing if k.startswith("comment:")]):
            rows += [
                Item(
                    source=source,
                    kind=Item.Kind.COMMENT,
                    key=f"comment:{c.pk}",
                    text=c.body,
                    published_at=c.created_at,
                )
                for c in comments.filter(pk__in=chunk)
            ]
        for chunk in _chunks([wanted[k] for k in missing if k.startswith("enquiry:")]):
            rows += [
                Item(
                    source=source,
                    kind=Item.Kind.ENQUIRY,
                    key=f"enquiry:{e.pk}",
                    title=e.title,
                    text=e.body,
                    published_at=e.created_at,
                )
                for e in enquiries.filter(pk__in=chunk)
            ]
        new = store(rows)
        source.record_success(new_items=new)
    return {"new": new, "removed": len(stale)}


def _chunks(ids: list[int]):
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))

"""Readers' personal data under Decree 13/2023/NĐ-CP: what the portal holds about one commenter
(export, with the names of the files sent with ideas and questions, and their event sign-ups and
press accreditations through `events.privacy`), erasure on request (those files and badge photos
deleted from storage too), and the retention rules run daily by the job worker (IP addresses
hashed after `FEEDBACK_IP_RETENTION_DAYS`, comments anonymised or deleted after
`FEEDBACK_RETENTION_DAYS`).

A person is known by their e-mail address, matched case-insensitively after stripping spaces.
Official replies (the newsroom's, `official=True`) are the agency's words, not a reader's data:
erasure and the retention purge leave them alone."""

import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, Q, Value
from django.db.models.functions import Cast, Concat, Lower, Trim
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cityportal.core.front_cache import purge_after_commit
from cityportal.core.middleware import bump_content_version
from cityportal.core.pseudonyms import pseudonym

from . import notifications
from .models import Comment, Enquiry, EnquiryAttachment

logger = logging.getLogger(__name__)

Status = Comment.Status
ERASED_NAME = "Người dùng đã xóa"
ERASED_BODY = "[Nội dung đã được xóa theo yêu cầu của người gửi]"
ERASED_EMAIL_PREFIX, ERASED_EMAIL_DOMAIN = "erased-", "@invalid"


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def comments_of(email: str):
    """Every comment sent with this address (none for an empty one)."""
    email = normalise_email(email)
    if not email:
        return Comment.objects.none()
    # Trimmed too: addresses typed in by staff or imported may carry stray spaces.
    return Comment.objects.alias(_email=Lower(Trim("email"))).filter(_email=email)


def enquiries_of(email: str):
    """The person's ideas and questions, matched like their comments."""
    email = normalise_email(email)
    return Enquiry.objects.alias(_email=Lower(Trim("email"))).filter(_email=email)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


# --- Access ------------------------------------------------------------------------------------


def export_person(email: str) -> dict:
    """Everything stored about the person who uses `email`, JSON-serialisable."""
    comments = list(comments_of(email).select_related("content_type").prefetch_related("target"))
    items = []
    for comment in comments:
        target = comment.target
        items.append(
            {
                "id": comment.pk,
                "target": {
                    "type": comment.content_type.model_class()._meta.verbose_name
                    if comment.content_type.model_class()
                    else comment.content_type.model,
                    "title": getattr(target, "title", str(target)) if target else None,
                    "url": notifications.target_url(target) or None,
                },
                "in_reply_to": comment.parent_id,
                "name": comment.name,
                "email": comment.email,
                "body": comment.body,
                "status": comment.status,
                "status_label": comment.get_status_display(),
                "held_because": comment.held_because,
                "official": comment.official,
                "notify": comment.notify,
                "ip_address": comment.ip_address,
                "ip_hashed": comment.ip_hashed,
                "created_at": _iso(comment.created_at),
                "moderated_at": _iso(comment.moderated_at),
            }
        )
    return {
        "email": normalise_email(email),
        "generated_at": timezone.now().isoformat(),
        "controller": "Cổng Thông tin điện tử Thành phố Hồ Chí Minh",
        "retention": {
            "comments_days": settings.FEEDBACK_RETENTION_DAYS,
            "ip_address_days": settings.FEEDBACK_IP_RETENTION_DAYS,
        },
        "count": len(items),
        "comments": items,
        "enquiries": [
            {
                "tracking_code": e.tracking_code,
                "kind": e.kind,
                "title": e.title,
                "body": e.body,
                "name": e.name,
                "email": e.email,
                "phone": e.phone,
                "status": e.status,
                "ip_address": e.ip_address,
                "created_at": _iso(e.created_at),
                "attachments": [
                    {"name": a.original_name, "size": a.size, "content_type": a.content_type}
                    for a in e.attachments.all()
                ],
            }
            for e in enquiries_of(email).prefetch_related("attachments")
        ],
        **_events().export(normalise_email(email)),
    }


def _events():
    """The events desk's part (sign-ups, press accreditations): imported here, not at the top,
    because events builds on feedback (questions to an event are its comments)."""
    from cityportal.events import privacy

    return privacy


# --- Erasure -----------------------------------------------------------------------------------


def erasure_plan(email: str) -> tuple[list[Comment], list[Comment]]:
    """(to delete, to anonymise) among the person's comments. An approved comment that others
    answered, directly or further down its thread, is anonymised so the thread still reads;
    every other comment of theirs is deleted."""
    mine = list(comments_of(email).filter(official=False).select_related("content_type"))
    mine_ids = {c.pk for c in mine}
    # Walk down the threads (MAX_DEPTH levels: a handful of queries) noting, for each of the
    # person's comments, whether someone else's comment hangs below it.
    has_others_below: set[int] = set()
    ancestors = {pk: {pk} for pk in mine_ids}  # comment id -> the person's comments above it
    frontier = set(mine_ids)
    while frontier:
        children = list(Comment.objects.filter(parent_id__in=frontier).values_list("pk", "parent"))
        frontier = set()
        for pk, parent in children:
            above = ancestors.get(parent, set())
            if pk not in mine_ids:
                has_others_below |= above
            new = above | ({pk} if pk in mine_ids else set())
            if pk not in ancestors or not new <= ancestors[pk]:
                ancestors[pk] = ancestors.get(pk, set()) | new
                frontier.add(pk)
    to_anonymise = [c for c in mine if c.status == Status.APPROVED and c.pk in has_others_below]
    keep = {c.pk for c in to_anonymise}
    return [c for c in mine if c.pk not in keep], to_anonymise


def _erased_email():
    return Concat(
        Value(ERASED_EMAIL_PREFIX),
        Cast("pk", CharField()),
        Value(ERASED_EMAIL_DOMAIN),
        output_field=CharField(),
    )


def _is_erased() -> Q:
    return Q(email__startswith=ERASED_EMAIL_PREFIX, email__endswith=ERASED_EMAIL_DOMAIN)


def _scrub_log_labels(ids) -> None:
    """Wagtail's history keeps each comment's label ("name: body…"): replace it."""
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Comment),
        object_id__in=[str(pk) for pk in ids],
    ).update(label=Concat(Value("Bình luận #"), F("object_id"), output_field=CharField()))


_ANONYMOUS = {"name": ERASED_NAME, "ip_address": "", "ip_hashed": False, "notify": False}


def erase_person(email: str, by=None) -> int:
    """Erase the person's comments (see `erasure_plan`); returns how many were deleted or
    anonymised. `by` is who acted on the request (a user, or a label such as "command")."""
    with transaction.atomic():
        # Ideas and questions stay in the desk's figures and the published Q&A, without the
        # person: no name, address, phone or IP, and none of the files they sent (the stored
        # files are deleted once this commits).
        EnquiryAttachment.objects.filter(enquiry__in=enquiries_of(email)).delete()
        enquiries = enquiries_of(email).update(
            name=_ANONYMOUS["name"], email=_erased_email(), phone="", ip_address=""
        )
        enquiries += _events().erase(normalise_email(email), ERASED_NAME, _erased_email())
        to_delete, to_anonymise = erasure_plan(email)
        if not to_delete and not to_anonymise:
            if enquiries:
                transaction.on_commit(bump_content_version)
            return enquiries
        anonymise_ids = [c.pk for c in to_anonymise]
        delete_ids = [c.pk for c in to_delete]
        Comment.objects.filter(pk__in=anonymise_ids).update(
            **_ANONYMOUS, email=_erased_email(), body=ERASED_BODY, held_because=""
        )
        # An update sends no signal: core's purge on a comment's change does not see these.
        purge_after_commit({comment.target for comment in to_anonymise})
        Comment.objects.filter(pk__in=delete_ids).delete()
        _scrub_log_labels(anonymise_ids + delete_ids)
        if to_anonymise or any(c.status == Status.APPROVED for c in to_delete):
            transaction.on_commit(bump_content_version)
    logger.info(
        "Personal data erased by %s: %d comment(s) deleted, %d anonymised",
        by,
        len(delete_ids),
        len(anonymise_ids),
    )
    return len(delete_ids) + len(anonymise_ids) + enquiries


# --- Retention ---------------------------------------------------------------------------------


def _cutoff(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def hash_old_ips(days: int | None = None) -> int:
    """Replace the IP address of comments older than `days` with its keyed hash; returns how
    many comments changed. Idempotent: hashed addresses are not hashed again. One UPDATE per
    distinct address (the hash needs SECRET_KEY, so the database cannot compute it)."""
    days = settings.FEEDBACK_IP_RETENTION_DAYS if days is None else days
    old = Comment.objects.filter(created_at__lt=_cutoff(days), ip_hashed=False).exclude(
        ip_address=""
    )
    changed = 0
    with transaction.atomic():
        addresses = set(old.values_list("ip_address", flat=True).distinct())
        for ip in addresses:
            changed += old.filter(ip_address=ip).update(
                ip_address=pseudonym("feedback.ip", ip), ip_hashed=True
            )
    if changed:
        logger.info("Hashed the IP address of %d comment(s) older than %d days", changed, days)
    return changed


def purge_expired(days: int | None = None) -> dict:
    """Comments older than the retention period lose their author's personal data: approved
    ones keep their (public) text under an anonymous name; pending, rejected and spam ones are
    deleted. Official replies are kept as they are. Idempotent."""
    days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
    expired = Comment.objects.filter(created_at__lt=_cutoff(days), official=False)
    with transaction.atomic():
        to_anonymise = expired.filter(status=Status.APPROVED).exclude(_is_erased())
        anonymise_ids = list(to_anonymise.values_list("pk", flat=True))
        anonymised = Comment.objects.filter(pk__in=anonymise_ids).update(
            **_ANONYMOUS, email=_erased_email(), held_because=""
        )
        delete_ids = list(expired.exclude(status=Status.APPROVED).values_list("pk", flat=True))
        deleted = Comment.objects.filter(pk__in=delete_ids).delete()[1].get(Comment._meta.label, 0)
        _scrub_log_labels(anonymise_ids + delete_ids)
        if anonymised:
            transaction.on_commit(bump_content_version)
    if anonymised or deleted:
        logger.info(
            "Retention (%d days): %d comment(s) anonymised, %d deleted", days, anonymised, deleted
        )
    return {"anonymised": anonymised, "deleted": deleted}


def expire_enquiries(ip_days: int | None = None, days: int | None = None) -> dict:
    """The same periods for ideas and questions, whose consent promises them too: the sender's
    IP address goes after `ip_days` (it served the rate limit only, so nothing is kept of it);
    after `days` the enquiry loses its sender as on an erasure request (name, e-mail, phone,
    the files), and keeps its question and answer for the desk's figures and the public Q&A.
    Idempotent."""
    ip_days = settings.FEEDBACK_IP_RETENTION_DAYS if ip_days is None else ip_days
    days = settings.FEEDBACK_RETENTION_DAYS if days is None else days
    with transaction.atomic():
        ips_cleared = (
            Enquiry.objects.filter(created_at__lt=_cutoff(ip_days))
            .exclude(ip_address="")
            .update(ip_address="")
        )
        expired = Enquiry.objects.filter(created_at__lt=_cutoff(days))
        files = EnquiryAttachment.objects.filter(enquiry__in=expired).delete()[0]
        anonymised = expired.exclude(_is_erased()).update(
            name=ERASED_NAME, email=_erased_email(), phone="", ip_address=""
        )
        if anonymised:
            transaction.on_commit(bump_content_version)  # the name beside a published answer
    if ips_cleared or anonymised or files:
        logger.info(
            "Enquiries: %d IP address(es) cleared, %d anonymised, %d file(s) deleted",
            ips_cleared,
            anonymised,
            files,
        )
    return {
        "enquiry_ips_cleared": ips_cleared,
        "enquiries_anonymised": anonymised,
        "enquiry_files_deleted": files,
    }


def maintain() -> dict:
    """The daily job: hash old IP addresses, then apply the retention period, to comments and
    to ideas and questions."""
    return {"ips_hashed": hash_old_ips(), **purge_expired(), **expire_enquiries()}

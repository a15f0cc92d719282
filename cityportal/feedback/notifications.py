"""E-mail to readers who asked for it (`Comment.notify`): when their comment is published, and when
a published reply is posted to it. Each message goes to one reader and names nobody else's
address; messages are sent after the change is committed.

Called from the moderation actions and the official reply view, never from model signals, so a
script that fixes data in bulk does not write to readers."""

from django.conf import settings
from wagtail.models import Page

from cityportal.core import mail

from .models import Comment
from .threads import resolve_target, target_key

FOOTER = (
    "Bạn nhận thư này vì đã chọn nhận thông báo qua email khi gửi bình luận. "
    "Thư được gửi tự động, xin đừng trả lời thư này."
)


def target_url(target) -> str:
    """The public address of what a comment is about, or "" when it has none."""
    if target is None:
        return ""
    if isinstance(target, Page):
        return target.full_url or ""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + target.get_absolute_url()


def _public_target(comment: Comment):
    """The comment's target if readers can see it now (live, public), else None."""
    target = comment.target
    return resolve_target(target_key(target)) if target is not None else None


def _send(messages: list[tuple[str, str, str]]) -> None:
    mail.send_after_commit([mail.message(s, b, [r]) for s, b, r in messages if r])


def _approved_message(comment: Comment, target) -> tuple[str, str, str] | None:
    if not comment.notify or comment.official or not comment.email:
        return None
    title = target.title
    return (
        f"Bình luận của bạn đã được đăng: {title}",
        f"Chào {comment.name},\n\n"
        f"Bình luận của bạn về “{title}” đã được duyệt và đăng:\n\n"
        f"{_quote(comment.body)}\n\n"
        f"Xem tại: {target_url(target)}#binh-luan-{comment.pk}\n\n-- \n{FOOTER}",
        comment.email,
    )


def _reply_message(reply: Comment, target, to: Comment | None = None) -> tuple | None:
    parent = to or reply.parent
    if (
        parent is None
        or not parent.notify
        or not parent.email
        or parent.status != Comment.Status.APPROVED
        or parent.email.lower() == (reply.email or "").lower()  # one's own reply
    ):
        return None
    title = target.title
    who = f"{reply.name} (trả lời chính thức)" if reply.official else reply.name
    return (
        f"Có trả lời cho bình luận của bạn: {title}",
        f"Chào {parent.name},\n\n"
        f"Bình luận của bạn về “{title}”:\n\n{_quote(parent.body)}\n\n"
        f"vừa có trả lời của {who}:\n\n{_quote(reply.body)}\n\n"
        f"Xem tại: {target_url(target)}#binh-luan-{reply.pk}\n\n-- \n{FOOTER}",
        parent.email,
    )


def _quote(text: str, limit: int = 1000) -> str:
    text = text.strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return "\n".join(f"> {line}" for line in text.splitlines())


def approved(comments) -> None:
    """`comments` were just published: tell each opted-in author, and the opted-in authors of the
    comments they reply to."""
    messages = []
    for comment in comments:
        target = _public_target(comment)
        if target is None:
            continue
        messages.append(_approved_message(comment, target))
        if comment.parent_id:
            messages.append(_reply_message(comment, target))
    _send([m for m in messages if m])


def replied(reply: Comment, to: Comment | None = None) -> None:
    """A published reply (e.g. the newsroom's official one) was posted to `to` (by default its
    parent): tell that comment's author if they opted in."""
    target = _public_target(reply)
    if target is None:
        return
    message = _reply_message(reply, target, to)
    if message:
        _send([message])


def enquiry_answered(enquiry) -> None:
    """The citizen hears when the agency's answer is ready (the e-mail is how they asked to be
    answered), with the answer itself and, once published, its public page."""
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    link = (
        f"\n\nCâu trả lời được công bố tại: {base}{enquiry.get_absolute_url()}"
        if enquiry.status == enquiry.Status.PUBLISHED
        else ""
    )
    _send(
        [
            (
                f"[{enquiry.tracking_code}] Đã có trả lời: {enquiry.title}",
                f"Kính gửi {enquiry.name},\n\n{enquiry.agency or 'Ban biên tập'} trả lời "
                f"{enquiry.get_kind_display().lower()} “{enquiry.title}” của bạn:\n\n"
                f"{_quote(enquiry.answer, 4000)}{link}\n\n"
                "Thư được gửi tự động, xin đừng trả lời thư này.",
                enquiry.email,
            )
        ]
    )

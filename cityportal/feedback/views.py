"""Posting a comment. The form lives on its own uncached URL (it carries the CSRF token), so the
article pages around it stay cacheable and cookie-free."""

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from cityportal.core.middleware import bump_content_version

from . import abuse
from .forms import CommentForm
from .models import Comment
from .threads import moderation, resolve_target


@never_cache
def comment(request, key):
    target = resolve_target(key)
    if target is None:
        raise Http404("Không có trang này.")
    mode = moderation(target)
    fragment = request.GET.get("fragment") == "1" or request.POST.get("fragment") == "1"
    context = {
        "target": target,
        "target_url": target.url if hasattr(target, "url") else target.get_absolute_url(),
        "key": key,
        "fragment": fragment,
        "closed": mode == "closed",
    }
    template = "feedback/includes/form.html" if fragment else "feedback/comment_form.html"
    if mode == "closed":
        return render(request, template, context, status=403)
    if request.method != "POST":
        initial = {"parent": request.GET.get("tra-loi") or None}
        return render(request, template, {**context, "form": CommentForm(initial=initial)})

    form = CommentForm(request.POST, target=target)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    data = form.cleaned_data
    ip = abuse.client_ip(request)
    per_ip, ip_window = settings.FEEDBACK_RATE_PER_IP
    per_email, email_window = settings.FEEDBACK_RATE_PER_EMAIL
    if abuse.over_limit("ip", ip, per_ip, ip_window) or abuse.over_limit(
        "email", data["email"], per_email, email_window
    ):
        form.add_error(
            None,
            "Bạn đã gửi nhiều bình luận trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
            "nội dung bạn vừa viết vẫn còn dưới đây.",
        )
        return render(request, template, {**context, "form": form}, status=429)

    reasons = abuse.hold_reasons(data["name"], data["body"])
    status = Comment.Status.APPROVED if mode == "post" and not reasons else Comment.Status.PENDING
    if data["website"]:  # the honeypot: kept for the moderator's eyes, never shown
        status, reasons = Comment.Status.SPAM, [*reasons, "trường ẩn được điền (máy gửi?)"]
    with transaction.atomic():
        saved = Comment.objects.create(
            target=target,
            parent=data["parent"],
            name=data["name"],
            email=data["email"],
            body=data["body"],
            notify=data["notify"],
            status=status,
            held_because="; ".join(reasons)[:255],
            ip_address=ip,
        )
        if status == Comment.Status.APPROVED:
            transaction.on_commit(bump_content_version)
    return render(request, template, {**context, "comment": saved})

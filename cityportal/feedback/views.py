"""Posting a comment. The form lives on its own uncached URL (it carries the CSRF token), so the
article pages around it stay cacheable and cookie-free."""

import re

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache

from cityportal.core import throttle
from cityportal.core.middleware import bump_content_version

from . import abuse
from .forms import CommentForm, EnquiryForm
from .models import Comment, Enquiry
from .threads import moderation, resolve_target, wording

# `?gui=` on the comment form after a sent comment: shown at once, or waiting for a moderator.
SENT_STATES = ("da-dang", "cho-duyet")


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
        "words": wording(target),
    }
    template = "feedback/includes/form.html" if fragment else "feedback/comment_form.html"
    if mode == "closed":
        return render(request, template, context, status=403)
    if request.method != "POST":
        if request.GET.get("gui") in SENT_STATES:  # where a sent form lands (below)
            return render(request, template, {**context, "sent": request.GET["gui"]})
        initial = {"parent": request.GET.get("tra-loi") or None}
        return render(
            request, template, {**context, "form": CommentForm(initial=initial, target=target)}
        )

    form = CommentForm(request.POST, target=target)
    if not form.is_valid():
        return render(request, template, {**context, "form": form}, status=400)
    data = form.cleaned_data

    def resent():
        return Comment.objects.resent(target, data["parent"], data["email"], data["body"])

    parent = str(data["parent"].pk if data["parent"] else "")
    twin = "\x00".join((key, parent, data["email"].casefold(), data["body"]))
    # A twin tapped while the first is saving waits for it (see throttle.first_of_twins).
    with throttle.first_of_twins("comment", twin) as first:
        saved = resent() if first else throttle.wait_for(resent)
        if saved is None:
            ip = throttle.client_ip(request)
            per_ip, ip_window = settings.FEEDBACK_RATE_PER_IP
            per_email, email_window = settings.FEEDBACK_RATE_PER_EMAIL
            if throttle.over_limit("ip", ip, per_ip, ip_window) or throttle.over_limit(
                "email", data["email"], per_email, email_window
            ):
                form.add_error(
                    None,
                    "Bạn đã gửi nhiều bình luận trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
                    "nội dung bạn vừa viết vẫn còn dưới đây.",
                )
                return render(request, template, {**context, "form": form}, status=429)
            saved = _save_comment(target, data, mode, ip)
    sent = "da-dang" if saved.status == Comment.Status.APPROVED else "cho-duyet"
    if fragment:  # the page's script shows the answer in place; nothing to reload
        return render(request, template, {**context, "sent": sent})
    # Post/redirect/get: reloading the thanks page, or Back, never sends the form again.
    return redirect(f"{request.path}?gui={sent}")


def _save_comment(target, data: dict, mode: str, ip: str) -> Comment:
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
    return saved


@never_cache
def enquiry(request):
    """The public form for ideas and questions; the answer is a tracking code."""
    form = EnquiryForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "feedback/enquiry_form.html", {"form": form})
    if not form.is_valid():
        return render(request, "feedback/enquiry_form.html", {"form": form}, status=400)
    data = form.cleaned_data

    def resent():
        return Enquiry.objects.resent(data["email"], data["title"], data["body"])

    twin = "\x00".join((data["email"].casefold(), data["title"], data["body"]))
    with throttle.first_of_twins("enquiry", twin) as first:
        saved = resent() if first else throttle.wait_for(resent)
        if saved is None:
            ip = throttle.client_ip(request)
            per_ip, window = settings.FEEDBACK_RATE_PER_IP
            if throttle.over_limit("enquiry-ip", ip, per_ip, window):
                form.add_error(
                    None,
                    "Bạn đã gửi nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút; "
                    "nội dung bạn vừa viết vẫn còn dưới đây.",
                )
                form.ask_for_files_again()
                return render(request, "feedback/enquiry_form.html", {"form": form}, status=429)
            saved = _save_enquiry(form, ip)
    # Post/redirect/get: the code is shown on its status page, which a reload only re-reads.
    status_url = reverse("feedback:enquiry_status")
    return redirect(f"{status_url}?{urlencode({'ma': saved.tracking_code, 'moi': 1})}")


def _save_enquiry(form, ip: str) -> Enquiry:
    saved = form.save(commit=False)
    saved.ip_address = ip
    if form.cleaned_data["website"]:  # the honeypot: kept for a person to check
        saved.status = Enquiry.Status.SUSPECT
    with transaction.atomic():
        saved.save()
        form.save_attachments(saved)
    return saved


@never_cache
def enquiry_status(request):
    """Follow an enquiry by its code: status, agency and due date, the names of the files sent
    (never the files themselves), never the personal data."""
    # Read out over the phone or copied from an e-mail: spaces and dashes are not part of it.
    code = re.sub(r"[\s\-–.]", "", request.GET.get("ma", "")).upper()[:20]
    # The code is all that guards an enquiry's status, title and answer: an address that has
    # asked for too many codes that do not exist is guessing, and is answered no more for a while.
    ip = throttle.client_ip(request)
    misses, window = settings.FEEDBACK_LOOKUP_MISSES_PER_IP
    if code and throttle.count("enquiry-lookup-miss", ip) >= misses:
        context = {"code": code, "searched": True, "refused": True}
        return render(request, "feedback/enquiry_status.html", context, status=429)
    found = (
        Enquiry.objects.select_related("agency")
        .prefetch_related("attachments")
        .filter(tracking_code=code)
        .first()
    )
    if code and found is None:
        throttle.over_limit("enquiry-lookup-miss", ip, misses, window)
    context = {
        "code": code,
        "found": found,
        "searched": bool(code),
        "just_sent": request.GET.get("moi") == "1",
    }
    return render(
        request, "feedback/enquiry_status.html", context, status=200 if found or not code else 404
    )


def answers(request):
    """Published answers, searchable without diacritics, with the desk's figures."""
    text = request.GET.get("q", "").strip()[:200]
    published = Enquiry.objects.published().matching(text).select_related("agency", "place")
    context = {
        "page_obj": Paginator(published.order_by("-answered_at"), 20).get_page(
            request.GET.get("trang")
        ),
        "text": text,
        "counts": Enquiry.objects.counts(),
    }
    return render(request, "feedback/answers.html", context)


def answer(request, code):
    found = get_object_or_404(
        Enquiry.objects.published().select_related("agency", "place"), tracking_code=code
    )
    return render(request, "feedback/answer.html", {"enquiry": found})

"""The desk in the admin. Every view starts from `Submission.objects.visible_to(user)`, so a
contributor who opens another agency's submission gets a 404, whatever the URL."""

import uuid
from itertools import zip_longest

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from cityportal.core.uploads import serve_private

from . import drafts, notifications
from .forms import CommentForm, MoveForm, SubmissionForm
from .models import REVIEW_PERMISSION, Attachment, ContentRequest, Submission, organisations_of


def _may_contribute(user) -> bool:
    return user.has_perm(REVIEW_PERMISSION) or user.memberships.exists()


def submission_list(request):
    if not _may_contribute(request.user):
        raise PermissionDenied
    submissions = (
        Submission.objects.visible_to(request.user)
        .select_related("organisation", "submitted_by")
        .order_by("-submitted_at")
    )
    status = request.GET.get("status", "")
    if status in Submission.Status.values:
        submissions = submissions.filter(status=status)
    open_requests = (
        ContentRequest.objects.open()
        .filter(organisation__in=organisations_of(request.user))
        .select_related("organisation")
    )
    return render(
        request,
        "contributions/admin/list.html",
        {
            "submissions": submissions[:200],
            "statuses": Submission.Status.choices,
            "status": status,
            "open_requests": open_requests,
            "today": timezone.localdate(),
            "reviewer": request.user.has_perm(REVIEW_PERMISSION),
        },
    )


def submission_create(request):
    if not _may_contribute(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = SubmissionForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            existing = Submission.objects.filter(
                submitted_by=request.user, idempotency_key=form.cleaned_data["key"]
            ).first()
            if existing:  # the same form posted twice: one submission
                return redirect("contribution_detail", existing.pk)
            try:
                submission = _save(form, request.user)
            except IntegrityError:  # two posts racing: the other one won
                submission = Submission.objects.get(
                    submitted_by=request.user, idempotency_key=form.cleaned_data["key"]
                )
            else:
                notifications.submitted(submission)
                messages.success(request, f"Đã gửi, mã theo dõi {submission.tracking_number}.")
            return redirect("contribution_detail", submission.pk)
        _not_sent(request)
    else:
        form = SubmissionForm(user=request.user, initial={"key": uuid.uuid4()})
        _answering(form, request.GET.get("request", ""))
    return render(request, "contributions/admin/form.html", {"form": form})


def _not_sent(request) -> None:
    """The form comes back at its top and, on a phone, the field in error screens below: without
    a word up there the officer saw nothing happen. No browser keeps a file input's choice."""
    text = "Bài chưa được gửi: vui lòng sửa các mục báo lỗi bên dưới."
    if request.FILES:
        text += " Vui lòng chọn lại tệp đính kèm."
    messages.error(request, text)


def _answering(form: SubmissionForm, request_pk: str) -> None:
    """A link from a reminder or the dashboard (`?request=`) opens the form answering that
    request, when it is one of the user's agencies'."""
    if not (request_pk.isascii() and request_pk.isdigit()):  # "²" is a digit to Python
        return
    answered = form.fields["request"].queryset.filter(pk=request_pk).first()
    if answered is not None:
        form.initial.update(request=answered.pk, organisation=answered.organisation_id)


@transaction.atomic
def _save(form: SubmissionForm, user) -> Submission:
    submission = form.save(commit=False)
    if submission._state.adding:
        submission.submitted_by = user
        submission.idempotency_key = form.cleaned_data["key"]
    submission.save()
    form.save_m2m()
    for upload, kind in form.cleaned_data["attachments"]:
        Attachment.objects.create(
            submission=submission,
            file=upload,
            original_name=upload.name[:255],
            kind=kind,
            size=upload.size,
        )
    return submission


def submission_edit(request, pk):
    """The agency corrects its submission while it waits or after changes were requested;
    saving after a request for changes sends it back to the desk."""
    submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
    editable = (Submission.Status.SUBMITTED, Submission.Status.CHANGES_REQUESTED)
    if submission.status not in editable or not submission.is_member(request.user):
        raise PermissionDenied
    form = SubmissionForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        instance=submission,
        initial={"key": uuid.uuid4()},
    )
    if request.method == "POST" and form.is_valid():
        key = form.cleaned_data["key"]
        with transaction.atomic():
            # The form's key becomes the submission's: the same form posted again (a second
            # tap, a reload) finds it taken and saves nothing twice.
            if key and not _claim(submission, key):
                return redirect("contribution_detail", submission.pk)
            _save(form, request.user)
            if submission.status == Submission.Status.CHANGES_REQUESTED:
                submission.move(Submission.Status.SUBMITTED, request.user, "Đã chỉnh sửa")
        notifications.submitted(submission, again=True)
        messages.success(request, "Đã lưu và gửi lại cho ban biên tập.")
        return redirect("contribution_detail", submission.pk)
    if request.method == "POST":
        _not_sent(request)
    return render(
        request, "contributions/admin/form.html", {"form": form, "submission": submission}
    )


def _claim(submission: Submission, key: uuid.UUID) -> bool:
    """Whether this post is the first with `key` (a conditional UPDATE, so of two racing posts
    only one wins)."""
    claimed = (
        Submission.objects.filter(pk=submission.pk)
        .exclude(idempotency_key=key)
        .update(idempotency_key=key)
    )
    submission.idempotency_key = key
    return bool(claimed)


def submission_detail(request, pk):
    submission = get_object_or_404(
        Submission.objects.visible_to(request.user).select_related(
            "organisation", "submitted_by", "section", "article", "request"
        ),
        pk=pk,
    )
    comment_form = CommentForm()
    if request.method == "POST":
        comment_form = CommentForm(request.POST)
        if comment_form.is_valid():
            comment = comment_form.save(commit=False)
            comment.submission, comment.author = submission, request.user
            comment.save()
            notifications.commented(submission, comment)
            return redirect("contribution_detail", submission.pk)
    moves = submission.allowed_moves(request.user)
    editable = submission.status in (
        Submission.Status.SUBMITTED,
        Submission.Status.CHANGES_REQUESTED,
    ) and submission.is_member(request.user)
    return render(
        request,
        "contributions/admin/detail.html",
        {
            "submission": submission,
            "places": submission.places.all(),
            "attachments": submission.attachments.all(),
            "changes": submission.changes.select_related("by"),
            "comments": submission.comments.select_related("author"),
            "comment_form": comment_form,
            "editable": editable,
            "moves": [(value, Submission.Status(value).label) for value in _in_order(moves)],
        },
    )


def _in_order(moves) -> list[str]:
    """Buttons in the order of the workflow, declining last (it is the one to think twice about)."""
    order = list(Submission.Status.values)
    return sorted(moves, key=lambda v: (v == Submission.Status.DECLINED, order.index(v)))


@require_POST
def submission_move(request, pk):
    submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
    form = MoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Trạng thái không hợp lệ.")
        return redirect("contribution_detail", pk)
    to, note = form.cleaned_data["to"], form.cleaned_data["note"]
    try:
        if to == Submission.Status.ACCEPTED:
            article = drafts.accept(submission, request.user, note)
        else:
            article = None
            submission.move(to, request.user, note)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect("contribution_detail", pk)
    notifications.status_changed(submission, request.user, note)
    if article is not None:
        messages.success(request, "Đã tiếp nhận; bản nháp bài viết đã vào quy trình biên tập.")
        photos = list(submission.attachments.photos())
        if skipped := sum(photo.image_id is None for photo in photos):
            messages.warning(
                request,
                f"{skipped} ảnh đính kèm chưa đưa được vào bản nháp; "
                f"lý do ghi trên bài cộng tác {submission.tracking_number}.",
            )
        captions = submission.captions()[: len(photos)]
        in_draft = zip_longest(photos, captions, fillvalue="")
        if placeholders := sum(bool(photo.image_id and not text) for photo, text in in_draft):
            # The alt text stands in until an editor writes one; say so before it goes live.
            messages.warning(
                request,
                f"{placeholders} ảnh chưa có chú thích của cơ quan: lời mô tả ảnh (alt) trong "
                "bản nháp đang tạm ghi tiêu đề bài, cần viết lại cho đúng nội dung ảnh.",
            )
        return redirect("wagtailadmin_pages:edit", article.pk)
    messages.success(request, f"Đã chuyển sang “{submission.get_status_display()}”.")
    return redirect("contribution_detail", pk)


def attachment_download(request, pk, attachment_pk):
    submission = get_object_or_404(Submission.objects.visible_to(request.user), pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, submission=submission)
    return serve_private(attachment.file, filename=attachment.original_name)

"""`/api/v1/contributions`: the caller's submissions, for an agency's own tools or the desk's.

Authenticated by the admin's session cookie (ninja checks CSRF on unsafe methods); everything
starts from `Submission.objects.visible_to(user)`, so another agency's submission is a 404, the
same as one that does not exist."""

import datetime
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.security import django_auth

from cityportal.api.schemas import BlankIsUnset, absolute, answers, limit_offset

from .models import REVIEW_PERMISSION, Attachment, StatusChange, Submission

router = Router(tags=["contributions"], auth=django_auth)
Status = Literal[tuple(Submission.Status.values)]
Kind = Literal[tuple(Submission.Kind.values)]


Pages = limit_offset(50, 200)


class SubmissionOut(Schema):
    tracking_number: str = Field(description="mã theo dõi, ví dụ DG-2025-00012")
    title: str
    kind: Kind = Field(description="news: tin bài; event: thông báo sự kiện; figures: số liệu")
    status: Status
    status_label: str = Field(description="trạng thái bằng tiếng Việt, như trên trang quản trị")
    organisation: str = Field(alias="organisation.name", description="cơ quan gửi")
    submitted_at: datetime.datetime
    url: str = Field(description="trang bài trong trang quản trị (cần đăng nhập)")

    @staticmethod
    def resolve_status_label(submission: Submission) -> str:
        return submission.get_status_display()

    @staticmethod
    def resolve_url(submission: Submission, context) -> str:
        return absolute(context, reverse("contribution_detail", args=[submission.pk]))


class StatusChangeOut(Schema):
    from_status: Status
    to_status: Status
    at: datetime.datetime
    note: str


class AttachmentOut(Schema):
    name: str = Field(alias="original_name")
    kind: Literal[tuple(Attachment.Kind.values)]
    size: int = Field(description="byte")
    caption: str = Field("", description="chú thích ảnh của cơ quan gửi; rỗng với tệp khác ảnh")
    url: str = Field(description="tải về (cần đăng nhập)")

    @staticmethod
    def resolve_url(attachment: Attachment, context) -> str:
        path = reverse("contribution_attachment", args=[attachment.submission_id, attachment.pk])
        return absolute(context, path)


class SubmissionDetail(SubmissionOut):
    lead: str
    body: str = Field(description="HTML đã được làm sạch")
    section: str | None = Field(None, alias="section.title", description="chuyên mục đề xuất")
    publish_at: datetime.datetime | None = Field(description="đề nghị đăng lúc")
    event_starts_at: datetime.datetime | None
    event_location: str
    decline_reason: str
    history: list[StatusChangeOut] = Field(description="các lần chuyển trạng thái, cũ trước")
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_history(submission: Submission) -> list[StatusChange]:
        return list(submission.changes.all())

    @staticmethod
    def resolve_attachments(submission: Submission) -> list[Attachment]:
        attachments = list(submission.attachments.order_by("pk"))
        # The form's caption lines go to the photos in the order attached, other files skipped.
        captions = iter(submission.captions())
        for attachment in attachments:
            is_photo = attachment.kind == Attachment.Kind.IMAGE
            attachment.caption = next(captions, "") if is_photo else ""
        return attachments


class ListParams(BlankIsUnset):
    status: Status | None = Field(
        None, description="chỉ các bài ở trạng thái này; để trống là mọi trạng thái"
    )


def _visible(request):
    """What the caller may see; someone who neither contributes nor reviews has no desk."""
    user = request.auth
    if not (user.has_perm(REVIEW_PERMISSION) or user.memberships.exists()):
        raise HttpError(403, "Tài khoản không gửi hay biên tập bài cộng tác.")
    return Submission.objects.visible_to(user).select_related("organisation")


@router.get(
    "",
    response=answers(list[SubmissionOut], 401, 403, 422),
    url_name="contributions",
    summary="Các bài cộng tác người dùng được xem, mới gửi trước",
)
@paginate(Pages)
def submissions(request, response: HttpResponse, params: Query[ListParams]):
    add_never_cache_headers(response)  # one user's list: no shared cache may keep it
    found = _visible(request)
    if params.status:
        found = found.filter(status=params.status)
    return found.order_by("-submitted_at", "-pk")


@router.get(
    "/{tracking_number}",
    response=answers(SubmissionDetail, 401, 403, 404),
    url_name="contribution",
    summary="Một bài cộng tác: nội dung, lịch sử trạng thái và tệp đính kèm",
)
def submission(request, response: HttpResponse, tracking_number: str):
    add_never_cache_headers(response)
    found = _visible(request).select_related("section")
    return get_object_or_404(found, tracking_number=tracking_number)

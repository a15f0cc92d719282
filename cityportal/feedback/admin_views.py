"""The admin's own pages for readers' comments: the official reply and personal-data requests."""

import json
from email.utils import parseaddr

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from cityportal.core.middleware import bump_content_version
from cityportal.core.pseudonyms import pseudonym
from cityportal.core.viewsets import AdminScreen

from . import notifications, privacy
from .models import Comment, EnquiryAttachment
from .moderation import moderate
from .threads import MAX_DEPTH

Status = Comment.Status
MODERATE_PERMISSION = "feedback.change_comment"

# --- The newsroom's official reply -------------------------------------------------------------


class ReplyForm(forms.Form):
    original = forms.CharField(
        label="Bình luận của bạn đọc",
        required=False,
        disabled=True,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    body = forms.CharField(
        label="Trả lời chính thức",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Đăng ngay dưới bình luận, đứng tên Ban biên tập hoặc họ tên của bạn.",
    )
    approve_parent = forms.BooleanField(
        label="Duyệt luôn bình luận này",
        required=False,
        initial=True,
        help_text="Trả lời chỉ hiện khi bình luận được trả lời đã được duyệt.",
    )

    def __init__(self, *args, comment: Comment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].initial = f"{comment.name}: {comment.body}"
        if comment.status == Status.APPROVED:
            del self.fields["approve_parent"]


def _depth(comment: Comment) -> int:
    depth, parent = 0, comment.parent
    while parent is not None:
        depth, parent = depth + 1, parent.parent
    return depth


class ReplyView(WagtailAdminTemplateMixin, FormView):
    """/admin/feedback/comments/<pk>/reply/: an approved, official comment under `pk`."""

    template_name = "wagtailadmin/generic/form.html"
    form_class = ReplyForm
    page_title = "Trả lời chính thức"
    header_icon = "comment-add"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE_PERMISSION):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return str(self.comment)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("feedback_comments:list"), "label": "Bình luận"},
            {
                "url": reverse("feedback_comments:edit", args=[self.comment.pk]),
                "label": str(self.comment),
            },
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "comment": self.comment}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.path,
            submit_button_label="Đăng trả lời",
            submit_button_active_label="Đang đăng…",
            **kwargs,
        )

    def form_valid(self, form):
        user, comment = self.request.user, self.comment
        with transaction.atomic():
            if form.cleaned_data.get("approve_parent"):
                moderate([comment], Status.APPROVED, user)
            # Threads are MAX_DEPTH deep: a reply to the deepest level sits beside it.
            parent = comment if _depth(comment) < MAX_DEPTH else comment.parent
            reply = Comment.objects.create(
                content_type_id=comment.content_type_id,
                object_id=comment.object_id,
                parent=parent,
                name=user.get_full_name().strip() or "Ban biên tập",
                email=parseaddr(settings.DEFAULT_FROM_EMAIL)[1],
                body=form.cleaned_data["body"].strip(),
                status=Status.APPROVED,
                official=True,
                author=user,
                moderated_at=timezone.now(),
                moderated_by=user,
            )
            log(reply, "feedback.reply", user=user)
            transaction.on_commit(bump_content_version)
            notifications.replied(reply, to=comment)
        if comment.status == Status.APPROVED:
            messages.success(self.request, "Đã đăng trả lời chính thức.")
        else:
            messages.warning(
                self.request,
                "Đã lưu trả lời; trả lời sẽ hiện khi bình luận của bạn đọc được duyệt.",
            )
        return redirect("feedback_comments:list")


# --- Personal data requests (Decree 13/2023/NĐ-CP) ---------------------------------------------


PERSONAL_DATA_PERMISSION = "feedback.delete_comment"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(
        label="Email của người yêu cầu",
        help_text="Tìm mọi bình luận gửi bằng địa chỉ này (không phân biệt hoa thường).",
    )


class PersonalDataView(AdminScreen, TemplateView):
    """/admin/feedback/personal-data/: a reader's request to see or erase their data. "Xuất dữ
    liệu" downloads the JSON export; "Xóa dữ liệu" lists what would go and asks again. Every
    request is recorded in Wagtail's history against the staff member who handled it, with a
    keyed hash of the e-mail (not the address itself: the log must not keep what was erased)."""

    template_name = "feedback/admin/personal_data.html"
    page_title = "Yêu cầu về dữ liệu cá nhân"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERSONAL_DATA_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=kwargs.pop("form", PersonalDataForm()),
            retention_days=settings.FEEDBACK_RETENTION_DAYS,
            ip_retention_days=settings.FEEDBACK_IP_RETENTION_DAYS,
            **kwargs,
        )

    def _log(self, action: str, email: str, **data):
        log(
            self.request.user,
            action,
            user=self.request.user,
            data={
                "email_hash": pseudonym("feedback.email", privacy.normalise_email(email)),
                **data,
            },
        )

    def post(self, request, *args, **kwargs):
        form = PersonalDataForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        email = privacy.normalise_email(form.cleaned_data["email"])
        action = request.POST.get("action")
        if action == "export":
            data = privacy.export_person(email)
            self._log("feedback.personal_data_export", email, comments=data["count"])
            response = HttpResponse(
                json.dumps(data, ensure_ascii=False, indent=2),
                content_type="application/json; charset=utf-8",
            )
            filename = f"du-lieu-ca-nhan-{timezone.localdate():%Y%m%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        if action == "erase" and request.POST.get("confirm") == "yes":
            to_delete, to_anonymise = privacy.erasure_plan(email)
            enquiries = privacy.enquiries_of(email)
            files = EnquiryAttachment.objects.filter(enquiry__in=enquiries).count()
            enquiry_count = enquiries.count()
            count = privacy.erase_person(email, by=request.user)
            self._log(
                "feedback.personal_data_erase",
                email,
                deleted=len(to_delete),
                anonymised=len(to_anonymise),
                enquiries=enquiry_count,
                files=files,
            )
            if count:
                messages.success(
                    request,
                    f"Đã xóa dữ liệu: {len(to_delete)} bình luận bị xóa, "
                    f"{len(to_anonymise)} bình luận được ẩn danh, {enquiry_count} góp ý, câu hỏi "
                    f"được ẩn danh ({files} tệp đính kèm bị xóa).",
                )
            else:
                messages.warning(request, "Không có bình luận nào gửi bằng địa chỉ này.")
            return redirect("feedback_personal_data")
        if action == "erase":  # the first press: show what would go, ask again
            to_delete, to_anonymise = privacy.erasure_plan(email)
            return self.render_to_response(
                self.get_context_data(
                    form=form,
                    email=email,
                    confirming=True,
                    to_delete=to_delete,
                    to_anonymise=to_anonymise,
                )
            )
        return self.render_to_response(self.get_context_data(form=form))

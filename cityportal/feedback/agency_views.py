"""Agencies answer the ideas and questions routed to them, in the admin, the way their press
officers already send contributions: a member of an agency (contributions' Membership) sees the
enquiries routed to their agencies, and only those, writes the answer and marks it answered. The
desk still publishes or closes it.

Every view starts from `Enquiry.objects.routed_to_agencies_of(user)`, so a member of another
agency who opens the URL gets a 404."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from wagtail.admin import messages

from .enquiry_admin import tell_citizen_if_first_answer
from .models import Enquiry

Status = Enquiry.Status
# What an agency may still answer; once published or closed, the desk decides.
ANSWERABLE = (Status.RECEIVED, Status.ASSIGNED, Status.ANSWERED)


class AgencyAnswerForm(forms.ModelForm):
    class Meta:
        model = Enquiry
        fields = ["answer"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 12})}
        help_texts = {
            "answer": "Gửi tới người hỏi qua email khi đánh dấu đã trả lời; Ban biên tập công bố "
            "lên trang Hỏi – đáp."
        }

    def clean_answer(self):
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError("Vui lòng nhập nội dung trả lời.")
        return answer


def _is_agency_member(user) -> bool:
    return user.is_authenticated and user.memberships.exists()


def agency_enquiry_list(request):
    """/admin/feedback/agency-enquiries/: what waits for the user's agencies, oldest due first."""
    if not _is_agency_member(request.user):
        raise PermissionDenied
    routed = Enquiry.objects.routed_to_agencies_of(request.user).select_related("agency")
    status = request.GET.get("status", "")
    if status in Status.values:
        routed = routed.filter(status=status)
    return render(
        request,
        "feedback/admin/agency_enquiries.html",
        {
            "enquiries": routed.order_by("due_date", "pk")[:200],
            "statuses": Status.choices,
            "status": status,
            "today": timezone.localdate(),
        },
    )


def agency_enquiry(request, pk):
    """/admin/feedback/agency-enquiries/<pk>/: read the enquiry, its files; save a draft answer
    or mark it answered (the citizen is e-mailed the first time)."""
    if not _is_agency_member(request.user):
        raise PermissionDenied
    enquiry = get_object_or_404(
        Enquiry.objects.routed_to_agencies_of(request.user).select_related(
            "agency", "place", "answered_by"
        ),
        pk=pk,
    )
    answerable = enquiry.status in ANSWERABLE
    form = AgencyAnswerForm(request.POST or None, instance=enquiry)
    if request.method == "POST":
        if not answerable:
            raise PermissionDenied
        if form.is_valid():
            _save_answer(form, request)
            return redirect("feedback_agency_enquiry", enquiry.pk)
    return render(
        request,
        "feedback/admin/agency_enquiry.html",
        {
            "enquiry": enquiry,
            "attachments": enquiry.attachments.all(),
            "form": form,
            "answerable": answerable,
        },
    )


def _save_answer(form: AgencyAnswerForm, request) -> None:
    enquiry, user = form.instance, request.user
    mark_answered = request.POST.get("action") == "answered"
    with transaction.atomic():
        if mark_answered and not enquiry.is_answered:
            enquiry.status = Status.ANSWERED
        first = enquiry.record_answer(user)
        form.save()
        tell_citizen_if_first_answer(enquiry, user, first)
    if first:
        messages.success(request, "Đã lưu và đánh dấu đã trả lời; người gửi được báo qua email.")
    elif enquiry.is_answered:
        messages.success(request, "Đã lưu trả lời đã sửa (người gửi đã được báo trước đó).")
    else:
        messages.success(request, "Đã lưu bản nháp trả lời; người gửi chưa được báo.")

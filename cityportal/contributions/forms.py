"""The contributor's form: what they send, for which of their organisations, with attachments
checked by content."""

import nh3
from django import forms
from django.conf import settings
from django.db.models import Sum
from wagtail.admin.widgets import AdminDateInput

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.core.uploads import MultipleFileField
from cityportal.core.widgets import PlacesWidget
from cityportal.news.models import SectionPage
from cityportal.opendata.models import Dataset

from .attachments import attachment_kind, check_total
from .models import Comment, ContentRequest, Submission, organisations_of

BODY_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "h2", "h3", "a", "blockquote"}


class SubmissionForm(forms.ModelForm):
    attachments = MultipleFileField(
        label="Tệp đính kèm",
        required=False,
    )
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Submission
        fields = [
            "organisation",
            "kind",
            "title",
            "lead",
            "body",
            "photo_captions",
            "section",
            "places",
            "publish_at",
            "event_starts_at",
            "event_location",
            "dataset",
            "request",
        ]
        widgets = {
            "places": PlacesWidget,
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
            "event_starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Read after the files they describe.
        self.fields["photo_captions"] = self.fields.pop("photo_captions")
        self.fields["photo_captions"].widget.attrs["rows"] = 3
        self.fields["attachments"].help_text = (
            "Ảnh (JPG, PNG, GIF, WEBP), văn bản PDF, DOCX, bảng XLSX hoặc CSV; tối đa "
            f"{settings.CONTRIBUTION_MAX_ATTACHMENT_BYTES // 1048576} MB mỗi tệp, "
            f"{settings.CONTRIBUTION_MAX_SUBMISSION_BYTES // 1048576} MB cả bài."
        )
        organisations = organisations_of(user)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].initial = organisations.first()
        self.fields["section"].queryset = SectionPage.objects.live().order_by("title")
        self.fields["places"].queryset = (
            AdministrativeUnit.objects.local().current().select_related("parent")
        )
        self.fields["request"].queryset = ContentRequest.objects.filter(
            organisation__in=organisations
        )
        self.fields["places"].required = False
        self.fields["dataset"].queryset = Dataset.objects.filter(organisation__in=organisations)

    def clean_body(self):
        # Scripts, styles and event handlers go with their content; the text stays.
        return nh3.clean(
            self.cleaned_data["body"],
            tags=BODY_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow noopener",
        )

    def clean_publish_at(self):
        return _plausible(self.cleaned_data["publish_at"])

    def clean_event_starts_at(self):
        return _plausible(self.cleaned_data["event_starts_at"])

    def clean_attachments(self):
        uploads = self.cleaned_data["attachments"]
        # A correction adds to the files sent before; together they stay under the cap.
        sent = self.instance.attachments.aggregate(Sum("size")) if self.instance.pk else {}
        check_total(uploads, already=sent.get("size__sum") or 0)
        return [(upload, attachment_kind(upload)) for upload in uploads]

    def clean(self):
        data = super().clean()
        if self.instance._state.adding and not data.get("key"):
            raise forms.ValidationError("Biểu mẫu đã cũ; hãy tải lại trang và gửi lại.")
        if data.get("dataset") and data.get("kind") != Submission.Kind.FIGURES:
            self.add_error("dataset", "Chỉ chọn bộ dữ liệu khi gửi cập nhật số liệu.")
        if data.get("kind") == Submission.Kind.EVENT and not data.get("event_starts_at"):
            self.add_error("event_starts_at", "Thông báo sự kiện cần thời gian bắt đầu.")
        if "attachments" in data:
            self._check_captions(data)
        request = data.get("request")
        if request and data.get("organisation") and request.organisation != data["organisation"]:
            self.add_error("request", "Đề nghị này gửi cho cơ quan khác.")
        return data

    def _check_captions(self, data) -> None:
        """More captions than photos means a photo was left out or a line broken in two: every
        caption after it would describe the wrong picture."""
        sent = self.instance.attachments.photos().count() if self.instance.pk else 0
        photos = sent + sum(kind == "image" for _, kind in data["attachments"])
        lines = len(data.get("photo_captions", "").rstrip().splitlines())
        if lines > photos:
            self.add_error(
                "photo_captions",
                f"Có {lines} dòng chú thích nhưng bài chỉ có {photos} ảnh; mỗi dòng chú thích "
                "một ảnh, theo thứ tự đính kèm.",
            )


def _plausible(moment):
    """A year typed short on a phone ("1" for 2026) is a mistake to show, not a time to store
    (year 1 in Hồ Chí Minh City's time zone cannot even be stored)."""
    if moment is not None and not 2000 <= moment.year <= 2100:
        raise forms.ValidationError(f"Năm {moment.year} không hợp lệ.")
    return moment


class DueDateField(forms.DateField):
    """A due date as Vietnamese write it, 05/12/2026 for 5 December, with Wagtail's calendar:
    Django's Vietnamese formats name no input formats, and the American defaults read
    05/12/2026 as 12 May (a request overdue at once) and refused 25/12/2026."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    widget = AdminDateInput(format="%d/%m/%Y")


class ContentRequestForm(forms.ModelForm):
    """A new request, to one agency or several at once (one request each, so each is answered,
    reminded and counted on its own)."""

    organisation = forms.ModelMultipleChoiceField(
        label="Cơ quan",
        queryset=Organisation.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Chọn một hay nhiều cơ quan; mỗi cơ quan nhận một đề nghị riêng.",
    )

    class Meta:
        model = ContentRequest
        fields = ["title", "description", "due_date"]
        field_classes = {"due_date": DueDateField}

    field_order = ["organisation"]

    def __init__(self, *args, instance=None, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        if instance is not None and instance.organisation_id:  # copying a request
            self.initial.setdefault("organisation", [instance.organisation_id])


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class MoveForm(forms.Form):
    to = forms.ChoiceField(choices=Submission.Status.choices)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_note(self):
        return self.cleaned_data["note"].strip()

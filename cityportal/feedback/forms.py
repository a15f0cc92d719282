"""The reader's comment form and the idea/question form. Required fields are marked *; messages
sit beside the field."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from cityportal.core.forms import PublicForm
from cityportal.core.models import AdministrativeUnit
from cityportal.core.text import clean_text
from cityportal.core.uploads import MultipleFileField, check_upload, media_type

from .models import Comment, Enquiry, EnquiryAttachment
from .threads import MAX_DEPTH, wording

CONSENT = (
    "Tôi đồng ý để Cổng thông tin xử lý họ tên và email của tôi để duyệt, hiển thị {noun} "
    "(không hiển thị email) và trả lời tôi, theo Nghị định 13/2023/NĐ-CP; dữ liệu được lưu "
    "tối đa {days} ngày và được xóa khi tôi yêu cầu."
)

# An idea or question goes further than a comment: to the agency that answers, with the phone
# and files; the name is published beside the answer.
ENQUIRY_CONSENT = (
    "Tôi đồng ý để Cổng thông tin xử lý họ tên, email, số điện thoại và tệp đính kèm của tôi để "
    "chuyển tới cơ quan có thẩm quyền trả lời và trả lời tôi, theo Nghị định 13/2023/NĐ-CP. Họ "
    "tên được hiển thị cùng câu trả lời công khai; email, số điện thoại và tệp đính kèm thì "
    "không. Dữ liệu được lưu tối đa {days} ngày và được xóa khi tôi yêu cầu."
)


class FeedbackForm(PublicForm):
    noun = "bình luận"

    def consent_label(self) -> str:
        return CONSENT.format(days=settings.FEEDBACK_RETENTION_DAYS, noun=self.noun)


class CommentForm(FeedbackForm):
    name = forms.CharField(label="Họ tên", max_length=100)
    email = forms.EmailField(
        label="Email", help_text="Email của bạn sẽ không được hiển thị công khai."
    )
    body = forms.CharField(label="Bình luận", widget=forms.Textarea(attrs={"rows": 5}))
    notify = forms.BooleanField(
        label="Báo cho tôi qua email khi bình luận được duyệt hoặc có trả lời", required=False
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)

    field_order = ["name", "email", "body", "notify", "consent"]

    def __init__(self, *args, target=None, **kwargs):
        self.target = target
        if target is not None:  # an event's are questions to its speakers
            self.noun = wording(target)["noun"]
        self.consent_purpose = f"gửi {self.noun}"
        super().__init__(*args, **kwargs)
        self.fields["body"].label = self.noun.capitalize()
        self.fields[
            "notify"
        ].label = f"Báo cho tôi qua email khi {self.noun} được duyệt hoặc có trả lời"

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("Vui lòng nhập họ tên.")
        return name

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if not body:
            raise forms.ValidationError(f"Vui lòng nhập {self.fields['body'].label.lower()}.")
        limit = settings.FEEDBACK_MAX_LENGTH
        if len(body) > limit:
            length, limit = (f"{n:,}".replace(",", ".") for n in (len(body), limit))
            raise forms.ValidationError(
                f"{self.noun.capitalize()} dài {length} ký tự, quá giới hạn {limit} ký tự; "
                f"hãy rút gọn hoặc chia thành nhiều {self.noun}."
            )
        return body

    def clean_parent(self):
        """A reply goes under an approved comment of the same thread, at most MAX_DEPTH deep."""
        pk = self.cleaned_data.get("parent")
        if not pk:
            return None
        parent = (
            Comment.objects.on(self.target)
            .approved()
            .select_related("parent")
            .filter(pk=pk)
            .first()
        )
        if parent is None:
            raise forms.ValidationError(
                "Bình luận bạn trả lời không còn hiển thị (đã bị xóa hoặc chưa được duyệt). "
                "Bạn có thể gửi nội dung này thành một bình luận mới."
            )
        depth, above = 1, parent
        while above.parent_id is not None:
            depth, above = depth + 1, above.parent
        if depth > MAX_DEPTH:
            raise forms.ValidationError(
                "Không thể trả lời sâu hơn nữa; hãy trả lời bình luận trên."
            )
        return parent


# What a citizen may attach to an idea or question: documents and photos, nothing executable.
ATTACHMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")
MAX_ATTACHMENTS = 3


def attachment_limit() -> int:
    return settings.FEEDBACK_ATTACHMENT_MAX_BYTES


class EnquiryForm(FeedbackForm, forms.ModelForm):
    consent_purpose = "gửi góp ý, câu hỏi"

    attachments = MultipleFileField(label="Tệp đính kèm", required=False)

    field_order = ["kind", "topic", "place", "title", "body", "attachments"]

    class Meta:
        model = Enquiry
        fields = ["kind", "topic", "place", "title", "body", "name", "email", "phone"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "email": "Để nhận trả lời; không hiển thị công khai.",
            "phone": "Không bắt buộc; không hiển thị công khai.",
            "place": "Phường, xã nơi có sự việc (nếu có).",
        }

    def consent_label(self) -> str:
        return ENQUIRY_CONSENT.format(days=settings.FEEDBACK_RETENTION_DAYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = (
            AdministrativeUnit.objects.local().current().select_related("parent")
        )
        self.fields["kind"].choices = [("", "— Chọn loại —"), *Enquiry.Kind.choices]
        self.fields["topic"].choices = [("", "— Chọn lĩnh vực —"), *Enquiry.Topic.choices]
        self.fields["place"].empty_label = "— Không gắn với phường, xã nào —"
        megabytes = attachment_limit() // (1024 * 1024)
        self.fields["attachments"].help_text = (
            f"Không bắt buộc. Tối đa {MAX_ATTACHMENTS} tệp PDF, ảnh JPG/PNG, Word (DOCX) hoặc "
            f"Excel (XLSX), mỗi tệp không quá {megabytes} MB; chỉ cơ quan xử lý được xem."
        )
        self.fields["attachments"].widget.attrs["accept"] = ",".join(ATTACHMENT_EXTENSIONS)

    def clean_attachments(self):
        """Each file checked by its bytes; every problem reported at once, beside the field."""
        uploads = self.cleaned_data["attachments"]
        if len(uploads) > MAX_ATTACHMENTS:
            raise ValidationError(
                f"Chỉ gửi được tối đa {MAX_ATTACHMENTS} tệp; bạn đã chọn {len(uploads)} tệp."
            )
        checked, problems = [], []
        for upload in uploads:
            try:
                kind = check_upload(
                    upload, limit=attachment_limit(), extensions=ATTACHMENT_EXTENSIONS
                )
            except ValidationError as error:
                problems += error.messages
            else:
                checked.append((upload, media_type(kind, upload)))
        if problems:
            raise ValidationError(problems)
        return checked

    def clean(self):
        data = super().clean()
        if self.errors:
            self.ask_for_files_again()
        return data

    def ask_for_files_again(self) -> None:
        """The form comes back (an error, a rate limit): a browser never re-sends the files it
        sent, so say so beside the field."""
        if self.files.getlist("attachments") and "attachments" not in self.errors:
            self.add_error("attachments", "Vui lòng chọn lại tệp đính kèm (tệp chưa được gửi).")

    def save_attachments(self, enquiry: Enquiry) -> None:
        for upload, content_type in self.cleaned_data["attachments"]:
            EnquiryAttachment.objects.create(
                enquiry=enquiry,
                file=upload,
                original_name=upload.name[:255],
                content_type=content_type,
                size=upload.size,
            )

    def clean_title(self):
        # One line: it heads the answer's e-mail, where a line break would be a header break.
        return " ".join(clean_text(self.cleaned_data["title"]).split())

    def clean_body(self):
        body = clean_text(self.cleaned_data["body"])
        if len(body) > settings.FEEDBACK_MAX_LENGTH * 2:
            raise forms.ValidationError(
                f"Nội dung quá {settings.FEEDBACK_MAX_LENGTH * 2:,} ký tự; hãy rút gọn hoặc "
                "gửi tài liệu qua email của cơ quan.".replace(",", ".")
            )
        return body

"""The public's forms: registering for an event and a reporter's accreditation request.
Required fields are marked *; every message sits beside its field, and what was typed stays."""

import io

import pillow_heif
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

from cityportal.core import forms as public
from cityportal.core.text import URL, clean_text
from cityportal.core.uploads import check_upload

from .models import Accreditation

CONSENT = (
    "Tôi đồng ý để ban tổ chức xử lý họ tên, email, số điện thoại của tôi để xác nhận, "
    "gửi thông tin và quản lý việc tham dự sự kiện, theo Nghị định 13/2023/NĐ-CP; dữ liệu không "
    "hiển thị công khai và được xóa khi tôi yêu cầu."
)
# Everything the press form collects, named: consent covers only what it lists (Decree 13).
ACCREDITATION_CONSENT = (
    "Tôi đồng ý để ban tổ chức xử lý họ tên, cơ quan báo chí, số thẻ nhà báo, ảnh chân dung, "
    "email, số điện thoại của tôi để xét cấp và làm thẻ tác nghiệp, liên hệ về sự kiện, theo "
    "Nghị định 13/2023/NĐ-CP; dữ liệu không hiển thị công khai và được xóa khi tôi yêu cầu."
)
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")
# What phones save by default (iPhone, many Android cameras); kept as JPEG, which every browser
# and badge printer reads.
HEIF_EXTENSIONS = (".heic", ".heif")
# A few hundred kilobytes of PNG can unpack into gigabytes; a 48-megapixel phone photo passes.
PHOTO_MAX_PIXELS = 50_000_000
TOO_MANY_PIXELS = "Ảnh “{name}” quá lớn (trên 50 triệu điểm ảnh). Hãy thu nhỏ ảnh rồi gửi lại."
PHOTO_MAX_SIDE = 1600  # pixels: plenty for a badge, and a 48-megapixel original is not kept
UNREADABLE = (
    "Không đọc được ảnh “{name}”: tệp có thể bị hỏng hoặc chưa tải xong. Hãy mở ảnh trên máy, "
    "lưu lại rồi gửi lại."
)
pillow_heif.register_heif_opener()


def without_links(name: str) -> str:
    """The name opens every e-mail the portal sends to the address typed beside it (which
    nobody confirmed): a link there made the portal's own mail a phishing letter to anyone's
    inbox (a confirmation at once; a rejection when spam requests are rejected in bulk)."""
    if URL.search(name):
        raise ValidationError("Họ tên không được chứa đường dẫn (liên kết).")
    return name


class PublicForm(public.PublicForm):
    """Every text field cleaned, and filled in by the browser where it can."""

    consent_purpose = "đăng ký"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.CharField) and name not in ("email", "website"):
                field.widget.attrs.setdefault("autocomplete", "on")

    def consent_label(self) -> str:
        return CONSENT

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            if isinstance(data.get(name), str) and name != "email":
                data[name] = clean_text(data[name])
                if field.required and not data[name]:
                    self.add_error(name, f"Vui lòng nhập {field.label.lower()}.")
        return data


class RegistrationForm(PublicForm):
    name = forms.CharField(label="Họ tên", max_length=100)
    email = forms.EmailField(
        label="Email", help_text="Để gửi xác nhận và lịch sự kiện; không hiển thị công khai."
    )
    phone = forms.CharField(label="Điện thoại", max_length=30, required=False)
    organisation = forms.CharField(label="Cơ quan, đơn vị", max_length=200, required=False)

    field_order = ["name", "email", "phone", "organisation", "consent"]

    def clean_name(self):
        return without_links(self.cleaned_data["name"])


class AccreditationForm(PublicForm, forms.ModelForm):
    field_order = ["reporter_name", "outlet", "press_card_number", "email", "phone", "photo"]

    class Meta:
        model = Accreditation
        fields = ["reporter_name", "outlet", "press_card_number", "email", "phone", "photo"]
        help_texts = {
            "press_card_number": "Số in trên thẻ nhà báo còn hiệu lực.",
        }

    def __init__(self, *args, event=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["photo"].error_messages["required"] = "Vui lòng chọn ảnh chân dung."
        self.fields["photo"].widget.attrs["accept"] = ",".join(PHOTO_EXTENSIONS + HEIF_EXTENSIONS)
        self.fields["photo"].help_text = (
            "Ảnh chân dung JPG, PNG, WEBP hoặc HEIC (ảnh chụp từ điện thoại), tối đa "
            f"{settings.EVENTS_PHOTO_MAX_BYTES // 1048576} MB, để làm thẻ tác nghiệp; chỉ ban tổ "
            "chức được xem."
        )

    def consent_label(self) -> str:
        return ACCREDITATION_CONSENT

    def clean_reporter_name(self):
        return without_links(self.cleaned_data["reporter_name"])

    def clean_press_card_number(self):
        """Kept as typed; a card already asked for is no error here (accreditation.receive
        answers it as a new one, so the form never tells whether a card is accredited)."""
        return self.cleaned_data["press_card_number"].strip().upper()

    def clean_photo(self):
        """Judged by its bytes: a "photo" that is really something else, or that no viewer can
        open, is refused. What is kept is drawn again upright (a phone's rotation applied),
        at most PHOTO_MAX_SIDE wide, without its metadata (a phone's photo carries where it was
        taken): HEIC as JPEG, other photos in their own format."""
        photo = self.cleaned_data["photo"]
        limit = settings.EVENTS_PHOTO_MAX_BYTES
        heif = photo.name.lower().endswith(HEIF_EXTENSIONS)
        if not heif:
            check_upload(photo, limit=limit, extensions=PHOTO_EXTENSIONS)
        elif photo.size > limit:
            raise ValidationError(
                f"“{photo.name}” nặng hơn {limit // 1048576} MB, vượt giới hạn cho phép."
            )
        try:
            with Image.open(photo, formats=["HEIF"] if heif else None) as opened:
                if opened.width * opened.height > PHOTO_MAX_PIXELS:  # before decoding any
                    raise ValidationError(TOO_MANY_PIXELS.format(name=photo.name))
                kind = "JPEG" if heif else opened.format
                image = ImageOps.exif_transpose(opened)  # reads every pixel: a cut file fails
                image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise ValidationError(UNREADABLE.format(name=photo.name)) from error
        if kind == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        redrawn = io.BytesIO()
        image.save(redrawn, kind, quality=90)
        stem = photo.name.rsplit(".", 1)[0]
        return ContentFile(redrawn.getvalue(), name=f"{stem}.jpg" if heif else photo.name)

    def _post_clean(self):
        self.instance.event = self.event
        super()._post_clean()

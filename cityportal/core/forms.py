"""What every form the public sends has in common (comments, ideas and questions, event
registration, press accreditation): messages in Vietnamese beside each field, a checked e-mail
address, consent to the processing of personal data (Decree 13/2023) and a honeypot."""

import re
import unicodedata

from django import forms

_PHONE_CHARS = re.compile(r"[\d\s+().\-]+")


def email_problem(email: str) -> str | None:
    """Why an address is refused: a domain mixing Latin letters with look-alikes from other
    scripts ("ехample.vn" with Cyrillic е and х). Django's EmailField already refuses a
    non-ASCII name before the @."""
    domain = email.rpartition("@")[2]
    try:
        domain.encode("idna")
    except UnicodeError:
        return "Tên miền của địa chỉ email không hợp lệ."
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in domain if ch.isalpha()}
    if len(scripts - {"LATIN"}) and "LATIN" in scripts:
        return "Tên miền của địa chỉ email trộn chữ Latinh với chữ khác."
    return None


def phone_problem(phone: str) -> str | None:
    """Why a phone number is refused: letters in it, or too few or too many digits (Vietnamese
    numbers have 10 or 11 with the 0; +84 and foreign numbers up to 15)."""
    if not _PHONE_CHARS.fullmatch(phone):
        return "Số điện thoại chỉ gồm chữ số (có thể có dấu cách, dấu chấm, gạch ngang, +)."
    if not 8 <= sum(ch.isdigit() for ch in phone) <= 15:
        return "Số điện thoại cần từ 8 đến 15 chữ số."
    return None


AUTOFILL = {"name": "name", "email": "email", "phone": "tel", "organisation": "organization"}


class PublicForm(forms.Form):
    """Subclasses say what the consent covers (`consent_label`) and what it is needed for
    (`consent_purpose`: "gửi bình luận", "đăng ký"…)."""

    consent_purpose = "gửi"

    consent = forms.BooleanField(label="", required=True)
    # The honeypot: hidden from people by CSS and aria-hidden, filled in by bots.
    website = forms.CharField(
        required=False,
        label="Trang web",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.required and name != "consent":
                verb = "chọn" if isinstance(field, forms.ChoiceField) else "nhập"
                field.error_messages["required"] = f"Vui lòng {verb} {field.label.lower()}."
        self.fields["consent"].label = self.consent_label()
        self.fields["consent"].error_messages["required"] = (
            f"Cần đồng ý với việc xử lý dữ liệu cá nhân để {self.consent_purpose}."
        )
        if "email" in self.fields:
            self.fields["email"].error_messages["invalid"] = "Địa chỉ email không hợp lệ."
        if "phone" in self.fields:  # a phone's number keyboard
            # (an attrs "type" would be a second, ignored attribute)
            self.fields["phone"].widget.input_type = "tel"
        # What the browser may fill in (WCAG 1.3.5): a citizen on a phone types less.
        for name, purpose in AUTOFILL.items():
            if name in self.fields:
                self.fields[name].widget.attrs["autocomplete"] = purpose

    def consent_label(self) -> str:
        raise NotImplementedError

    def clean_phone(self):
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and (problem := phone_problem(phone)):
            raise forms.ValidationError(problem)
        return phone

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if problem := email_problem(email):
            raise forms.ValidationError(problem)
        return email

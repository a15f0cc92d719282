"""The admin's upload form: a table and what the catalogue should say about it."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from cityportal.core.models import Organisation
from cityportal.core.text import slugify_vi

from .models import Dataset, Theme
from .permissions import dataset_policy


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp số liệu",
        required=False,
        help_text="CSV (UTF-8, dấu ; hoặc ,), XLSX, hoặc bảng PX-Web của cơ quan thống kê.",
    )
    sheet = forms.CharField(
        label="Trang tính",
        required=False,
        max_length=31,  # Excel's limit on a sheet's name
        help_text="Tệp Excel có nhiều trang: tên trang có số liệu (mặc định: trang đầu tiên).",
    )
    dataset = forms.ModelChoiceField(
        Dataset.objects.none(),  # the user's: see __init__
        label="Thêm vào bộ dữ liệu",
        required=False,
        empty_label="— Tạo bộ dữ liệu mới —",
    )
    title = forms.CharField(label="Tiêu đề bộ dữ liệu mới", required=False, max_length=255)
    organisation = forms.ModelChoiceField(
        Organisation.objects.none(), label="Cơ quan công bố", required=False
    )
    themes = forms.ModelMultipleChoiceField(
        Theme.objects.all(), label="Chủ đề", required=False, widget=forms.CheckboxSelectMultiple
    )
    resource = forms.CharField(
        label="Tên bảng",
        required=False,
        max_length=255,
        help_text="Cùng tên với một bảng đã có: tệp này thành phiên bản mới của bảng đó.",
    )
    source = forms.CharField(
        label="Nguồn số liệu",
        required=False,
        max_length=500,
        help_text="Bộ dữ liệu mới: nguồn của bộ dữ liệu. Bộ đã có: nguồn của các số liệu trong "
        "bảng này; bộ dữ liệu giữ nguồn của mình (chưa có thì nhận nguồn này).",
    )
    indicator = forms.CharField(
        label="Chỉ tiêu", required=False, help_text="Khi bảng không có cột chỉ tiêu"
    )
    measure = forms.CharField(label="Đơn vị tính", required=False, max_length=60)
    area = forms.CharField(
        label="Địa bàn", required=False, help_text="Khi bảng không có cột địa bàn, ví dụ 79"
    )
    period = forms.CharField(
        label="Kỳ số liệu", required=False, help_text="Khi bảng không có cột kỳ, ví dụ 2024"
    )
    decimal_mark = forms.ChoiceField(
        label="Dấu thập phân",
        required=False,
        choices=[
            ("", "Tự nhận biết từ các số trong tệp"),
            (",", "Dấu phẩy: 1.234,5 (cách viết Việt Nam)"),
            (".", "Dấu chấm: 1,234.5 (cách viết quốc tế)"),
        ],
        help_text="Khi các số không cho biết, ví dụ chỉ có 512.000: 512 nghìn hay 512?",
    )
    private = forms.BooleanField(label="Chưa công khai", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, for_user, **kwargs):
        """Only the datasets and organisations `for_user` may import into: one of another
        organisation, posted all the same, is no valid choice and nothing is read or written."""
        super().__init__(*args, **kwargs)
        self.fields["dataset"].queryset = dataset_policy.instances_user_has_permission_for(
            for_user, "change"
        )
        self.fields["organisation"].queryset = dataset_policy.organisations(for_user)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("token"):
            self.add_error("file", "Hãy chọn tệp số liệu.")
        if not data.get("dataset"):
            if not data.get("title"):
                self.add_error("title", "Bộ dữ liệu mới cần tiêu đề.")
            if not data.get("organisation"):
                self.add_error("organisation", "Bộ dữ liệu mới cần cơ quan công bố.")
            if data.get("title"):
                self._check_new_name(data["title"])
        return data

    def _check_new_name(self, title: str) -> None:
        """A new dataset's address comes from its title. One already taken would put the table
        into that other dataset, whatever organisation, themes or "not public" were chosen."""
        name = self.new_dataset_name(title)
        if not Dataset.objects.filter(name=name).exists():
            return
        if not self.fields["dataset"].queryset.filter(name=name).exists():
            # Another organisation's, which this editor can neither see nor add to.
            self.add_error(
                "title",
                f"Địa chỉ /du-lieu/{name}/ đã thuộc bộ dữ liệu của cơ quan khác; "
                "hãy đặt tiêu đề khác.",
            )
        else:
            self.add_error(
                "title",
                f"Đã có bộ dữ liệu với địa chỉ /du-lieu/{name}/: hãy chọn bộ đó ở "
                "“Thêm vào bộ dữ liệu” hoặc đặt tiêu đề khác.",
            )

    @staticmethod
    def new_dataset_name(title: str) -> str:
        return slugify_vi(title, 100)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise ValidationError("Chỉ nhận tệp .csv, .xlsx hoặc .txt.")
        limit = settings.OPENDATA_MAX_UPLOAD_BYTES
        if upload and upload.size > limit:  # refused before it is read into memory
            raise ValidationError(
                f"Tệp {upload.size / 1e6:.0f} MB vượt giới hạn {limit / 1e6:.0f} MB; "
                "hãy chia nhỏ theo năm hoặc theo chỉ tiêu."
            )
        return upload

import datetime

from django import forms
from django.conf import settings
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.text import slugify
from wagtail.admin.forms import WagtailAdminModelForm

from cityportal.core.models import AdministrativeUnit
from cityportal.core.text import fold
from cityportal.core.widgets import PlacesWidget

from .analysis import EARLIEST, Period
from .models import Source, Watchlist
from .sources import feeds
from .sources.uploads import MAX_REACTIONS

MAX_PERIOD_DAYS = 366


class _OfferedWatchlists(ModelChoiceIterator):
    def __iter__(self):
        # Read when rendered: the form sets the field's `chosen` after making its fields.
        self.queryset = self.field.offered()
        return super().__iter__()


class WatchlistChoiceField(forms.ModelChoiceField):
    """A watchlist select that offers only those following something, and the one `chosen`
    (the request's value) whatever it is: a shared link to an old watchlist with neither term
    nor place still reads as chosen, and its brief says that it follows nothing. Any in the
    queryset is still read."""

    iterator = _OfferedWatchlists
    chosen = None

    def offered(self):
        following = Q(pk__in=self.queryset.following_something().values("pk"))
        return self.queryset.filter(following | Q(slug=self.chosen or ""))


class PeriodForm(forms.Form):
    """A period and a scope, from the query string; blank means the last `days` days."""

    start = forms.DateField(
        label="Từ ngày", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label="Đến ngày", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    compare_start = forms.DateField(
        label="So với kỳ từ", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    compare_end = forms.DateField(
        label="đến", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    watchlist = WatchlistChoiceField(
        Watchlist.objects.filter(active=True),
        label="Danh sách theo dõi",
        required=False,
        empty_label="Toàn thành phố",
        to_field_name="slug",
    )

    def __init__(self, *args, days: int = 30, **kwargs):
        self.days = days
        super().__init__(*args, **kwargs)
        self.fields["watchlist"].chosen = self.data.get("watchlist")

    def clean(self):
        data = super().clean()
        end = data.get("end") or timezone.localdate()
        start = data.get("start") or end - datetime.timedelta(days=self.days - 1)
        if start > end:
            raise forms.ValidationError("Ngày bắt đầu phải trước ngày kết thúc.")
        dates = [start, end, data.get("compare_start"), data.get("compare_end")]
        if any(day and day < EARLIEST for day in dates):
            raise forms.ValidationError(f"Chọn ngày từ {EARLIEST:%d/%m/%Y} trở đi.")
        if (end - start).days >= MAX_PERIOD_DAYS:
            raise forms.ValidationError(f"Chọn khoảng thời gian không quá {MAX_PERIOD_DAYS} ngày.")
        data["period"] = Period(start, end)
        against_start, against_end = data.get("compare_start"), data.get("compare_end")
        data["against"] = None  # the period just before
        if against_start or against_end:
            if not (against_start and against_end) or against_start > against_end:
                raise forms.ValidationError("Kỳ so sánh cần có ngày bắt đầu và kết thúc hợp lệ.")
            if (against_end - against_start).days >= MAX_PERIOD_DAYS:  # as the period itself
                raise forms.ValidationError(f"Chọn kỳ so sánh không quá {MAX_PERIOD_DAYS} ngày.")
            data["against"] = Period(against_start, against_end)
        return data


class UploadForm(forms.Form):
    source = forms.ModelChoiceField(
        Source.objects.filter(kind=Source.Kind.UPLOAD),
        label="Nguồn có sẵn",
        required=False,
        empty_label="— nguồn mới —",
    )
    new_source = forms.CharField(label="hoặc tên nguồn mới", required=False, max_length=200)
    file = forms.FileField(
        label="Tệp CSV hoặc JSONL",
        help_text=(
            "Các cột: text, author, time, url, reactions (bắt buộc: text, time), hoặc: nội dung,"
            " tác giả, thời gian, đường dẫn, lượt tương tác. Thời gian như 27/11/2026 08:15."
            " CSV từ Excel dùng được: UTF-8, Unicode hoặc Windows-1258; dấu phẩy, chấm phẩy"
            " hoặc tab."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.MONITOR_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Tệp quá lớn (tối đa {limit // 1048576} MB).")
        if not upload.name.lower().endswith((".csv", ".jsonl", ".json", ".ndjson")):
            raise forms.ValidationError("Chỉ nhận tệp .csv hoặc .jsonl.")
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("source") and not (data.get("new_source") or "").strip():
            raise forms.ValidationError("Chọn một nguồn có sẵn hoặc đặt tên nguồn mới.")
        return data

    def get_source(self) -> Source:
        if self.cleaned_data.get("source"):
            return self.cleaned_data["source"]
        source, _ = Source.objects.get_or_create(
            name=self.cleaned_data["new_source"].strip(),
            kind=Source.Kind.UPLOAD,
            defaults={"active": False},
        )
        return source


class ManualEntryForm(forms.Form):
    """Something heard outside the feeds: at a meeting, on the hotline, in a newspaper's print
    edition."""

    title = forms.CharField(label="Tiêu đề", max_length=500, required=False)
    text = forms.CharField(
        label="Nội dung", widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )
    url = forms.URLField(label="Đường dẫn", required=False, assume_scheme="https")
    published_at = forms.DateTimeField(
        label="Thời điểm",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Để trống: bây giờ",
    )
    # Capped as uploads cap it: the story's reach adds every copy's, and must fit its column.
    reactions = forms.IntegerField(
        label="Lượt tương tác", min_value=0, max_value=MAX_REACTIONS, required=False
    )

    def clean_published_at(self):
        moment = self.cleaned_data.get("published_at") or timezone.now()
        if moment > timezone.now() + datetime.timedelta(minutes=5):
            raise forms.ValidationError("Thời điểm không được ở tương lai.")
        # No period before it can be chosen; year 1 in local time is out of range in UTC.
        if timezone.localtime(moment).date() < EARLIEST:
            raise forms.ValidationError(f"Chọn thời điểm từ {EARLIEST:%d/%m/%Y} trở đi.")
        return moment


class WatchlistForm(WagtailAdminModelForm):
    """A watchlist follows its terms or its places; with neither it would follow the whole city
    (its alerts again, to other recipients): Watchlist.clean refuses it. The slug, if left
    blank, comes from the name."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        places = self.fields["places"]
        places.queryset = AdministrativeUnit.objects.local()  # the city's own
        places.widget = PlacesWidget()  # before the choices, which the field hands to it
        places.choices = places.queryset.grouped_choices()  # today's wards, then the old units

    def clean(self):
        data = super().clean()
        if not (data.get("slug") or "").strip() and data.get("name"):
            data["slug"] = slugify(fold(data["name"]))[:120]
            if not data["slug"]:  # "!!!", "😀": saved with no slug, it was never chosen in a URL
                self.add_error(
                    "slug",
                    "Tên không có chữ nào dùng được: nhập tên trong đường dẫn, như chong-ngap.",
                )
        # Watchlist.clean refuses one with neither terms nor places: give it the places chosen.
        self.instance.chosen_places = list(data.get("places") or [])
        return data


class SourceForm(WagtailAdminModelForm):
    """A feed's address is checked as the poller will check it: one on the server's own network
    (or not http/https) is refused here, not at the first poll. One whose name does not resolve
    now is kept: the poll reports it, and the name may come back."""

    def clean(self):
        cleaned = super().clean()
        url = cleaned.get("url")
        if cleaned.get("kind") == Source.Kind.FEED and url:
            try:
                feeds.checked_addresses(url)
            except feeds.RefusedAddress as refused:
                self.add_error("url", str(refused))
            except feeds.FetchError:
                pass
        return cleaned

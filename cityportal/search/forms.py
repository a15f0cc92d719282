from django import forms

from cityportal.core.models import AdministrativeUnit

from .engine import ORDERS
from .models import Document


class SearchForm(forms.Form):
    """The search page's query string. Anything invalid is dropped with a message, never an error
    page: a reader's bookmark with a mistyped date still searches."""

    q = forms.CharField(required=False, label="Từ khóa")
    type = forms.ChoiceField(
        required=False, label="Loại", choices=[("", "Tất cả")] + Document.Kind.choices
    )
    section = forms.ChoiceField(required=False, label="Chuyên mục")
    place = forms.ChoiceField(required=False, label="Địa bàn")
    start = forms.DateField(
        required=False,
        label="Từ ngày",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ngày bắt đầu không hợp lệ."},
    )
    end = forms.DateField(
        required=False,
        label="Đến ngày",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Ngày kết thúc không hợp lệ."},
    )
    sort = forms.ChoiceField(
        required=False,
        label="Sắp xếp",
        choices=[("relevance", "Phù hợp nhất"), ("newest", "Mới nhất")],
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        # The API's names for the date range, accepted here too.
        for api_name, name in (("from", "start"), ("to", "end")):
            if api_name in data and name not in data:
                data[name] = data[api_name]
        super().__init__(data, *args, **kwargs)
        self.fields["section"].choices = [("", "Tất cả")] + list(
            Document.objects.filter(kind=Document.Kind.SECTION)
            .order_by("title")
            .values_list("section", "title")
        )
        self.fields["place"].choices = [("", "Toàn thành phố")] + [
            (u.slug, str(u))
            for u in AdministrativeUnit.objects.local()
            .current()
            .select_related("parent")  # str() names a ward's district
            .in_name_order()
        ]

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data

    def search_arguments(self) -> dict:
        """Valid fields only; an invalid one is left out (its message shows beside the form)."""
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return {
            "kind": data.get("type") or "",
            "section": data.get("section") or "",
            "place": data.get("place") or "",
            "start": data.get("start"),
            "end": data.get("end"),
            "order": data.get("sort") if data.get("sort") in ORDERS else "relevance",
        }

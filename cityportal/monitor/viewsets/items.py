"""Items in the admin: the drill-down list (filters, export), one item read whole, and the
analyst's correction of its labels (used to retrain the models)."""

from django.shortcuts import redirect
from django.utils.encoding import force_str
from django.utils.html import format_html
from django.utils.http import urlencode
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.viewsets import ExcelCSVMixin, HttpsURLMixin, StrictFiltersMixin
from cityportal.opendata.exports import neutralise

from ..filters import ItemFilterSet
from ..models import SENTIMENT_READ, TOPIC_READ, Item
from .desk import DeskInspectView, DeskListMixin, ShortTimeColumn, desk_time, list_address, yes


def _csv_text(value):
    # Posts come from outside: text Excel would run as a formula is kept as text.
    return neutralise(force_str(value))


class ItemIndexView(DeskListMixin, StrictFiltersMixin, ExcelCSVMixin, generic.IndexView):
    MAX_EXPORT_ROWS = 50_000  # a period's stories; the whole archive is for the database
    # Text from outside never as a formula (times are Vietnam's: ExcelCSVMixin).
    custom_field_preprocess = {
        "is_primary": {"csv": yes, "xlsx": yes},
        **{field: {"csv": _csv_text} for field in ("source", "title", "text", "url")},
    }

    def get_base_queryset(self):
        # Labels as read (a correction wins), so the list sorts by what it shows.
        read = {"sentiment_read": SENTIMENT_READ, "topic_read": TOPIC_READ}
        return Item.objects.select_related("source").annotate(**read)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        # Capped in SQL: a sliced queryset loses its column headings in Wagtail's export.
        capped = queryset.filter(pk__in=queryset.values("pk")[: self.MAX_EXPORT_ROWS])
        return super().as_spreadsheet(capped, spreadsheet_format)

    def search_queryset(self, queryset):
        # The text is searched in its folded copy, so "ngập nước" and "ngap nuoc" both find it.
        return queryset.search(self.search_query) if self.is_searching else queryset

    def get_edit_url(self, instance):
        # A correction returns to this list, its drill-down filters kept (the list's own
        # address: filtering reloads only its results, from another one).
        url = super().get_edit_url(instance)
        return (
            url and f"{url}?{urlencode({'next': list_address(self.request, self.index_url_name)})}"
        )


def _source_link(url: str):
    """An item's address as a link to open beside the desk, only when it is http(s): feeds and
    uploads come from outside, and a javascript: address must never be clickable."""
    if not url.lower().startswith(("http://", "https://")):
        return url
    return format_html('<a href="{0}" target="_blank" rel="noopener noreferrer">{0}</a>', url)


class SourceLinkPanel(FieldPanel):
    """A read-only URL field shown as a link (see _source_link)."""

    def format_value_for_display(self, value):
        return _source_link(value)


class DeskTimePanel(FieldPanel):
    """A read-only time as the desk writes it ("11:00 30/10/2026"), not Django's long Vietnamese
    form with its capital mid-line ("11:00 Ngày 30 tháng 10 năm 2026")."""

    def format_value_for_display(self, value):
        return desk_time(value) if value else super().format_value_for_display(value)


class ItemInspectView(DeskInspectView):
    def get_url_display_value(self):
        return _source_link(self.object.url)


class AddItemView(generic.CreateView):
    """Adding an item by hand is the manual-entry form, which runs the pipeline on it."""

    def dispatch(self, request, *args, **kwargs):
        return redirect("monitor_manual")


CORRECTIONS = ("corrected_sentiment", "corrected_topic", "corrected_toxicity")


class CorrectItemView(generic.EditView):
    def get_edit_url(self):
        url, back = super().get_edit_url(), get_valid_next_url_from_request(self.request)
        return f"{url}?{urlencode({'next': back})}" if back else url

    def get_success_url(self):
        return get_valid_next_url_from_request(self.request) or super().get_success_url()

    def save_instance(self):
        instance = self.form.save(commit=False)
        instance.corrected_by = self.request.user
        instance.save()
        # The desk counts, and the models learn from, a story's first copy; a search lists its
        # later copies too. A label given on one of those is the story's: carried to the first.
        given = {f: getattr(instance, f) for f in self.form.changed_data if f in CORRECTIONS}
        if given and not instance.is_primary and instance.cluster_id:
            Item.objects.filter(cluster=instance.cluster_id, is_primary=True).update(
                corrected_by=self.request.user, **given
            )
        return instance


class ItemViewSet(HttpsURLMixin, ModelViewSet):
    """Drill-down to single items; analysts correct sentiment, topic or toxicity here (used to
    retrain)."""

    model = Item
    add_view_class = AddItemView
    edit_view_class = CorrectItemView
    icon = "doc-full"
    menu_label = "Mục theo dõi"
    # A leader who may only read opens the whole post here (the list shows its opening words).
    inspect_view_enabled = True
    inspect_view_class = ItemInspectView
    inspect_view_fields = [
        "title",
        "text",
        "url",
        "source",
        "published_at",
        "reactions",
        "sentiment_name",
        "topic_name",
        "toxicity_name",
        "places",
    ]
    list_display = [
        "__str__",
        "source",
        ShortTimeColumn("published_at", label="Thời điểm", sort_key="published_at"),
        Column("sentiment_name", label="Sắc thái", sort_key="sentiment_read"),
        Column("topic_name", label="Chủ đề", sort_key="topic_read"),
        "status",
    ]
    filterset_class = ItemFilterSet
    # What the list shows, filtered, as CSV or XLSX for the desk's own analysis: labels in words
    # as the dashboard reads them (a correction wins); authors are hashes, never ids.
    list_export = [
        "published_at",
        "source",
        "get_kind_display",
        "title",
        "text",
        "url",
        "reactions",
        "sentiment_name",
        "topic_name",
        "toxicity_name",
        "is_primary",
        # Skipped (not Vietnamese, empty) and pending items carry no labels and count nowhere:
        # without it a sheet of an unfiltered list added them to the desk's own counts.
        "get_status_display",
    ]
    export_headings = {
        "get_kind_display": "loại",
        "get_status_display": "trạng thái",
        "sentiment_name": "sắc thái",
        "topic_name": "chủ đề",
        "toxicity_name": "độc hại",
        "is_primary": "bản đầu tiên của câu chuyện",
    }
    export_filename = "muc-theo-doi"
    search_fields = ["title", "text"]  # as Item.objects.search reads them
    search_backend_name = None
    list_per_page = 50
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("title", read_only=True),
                    FieldPanel("text", read_only=True),
                    SourceLinkPanel("url", read_only=True),
                    DeskTimePanel("published_at", read_only=True),
                    FieldPanel("reactions", read_only=True),
                ],
                heading="Nội dung",
            ),
            MultiFieldPanel(
                [
                    FieldRowPanel(
                        [
                            FieldPanel("sentiment", read_only=True),
                            FieldPanel("topic", read_only=True),
                        ]
                    ),
                    FieldPanel("toxicity", read_only=True),
                    FieldPanel("places", read_only=True),
                ],
                heading="Kết quả phân tích tự động",
            ),
            MultiFieldPanel(
                [FieldPanel(name) for name in CORRECTIONS],
                heading="Hiệu chỉnh của chuyên viên (dùng để huấn luyện lại mô hình)",
            ),
        ]
    )
    index_view_class = ItemIndexView

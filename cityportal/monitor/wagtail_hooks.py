"""The monitoring desk's place in the admin: one menu group with the dashboard, the brief,
items (drill-down and corrections), sources (with health), watchlists, alerts and uploads."""

import datetime

from django.forms import modelform_factory
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.formats import number_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import urlencode
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, TitleColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cityportal.core.text import fold
from cityportal.core.viewsets import ExcelCSVMixin, HttpsURLMixin, StrictFiltersMixin
from cityportal.opendata.exports import neutralise

from . import filters, spikes, views
from .filters import ItemFilterSet
from .forms import SourceForm, WatchlistForm
from .models import SENTIMENT_READ, TOPIC_READ, Alert, Item, Source, Watchlist


class HealthColumn(Column):
    """A feed's state (error, paused, warning, never fetched, good) and last fetch; for every source its
    last update and items per day published over the last week. Times in Vietnam time."""

    def get_value(self, instance):
        # In the reader's language: "0,6 mục/ngày" in Vietnamese, not "0.6".
        per_day = number_format(round(getattr(instance, "recent_items", 0) / 7, 1), decimal_pos=1)
        parts = [f"{per_day} mục/ngày", f"tổng {getattr(instance, 'items_count', 0)} mục"]
        last = instance.last_fetch_at
        if last:
            parts.insert(0, f"cập nhật {timezone.localtime(last):%d/%m %H:%M}")
        if instance.kind == Source.Kind.FEED:
            if instance.last_error:
                state = f"lỗi: {instance.last_error[:80]}"
            elif not instance.active:
                state = "tạm dừng"
            elif instance.last_warning:  # read fine, with something to say about it
                state = f"cảnh báo: {instance.last_warning[:80]}"
            else:
                state = "tốt" if last else "chưa lấy lần nào"
            parts.insert(0, state)
        return " · ".join(parts)


class PollingColumn(BooleanColumn):
    """Whether a feed is polled. `active` means nothing to a source nobody polls (an upload, the
    portal's comments, notes): "không" beside an upload with its 150 posts read as a source the
    desk had stopped following."""

    cell_template_name = "monitor/tables/polling_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["polled"] = instance.kind == Source.Kind.FEED
        return context


def _list_address(request, index_url_name: str) -> str:
    """A listing's own address with the request's filters, also when the request is the
    listing's results fragment (what filtering reloads)."""
    query = request.GET.urlencode()
    return reverse(index_url_name) + (f"?{query}" if query else "")


def _desk_time(value) -> str:
    """A moment as the desk writes it, in Vietnam time: "08:15 27/11/2026"."""
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def _short_time(value) -> str:
    """A moment as an analyst scans it down a long list, day first in Vietnam time:
    "28/11 14:05", with the year when it is not this one ("28/11/2025 14:05")."""
    local = timezone.localtime(value)
    if local.year == timezone.localdate().year:
        return f"{local:%d/%m %H:%M}"
    return f"{local:%d/%m/%Y %H:%M}"


class ShortTimeColumn(Column):
    """A time in the short form, the whole of it (with seconds) in the cell's tooltip."""

    cell_template_name = "monitor/tables/time_cell.html"

    def get_value(self, instance):
        value = super().get_value(instance)
        return _short_time(value) if value else ""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        moment = getattr(instance, self.accessor, None)
        if moment:
            local = timezone.localtime(moment)
            context["iso"] = local.isoformat()
            context["full"] = f"{local:%H:%M:%S} ngày {local:%d/%m/%Y} (giờ Việt Nam)"
        return context


class DeskInspectView(generic.InspectView):
    """Values as the rest of the desk shows them: Vietnam time (Wagtail's inspect page printed
    UTC, seven hours behind the list), "có"/"không", and a dash for nothing rather than None."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return _desk_time(value)
        if isinstance(value, bool):
            return _yes(value)
        return "–" if value is None or value == "" else value


class DeskListMixin:
    """An empty filtered list says it is the filters that found nothing: Wagtail's message (in
    its Vietnamese catalogue) names only the search words, which a drill-down from the
    dashboard (period, topic, place) never had."""

    @cached_property
    def no_results_message(self):
        if not self.is_filtering:
            return super().no_results_message
        by = "từ khóa tìm kiếm và bộ lọc" if self.is_searching else "bộ lọc"
        return (
            f"Không có {self.verbose_name_plural} nào khớp với {by} đã chọn. Bỏ bớt điều kiện "
            "trong bảng lọc (nút bên phải ô tìm kiếm) để xem thêm."
        )


class SourceIndexView(DeskListMixin, StrictFiltersMixin, generic.IndexView):
    def get_base_queryset(self):
        return Source.objects.with_recent_counts()


class SourceViewSet(HttpsURLMixin, ModelViewSet):
    model = Source
    icon = "link-external"
    menu_label = "Nguồn theo dõi"
    list_display = [
        "name",
        "kind",
        PollingColumn("active", label="Đang theo dõi"),
        HealthColumn("health", label="Tình trạng"),
    ]
    list_filter = ["kind", "active"]
    search_fields = ["name", "url"]
    search_backend_name = None
    form_fields = ["name", "kind", "url", "active", "poll_minutes", "fetch_full_text"]
    index_view_class = SourceIndexView

    def get_form_class(self, for_update=False):
        return modelform_factory(
            self.model,
            form=SourceForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.form_fields,
        )


def _csv_text(value):
    # Posts come from outside: text Excel would run as a formula is kept as text.
    return neutralise(force_str(value))


def _yes(value):
    return "có" if value else "không"


class ItemIndexView(DeskListMixin, StrictFiltersMixin, ExcelCSVMixin, generic.IndexView):
    MAX_EXPORT_ROWS = 50_000  # a period's stories; the whole archive is for the database
    # Text from outside never as a formula (times are Vietnam's: ExcelCSVMixin).
    custom_field_preprocess = {
        "is_primary": {"csv": _yes, "xlsx": _yes},
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
            url and f"{url}?{urlencode({'next': _list_address(self.request, self.index_url_name)})}"
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
        return _desk_time(value) if value else super().format_value_for_display(value)


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


class WatchlistIndexView(generic.IndexView):
    def search_queryset(self, queryset):
        # Typed with or without diacritics ("ngap" finds "Chống ngập"); watchlists are few.
        if not self.is_searching:
            return queryset
        wanted = fold(self.search_query).strip()
        found = [w.pk for w in queryset if wanted in fold(f"{w.name} {w.terms}")]
        return queryset.filter(pk__in=found)


class WatchlistViewSet(ModelViewSet):
    model = Watchlist
    index_view_class = WatchlistIndexView
    icon = "pick"
    menu_label = "Danh sách theo dõi"
    list_display = ["name", BooleanColumn("active", label="Đang theo dõi")]
    edit_handler = ObjectList(
        [FieldPanel(name) for name in ("name", "slug", "terms", "places", "notify", "active")],
        base_form_class=WatchlistForm,
    )
    search_fields = ["name", "terms"]
    search_backend_name = None


class AlertPermissionPolicy(ModelPermissionPolicy):
    """Alerts are raised by spike detection and acknowledged on the dashboard: nobody adds or
    edits one in the admin (an empty form has no day or kind to save), nor deletes one (the
    next hourly detection would raise it again, and mail it again; acknowledging sets it aside
    and keeps the record of what leadership was told)."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(
            user, action
        )


register_permission_policy(Alert, AlertPermissionPolicy(Alert))


class AlertInspectView(DeskInspectView):
    # A share read "1,0" and "0,5" (the stored fractions): as percentages, or stories a day.
    def get_observed_display_value(self):
        return spikes.value_text(self.object)

    def get_baseline_display_value(self):
        return spikes.value_text(self.object, baseline=True)


class AlertItemsColumn(TitleColumn):
    def get_value(self, instance):
        return "xem các mục"


class AcknowledgedColumn(Column):
    """When and by whom an alert was seen, or for an open one a "Đã xem" button (to those who
    may acknowledge), as on the dashboard."""

    cell_template_name = "monitor/tables/acknowledge_cell.html"

    def get_value(self, instance):
        if not instance.acknowledged_at:
            return ""
        who = instance.acknowledged_by
        by = f" · {who.get_full_name() or who.get_username()}" if who else ""
        return f"{_desk_time(instance.acknowledged_at)}{by}"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        permission = views.AcknowledgeAlertView.permission
        context["can_acknowledge"] = request and request.user.has_perm(permission)
        if context["can_acknowledge"]:
            # Cells render without the request's context: the form's token and way back.
            context["csrf_token"] = get_token(request)
            context["back"] = _list_address(request, "monitor_alert:index")
        return context


class AlertIndexView(DeskListMixin, StrictFiltersMixin, generic.IndexView):
    @cached_property
    def no_results_message(self):
        if self.is_filtering or self.is_searching:
            return super().no_results_message
        # An empty list reads as "nothing works" unless it says what would raise an alert.
        return (
            "Chưa có cảnh báo nào. Cảnh báo được tạo khi, trong một ngày, số câu chuyện (toàn "
            f"thành phố hoặc một danh sách theo dõi) từ {spikes.MIN_STORIES} trở lên và tăng vọt "
            f"so với {spikes.BASELINE_DAYS} ngày trước đó, hoặc tỉ lệ tiêu cực cao hơn mức nền "
            f"từ {spikes.NEGATIVE_JUMP * 100:.0f} điểm phần trăm trở lên (kiểm tra định kỳ)."
        )

    def get_base_queryset(self):
        # Each row links to its scope's items and names who saw it.
        return Alert.objects.select_related("watchlist", "acknowledged_by")


class AlertViewSet(ModelViewSet):
    model = Alert
    index_view_class = AlertIndexView
    icon = "warning"
    menu_label = "Cảnh báo"
    list_display = [
        "message",
        "kind",
        "day",
        "mailed_at",
        AcknowledgedColumn("acknowledged_at", label="Đã xem"),
        AlertItemsColumn("items", label="Các mục", get_url=spikes.items_url),
    ]
    filterset_class = filters.AlertFilterSet
    form_fields = []
    inspect_view_enabled = True
    inspect_view_class = AlertInspectView
    inspect_view_fields = [
        "message",
        "kind",
        "watchlist",  # its "scope" twin is for the unique constraint, not for reading
        "day",
        "observed",
        "baseline",
        "created_at",
        "mailed_at",
        "acknowledged_at",
        "acknowledged_by",
    ]


class MonitorMenuItem(MenuItem):
    """Shown to those who may use the page behind it (a leader who reads: not the uploads)."""

    def __init__(self, *args, permission=views.VIEW_PERMISSION, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class MonitorGroup(ViewSetGroup):
    menu_label = "Theo dõi dư luận"
    menu_icon = "view"
    menu_order = 280
    items = (
        ItemViewSet("monitor_item", url_prefix="monitor/items"),
        SourceViewSet("monitor_source", url_prefix="monitor/sources"),
        WatchlistViewSet("monitor_watchlist", url_prefix="monitor/watchlists"),
        AlertViewSet("monitor_alert", url_prefix="monitor/alerts"),
    )

    def get_submenu_items(self):
        return [
            MonitorMenuItem("Tổng quan", reverse_lazy("monitor_dashboard"), icon_name="view"),
            MonitorMenuItem(
                "Bản tin dư luận", reverse_lazy("monitor_brief"), icon_name="doc-full-inverse"
            ),
            MonitorMenuItem(
                "Tải lên dữ liệu",
                reverse_lazy("monitor_upload"),
                icon_name="upload",
                permission=views.UploadView.permission,
            ),
            MonitorMenuItem(
                "Ghi nhận thủ công",
                reverse_lazy("monitor_manual"),
                icon_name="edit",
                permission=views.ManualEntryView.permission,
            ),
            *super().get_submenu_items(),
        ]


@hooks.register("register_admin_viewset")
def register_monitor():
    return MonitorGroup()


@hooks.register("register_admin_urls")
def register_monitor_urls():
    return [
        path("monitor/", views.DashboardView.as_view(), name="monitor_dashboard"),
        path("monitor/brief/", views.BriefView.as_view(), name="monitor_brief"),
        path("monitor/upload/", views.UploadView.as_view(), name="monitor_upload"),
        path("monitor/manual/", views.ManualEntryView.as_view(), name="monitor_manual"),
        path(
            "monitor/alerts/<int:pk>/acknowledge/",
            views.AcknowledgeAlertView.as_view(),
            name="monitor_alert_acknowledge",
        ),
    ]

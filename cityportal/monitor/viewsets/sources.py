"""Sources in the admin: feeds, uploads and the portal's own comments, with their health."""

from django.forms import modelform_factory
from django.utils import timezone
from django.utils.formats import number_format
from wagtail.admin.ui.tables import BooleanColumn, Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.viewsets import HttpsURLMixin, StrictFiltersMixin

from ..forms import SourceForm
from ..models import Source
from .desk import DeskListMixin


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

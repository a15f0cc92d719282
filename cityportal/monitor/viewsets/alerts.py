"""Alerts in the admin: raised by spike detection, read and acknowledged, never added or
edited by hand."""

from django.middleware.csrf import get_token
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from cityportal.core.viewsets import StrictFiltersMixin

from .. import filters, spikes, views
from ..models import Alert
from .desk import DeskInspectView, DeskListMixin, desk_time, list_address


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
        return f"{desk_time(instance.acknowledged_at)}{by}"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        permission = views.AcknowledgeAlertView.permission
        context["can_acknowledge"] = request and request.user.has_perm(permission)
        if context["can_acknowledge"]:
            # Cells render without the request's context: the form's token and way back.
            context["csrf_token"] = get_token(request)
            context["back"] = list_address(request, "monitor_alert:index")
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

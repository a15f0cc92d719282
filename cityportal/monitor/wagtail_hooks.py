"""The monitoring desk's place in the admin: one menu group with the dashboard, the brief,
items (drill-down and corrections), sources (with health), watchlists, alerts and uploads."""

from django.urls import path, reverse_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from . import views
from .viewsets.alerts import AlertViewSet
from .viewsets.items import ItemViewSet
from .viewsets.sources import SourceViewSet
from .viewsets.watchlists import WatchlistViewSet


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

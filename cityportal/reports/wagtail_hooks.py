"""The reports in the admin: the quarterly report page and the quarter plans staff edit."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_views
from .models import QuarterPlan


class QuarterPlanViewSet(ModelViewSet):
    model = QuarterPlan
    icon = "list-ol"
    menu_label = "Kế hoạch quý"
    add_to_admin_menu = False
    list_display = ["quarter", "note"]
    search_fields = None


quarter_plans = QuarterPlanViewSet("quarter_plans")


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path(
            "reports/quarterly/",
            admin_views.QuarterlyReportView.as_view(),
            name="reports_quarterly",
        ),
        path(
            "reports/quarterly/refresh/",
            admin_views.refresh,
            name="reports_quarterly_refresh",
        ),
        path(
            "reports/quarterly/<int:pk>/<str:fmt>/",
            admin_views.download,
            name="reports_quarterly_download",
        ),
        path(
            "reports/quarterly/export/<str:fmt>/",
            admin_views.export,
            name="reports_quarterly_export",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_plans():
    return quarter_plans


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return PermissionMenuItem(
        "Báo cáo quý",
        reverse("reports_quarterly"),
        icon_name="doc-full",
        order=50,
        permission=admin_views.VIEW_PERMISSION,
    )


@hooks.register("register_reports_menu_item")
def register_plan_menu_item():
    return PermissionMenuItem(
        "Kế hoạch quý",
        reverse("quarter_plans:index"),
        icon_name="list-ol",
        order=51,
        permission="reports.change_quarterplan",
    )

"""The newsroom's coverage board, week by week."""

import datetime

import django_filters
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.views.snippets import (
    SnippetViewSet,
)

from cityportal.core.viewsets import (
    PermissionCheckedChooserViewSet,
)

from ..models import CoverageAssignment
from .registrations import StrictSnippetIndexView


class CoverageFilterSet(WagtailFilterSet):
    week = django_filters.DateFilter(
        label="Tuần có ngày",
        method="in_week",
        help_text="Lịch tác nghiệp từ thứ Hai đến Chủ nhật của tuần có ngày này",
    )

    class Meta:
        model = CoverageAssignment
        fields = ["status", "reporter", "event"]

    def in_week(self, queryset, name, value):
        return queryset.in_week(value)


def _week(assignment) -> str:
    year, week, _ = assignment.date.isocalendar()
    monday = assignment.date - datetime.timedelta(days=assignment.date.weekday())
    return f"Tuần {week}/{year} (từ {monday:%d/%m})"


class CoverageViewSet(SnippetViewSet):
    index_view_class = StrictSnippetIndexView
    chooser_viewset_class = PermissionCheckedChooserViewSet
    model = CoverageAssignment
    icon = "calendar-alt"
    menu_label = "Lịch tác nghiệp"
    base_url_path = "events/coverage"
    admin_url_namespace = "events_coverage"
    filterset_class = CoverageFilterSet
    list_display = [
        "date",
        Column("week", label="Tuần", accessor=_week),
        Column("subject", label="Sự kiện, đề tài", accessor="subject"),
        "reporter",
        "status",
    ]
    search_fields = ["topic", "note"]
    search_backend_name = None
    ordering = ["date", "pk"]
    panels = [
        FieldPanel("date"),
        FieldPanel("event"),
        FieldPanel("topic"),
        FieldPanel("reporter"),
        FieldPanel("status"),
        FieldPanel("note"),
    ]

    def get_queryset(self, request):
        # This week and what comes after, unless a filter asks for another week.
        queryset = CoverageAssignment.objects.select_related("event", "reporter")
        if not request.GET.get("week"):
            monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
            queryset = queryset.filter(date__gte=monday)
        return queryset

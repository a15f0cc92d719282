"""What every list and page of the monitoring desk shares: times as the desk writes them, in
Vietnam time, "có"/"không", a list's own address, and the message of a list its filters emptied."""

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic


def list_address(request, index_url_name: str) -> str:
    """A listing's own address with the request's filters, also when the request is the
    listing's results fragment (what filtering reloads)."""
    query = request.GET.urlencode()
    return reverse(index_url_name) + (f"?{query}" if query else "")


def desk_time(value) -> str:
    """A moment as the desk writes it, in Vietnam time: "08:15 27/11/2026"."""
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


def short_time(value) -> str:
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
        return short_time(value) if value else ""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        moment = getattr(instance, self.accessor, None)
        if moment:
            local = timezone.localtime(moment)
            context["iso"] = local.isoformat()
            context["full"] = f"{local:%H:%M:%S} ngày {local:%d/%m/%Y} (giờ Việt Nam)"
        return context


def yes(value):
    return "có" if value else "không"


class DeskInspectView(generic.InspectView):
    """Values as the rest of the desk shows them: Vietnam time (Wagtail's inspect page printed
    UTC, seven hours behind the list), "có"/"không", and a dash for nothing rather than None."""

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, datetime.datetime):
            return desk_time(value)
        if isinstance(value, bool):
            return yes(value)
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

"""Editors' side of search: the synonym and abbreviation table, and what readers searched for."""

import datetime

from django.contrib.auth.mixins import PermissionRequiredMixin
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.viewsets import AdminScreen

from .models import SearchTerm, SynonymGroup


class SynonymViewSet(ModelViewSet):
    model = SynonymGroup
    icon = "list-ul"
    menu_label = "Từ đồng nghĩa (tìm kiếm)"
    # The viewset's own item: shown only to those with a permission on the synonyms.
    add_to_settings_menu = True
    form_fields = ["terms", "note"]
    list_display = ["__str__", "note"]
    search_fields = ["terms"]


synonyms = SynonymViewSet("search_synonyms")


# What readers typed can hold a name or a phone number: it is for those who tune search (the
# synonym table's editors), not for every account that may open the admin.
TERMS_PERMISSION = "search.change_synonymgroup"


class SearchTermsReport(PermissionRequiredMixin, AdminScreen, TemplateView):
    permission_required = TERMS_PERMISSION
    template_name = "search/admin/search_terms.html"
    page_title = "Từ khóa tìm kiếm"
    header_icon = "search"
    PERIODS = {"7": 7, "30": 30, "90": 90}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        days = self.PERIODS.get(self.request.GET.get("days", ""), 30)
        since = timezone.localdate() - datetime.timedelta(days=days - 1)
        terms = SearchTerm.objects.since(since)
        context.update(
            days=days,
            periods=self.PERIODS,
            top=terms.top()[:50],
            misses=terms.without_results()[:50],
        )
        return context


@hooks.register("register_admin_viewset")
def register_synonyms():
    return synonyms


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/search-terms/", SearchTermsReport.as_view(), name="search_terms")]


class SearchTermsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(TERMS_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return SearchTermsMenuItem(
        "Từ khóa tìm kiếm", reverse("search_terms"), icon_name="search", order=900
    )

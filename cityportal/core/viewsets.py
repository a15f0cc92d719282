"""Pieces shared by the apps' admin viewsets."""

import datetime

from django.db import models
from django.utils import timezone
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from wagtail.admin.forms.models import formfield_for_dbfield
from wagtail.admin.views.generic import IndexView, WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.snippets.views import chooser


class AdminScreen(WagtailAdminTemplateMixin):
    """An admin screen of an app's own (a report, an import): Wagtail's header shows only
    "Trang chủ" above such a view unless its title is given as the last breadcrumb."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


class ExcelCSVMixin:
    """For an index view with list_export: the CSV starts with a UTF-8 byte-order mark, without
    which Excel opens Vietnamese as mojibake; times are Vietnam's, as the listing shows them
    (Wagtail writes UTC: a post at 06:30 read 23:30 the day before, and counted on that day)."""

    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: _local,
            SpreadsheetExportMixin.FORMAT_CSV: _local,
        },
    }

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_XLSX and isinstance(value, str):
            # Control characters from outside (a vertical tab pasted into a post or a name)
            # are no XML: openpyxl refused the whole sheet, a 500.
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        return value


class StrictFiltersMixin:
    """For an index view with filters: an invalid filter lists nothing under its error. Wagtail
    drops the filters then and lists everything: a shared link with a period from after to, a
    day misspelt ("?day=abc") or a choice no longer there listed (and exported) every row as if
    it were what was asked for."""

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)


class StrictIndexView(StrictFiltersMixin, IndexView):
    """A model listing whose invalid filters list nothing (the index_view_class of a
    ModelViewSet with list_filter)."""


class AdminFormFieldsMixin:
    """For a ModelViewSet with `form_fields` (no panels): its form is Django's plain model form,
    which Wagtail builds without its admin widgets (date pickers, tag autocompletion) and its
    registered overrides (core's select of units with their districts): given them here."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        return formfield_for_dbfield(db_field, **kwargs)


class HttpsURLMixin:
    """URL fields in admin forms take a bare "so-xay-dung.hochiminhcity.gov.vn" as https://:
    government sites are served over HTTPS."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)


class _ListingPermission(PermissionCheckedMixin):
    any_permission_required = ["add", "change", "delete", "view"]  # as the snippet's own listing


class _ChooseView(_ListingPermission, chooser.ChooseView):
    pass


class _ChooseResultsView(_ListingPermission, chooser.ChooseResultsView):
    pass


class _ChosenView(_ListingPermission, chooser.SnippetChosenView):
    pass


class _ChosenMultipleView(_ListingPermission, chooser.SnippetChosenMultipleView):
    pass


class PermissionCheckedChooserViewSet(chooser.SnippetChooserViewSet):
    """Wagtail's snippet chooser lists every row to anyone who may log in to the admin; this one
    asks for the permissions of the snippet's own listing (its "create" tab already asks for
    "add"). For snippets holding people's names and e-mails: comments, registrations, press."""

    choose_view_class = _ChooseView
    choose_results_view_class = _ChooseResultsView
    chosen_view_class = _ChosenView
    chosen_multiple_view_class = _ChosenMultipleView

"""Pieces shared by the apps' admin viewsets."""

from django.db import models


class ExcelCSVMixin:
    """For an index view with list_export: the CSV starts with a UTF-8 byte-order mark, without
    which Excel opens Vietnamese as mojibake."""

    def stream_csv(self, queryset):
        yield "\ufeff"
        yield from super().stream_csv(queryset)


class HttpsURLMixin:
    """URL fields in admin forms take a bare "so-xay-dung.hochiminhcity.gov.vn" as https://:
    government sites are served over HTTPS."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)

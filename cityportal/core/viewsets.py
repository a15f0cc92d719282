"""Pieces shared by the apps' admin viewsets."""

from django.db import models


class HttpsURLMixin:
    """URL fields in admin forms take a bare "so-xay-dung.hochiminhcity.gov.vn" as https://:
    government sites are served over HTTPS."""

    def formfield_for_dbfield(self, db_field, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, **kwargs)

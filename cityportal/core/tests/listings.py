"""The admin viewsets of CityPortal's models, from Wagtail's registry, so that a viewset added
later is checked too."""

from django.urls import get_resolver
from wagtail.admin.viewsets import viewsets
from wagtail.coreutils import resolve_model_string


def project_viewsets() -> list:
    get_resolver().check()  # loading the admin's URLs registers the viewsets
    return [
        viewset
        for viewset in viewsets.viewsets
        if getattr(viewset, "model", None) is not None
        and resolve_model_string(viewset.model).__module__.startswith("cityportal.")
    ]

from django.apps import AppConfig
from wagtail.contrib.frontend_cache.apps import WagtailFrontendCacheAppConfig


class CoreConfig(AppConfig):
    default = True  # this module holds another app's config too (below)
    name = "cityportal.core"
    label = "core"
    verbose_name = "CityPortal core"

    def ready(self):
        from . import search_sources, signals, signin

        signals.connect()
        signin.connect()
        search_sources.register_all()


class FrontendCacheConfig(WagtailFrontendCacheAppConfig):
    """Wagtail's front-cache app without its purge-on-publish handlers, which purge at once: a
    page approved in a workflow is published inside a transaction, and the RQ worker can run
    the purge job before it commits, so Varnish fetched the old page (or a 404 for a new one)
    again and kept it. core.signals purges pages after the commit instead."""

    def ready(self):
        pass

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityportal.core"
    label = "core"
    verbose_name = "CityPortal core"

    def ready(self):
        from . import search_sources, signals, signin

        signals.connect()
        signin.connect()
        search_sources.register_all()

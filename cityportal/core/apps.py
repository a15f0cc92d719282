from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "cityportal.core"
    label = "core"
    verbose_name = "CityPortal core"

    def ready(self):
        from . import signals

        signals.connect()

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cityportal.search"
    label = "search"
    verbose_name = "Tìm kiếm"

    def ready(self):
        from . import signals

        signals.connect()

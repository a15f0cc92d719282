from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "cityportal.news"
    label = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from . import search_sources, signals

        signals.connect()
        search_sources.register_all()

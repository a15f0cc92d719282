from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "cityportal.feedback"
    label = "feedback"
    verbose_name = "Ý kiến bạn đọc"

    def ready(self):
        from . import search_sources

        search_sources.register_all()

from django.apps import AppConfig


class ContributionsConfig(AppConfig):
    name = "cityportal.contributions"
    label = "contributions"
    verbose_name = "Cộng tác"

    def ready(self):
        from . import signals

        signals.connect()

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class MonitorConfig(AppConfig):
    name = "cityportal.monitor"
    verbose_name = "Theo dõi dư luận"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import analysts

        post_migrate.connect(analysts.ensure_analysts, sender=apps.get_app_config("auth"))

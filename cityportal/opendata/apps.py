from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cityportal.opendata"
    label = "opendata"
    verbose_name = "Dữ liệu mở"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate

        from . import editors, search_sources

        search_sources.register_all()
        # After auth's own post_migrate, which comes after ours: by then the permissions of
        # this app (made in our post_migrate by auth's receiver) exist.
        post_migrate.connect(editors.ensure_data_editors, sender=apps.get_app_config("auth"))

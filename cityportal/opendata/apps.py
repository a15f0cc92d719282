from django.apps import AppConfig


class OpendataConfig(AppConfig):
    name = "cityportal.opendata"
    label = "opendata"
    verbose_name = "Dữ liệu mở"

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_migrate
        from wagtail.permissions import register_permission_policy

        from . import editors, search_sources
        from .models import Dataset
        from .permissions import dataset_policy

        # Before the admin's viewsets or the public pages ask for it (a fallback policy, made on
        # the first question, could not be replaced).
        register_permission_policy(Dataset, dataset_policy)
        search_sources.register_all()
        # After auth's own post_migrate, which comes after ours: by then the permissions of
        # this app (made in our post_migrate by auth's receiver) exist.
        post_migrate.connect(editors.ensure_data_editors, sender=apps.get_app_config("auth"))

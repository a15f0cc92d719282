"""The data editors' group: staff of departments and the statistics office who publish figures."""

from django.contrib.auth.models import Group, Permission

DATA_EDITORS = "Biên tập dữ liệu"


def ensure_data_editors(**kwargs) -> Group:
    """Run after every migrate, when permissions exist; running it again changes nothing."""
    group, _ = Group.objects.get_or_create(name=DATA_EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="opendata",
            content_type__model__in=["dataset", "resource", "resourceversion", "indicator"],
        ).exclude(codename__startswith="delete_"),
        *Permission.objects.filter(content_type__app_label="core", codename="view_organisation"),
    )
    return group

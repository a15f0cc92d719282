"""The opinion analysts' group: the desk that reads the monitor, corrects labels and writes
briefs. Leaders who only read briefs get the same group (there is nothing to break)."""

from django.contrib.auth.models import Group, Permission

ANALYSTS = "Theo dõi dư luận"


def ensure_analysts(**kwargs) -> Group:
    """Run after every migrate, when permissions exist; running it again changes nothing."""
    group, _ = Group.objects.get_or_create(name=ANALYSTS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label="monitor").exclude(
            content_type__model__in=["cluster", "clusterband"]
        ),
    )
    return group

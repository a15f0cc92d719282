"""The monitor's two groups: the analysts' desk, which reads the monitor, uploads, corrects
labels and acknowledges alerts; and leaders, who read it (dashboard, brief, items, alerts,
watchlists, the quarterly report) and change nothing, so one stray click cannot hide an alert
from the desk or delete a source."""

from django.contrib.auth.models import Group, Permission

ANALYSTS = "Theo dõi dư luận"
LEADERS = "Lãnh đạo (xem bản tin)"
READ = ["view_item", "view_alert", "view_watchlist", "view_source"]


def ensure_analysts(**kwargs) -> Group:
    """Run after every migrate, when permissions exist; running it again changes nothing.
    Returns the analysts' group."""
    admin = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    group, _ = Group.objects.get_or_create(name=ANALYSTS)
    group.permissions.add(
        *admin,
        *Permission.objects.filter(content_type__app_label="monitor").exclude(
            content_type__model__in=["cluster", "clusterband"]
        ),
    )
    leaders, _ = Group.objects.get_or_create(name=LEADERS)
    leaders.permissions.add(
        *admin,
        *Permission.objects.filter(content_type__app_label="monitor", codename__in=READ),
        *Permission.objects.filter(
            content_type__app_label="reports", codename="view_quarterlyreport"
        ),
    )
    return group

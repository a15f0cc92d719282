"""Who sees and may change what on the monitoring desk: analysts, leaders who only read, the
editor-in-chief, the demo's logins."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from cityportal.monitor.analysts import ANALYSTS, LEADERS
from cityportal.monitor.models import Alert, Item, Source
from cityportal.news.demo import DEMO_PASSWORD

from .desk import POSTS, today  # noqa: F401  (the heard fixture reads POSTS)


def test_only_the_desk_sees_the_monitor(client, staff, analyst, heard):
    client.force_login(staff["reporter"])
    refused = client.get(reverse("monitor_dashboard"))  # Wagtail turns 403 into a redirect home
    assert (refused.status_code, refused.url) == (302, "/admin/")
    client.force_login(analyst)
    assert client.get(reverse("monitor_dashboard")).status_code == 200


def test_a_leader_who_may_only_read_meets_no_dead_ends(client, staff, heard):
    """The editor-in-chief reads the monitor (view_item): no upload or manual entry in the
    menu, no 'Đã xem' button, and the whole post behind each row of the items list."""
    Alert.objects.create(kind="volume", day=today(), observed=40, baseline=5, message="Tăng vọt")
    client.force_login(staff["chief"])
    dashboard = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Tăng vọt" in dashboard and "Đã xem</button>" not in dashboard
    assert reverse("monitor_upload") not in dashboard
    assert reverse("monitor_manual") not in dashboard
    items = f"{reverse('monitor_item:index')}?start={today()}&amp;end={today()}"
    assert items in dashboard  # the alert's own day, as a list of its items

    item = Item.objects.get(key="0")
    inspect = reverse("monitor_item:inspect", args=[item.pk])
    assert inspect in client.get(reverse("monitor_item:index")).content.decode()
    page = client.get(inspect).content.decode()
    assert item.text in page and "Sắc thái" in page and "Sentiment" not in page


def test_a_leader_reads_everything_and_changes_nothing(client, heard):
    leader = get_user_model().objects.create_user("lanhdao", "ld@example.invalid", "pw-Secret-1")
    leader.groups.add(Group.objects.get(name=LEADERS))
    alert = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng"
    )
    item, source = Item.objects.get(key="0"), heard
    client.force_login(leader)
    for name in ("monitor_dashboard", "monitor_brief", "monitor_item:index", "monitor_alert:index"):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("monitor_item:inspect", args=[item.pk])).status_code == 200
    for url in (
        reverse("monitor_item:delete", args=[item.pk]),
        reverse("monitor_source:delete", args=[source.pk]),
        reverse("monitor_upload"),
    ):
        assert client.post(url).status_code in (302, 403), url
    client.post(reverse("monitor_item:edit", args=[item.pk]), {"corrected_sentiment": "negative"})
    item.refresh_from_db()
    assert (item.corrected_sentiment, item.corrected_by) == ("", None)
    client.post(reverse("monitor_alert_acknowledge", args=[alert.pk]))
    alert.refresh_from_db()
    assert alert.acknowledged_at is None
    assert Item.objects.filter(pk=item.pk).exists() and Source.objects.filter(pk=source.pk).exists()
    assert "Đã xem</button>" not in client.get(reverse("monitor_dashboard")).content.decode()


def test_the_monitor_demo_loads_once_with_a_login_for_each_role(client, db):
    call_command("load_monitor_demo", stdout=io.StringIO())
    items = Item.objects.count()
    call_command("load_monitor_demo", stdout=io.StringIO())
    assert Item.objects.count() == items > 60
    assert not Item.objects.filter(status=Item.Status.PENDING).exists()
    User = get_user_model()
    analyst, leader = User.objects.get(username="chuyenvien"), User.objects.get(username="lanhdao")
    assert analyst.groups.filter(name=ANALYSTS).exists()
    assert leader.groups.filter(name=LEADERS).exists() and not leader.is_superuser
    assert client.login(username="lanhdao", password=DEMO_PASSWORD)
    dashboard = client.get(reverse("monitor_dashboard")).content.decode()
    assert "Chống ngập" in dashboard and "Đã xem</button>" not in dashboard

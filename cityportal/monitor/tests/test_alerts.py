"""Alerts in the admin: listed, acknowledged (by whom), never added or deleted by hand, linked to
the stories that raised them."""

from urllib.parse import parse_qsl

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor import filters
from cityportal.monitor.models import Alert, Item, Watchlist

from .desk import POSTS, listed, today  # noqa: F401  (the heard fixture reads POSTS)


def test_acknowledging_an_alert_stays_on_the_portal(client, analyst, db):
    alert = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng"
    )
    client.force_login(analyst)
    url = reverse("monitor_alert_acknowledge", args=[alert.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("monitor_dashboard")  # never sent off the site
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None
    assert "Tăng" not in client.get(reverse("monitor_dashboard")).content.decode()


def test_alerts_are_read_and_acknowledged_but_never_added_or_deleted_by_hand(client, db):
    admin = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    alert = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng vọt"
    )
    client.force_login(admin)
    listing = client.get("/admin/monitor/alerts/")
    assert listing.status_code == 200 and "Tăng vọt" in listing.content.decode()
    assert "/admin/monitor/alerts/new/" not in listing.content.decode()
    assert client.post("/admin/monitor/alerts/new/", {}).status_code in (302, 403)
    # Deleted, the next hourly run would raise (and mail) it again: it is acknowledged instead.
    delete = reverse("monitor_alert:delete", args=[alert.pk])
    inspect = client.get(reverse("monitor_alert:inspect", args=[alert.pk])).content.decode()
    assert delete not in inspect and delete not in listing.content.decode()
    assert client.post(delete).status_code in (302, 403)
    assert list(Alert.objects.all()) == [alert]


def test_a_negative_share_alert_lists_the_negative_stories(client, analyst, heard):
    Item.objects.filter(source=heard).update(sentiment="positive")
    Item.objects.filter(source=heard, key="0").update(sentiment="negative")
    alert = Alert.objects.create(
        kind="negative", day=today(), observed=0.6, baseline=0.2, message="Tiêu cực"
    )
    client.force_login(analyst)
    for page in (reverse("monitor_dashboard"), reverse("monitor_alert:index")):
        soup = BeautifulSoup(client.get(page).content, "html.parser")
        (link,) = [a for a in soup.find_all("a") if a.get_text(strip=True) == "xem các mục"]
        assert "sentiment=negative" in link["href"], page
    assert listed(client, **dict(parse_qsl(filters.alert_query(alert)))) == {"0"}


def test_alerts_are_acknowledged_from_their_list_and_say_by_whom(client, analyst, staff, db):
    alert = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5, message="Tăng"
    )
    listing = reverse("monitor_alert:index")
    client.force_login(staff["chief"])  # reads, may not acknowledge
    read_only = client.get(listing).content.decode()
    assert "Tăng" in read_only and "Đã xem</button>" not in read_only
    browser = Client(enforce_csrf_checks=True)  # as a browser posts the list's own form
    browser.force_login(analyst)
    form = BeautifulSoup(browser.get(listing).content, "html.parser").find(
        "form", action=reverse("monitor_alert_acknowledge", args=[alert.pk])
    )
    fields = {i["name"]: i["value"] for i in form.find_all("input")}
    assert fields["csrfmiddlewaretoken"] and fields["next"] == listing
    back = browser.post(form["action"], fields)
    assert back.url == listing  # the analyst stays on the list
    client.force_login(analyst)
    alert.refresh_from_db()
    assert alert.acknowledged_by == analyst and alert.acknowledged_at is not None
    page = BeautifulSoup(client.get(listing).content, "html.parser").find("main").get_text(" ")
    assert f"{timezone.localtime(alert.acknowledged_at):%H:%M %d/%m/%Y} · analyst" in page


def test_the_analyst_acknowledges_and_finds_a_watchlist_without_diacritics(client, analyst, db):
    Alert.objects.create(kind="volume", day=today(), observed=40, baseline=5, message="Tăng vọt")
    Watchlist.objects.create(name="Chống ngập", slug="chong-ngap", terms="ngập nước")
    client.force_login(analyst)
    assert "Đã xem</button>" in client.get(reverse("monitor_dashboard")).content.decode()
    found = client.get(reverse("monitor_watchlist:index"), {"q": "chong ngap"})
    assert [w.slug for w in found.context["object_list"]] == ["chong-ngap"]
    alerts = client.get(reverse("monitor_alert:index")).content.decode()
    assert f"{reverse('monitor_item:index')}?start={today()}&amp;end={today()}" in alerts


def test_the_alerts_list_reads_watchlists_with_the_alerts(
    client, analyst, django_assert_max_num_queries
):
    """Each row links to its scope's items: the watchlists come in the same query."""
    client.force_login(analyst)

    def raise_alerts(first, count):
        for n in range(first, first + count):
            watch = Watchlist.objects.create(name=f"Dự án {n}", slug=f"du-an-{n}", terms=f"da{n}")
            Alert.objects.create(
                kind="volume",
                day=today(),
                observed=9,
                baseline=1,
                message=f"Tăng {n}",
                watchlist=watch,
                scope=str(watch.pk),
            )

    raise_alerts(0, 2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("monitor_alert:index"))
    raise_alerts(2, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("monitor_alert:index")).content.decode()
    assert "watchlist=du-an-9" in page


def test_an_invalid_filter_lists_no_alert_rather_than_all(client, analyst, db):
    """ "?day=abc" (a date misspelt in a shared link) listed every alert under the error."""
    Alert.objects.create(kind="volume", day=today(), observed=40, baseline=5, message="Tăng vọt")
    client.force_login(analyst)
    assert len(client.get(reverse("monitor_alert:index")).context["object_list"]) == 1
    page = client.get(reverse("monitor_alert:index"), {"day": "abc"})
    assert page.status_code == 200 and list(page.context["object_list"]) == []
    assert "Tăng vọt" not in page.content.decode()


def test_an_alert_s_values_read_as_shares_or_stories_on_its_page(client, analyst, db):
    """A negative-share alert read "Giá trị 1,0 / Mức nền 0,5": the stored fractions."""
    share = Alert.objects.create(
        kind="negative", day=today(), observed=1.0, baseline=0.5, message="Tiêu cực"
    )
    volume = Alert.objects.create(
        kind="volume", day=today(), observed=40, baseline=5.25, message="T"
    )
    client.force_login(analyst)

    def values(alert):
        page = client.get(reverse("monitor_alert:inspect", args=[alert.pk]))
        soup = BeautifulSoup(page.content, "html.parser")
        terms = [dt.get_text(strip=True) for dt in soup.find_all("dt")]
        found = [dd.get_text(strip=True) for dd in soup.find_all("dd")]
        return {t: found[i] for i, t in enumerate(terms) if t.lower() in ("giá trị", "mức nền")}

    assert {v.lower(): x for v, x in values(share).items()} == {"giá trị": "100%", "mức nền": "50%"}
    assert sorted(values(volume).values()) == ["40 câu chuyện", "5,25 câu chuyện/ngày"]


def test_the_alerts_filter_offers_the_watchlists_that_raised_alerts(client, analyst, db):
    """It offered every watchlist of the desk, most with nothing to list, and old ones that
    follow nothing."""
    loud = Watchlist.objects.create(name="Metro số 1", slug="metro", terms="metro")
    Watchlist.objects.create(name="Kênh Nhiêu Lộc", slug="kenh", terms="kênh")
    Alert.objects.create(
        kind="volume",
        day=today(),
        observed=9,
        baseline=1,
        message="Tăng",
        watchlist=loud,
        scope=str(loud.pk),
    )
    client.force_login(analyst)
    page = client.get(reverse("monitor_alert:index"))
    soup = BeautifulSoup(page.content, "html.parser")
    offered = {o.get_text(strip=True) for o in soup.select("select[name=watchlist] option")}
    assert "Metro số 1" in offered and "Kênh Nhiêu Lộc" not in offered
    chosen = client.get(reverse("monitor_alert:index"), {"watchlist": loud.pk})
    assert [a.message for a in chosen.context["object_list"]] == ["Tăng"]

"""The demo a newcomer gets from `make run`: every page type shows something, loading it twice
changes nothing, and the founding article comes first."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Page

from cityportal.news.demo import load_demo
from cityportal.news.models import ArticlePage, SeriesPage, StandardPage


def test_demo_loads_once_and_again_changes_nothing(client, db):
    assert load_demo()["created"] > 12
    pages, users = Page.objects.count(), get_user_model().objects.count()
    assert load_demo() == {"created": 0}
    assert Page.objects.count() == pages
    assert get_user_model().objects.count() == users

    first = ArticlePage.objects.published().order_by("published_at").first()
    assert first.source_name == "Nhân dân điện tử"
    assert first.published_at.date().isoformat() == "2021-06-28"
    assert "Chương trình phối hợp truyền thông năm 2021" in first.title

    assert ArticlePage.objects.published().count() >= 13
    assert SeriesPage.objects.live().count() == 2
    assert all(series.articles().exists() for series in SeriesPage.objects.all())
    assert StandardPage.objects.live().count() == 2
    with_places = ArticlePage.objects.filter(places__isnull=False).distinct().count()
    assert with_places == ArticlePage.objects.count()
    for url in [
        "/",
        "/chuyen-de/",
        "/chuyen-de/chinh-quyen-hai-cap/",
        "/dia-ban/",
        "/dia-ban/quan-1/",
        "/dia-ban/phuong-sai-gon/",
        "/gioi-thieu/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    # The 2021 Quận 1 article is found from today's Phường Sài Gòn.
    assert "Quận 1 tăng cường" in client.get("/dia-ban/phuong-sai-gon/").content.decode()


def test_a_public_site_gets_no_demo_login_with_the_published_password(db, settings, monkeypatch):
    """`load_demo` on a portal served under a public name created a superuser whose password is
    printed in the README."""
    import pytest
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.ALLOWED_HOSTS = ["127.0.0.1", "tphcm.chinhphu.vn"]
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="tphcm.chinhphu.vn.*DEMO_PASSWORD"):
        call_command("load_demo")
    assert not get_user_model().objects.exists()

    monkeypatch.setenv("DEMO_PASSWORD", "mat-khau-rieng-cua-so")
    call_command("load_demo")
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("mat-khau-rieng-cua-so")
    assert not admin.check_password("cityportal-demo")


MAIN_INDICATORS = [
    "articles_published",
    "page_views",
    "contributions_by_agency",
    "feedback_received",
    "enquiries_answered",
    "opinion_volume",
    "events_held",
    "datasets_published",
    "datasets_updated",
]


def demo_records() -> dict[str, int]:
    from cityportal.contributions.models import Submission
    from cityportal.events.models import Accreditation, EventPage, Registration
    from cityportal.feedback.models import Comment, Enquiry
    from cityportal.monitor.models import Item
    from cityportal.opendata.models import Dataset, ResourceVersion
    from cityportal.reports.models import PageViewDay

    models = [Page, Submission, EventPage, Comment, Enquiry, Item, PageViewDay]
    models += [Registration, Accreditation, Dataset, ResourceVersion]
    return {model.__name__: model.objects.count() for model in models}


@pytest.mark.parametrize(
    "now",
    ["2026-11-28 10:00+07:00", "2027-01-02 08:00+07:00"],  # mid-quarter; a quarter just begun
)
def test_the_demo_gives_the_last_closed_quarter_a_report_worth_reading(db, now):
    """`make run` opened the quarterly report on the last closed quarter, empty in the demo (its
    articles are of 2021 and 2025, its posts of the last month): 'no activity recorded' was a
    newcomer's first sight of it. The demo is dated back from the day it is loaded."""
    from django.core.management import call_command
    from freezegun import freeze_time

    from cityportal.reports.outputs import no_activity_note
    from cityportal.reports.quarters import Quarter
    from cityportal.reports.snapshot import build

    def load():
        commands = ("load_demo", "load_events_demo", "load_opendata_demo", "load_monitor_demo")
        for command in commands:
            call_command(command, stdout=io.StringIO())

    with freeze_time(now, tick=True):
        load()
        records = demo_records()
        load()
        assert demo_records() == records
        today = timezone.localdate()
        closed = build(Quarter.last_closed(today))
        running = build(Quarter.containing(today))
    values = {kpi["key"]: kpi["value"] for group in closed["groups"] for kpi in group["kpis"]}
    assert {key: values[key] for key in MAIN_INDICATORS if not values[key]} == {}
    assert values["articles_by_origin"] > 0 and values["response_days"] > 0
    assert not no_activity_note(closed)
    # Who came to the quarter's events, not only that they were held.
    people = next(k for g in closed["groups"] for k in g["kpis"] if k["key"] == "event_people")
    assert {row["key"]: row["value"] > 0 for row in people["rows"]} == {
        "registered": True,
        "attended": True,
        "accredited": True,
    }
    current = {kpi["key"]: kpi["value"] for group in running["groups"] for kpi in group["kpis"]}
    assert current["page_views"] > 0 and current["opinion_volume"] > 0
    assert current["feedback_received"] > 0


def test_a_demo_reloaded_a_month_later_has_recent_activity(client, db):
    """`make run` again a month later on the same var/ database: the demo's dates were those of
    the first load, so nothing was upcoming and no reader or agency had written for a month. A
    reload adds this month's press conference and each missed week's articles, comments,
    questions and contributions, leaves what was there as it was, and adds nothing more the
    same day."""
    import datetime

    from django.core.management import call_command
    from freezegun import freeze_time

    from cityportal.contributions.models import Submission
    from cityportal.events.models import EventPage
    from cityportal.feedback.models import Comment, Enquiry

    def load():
        for command in ("load_demo", "load_events_demo"):
            call_command(command, stdout=io.StringIO())

    def dates():
        return {
            "comments": dict(Comment.objects.values_list("pk", "created_at")),
            "enquiries": dict(Enquiry.objects.values_list("pk", "created_at")),
            "submissions": dict(Submission.objects.values_list("pk", "submitted_at")),
            "pages": dict(ArticlePage.objects.values_list("pk", "published_at")),
        }

    with freeze_time("2026-11-10 10:00+07:00", tick=True):
        load()
        before = dates()
    with freeze_time("2026-12-11 10:00+07:00", tick=True):
        load()
        after = dates()
        assert {key: {pk: after[key][pk] for pk in rows} for key, rows in before.items()} == before
        month = timezone.now() - datetime.timedelta(days=30)
        assert EventPage.objects.upcoming().exists()
        recent = Comment.objects.filter(created_at__gte=month)
        assert recent.count() >= 8 and recent.values("email").distinct().count() >= 4
        assert Enquiry.objects.filter(created_at__gte=month).count() >= 6
        assert Enquiry.objects.filter(created_at__gte=month, answered_at__isnull=False).exists()
        assert Submission.objects.filter(submitted_at__gte=month).count() >= 4
        for comment in recent:
            assert comment.target.published_at < comment.created_at <= timezone.now()
        # Each missed week's articles (Monday, Wednesday, Friday at 8:00; the first load was a
        # Tuesday and added its week's Monday): not one in the future, no title twice.
        weekly = ArticlePage.objects.exclude(pk__in=before["pages"]).order_by("published_at")
        days = [timezone.localtime(a.published_at) for a in weekly]
        assert [(d.month, d.day, d.hour) for d in days] == [
            (month, day, 8)
            for month, day in [(11, 16), (11, 18), (11, 20), (11, 23), (11, 25), (11, 27)]
            + [(11, 30), (12, 2), (12, 4), (12, 7), (12, 9), (12, 11)]
        ]
        assert all(a.live and a.published_at <= timezone.now() for a in weekly)
        titles = [a.title for a in ArticlePage.objects.all()]
        assert len(set(titles)) == len(titles)
        assert len({a.get_parent().pk for a in weekly}) >= 5
        assert all(a.places.exists() for a in weekly)
        assert weekly.last().title in client.get("/").content.decode()  # this week's news
        records = demo_records()
        load()
        assert demo_records() == records

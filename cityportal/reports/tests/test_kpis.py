"""Every figure reconciles with the database: each KPI against a plain query of its own."""

import datetime
import statistics

from django.utils import timezone

from cityportal.contributions.models import Submission
from cityportal.core.models import AdministrativeUnit
from cityportal.feedback.models import Enquiry
from cityportal.news.models import ArticlePage, SectionPage, SeriesIndexPage, SeriesPage
from cityportal.reports.kpis import REGISTRY, evaluate
from cityportal.reports.models import PageViewDay, QuarterPlan, Target
from cityportal.reports.quarters import Quarter, local_bounds
from cityportal.reports.snapshot import build

from .conftest import local

Q3 = Quarter(2021, 3)


def value(key, quarter=Q3):
    return REGISTRY[key].compute(quarter.start, quarter.end).value


def rows(key, quarter=Q3):
    return {r.key: r.value for r in REGISTRY[key].compute(quarter.start, quarter.end).rows}


def in_quarter(queryset, field, quarter=Q3):
    since, until = local_bounds(quarter.start, quarter.end)
    return queryset.filter(**{f"{field}__gte": since, f"{field}__lt": until})


def test_quarter_parsing_and_bounds():
    assert Quarter.parse("2021q3") == Q3 and str(Q3) == "2021Q3"
    assert (Q3.start, Q3.end) == (datetime.date(2021, 7, 1), datetime.date(2021, 9, 30))
    assert Quarter(2021, 1).previous() == Quarter(2020, 4)
    assert Q3.label == "Quý III/2021"
    assert Quarter.last_closed(datetime.date(2021, 10, 1)) == Q3


def test_articles_count_by_local_date_of_publication(article_at):
    article_at(local(2021, 9, 30, 23, 30))  # 16:30 UTC: still the third quarter in Vietnam
    article_at(local(2021, 10, 1, 0, 30))  # 30 September in UTC, the fourth quarter here
    article_at(local(2021, 7, 1, 0, 0))
    expected = in_quarter(ArticlePage.objects.all(), "published_at").count()
    assert value("articles_published") == expected == 2
    assert value("articles_published", Quarter(2021, 4)) == 1


def test_articles_count_by_the_date_readers_see_not_the_day_they_went_live(
    article_at, make_article
):
    """An archive imported today counts in the quarter its articles were published in; a draft
    (dated by default when it was created) counts nowhere until it is published."""
    article = article_at(local(2021, 8, 1, 9))
    assert timezone.localdate(article.first_published_at) == timezone.localdate()
    draft = make_article(publish=False, published_at=local(2021, 8, 2, 9))
    assert draft.first_published_at is None
    assert value("articles_published") == 1
    assert value("articles_published", Quarter.containing(timezone.localdate())) == 0
    draft.save_revision().publish()
    assert value("articles_published") == 2


def test_an_article_shown_in_a_second_section_counts_once(article_at, section):
    """Wagtail's alias (the same article placed in another section) is a page of its own."""
    article = article_at(local(2021, 8, 1, 9))
    other = SectionPage.objects.exclude(pk=section.pk).order_by("path").first()
    article.create_alias(parent=other)
    assert value("articles_published") == 1
    by_section = REGISTRY["articles_by_section"].compute(Q3.start, Q3.end)
    assert by_section.value == 1
    assert {r.key: r.value for r in by_section.rows}[other.slug] == 0
    assert REGISTRY["articles_by_origin"].compute(Q3.start, Q3.end).value == 1


def test_articles_by_section_series_and_origin(article_at, home, agency, press_officer):
    sections = list(SectionPage.objects.order_by("path")[:2])
    index = SeriesIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=SeriesIndexPage(title="Chuyên đề", slug="chuyen-de"))
    series = SeriesPage(title="Chuyển đổi số", slug="chuyen-doi-so")
    index.add_child(instance=series)
    when = local(2021, 8, 10, 9)
    a = article_at(when, parent=sections[0], series=series)
    article_at(when, parent=sections[0])
    article_at(when, parent=sections[1], series=series)
    article_at(local(2021, 5, 1, 9), parent=sections[1])  # last quarter
    Submission.objects.create(
        organisation=agency, submitted_by=press_officer, title="Tin", body="…", article=a
    )

    published = in_quarter(ArticlePage.objects.all(), "published_at")
    by_section = rows("articles_by_section")
    for section in SectionPage.objects.all():
        assert by_section[section.slug] == published.child_of(section).count()
    assert by_section[sections[0].slug] == 2
    assert rows("articles_by_series") == {"chuyen-doi-so": published.filter(series=series).count()}
    contributed = published.filter(submissions__isnull=False).distinct().count()
    assert rows("articles_by_origin") == {
        "contribution": contributed,
        "own": published.count() - contributed,
    }
    assert contributed == 1


def test_places_as_tagged_across_the_2025_reform(article_at):
    old_district = AdministrativeUnit.objects.filter(
        level="district", valid_until=datetime.date(2025, 6, 30)
    ).first()
    new_ward = AdministrativeUnit.objects.filter(
        level="ward", valid_from=datetime.date(2025, 7, 1)
    ).first()
    assert old_district and new_ward
    article_at(local(2025, 7, 15, 8), places=[old_district])  # tagged the old way
    article_at(local(2025, 8, 15, 8), places=[new_ward])
    article_at(local(2025, 9, 15, 8), places=[new_ward, old_district])
    q = Quarter(2025, 3)
    result = REGISTRY["articles_by_place"].compute(q.start, q.end)
    published = in_quarter(ArticlePage.objects.all(), "published_at", q)
    counts = {r.key: r.value for r in result.rows}
    assert counts == {
        old_district.slug: published.filter(places=old_district).count(),
        new_ward.slug: published.filter(places=new_ward).count(),
    }
    assert counts[old_district.slug] == 2
    label = next(r.label for r in result.rows if r.key == old_district.slug)
    assert "(đến 06/2025)" in label
    assert result.value == 3  # articles with a place, each once


def test_page_views_and_top_articles(article_at):
    a, b = article_at(local(2021, 7, 2, 8)), article_at(local(2021, 7, 3, 8))
    for page, day, views in [
        (a, datetime.date(2021, 7, 5), 30),
        (a, datetime.date(2021, 9, 30), 5),
        (b, datetime.date(2021, 8, 1), 50),
        (b, datetime.date(2021, 10, 1), 999),  # next quarter
        (a.get_parent(), datetime.date(2021, 8, 1), 7),  # a section page
    ]:
        PageViewDay.objects.create(page=page, day=day, views=views)
    assert value("page_views") == 30 + 5 + 50 + 7
    result = REGISTRY["top_articles"].compute(Q3.start, Q3.end)
    assert [(r.key, r.value) for r in result.rows] == [(str(b.pk), 50), (str(a.pk), 35)]
    assert result.value == 85


def test_an_article_shown_in_a_second_section_is_one_article_in_the_top_list(article_at, home):
    original = article_at(local(2021, 7, 2, 8))
    other = article_at(local(2021, 7, 3, 8))
    second = SectionPage(title="Đô thị", slug="do-thi")
    home.add_child(instance=second)
    alias = original.create_alias(parent=second)
    assert alias.alias_of_id == original.pk
    for page, views in [(original, 30), (alias, 25), (other, 40)]:
        PageViewDay.objects.create(page=page, day=datetime.date(2021, 8, 1), views=views)
    result = REGISTRY["top_articles"].compute(Q3.start, Q3.end)
    assert [(r.key, r.label, r.value) for r in result.rows] == [
        (str(original.pk), original.title, 55),
        (str(other.pk), other.title, 40),
    ]
    assert result.value == 95


def test_agency_scorecard_is_the_contributions_desks(agency, press_officer):
    Submission.objects.create(
        organisation=agency,
        submitted_by=press_officer,
        title="Tin",
        body="…",
        submitted_at=local(2021, 8, 1, 9),
        status=Submission.Status.ACCEPTED,
    )
    Submission.objects.create(
        organisation=agency,
        submitted_by=press_officer,
        title="Tin cũ",
        body="…",
        submitted_at=local(2021, 6, 30, 23),
    )
    result = REGISTRY["contributions_by_agency"].compute(Q3.start, Q3.end)
    assert [(r.key, r.value, r.extra["accepted"]) for r in result.rows] == [("so-tttt", 1, 1)]


def test_feedback_received_answered_overdue_and_response_time(enquiry):
    today = timezone.localdate()
    enquiry(local(2021, 7, 1, 8), answered_at=local(2021, 7, 3, 8))  # 2 days
    enquiry(local(2021, 7, 10, 8), answered_at=local(2021, 7, 30, 8))  # 20 days: late
    enquiry(local(2021, 8, 1, 8), answered_at=local(2021, 8, 5, 20), kind="idea")  # 4.5 days
    enquiry(local(2021, 9, 1, 8))  # due 11/9, never answered: overdue
    enquiry(local(2021, 6, 25, 8), answered_at=local(2021, 7, 2, 8))  # received last quarter
    enquiry(local(2021, 9, 28, 8))  # due in Q4

    since, until = local_bounds(Q3.start, Q3.end)
    received = Enquiry.objects.filter(created_at__gte=since, created_at__lt=until)
    assert rows("feedback_received") == {
        "comments": 0,
        "ideas": received.filter(kind="idea").count(),
        "questions": received.filter(kind="question").count(),
    }
    answered = Enquiry.objects.filter(answered_at__gte=since, answered_at__lt=until)
    assert value("enquiries_answered") == answered.count() == 4
    due = Enquiry.objects.filter(due_date__gte=Q3.start, due_date__lte=Q3.end)
    expected_overdue = [
        e
        for e in due
        if (e.answered_at is None and e.due_date < today)
        or (e.answered_at and timezone.localdate(e.answered_at) > e.due_date)
    ]
    assert value("enquiries_overdue") == len(expected_overdue) == 2
    spans = [(e.answered_at - e.created_at).total_seconds() / 86400 for e in answered]
    assert value("response_days") == round(statistics.median(spans), 1) == 5.8


def test_opinion_from_the_monitor(monitored):
    monitored(local(2021, 7, 5, 10), sentiment="negative")
    monitored(local(2021, 7, 6, 10), sentiment="negative")
    monitored(local(2021, 8, 6, 10), sentiment="positive", topic="Kinh doanh")
    monitored(local(2021, 10, 6, 10), sentiment="positive")
    from cityportal.monitor.models import Item

    stories = Item.objects.filter(
        status="processed", is_primary=True, published_on__gte=Q3.start, published_on__lte=Q3.end
    )
    assert value("opinion_volume") == stories.count() == 3
    assert rows("opinion_sentiment") == {"negative": 2, "neutral": 0, "positive": 1}
    shares = {
        r.key: r.extra["share"]
        for r in REGISTRY["opinion_sentiment"].compute(Q3.start, Q3.end).rows
    }
    assert shares["negative"] == 2 / 3
    assert rows("opinion_topics") == {"Doi song": 2, "Kinh doanh": 1}


def test_opinion_without_the_monitor_says_no_data(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_monitor(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "cityportal.monitor" or name.startswith("cityportal.monitor."):
            raise ImportError("no monitor")
        return real_import(name, globals, locals, fromlist, level)

    monkeypatch.setattr(builtins, "__import__", no_monitor)
    assert evaluate(REGISTRY["opinion_volume"], Q3.start, Q3.end) is None


def test_events_held(event_at):
    from cityportal.events.models import EventPage

    event_at(local(2021, 7, 20, 9))
    event_at(local(2021, 8, 20, 9), kind=EventPage.Kind.SEMINAR)
    event_at(local(2021, 9, 20, 9), cancelled=True)
    event_at(local(2021, 10, 20, 9))
    since, until = local_bounds(Q3.start, Q3.end)
    held = EventPage.objects.live().filter(
        cancelled=False, starts_at__gte=since, starts_at__lt=until
    )
    assert value("events_held") == held.count() == 2
    assert rows("events_held")["talk"] == 1


def test_datasets_published_and_updated(db):
    from cityportal.core.models import Organisation
    from cityportal.opendata.models import Dataset, Resource, ResourceVersion

    org = Organisation.objects.create(name="Cục Thống kê", slug="cuc-thong-ke")
    old = Dataset.objects.create(name="dan-so", title="Dân số", organisation=org)
    new = Dataset.objects.create(name="grdp", title="GRDP", organisation=org)
    hidden = Dataset.objects.create(name="noi-bo", title="Nội bộ", organisation=org, private=True)
    Dataset.objects.filter(pk=old.pk).update(created_at=local(2020, 1, 1))
    Dataset.objects.filter(pk__in=[new.pk, hidden.pk]).update(created_at=local(2021, 8, 1))
    resource = Resource.objects.create(dataset=old, name="Bảng 1", format="CSV")
    version = ResourceVersion.objects.create(
        resource=resource, original_name="a.csv", sha256="x", size=1, rows=1
    )
    ResourceVersion.objects.filter(pk=version.pk).update(created_at=local(2021, 9, 1))
    assert value("datasets_published") == 1
    assert value("datasets_updated") == 1


def test_comparison_with_previous_quarter_and_plan(article_at, section):
    for month in (7, 8, 9):
        article_at(local(2021, month, 5, 8))
    article_at(local(2021, 5, 5, 8))
    article_at(local(2021, 5, 6, 8))
    plan = QuarterPlan.objects.create(quarter="2021q3")
    Target.objects.create(plan=plan, kpi="articles_published", value=4)
    Target.objects.create(plan=plan, kpi="articles_by_section", scope=section.slug, value=2)
    Target.objects.create(plan=plan, kpi="response_days", value=5)
    assert plan.quarter == "2021Q3"

    data = build(Q3)
    kpis = {k["key"]: k for g in data["groups"] for k in g["kpis"]}
    total = kpis["articles_published"]
    assert (total["value"], total["previous"], total["change"]) == (3, 2, 1)
    assert total["change_pct"] == 50.0
    assert (total["target"], total["plan_pct"], total["met"]) == (4, 75.0, False)
    row = next(r for r in kpis["articles_by_section"]["rows"] if r["key"] == section.slug)
    assert (row["value"], row["previous"], row["target"], row["met"]) == (3, 2, 2, True)
    # No answers: no response time, so neither met nor missed.
    assert kpis["response_days"]["value"] is None and kpis["response_days"]["met"] is None


def test_empty_quarter_is_all_zero_or_none(db):
    data = build(Quarter(2030, 1))
    kpis = [k for g in data["groups"] for k in g["kpis"]]
    assert {k["key"] for k in kpis} == set(REGISTRY)
    for kpi in kpis:
        assert kpi["value"] in (0, None), kpi["key"]
        for row in kpi["rows"] or []:
            assert row["value"] == 0, (kpi["key"], row)


def test_the_previous_quarter_is_taken_as_reported(article_at):
    from cityportal.reports.generate import generate

    article_at(local(2021, 5, 1, 9))
    generate(Quarter(2021, 2))
    article_at(local(2021, 5, 2, 9))  # published later with an earlier date: not in Q2's report
    data = build(Q3)
    total = data["groups"][0]["kpis"][0]
    assert total["key"] == "articles_published" and total["previous"] == 1
    assert data["previous"]["reported_at"]


def test_a_report_made_while_its_quarter_ran_is_not_taken_as_reported(article_at):
    from cityportal.reports.generate import generate
    from cityportal.reports.models import QuarterlyReport

    article_at(local(2021, 5, 1, 9))
    early = generate(Quarter(2021, 2))
    QuarterlyReport.objects.filter(pk=early.pk).update(created_at=local(2021, 5, 15, 9))
    article_at(local(2021, 6, 1, 9))  # the rest of the quarter
    data = build(Q3)
    total = data["groups"][0]["kpis"][0]
    assert total["previous"] == 2 and data["previous"]["reported_at"] is None

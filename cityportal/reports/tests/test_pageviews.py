"""The page-view beacon: counts, sets nothing, ignores bots, refuses nonsense, leaves the page's
cache headers as they were."""

import datetime

from django.urls import reverse
from django.utils import timezone

from cityportal.reports.models import PageViewDay
from cityportal.reports.pageviews import record_view

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"


def hit(client, page_id, agent=BROWSER, address="198.51.100.1"):
    return client.post(
        reverse("api-v1:page_hit"), {"page": page_id}, HTTP_USER_AGENT=agent, REMOTE_ADDR=address
    )


def test_each_reader_adds_one_view_of_the_day(client, make_article):
    article = make_article()
    for address in ("198.51.100.1", "198.51.100.2", "198.51.100.3"):
        response = hit(client, article.pk, address=address)
        assert response.status_code == 204
        assert not response.cookies
    row = PageViewDay.objects.get()
    assert (row.page_id, row.day, row.views) == (article.pk, timezone.localdate(), 3)
    assert "no-cache" in response["Cache-Control"]


def test_a_script_in_a_loop_is_held_to_a_rate_per_address(client, make_article, monkeypatch):
    from cityportal.reports import pageviews

    monkeypatch.setattr(pageviews, "HITS_PER_MINUTE", 5)
    article = make_article()
    for _ in range(8):
        assert hit(client, article.pk).status_code == 204  # answered alike: nothing to learn
    hit(client, article.pk, address="198.51.100.77")  # another reader still counts
    assert PageViewDay.objects.get().views == 5 + 1


def test_a_page_counts_from_the_moment_it_is_published(client, make_article):
    draft = make_article(publish=False)
    assert hit(client, draft.pk).status_code == 400
    draft.save_revision().publish()
    assert hit(client, draft.pk).status_code == 204
    assert PageViewDay.objects.get().views == 1


def test_days_are_counted_apart(make_article):
    article = make_article()
    record_view(article.pk, datetime.date(2021, 7, 1))
    record_view(article.pk, datetime.date(2021, 7, 1))
    record_view(article.pk, datetime.date(2021, 7, 2))
    assert dict(PageViewDay.objects.values_list("day", "views")) == {
        datetime.date(2021, 7, 1): 2,
        datetime.date(2021, 7, 2): 1,
    }


def test_bots_are_not_counted(client, make_article):
    article = make_article()
    for agent in [
        "Googlebot/2.1 (+http://www.google.com/bot.html)",
        "curl/8.0",
        "",
        "HeadlessChrome/120",
    ]:
        assert hit(client, article.pk, agent).status_code == 204
    assert not PageViewDay.objects.exists()


def test_nonsense_is_refused(client, make_article):
    draft = make_article(publish=False)
    for page_id in ["", "abc", "-1", "99999999", str(draft.pk), "1" * 30]:
        assert hit(client, page_id).status_code == 400, page_id
    assert client.get(reverse("api-v1:page_hit")).status_code == 405
    assert not PageViewDay.objects.exists()


def test_the_page_carries_the_beacon_and_stays_cacheable(client, make_article):
    article = make_article()
    response = client.get(article.url)
    html = response.content.decode()
    assert f'data-page="{article.pk}"' in html and "reports/hit.js" in html and "defer" in html
    assert not response.cookies
    assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"]
    assert "Cookie" not in response.get("Vary", "")
    assert not PageViewDay.objects.exists()  # rendering counts nothing: only the beacon does


def test_digits_of_other_scripts_are_refused_not_a_server_error(client, make_article):
    """A page id in other digits ("²": a digit to str.isdigit(), not to int()) answered 500."""
    article = make_article()
    for page_id in ["²", "¹²", "١٢", f"{article.pk}\n"]:
        assert hit(client, page_id).status_code == 400, page_id
    assert not PageViewDay.objects.exists()


def test_one_address_cannot_lift_one_page_into_the_top_ten(client, make_article, monkeypatch):
    """Under the per-minute limit, one machine posting all day added 172,800 views to a page."""
    from cityportal.reports import pageviews

    monkeypatch.setattr(pageviews, "PAGE_HITS_PER_HOUR", 3)
    article, other = make_article(), make_article()
    for _ in range(6):
        assert hit(client, article.pk).status_code == 204
    hit(client, other.pk)  # the same reader's next page still counts
    hit(client, article.pk, address="198.51.100.77")  # and another reader of this one
    views = dict(PageViewDay.objects.values_list("page_id", "views"))
    assert views == {article.pk: 3 + 1, other.pk: 1}


def test_hits_posted_from_another_sites_pages_are_not_counted(client, make_article):
    """Any site's script could post hits for our page from each of its visitors' browsers:
    real browsers, real addresses, past any limit per address."""
    article = make_article()
    url = reverse("api-v1:page_hit")
    for headers in [
        {"HTTP_ORIGIN": "https://tin-nong.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "cross-site"},
    ]:
        response = client.post(url, {"page": article.pk}, HTTP_USER_AGENT=BROWSER, **headers)
        assert response.status_code == 204, headers  # answered alike
    assert not PageViewDay.objects.exists()
    # The portal's own pages: same origin, or an older browser that sends no Origin.
    own = {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"}
    client.post(url, {"page": article.pk}, HTTP_USER_AGENT=BROWSER, **own)
    client.post(url, {"page": article.pk}, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR="198.51.100.9")
    assert PageViewDay.objects.get().views == 2

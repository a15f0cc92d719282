"""The open-data pages and articles in chromium under the Content-Security-Policy: nothing
refused, the catalogue's facets still fold on a phone and filter, and charts and video frames
take their size from the stylesheet, not from style attributes."""

import pytest
from playwright.sync_api import expect

from cityportal.core.places import load_hcmc_units
from cityportal.core.tests.test_content_security_policy import stored_video
from cityportal.core.tests.test_public_polish import make_dataset
from cityportal.news.models import ArticlePage, SectionPage
from cityportal.news.newsroom import setup_newsroom
from cityportal.opendata.models import Dataset

pytestmark = pytest.mark.browser


def refusals(page) -> list[str]:
    """What chromium refuses on `page`, as its console reports each blocked script, handler or
    style: older versions say "Refused to…", newer ones (156) "Applying inline style violates
    the following Content Security Policy directive…", which a "Refused to" filter missed."""
    refused = []
    page.on("console", lambda m: "Content Security Policy" in m.text and refused.append(m.text))
    return refused


@pytest.fixture
def site(opendata_site):
    return opendata_site


@pytest.mark.parametrize("width, facets_open", [(360, False), (1280, True)])
def test_catalogue_and_charts_run_with_nothing_refused(browser, site, width, facets_open):
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = refusals(page)

    response = page.goto(site + "/du-lieu/?q=dan+so")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    facets = page.locator("details.facets-toggle")
    assert facets.evaluate("d => d.open") is facets_open  # folded on a phone, before any click
    if not facets_open:
        page.get_by_text("Lọc bộ dữ liệu").click()
    page.locator(".facet a", has_text="Dân số và lao động").first.click()
    expect(page.locator(".facet a.selected", has_text="Dân số và lao động")).to_be_attached()
    expect(page.locator("summary", has_text="(đang lọc)")).to_be_attached()

    dataset = Dataset.objects.get(title__startswith="Dân số trung bình Thành phố")
    page.goto(site + dataset.get_absolute_url())
    expect(page.locator("svg.chart-svg:visible").first).to_be_visible()
    page.get_by_role("link", name="So sánh các địa bàn, các năm của chỉ tiêu này").first.click()
    expect(page.locator("svg.chart-svg:visible").first).to_be_visible()

    assert refused == []
    context.close()


def publish_article(title: str, body: list) -> ArticlePage:
    article = ArticlePage(title=title, sapo=f"Sapo của {title}", body=body)
    SectionPage.objects.get(slug="kinh-te-xa-hoi").add_child(instance=article)
    article.save_revision().publish()
    return article


@pytest.fixture
def articles(live_server, transactional_db):
    """An article with a chart of the city's population and one with a video, stored as Wagtail
    keeps it after its first fetch; its frame opens about:blank, so the test needs no network."""
    load_hcmc_units()
    setup_newsroom()  # a transactional test starts from an empty database
    make_dataset("dan-so", rows=[("79", 2020, 9227.6), ("79", 2021, 9166.8)])
    chart = {"indicator": "dan-so", "units": "79", "chart_type": "line", "caption": "Dân số"}
    video = {"video": stored_video(src="about:blank"), "caption": "Lễ khánh thành cầu"}
    return live_server.url, [
        publish_article("Dân số Thành phố qua các năm", [("indicator_chart", chart)]),
        publish_article("Khánh thành cầu mới", [("video", video)]),
    ]


@pytest.mark.parametrize("width", [360, 700, 1280])
def test_an_articles_chart_and_video_are_sized_with_nothing_refused(browser, articles, width):
    base, (with_chart, with_video) = articles
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    refused = refusals(page)

    response = page.goto(base + with_chart.url)
    assert "style-src-attr" not in response.headers["content-security-policy"]
    chart = page.locator("svg.chart-svg:visible")
    expect(chart).to_have_count(1)
    # As wide as the column, but never wider than its canvas (360 below 48rem, 640 above).
    canvas = float(chart.get_attribute("viewBox").split()[2])
    assert canvas == (360 if width < 768 else 640)
    shown = chart.bounding_box()["width"]
    column = chart.evaluate("svg => svg.parentElement.getBoundingClientRect().width")
    assert shown == pytest.approx(min(column, canvas), abs=0.5)

    page.goto(base + with_video.url)
    frame = page.locator("figure.video iframe")
    box = frame.bounding_box()
    column = frame.evaluate("f => f.closest('figure').getBoundingClientRect().width")
    assert box["width"] == pytest.approx(column, abs=0.5)  # not the provider's 200 px
    assert box["height"] == pytest.approx(box["width"] * 9 / 16, abs=1)

    assert refused == []
    context.close()

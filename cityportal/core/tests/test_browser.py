"""The public site's shared pieces measured in a real browser: tap targets and the status list."""

import datetime

import pytest

from cityportal.news.demo import load_demo
from cityportal.news.models import ArticlePage

pytestmark = pytest.mark.browser

LINK_SIZES = """() => [...document.querySelectorAll('.site-footer a, .share a')].map(a => {
  const r = a.getBoundingClientRect();
  return [a.textContent.trim(), r.width, r.height];
})"""


@pytest.mark.parametrize("width", [360, 1280])
def test_footer_and_share_links_are_at_least_24px_each_way(
    browser, live_server, transactional_db, width
):
    """QA: RSS, Atom, Sơ đồ trang… were 16px tall and the share link "X" 11×25px (WCAG 2.5.8)."""
    load_demo()
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + ArticlePage.objects.live().first().url)
    sizes = page.evaluate(LINK_SIZES)
    assert {"RSS", "Atom", "Sơ đồ trang", "X", "Facebook"} <= {name for name, _, _ in sizes}
    assert [s for s in sizes if s[1] < 24 or s[2] < 24] == []
    context.close()


@pytest.mark.parametrize("width, side_by_side", [(360, False), (1280, True)])
def test_enquiry_status_reads_as_labelled_facts(
    browser, live_server, transactional_db, width, side_by_side
):
    """QA: /gop-y/theo-doi/ showed its facts as a bare, unstyled <dl class="meta-list">."""
    from cityportal.feedback.models import Enquiry

    enquiry = Enquiry.objects.create(
        kind=Enquiry.Kind.choices[0][0],
        topic=Enquiry.Topic.choices[0][0],
        title="Hỏi về thủ tục cấp giấy phép xây dựng",
        body="Nội dung",
        name="Nguyễn Văn A",
        email="a@example.com",
        due_date=datetime.date(2026, 12, 15),
    )
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/gop-y/theo-doi/?ma={enquiry.tracking_code}")
    facts = page.locator("dl.meta-list")
    assert facts.evaluate("dl => getComputedStyle(dl).display") == "grid"
    label, value = facts.locator("dt").first, facts.locator("dd").first
    assert int(label.evaluate("dt => getComputedStyle(dt).fontWeight")) >= 600
    assert value.evaluate("dd => getComputedStyle(dd).marginLeft") == "0px"
    same_row = label.bounding_box()["y"] == value.bounding_box()["y"]
    assert same_row is side_by_side
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    context.close()

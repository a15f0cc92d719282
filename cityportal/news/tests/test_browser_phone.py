"""A citizen on a phone (QA walk at 390 and 320 px, touch): the public pages fit the screen and
their controls are big enough for a thumb (44 px, as the site's buttons)."""

import pytest

from cityportal.events.models import EventIndexPage
from cityportal.feedback.demo import load_feedback_demo
from cityportal.news.demo import load_demo
from cityportal.news.models import HomePage

pytestmark = pytest.mark.browser

ARTICLE = "/kinh-te-xa-hoi/tang-cuong-phong-chong-ngap-mua-mua/"


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_demo()
    load_feedback_demo()  # the comments under ARTICLE
    # The calendar, as `make run` has it: the footer then starts with "Sự kiện".
    events = EventIndexPage(title="Sự kiện", slug="su-kien", show_in_menus=True)
    HomePage.objects.get().add_child(instance=events)
    events.save_revision().publish()
    return live_server.url


# Each footer link followed by a "·": the vertical middles of the link and of its dot.
FOOTER_DOTS = """() => [...document.querySelectorAll('.site-footer a')].flatMap(a => {
  const t = a.nextSibling;
  if (!t || t.nodeType !== 3 || !t.textContent.includes('·')) return [];
  const r = document.createRange(), i = t.textContent.indexOf('·');
  r.setStart(t, i); r.setEnd(t, i + 1);
  const dot = r.getBoundingClientRect(), link = a.getBoundingClientRect();
  return [[a.textContent, dot.top + dot.height / 2, link.top + link.height / 2]];
})"""


def height(locator) -> float:
    return locator.bounding_box()["height"]


def test_the_main_page_types_do_not_scroll_sideways_on_a_320px_phone(phone, demo_site):
    """A page wider than the phone scrolls sideways under the reader's thumb: each page type a
    citizen walks through fits 320 px (a wide table scrolls in its own box, not the page)."""
    paths = [
        "/",
        "/kinh-te-xa-hoi/",
        ARTICLE,
        "/chuyen-de/chinh-quyen-hai-cap/",
        "/tim-kiem/?q=ngap+nuoc+quan+8",
        "/dia-ban/",
        "/khong-co-trang-nay/",
    ]
    wide = {}
    for path in paths:
        phone.goto(demo_site + path)
        width = phone.evaluate("document.scrollingElement.scrollWidth")
        if width > 320:
            wide[path] = width
    assert wide == {}


def test_a_comments_reply_link_and_the_footer_links_are_44px_to_tap(phone, demo_site):
    """QA at 320 px: "Trả lời" under a comment was a 20 px line of text, the footer's links 29 px
    (RSS, Atom side by side); a thumb hit the text around them."""
    phone.goto(demo_site + ARTICLE)
    replies = phone.locator(".comment-reply")
    assert replies.count() >= 2
    assert [height(reply) for reply in replies.all() if height(reply) < 44] == []
    links = phone.locator(".site-footer a")
    assert links.count() >= 5
    assert [(link.inner_text(), height(link)) for link in links.all() if height(link) < 44] == []
    # And each "·" stays on its link's line: at 320 px a line began with "· Góp ý, hỏi đáp".
    # Where the lines break depends on the links there are: every phone width is tried.
    apart = set()
    for width in range(320, 440, 4):
        phone.set_viewport_size({"width": width, "height": 640})
        dots = phone.evaluate(FOOTER_DOTS)
        assert len(dots) >= 3
        apart |= {name for name, dot, link in dots if abs(dot - link) > 5}
    assert apart == set()


def test_the_search_filters_fold_is_44px_to_tap(phone, demo_site):
    """QA at 320 px: "Lọc kết quả", the fold holding the search's filters, was 25 px tall."""
    phone.goto(demo_site + "/tim-kiem/?q=ngap+nuoc")
    summary = phone.locator(".search-filters > summary")
    assert height(summary) >= 44
    summary.tap()
    assert phone.locator(".search-filters select").first.is_visible()

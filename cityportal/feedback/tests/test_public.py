"""What readers see of comments: threads, official replies, counts on lists, closed threads,
and article pages that stay cookie-free and cacheable."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cityportal.contributions.models import Membership
from cityportal.core.models import Organisation
from cityportal.feedback.models import Comment
from cityportal.feedback.tests.helpers import comment, form_url
from cityportal.feedback.threads import target_key
from cityportal.news.models import SectionPage, SeriesIndexPage, SeriesPage

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
S = Comment.Status


# ----------------------------------------------------------------------------------------------
# The privacy crawl

# Every address a commenter or an answering officer gave; none may be published anywhere.


def li(soup, comment_):
    return soup.find("li", id=f"binh-luan-{comment_.pk}")


def test_thread_nests_replies_marks_official_answers_and_escapes_text(client, make_article):
    article = make_article("Lấy ý kiến về giờ mở cửa bộ phận một cửa")
    officer = get_user_model().objects.create_user("btv-1", "btv-1@example.invalid", "pw")
    agency = Organisation.objects.create(slug="ubnd-q1", name="UBND Quận 1", kind="local")
    Membership.objects.create(user=officer, organisation=agency)
    when = datetime.datetime(2021, 6, 28, 17, 5, tzinfo=HCM)
    top = comment(
        article,
        "Nguyễn Văn An",
        "an@example.invalid",
        "Dòng một\nDòng hai <script>alert(1)</script>",
        created_at=when,
    )
    answer = comment(
        article,
        "Phòng Nội vụ",
        "pnv@example.invalid",
        "Bộ phận một cửa mở cả sáng thứ Bảy.",
        parent=top,
        official=True,
        author=officer,
    )
    thanks = comment(article, "Lê Thị Bình", "b@example.invalid", "Cảm ơn.", parent=answer)
    editors = comment(
        article, "Biên tập viên", "e@example.invalid", "Đã cập nhật bài.", official=True
    )
    comment(article, "Chờ", "c@example.invalid", "Chưa duyệt", status=S.PENDING, parent=top)
    orphan_parent = comment(article, "Từ chối", "r@example.invalid", "Bị loại", status=S.REJECTED)
    orphan = comment(
        article, "Trả lời mồ côi", "o@example.invalid", "Không hiện", parent=orphan_parent
    )

    response = client.get(article.url)
    html_ = response.content.decode()
    soup = BeautifulSoup(html_, "html.parser")
    section = soup.find("section", class_="comments")
    assert section is not None and section.find_parent("article", class_="article") is not None
    assert section.h2.get_text() == "Bình luận (4)"

    # Nesting: the answer is a reply to the first comment, the thanks a reply to the answer.
    assert li(soup, answer).find_parent("li") == li(soup, top)
    assert li(soup, thanks).find_parent("li") == li(soup, answer)
    assert li(soup, editors).find_parent("li") is None
    assert "comment-level-3" in li(soup, thanks)["class"]
    top_level = section.find("ol", class_="comment-list").find_all("li", recursive=False)
    assert [x["id"] for x in top_level] == [f"binh-luan-{top.pk}", f"binh-luan-{editors.pk}"]
    assert "Chưa duyệt" not in html_ and "Không hiện" not in html_ and orphan.name not in html_

    # Official answers: a visible badge and who speaks; the board when no organisation is known.
    badge = li(soup, answer).find(class_="badge-official")
    assert badge.get_text() == "Trả lời chính thức"
    assert "UBND Quận 1" in li(soup, answer).find(class_="comment-meta").get_text()
    assert "Ban biên tập" in li(soup, editors).find(class_="comment-meta").get_text()
    assert li(soup, top).find(class_="comment-meta").find(class_="badge-official") is None

    # Name, Vietnamese date, text escaped with its line breaks.
    meta = li(soup, top).find(class_="comment-meta").get_text(" ", strip=True)
    assert "Nguyễn Văn An" in meta and "Thứ Hai, 28/6/2021, 17:05" in meta
    assert "Dòng một<br>Dòng hai &lt;script&gt;alert(1)&lt;/script&gt;" in html_
    assert "<script>alert(1)" not in html_

    # Links: reply to each comment (not below the deepest level), and write a new one.
    key = target_key(article)
    reply = li(soup, top).find("a", class_="comment-reply")
    assert reply["href"] == f"/binh-luan/{key}/?tra-loi={top.pk}"
    assert li(soup, answer).find("a", class_="comment-reply")["href"].endswith(f"={answer.pk}")
    assert li(soup, thanks).find("a", class_="comment-reply") is None  # the form refuses deeper
    write = section.find("a", string="Viết bình luận")
    assert write["href"] == f"/binh-luan/{key}/"
    assert client.get(write["href"]).status_code == 200
    assert client.get(reply["href"]).status_code == 200
    assert soup.find("script", src=re.compile(r"js/comments\.js$")) is not None


def test_a_thread_without_comments_invites_the_first(client, make_article):
    article = make_article("Bài chưa có bình luận")
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    section = soup.find("section", class_="comments")
    assert section.h2.get_text() == "Bình luận (0)"
    assert section.find("ol") is None
    assert section.find("a", string="Viết bình luận") is not None


def test_series_page_has_its_own_thread(client, make_article):
    index = SeriesIndexPage.objects.get()
    series = index.add_child(instance=SeriesPage(title="Chuyên đề chuyển đổi số"))
    series.save_revision().publish()
    comment(series, "Phan Thị Hoa", "hoa@example.invalid", "Rất thiết thực.")
    soup = BeautifulSoup(client.get(series.url).content, "html.parser")
    section = soup.find("section", class_="comments")
    assert section.h2.get_text() == "Bình luận (1)" and "Phan Thị Hoa" in section.get_text()
    write = section.find("a", string="Viết bình luận")
    assert write["href"] == f"/binh-luan/{target_key(series)}/"


# ----------------------------------------------------------------------------------------------
# Counts on lists


def test_counts_on_the_section_page_in_a_bounded_number_of_queries(
    client, make_article, section, django_assert_max_num_queries
):
    expected = {}

    def add(n):
        articles = []
        for i in range(n):
            article = make_article(f"Bài đếm bình luận {len(expected)}")
            articles.append(article)
            expected[article.title] = i % 3 + 1
            for j in range(i % 3 + 1):
                comment(article, f"Bạn đọc {j}", f"d{j}@example.invalid", "Ý kiến.")
            comment(article, "Chờ", "c@example.invalid", "Chờ duyệt.", status=S.PENDING)
        return articles

    add(2)
    client.get(section.url)  # warm up: site root, content types
    with CaptureQueriesContext(connection) as few:
        response = client.get(section.url)
    assert response.status_code == 200

    bound = len(few.captured_queries)  # now: each request clears the connection's query log
    more = add(10)
    # Publishing moved the content version on: the site navigation (cached for every page) is
    # computed once more by the next page, whichever it is; the home page takes that here.
    client.get("/")
    with django_assert_max_num_queries(bound):
        response = client.get(section.url)
    soup = BeautifulSoup(response.content, "html.parser")
    shown = {}
    for card in soup.select(".article-list .card"):
        label = card.find(class_="comment-count")
        shown[card.find(class_="card-title").get_text()] = (
            label.get_text(" ", strip=True) if label else None
        )
    assert shown == {title: f"{n} {n} bình luận" for title, n in expected.items()}
    card = soup.find("a", string=more[0].title).find_parent("article")
    link = card.find(class_="comment-count")
    assert link["href"] == f"{more[0].url}#binh-luan"
    assert link.find("span", attrs={"aria-hidden": "true"}).get_text() == "1"
    assert link.find(class_="visually-hidden").get_text() == "1 bình luận"


def test_comment_counts_draw_their_icon_without_an_emoji_font(client, make_article, section):
    """QA: the count's 💬 was an empty box where no emoji font is installed (Debian's chromium,
    many office PCs). The icon is drawn (inline SVG in the text's colour), hidden from screen
    readers, and no character of the count needs a font the machine may lack."""
    article = make_article("Bài có bình luận")
    comment(article, "Bạn đọc", "b@example.invalid", "Ý kiến.")
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    link = soup.find(class_="comment-count")
    assert link.find(class_="visually-hidden").get_text() == "1 bình luận"  # the link's name
    icon = link.find("svg")
    assert icon["aria-hidden"] == "true" and icon["focusable"] == "false"
    assert "icon" in icon["class"] and icon.find("path")["d"]
    # Latin with Vietnamese diacritics only, which the site's fonts (DejaVu, Arial) all have.
    assert all(ord(ch) < 0x2000 for ch in link.get_text()), link.get_text()


def test_articles_without_visible_comments_show_no_count(client, make_article, section):
    quiet = make_article("Bài chỉ có ý kiến chờ duyệt")
    comment(quiet, "Chờ", "c@example.invalid", "Chờ duyệt.", status=S.PENDING)
    rejected = comment(quiet, "Loại", "l@example.invalid", "Bị loại", status=S.REJECTED)
    # A reply under a rejected comment is not shown in the thread, so it is not counted either.
    comment(quiet, "Trả lời", "t@example.invalid", "Trả lời.", parent=rejected)
    soup = BeautifulSoup(client.get(section.url).content, "html.parser")
    card = soup.find("a", string=quiet.title).find_parent("article")
    assert card.find(class_="comment-count") is None
    assert "bình luận" not in card.get_text()


# ----------------------------------------------------------------------------------------------
# Closed threads


def test_closed_article_says_so_and_offers_no_links(client, make_article):
    article = make_article("Bài đã đóng bình luận", comments_open=False)
    earlier = comment(article, "Ngô Văn Tài", "t@example.invalid", "Ý kiến trước khi đóng.")
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    section = soup.find("section", class_="comments")
    assert "Bài viết đã đóng bình luận" in section.get_text()
    assert li(soup, earlier) is not None  # what was published stays
    assert section.find("a") is None
    assert "/binh-luan/" not in str(section) and "Viết bình luận" not in str(section)


def test_a_section_closed_to_comments_closes_its_articles(client, make_article, section):
    section.comment_moderation = SectionPage.Moderation.CLOSED
    section.save_revision().publish()
    article = make_article("Bài trong chuyên mục đóng bình luận")
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    section_html = soup.find("section", class_="comments")
    assert "Bài viết đã đóng bình luận" in section_html.get_text()
    assert section_html.find("a") is None


# ----------------------------------------------------------------------------------------------
# Cookies and caching


def test_anonymous_article_page_sets_no_cookie_and_is_cacheable(make_article):
    article = make_article("Bài có bình luận, không cookie")
    first = comment(article, "Trịnh Công", "tc@example.invalid", "Bình luận đầu.")
    comment(article, "Sở", "so@example.invalid", "Trả lời.", parent=first, official=True)
    reader = Client()
    response = reader.get(article.url)
    text = response.content.decode()
    assert response.status_code == 200 and "Trịnh Công" in text and "Viết bình luận" in text
    assert not response.cookies and not response.has_header("Set-Cookie")
    assert "public" in response["Cache-Control"] and "Cookie" not in response.get("Vary", "")
    assert "csrfmiddlewaretoken" not in text
    # The section page with its counts too.
    listing = reader.get(article.get_parent().url)
    assert not listing.cookies and "public" in listing["Cache-Control"]
    assert "2 bình luận" in listing.content.decode()
    # The form fetched into the page is where the CSRF cookie comes from.
    fragment = reader.get(f"{form_url(article)}?fragment=1&tra-loi={first.pk}")
    assert "csrftoken" in fragment.cookies and "csrfmiddlewaretoken" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()


# ----------------------------------------------------------------------------------------------
# The script, in a browser


@pytest.fixture
def live_site(live_server, transactional_db):
    # A transactional test starts from an empty database.
    from cityportal.core.places import load_hcmc_units
    from cityportal.news.newsroom import setup_newsroom

    load_hcmc_units()
    setup_newsroom()
    return live_server.url


@pytest.mark.browser
def test_comment_form_opens_in_place_keeps_text_on_errors_and_sends(live_site, page, make_article):
    from playwright.sync_api import expect

    article = make_article("Bài thử bình luận trong trang")
    first = comment(article, "Nguyễn Hữu Tín", "tin@example.invalid", "Ý kiến đầu tiên.")
    page.goto(live_site + article.url)
    thread = page.locator("section.comments")

    # Reply: the form opens under the comment, with the reply pre-selected; the URL stays.
    thread.get_by_role("link", name=re.compile("^Trả lời")).first.click()
    form = thread.locator(f"#binh-luan-{first.pk} .comment-form-slot form")
    expect(form).to_be_visible()
    assert page.url == live_site + article.url
    expect(form.locator("input[name=parent]")).to_have_value(str(first.pk))
    expect(page.get_by_role("textbox", name="Họ tên", exact=True)).to_be_focused()

    # Sending without consent: the server's errors appear in place, the typed text stays.
    page.get_by_role("textbox", name="Họ tên", exact=True).fill("Trần Văn Bạn Đọc")
    page.get_by_role("textbox", name="Email", exact=True).fill("ban-doc@example.com")
    page.get_by_role("textbox", name="Bình luận", exact=True).fill("Tôi đồng ý với ý kiến trên.")
    form.get_by_role("button", name="Gửi bình luận").click()
    expect(thread.locator(".comment-form-slot")).to_contain_text("Cần đồng ý")
    expect(page.get_by_role("textbox", name="Bình luận", exact=True)).to_have_value(
        "Tôi đồng ý với ý kiến trên."
    )
    expect(page.get_by_role("textbox", name="Họ tên", exact=True)).to_have_value("Trần Văn Bạn Đọc")

    # With consent it is sent, and the server's thanks replace the form.
    thread.locator(".comment-form-slot input[name=consent]").check()
    thread.locator(".comment-form-slot").get_by_role("button", name="Gửi bình luận").click()
    expect(thread.locator(".comment-form-slot [role=status]")).to_contain_text("Cảm ơn bạn")
    saved = Comment.objects.get(name="Trần Văn Bạn Đọc")
    assert saved.parent_id == first.pk and saved.body == "Tôi đồng ý với ý kiến trên."
    assert page.url == live_site + article.url

    # "Viết bình luận" opens a fresh form for a new comment (one form open at a time).
    thread.get_by_role("link", name="Viết bình luận").click()
    expect(thread.locator(".comment-form-slot")).to_have_count(1)
    expect(thread.locator(".comment-form-slot input[name=parent]")).to_have_value("")

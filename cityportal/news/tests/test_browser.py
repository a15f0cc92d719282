"""Browser tests: Playwright driving Debian's chromium against the live server."""

import re

import pytest
from playwright.sync_api import expect
from wagtail.models import TaskState

from cityportal.news.demo import DEMO_PASSWORD, load_demo
from cityportal.news.models import ArticlePage

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_site(live_server, transactional_db):
    load_demo()
    return live_server.url


def test_reader_opens_home_follows_an_article_and_reads_it(page, demo_site):
    page.goto(demo_site + "/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    # The skip link is the first thing a keyboard reaches, and it is visible when focused.
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    first = page.locator(".featured .card-title a").first
    title = first.inner_text()
    first.click()
    expect(page.locator("h1")).to_have_text(title)
    expect(page.locator(".article .sapo")).to_be_visible()
    expect(page.locator(".article .meta time")).to_have_text(
        re.compile(r"^(Thứ (Hai|Ba|Tư|Năm|Sáu|Bảy)|Chủ Nhật), \d{1,2}/\d{1,2}/\d{4}")
    )
    assert page.locator(".article .body p").count() >= 1
    # Every image a reader sees has alternative text.
    for img in page.locator("main img").all():
        assert (img.get_attribute("alt") or "").strip()


def test_reader_on_a_phone_reaches_the_seed_article(page, demo_site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/kinh-te-xa-hoi/")
    page.get_by_role(
        "link", name=re.compile("ký Chương trình phối hợp truyền thông năm 2021")
    ).click()
    expect(page.locator(".source")).to_contain_text("Nhân dân điện tử")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the article scrolls sideways on a phone"


# Text fields a phone reader can tap, with their computed text size.
FIELD_SIZES = """() => [...document.querySelectorAll(
    "input:not([type=hidden], [type=checkbox], [type=radio], [type=file]), select, textarea")]
  .map(e => [e.name || e.id, parseFloat(getComputedStyle(e).fontSize)])"""


@pytest.mark.parametrize("path", ["/", "/tim-kiem/?q=ngap", "/gop-y/"])
def test_text_fields_on_a_phone_are_16_px_so_tapping_them_does_not_zoom(page, demo_site, path):
    """QA on a phone: the header's search box (on every page) had the browser's 13 px, and iOS
    Safari zooms the page into a field under 16 px when it is tapped, leaving the reader to
    pinch back out before seeing the results or the rest of the form."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + path)
    sizes = page.evaluate(FIELD_SIZES)
    assert "q" in {name for name, _ in sizes}
    assert [(name, size) for name, size in sizes if size < 16] == []
    button = page.locator(".site-search button")
    assert button.evaluate("b => parseFloat(getComputedStyle(b).fontSize)") >= 16


@pytest.mark.parametrize("path", ["/du-an-phat-trien/", "/chuyen-de/chinh-quyen-hai-cap/"])
def test_article_lists_on_a_phone_give_the_title_the_width(page, demo_site, path):
    """QA: on a 360px phone the picture took ~250px and the title ~65px, one word a line."""
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(demo_site + path)
    cards = page.locator(".article-list .card:has(.card-img)")
    assert cards.count()
    for card in cards.all():
        picture = card.locator(".card-img").bounding_box()
        title = card.locator(".card-title").bounding_box()
        assert picture["width"] <= 120 and title["width"] >= 180, (picture, title)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # A wide screen keeps the large picture beside the text.
    page.set_viewport_size({"width": 1280, "height": 900})
    assert cards.first.locator(".card-img").bounding_box()["width"] >= 200


# Where a menu item is: its box, and that of the sideways-scrolling row that clips it.
NAV_ITEM = """a => { const i = a.getBoundingClientRect(), r = a.closest("ul").getBoundingClientRect();
  return {left: i.left, right: i.right, top: i.top, bottom: i.bottom,
          rowLeft: r.left, rowRight: r.right, rowTop: r.top, rowBottom: r.bottom}; }"""


def test_the_phone_menu_shows_the_current_section_and_can_be_tapped(page, demo_site):
    """QA on a 375px phone: the sections are one row that scrolls sideways, and on /hoi-dap/ (the
    last) the current item was off-screen; the items were 36 px tall, and the focus ring of a
    tabbed-to item was cut off by the row."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(demo_site + "/hoi-dap/")
    current = page.locator(".site-nav a[aria-current]")
    expect(current).to_have_text("Hỏi đáp")
    item = current.evaluate(NAV_ITEM)
    assert item["left"] >= item["rowLeft"] and item["right"] <= item["rowRight"], item
    assert page.evaluate("window.scrollY") == 0
    heights = page.locator(".site-nav a").evaluate_all(
        "links => links.map(a => a.getBoundingClientRect().height)"
    )
    assert min(heights) >= 44, heights
    # The focus ring reaches 5 px beyond the link (site.css :focus-visible): all of it shows.
    for _ in range(20):  # the skip link, the brand, the search box and button, the sections
        page.keyboard.press("Tab")
        if current.evaluate("a => a === document.activeElement"):
            break
    expect(current).to_be_focused()
    item = current.evaluate(NAV_ITEM)
    assert item["top"] - 5 >= item["rowTop"] and item["bottom"] + 5 <= item["rowBottom"], item
    assert item["left"] - 5 >= item["rowLeft"] and item["right"] + 5 <= item["rowRight"], item


def test_the_phone_menu_scrolls_sideways_only(page, demo_site):
    """An article opened at its comments (#binh-luan, as the lists' comment counts link): its
    section is brought into the menu's view, and the page stays at the comments."""
    page.set_viewport_size({"width": 375, "height": 740})
    article = ArticlePage.objects.live().filter(url_path__contains="/du-an-phat-trien/").first()
    page.goto(demo_site + article.url + "#binh-luan")
    current = page.locator(".site-nav a[aria-current]")
    expect(current).to_have_text("Dự án phát triển")
    item = current.evaluate(NAV_ITEM)
    assert item["left"] >= item["rowLeft"] and item["right"] <= item["rowRight"], item
    assert page.evaluate("window.scrollY") > 0
    assert (
        abs(page.evaluate("document.getElementById('binh-luan').getBoundingClientRect().top")) <= 1
    )


def log_in(browser, base_url, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")
    return page


def approve_from_dashboard(page, title, comment=None):
    row = page.locator("tr", has_text=title).first
    row.locator(".w-dropdown__toggle").click()
    if comment is None:
        row.get_by_role("button", name="Phê chuẩn", exact=True).click()
    else:
        row.get_by_role("button", name="Phê chuẩn với bình luận").click()
        dialog = (
            page.locator(".modal-dialog, [role=dialog]").filter(has=page.locator("textarea")).first
        )
        dialog.locator("textarea").fill(comment)
        dialog.locator("button[type=submit], input[type=submit]").first.click()
    # Back on the dashboard, the article has left this person's review queue.
    expect(page.locator("tr", has_text=title)).to_have_count(0)


def test_reporter_writes_editor_and_chief_approve_and_it_appears(browser, demo_site):
    title = "Thủ Đức khánh thành cầu đi bộ mới"
    reporter = log_in(browser, demo_site, "phongvien")
    section_id = ArticlePage.objects.first().get_parent().pk
    reporter.goto(f"{demo_site}/admin/pages/add/news/articlepage/{section_id}/")
    reporter.fill("#id_title", title)
    reporter.fill("#id_sapo", "Cây cầu nối hai khu dân cư, rút ngắn đường đến trường của học sinh.")
    # Wagtail's script writes the slug from the title when the title field is left (the server
    # then transliterates it); a reporter is never faster than that, a test on a loaded machine
    # can be (a CI run once submitted before it and got "invalid data").
    expect(reporter.locator("#id_slug")).not_to_have_value("")
    reporter.click("footer .w-dropdown__toggle")
    reporter.click("button[name=action-submit]")
    expect(reporter.locator(".messages")).to_contain_text(
        f"Trang '{title}' đã được tạo và gửi duyệt"
    )
    reporter.context.close()

    article = ArticlePage.objects.get(title=title)
    assert article.slug == "thu-duc-khanh-thanh-cau-di-bo-moi"
    assert not article.live

    editor = log_in(browser, demo_site, "bientap")
    approve_from_dashboard(editor, title, comment="Đã biên tập, trình Tổng biên tập")
    editor.context.close()
    article.refresh_from_db()
    assert not article.live, "one approval must not publish"
    assert TaskState.objects.filter(
        comment="Đã biên tập, trình Tổng biên tập", status="approved"
    ).exists()

    chief = log_in(browser, demo_site, "tongbientap")
    approve_from_dashboard(chief, title)
    chief.context.close()
    article.refresh_from_db()
    assert article.live

    reader = browser.new_context(locale="vi-VN").new_page()
    reader.goto(demo_site + article.get_parent().url)
    reader.get_by_role("link", name=title).click()
    expect(reader.locator("h1")).to_have_text(title)
    reader.context.close()


def test_a_printed_article_shows_its_address_not_the_search_box_or_comments(
    page, live_server, transactional_db, make_article
):
    """A reporter prints an article to cite it: the printout carried the search box and the
    comment form's button, and nowhere the address the article is at."""
    article = make_article("Bài để in", sapo="Đoạn dẫn.")
    page.goto(live_server.url + article.url)
    cite = page.locator(".print-cite")
    expect(cite).to_be_hidden()  # on screen the address bar says it
    expect(page.locator(".site-search")).to_be_visible()
    page.emulate_media(media="print")
    expect(cite).to_be_visible()
    expect(cite).to_contain_text(article.full_url)
    expect(page.locator(".site-search")).to_be_hidden()
    expect(page.locator(".comments")).to_be_hidden()


def test_a_correction_stands_out_on_a_phone_and_on_paper(
    page, live_server, transactional_db, make_article
):
    article = make_article("Bài có đính chính", sapo="Đoạn dẫn.")
    draft = article.get_latest_revision_as_object()
    draft.correction = "Bài viết đã sửa số liệu tại đoạn 2: 1.200 hộ dân, không phải 12.000."
    draft.save_revision().publish()
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + article.url)
    box = page.get_by_role("complementary", name="Đính chính")
    expect(box).to_be_visible()
    expect(box).to_contain_text("1.200 hộ dân")
    expect(box.locator("time")).to_have_text(re.compile(r"\d{1,2}/\d{1,2}/\d{4}, \d\d:\d\d$"))
    expect(page.locator(".article .meta")).to_contain_text("Cập nhật: ")
    # A framed box, not one more paragraph of the article.
    assert box.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")
    expect(box).to_be_visible()


@pytest.mark.parametrize("who", ["bientap", "tongbientap"])
def test_a_save_clicked_while_autosave_creates_the_article_makes_one_article(
    browser, demo_site, who
):
    """Wagtail's autosave creates the page from the "add" form, then points the form at the edit
    URL. A Save or Publish clicked before its answer came posted the "add" form again: two
    articles, the second "…-2", and the editor never knew which went live
    (core/autosave-guard.js). The editor saves a draft; the editor-in-chief publishes."""
    title = f"Phường Bến Thành lắp thêm đèn chiếu sáng hẻm ({who})"
    editor = log_in(browser, demo_site, who)
    section_id = ArticlePage.objects.first().get_parent().pk
    answers = []

    def slow_autosave(route):
        # The server takes the autosave (the article is created); its answer is held back, as
        # on a busy server, until the editor has clicked.
        if "application/json" in (route.request.headers.get("accept") or ""):
            answers.append((route, route.fetch()))
        else:
            route.continue_()

    editor.route(re.compile(r"/admin/pages/add/"), slow_autosave)
    editor.goto(f"{demo_site}/admin/pages/add/news/articlepage/{section_id}/")
    editor.wait_for_timeout(2_500)  # Wagtail starts watching for edits 2 s after the form loads
    editor.fill("#id_title", title)
    editor.fill("#id_sapo", "Hẻm tối được lắp đèn sau phản ánh của người dân.")
    for _ in range(200):
        if answers:
            break
        editor.wait_for_timeout(100)
    assert ArticlePage.objects.filter(title=title).count() == 1  # the autosave's
    if who == "tongbientap":
        editor.locator("footer .w-dropdown__toggle").first.click()
        editor.locator("button[name=action-publish]").click()
    else:
        editor.locator("button.action-save").first.click()
    route, response = answers.pop()
    route.fulfill(response=response)
    # The click, held until the autosave answered, then went to the article it had created.
    expect(editor.locator(".messages")).to_contain_text(title, timeout=20_000)
    article = ArticlePage.objects.get(title=title)
    # A pressed Publish button is disabled by its spinner: its name went in a hidden field.
    assert article.live is (who == "tongbientap")


def test_a_save_another_script_cancels_leaves_autosave_on(browser, demo_site):
    """The guard stops autosave while a Save it let through is posted; when a later listener
    cancelled that Save (a check, a confirm dialog), autosave stayed off for the rest of the
    page's life, and what the editor wrote after it was never autosaved (core/autosave-guard.js)."""
    title = "Quận 3 mở rộng vỉa hè đường Võ Văn Tần"
    editor = log_in(browser, demo_site, "bientap")
    section_id = ArticlePage.objects.first().get_parent().pk
    editor.goto(f"{demo_site}/admin/pages/add/news/articlepage/{section_id}/")
    editor.wait_for_timeout(2_500)  # Wagtail starts watching for edits 2 s after the form loads
    form = editor.locator('form[data-controller~="w-autosave"]')
    editor.fill("#id_title", title)
    editor.fill("#id_sapo", "Vỉa hè được mở rộng cho người đi bộ.")
    # Autosave created the article, pointed the form at it and has nothing left to save.
    expect(form).to_have_attribute("action", re.compile(r"/admin/pages/\d+/edit/$"))
    expect(form).to_have_attribute("data-w-unsaved-has-edits-value", "false")
    pk = ArticlePage.objects.get(title=title).pk

    # A script of the page's cancels the submit after the guard let it through.
    form.evaluate("f => f.addEventListener('submit', (event) => event.preventDefault())")
    editor.evaluate("window.notPosted = true")
    editor.locator("button.action-save").first.click()
    editor.wait_for_timeout(500)
    assert editor.evaluate("window.notPosted")  # the page did not go anywhere

    # What the editor writes next is autosaved (to the article the first autosave created).
    sapo = "Vỉa hè được mở rộng thêm 1,5 m cho người đi bộ, cây xanh giữ nguyên."
    editor.fill("#id_sapo", sapo)

    def draft():
        return ArticlePage.objects.get(pk=pk).get_latest_revision_as_object()

    for _ in range(100):
        if draft().sapo == sapo:
            break
        editor.wait_for_timeout(100)
    assert draft().sapo == sapo
    assert ArticlePage.objects.filter(title=title).count() == 1


def test_editor_finds_places_by_typing_picks_them_with_the_keyboard_and_saves(browser, demo_site):
    """Hundreds of places in a plain multiple select, held with Ctrl, were unusable: the editor
    types "thu duc", picks with the arrow keys and Enter, removes chips, and the rest is saved."""
    title = "Thủ Đức mở thêm tuyến xe buýt nối ga metro"
    editor = log_in(browser, demo_site, "bientap")
    section_id = ArticlePage.objects.first().get_parent().pk
    editor.goto(f"{demo_site}/admin/pages/add/news/articlepage/{section_id}/")
    editor.fill("#id_title", title)
    editor.fill("#id_sapo", "Tuyến mới nối ga metro với các khu dân cư.")
    expect(editor.locator("#id_slug")).not_to_have_value("")

    expect(editor.locator("select#id_places")).to_be_hidden()  # the script took over
    box = editor.get_by_role("combobox", name="Địa bàn")
    chips = editor.get_by_role("list", name="Địa bàn đã chọn").get_by_role("listitem")
    results = editor.get_by_role("listbox", name="Địa bàn").get_by_role("option")
    expect(chips).to_have_count(0)
    box.type("thu duc")
    # Today's ward named Thủ Đức first, then the former city, then the former city's wards.
    expect(results.nth(0)).to_have_text("Phường Thủ Đức")
    expect(results.nth(1)).to_have_text("Thành phố Thủ Đức (đến 06/2025)")
    expect(results.nth(2)).to_have_text(re.compile(r"^Phường .*, Thành phố Thủ Đức"))
    ward_of_the_former_city = results.nth(2).inner_text()
    box.press("Enter")
    expect(box).to_have_value("")
    box.type("thu duc")
    expect(results.first).to_have_text("Thành phố Thủ Đức (đến 06/2025)")  # the chosen one left
    box.press("ArrowDown")
    expect(results.nth(1)).to_have_attribute("aria-selected", "false")
    expect(box).to_have_attribute("aria-activedescendant", results.nth(1).get_attribute("id"))
    box.press("Enter")
    box.type("q1")
    expect(results.first).to_have_text("Quận 1 (đến 06/2025)")
    box.press("Enter")
    # In the select's order, the order they are saved in.
    expect(chips).to_have_text(["Quận 1 (đến 06/2025)", ward_of_the_former_city, "Phường Thủ Đức"])
    box.press("Backspace")  # in the empty box: the last chip goes
    expect(chips).to_have_count(2)
    # A pick was a mistake: its chip's button says which place it removes.
    editor.get_by_role("button", name="Bỏ Quận 1 (đến 06/2025)").click()
    expect(chips).to_have_text([ward_of_the_former_city])
    expect(box).to_be_focused()

    editor.locator("button.action-save").first.click()
    expect(editor.locator(".messages")).to_contain_text(f"Trang '{title}' đã được tạo")
    article = ArticlePage.objects.get(title=title)
    assert [str(place) for place in article.places.all()] == [ward_of_the_former_city]

"""The Wagtail admin speaks Vietnamese: the project catalogue in locale/vi fills what Wagtail's own
Vietnamese catalogue leaves in English (list pages, filters, buttons, menus, messages)."""

import gettext
import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from cityportal.monitor.models import Item, Source

CATALOGUES = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("bientap", "bientap@example.org", "x")
    client.force_login(user)
    return client


def sidebar_labels(html: str) -> set[str]:
    """Every label in the sidebar's JSON props (the menu is drawn by JavaScript from them)."""
    props = re.search(
        r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', html, re.S
    )
    assert props, "no sidebar props in the admin page"
    labels = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("label"), str):
                labels.add(node["label"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(props.group(1)))
    return labels


def test_gettext_finds_the_project_strings():
    with translation.override("vi"):
        assert translation.gettext("Filter by") == "Lọc theo"
        assert translation.gettext("Images") == "Hình ảnh"
        assert translation.gettext("Inspect") == "Xem chi tiết"  # overrides Wagtail's "Kiểm tra"
        updated = translation.gettext("%(model_name)s '%(object)s' updated.")
        assert updated % {"model_name": "Nguồn theo dõi", "object": "Báo"} == (
            "Nguồn theo dõi 'Báo' đã được cập nhật."
        )
        for n in (1, 3):
            matches = translation.ngettext(
                "There is %(counter)s match", "There are %(counter)s matches", n
            )
            assert matches % {"counter": n} == f"Có {n} kết quả phù hợp"
    with translation.override("en"):
        assert translation.gettext("Filter by") == "Filter by"


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_is_current_and_keeps_placeholders(domain):
    with open(CATALOGUES / f"{domain}.po", "rb") as po_file:
        catalogue = read_po(po_file)
    with open(CATALOGUES / f"{domain}.mo", "rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)
    assert catalogue.plural_forms == "nplurals=1; plural=0;"
    assert len(catalogue) > 50
    for message in catalogue:
        if not message.id:
            continue  # the header
        context = message.context  # e.g. humanize's "naturaltime-past"
        if isinstance(message.id, tuple):
            source, text = message.id[1], message.string[0]
            found = (
                compiled.npgettext(context, *message.id, 2)
                if context
                else compiled.ngettext(*message.id, 2)
            )
        else:
            source, text = message.id, message.string
            found = compiled.pgettext(context, source) if context else compiled.gettext(source)
        assert found == text, f"{domain}.mo is stale: recompile"
        assert text, f"untranslated: {source!r}"
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), source


def test_dashboard_menu_in_vietnamese(admin_client):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    labels = sidebar_labels(response.content.decode())
    assert {"Hình ảnh", "Tài liệu", "Báo cáo", "Trợ giúp", "Cài đặt", "Đăng xuất"} <= labels
    assert not {"Images", "Documents", "Reports", "Help", "Settings", "Log out"} & labels


def test_empty_lists_filters_and_search_in_vietnamese(admin_client):
    items = admin_client.get("/admin/monitor/items/").content.decode()
    assert "Chưa có mục theo dõi nào." in items
    assert "Lọc theo" in items
    assert 'placeholder="Tìm kiếm…"' in items
    assert "There are no" not in items
    assert "Filter by" not in items
    assert "Search…" not in items

    alerts = admin_client.get("/admin/monitor/alerts/").content.decode()
    assert "Chưa có cảnh báo nào." in alerts
    assert "There are no" not in alerts


def test_search_results_and_messages_in_vietnamese(admin_client):
    source = Source.objects.create(name="Báo Sài Gòn", kind=Source.Kind.MANUAL)
    Item.objects.create(source=source, key="k1", title="Ngập nước quận 7", text="Ngập sâu")

    found = admin_client.get("/admin/monitor/items/", {"q": "Ngập"}).content.decode()
    assert "Có 1 kết quả phù hợp" in found
    assert "There is 1 match" not in found
    none = admin_client.get("/admin/monitor/items/", {"q": "không có gì"}).content.decode()
    assert "Không có mục theo dõi nào khớp với điều kiện tìm kiếm hoặc bộ lọc." in none
    assert "match your query" not in none

    assert "Sắp xếp theo &#x27;Nguồn&#x27; tăng dần." in found
    assert "Sort by " not in found

    fields = {"name": "Báo Tuổi Trẻ", "kind": "manual", "poll_minutes": 60, "active": "on"}
    updated = admin_client.post(f"/admin/monitor/sources/edit/{source.pk}/", fields, follow=True)
    page = updated.content.decode()
    assert "Nguồn theo dõi &#x27;Báo Tuổi Trẻ&#x27; đã được cập nhật." in page
    assert "updated." not in page

    invalid = admin_client.post("/admin/monitor/watchlists/new/", {"name": ""}, follow=True)
    page = invalid.content.decode()
    assert "Không thể tạo danh sách theo dõi do có lỗi." in page
    assert "Tạo mới: Danh sách theo dõi" in page
    assert "could not be created" not in page
    assert "New: " not in page


def test_a_list_filtered_to_nothing_blames_no_search_words(admin_client, home):
    """Wagtail says "No %(model_name)s match your query." for a filtered list too; ours said no
    comment matched "từ khóa tìm kiếm" when the moderator had typed none, only chose a status."""
    from django.urls import reverse

    from cityportal.feedback.models import Comment

    Comment.objects.create(
        target=home,
        name="Bạn đọc",
        email="bandoc@example.org",
        body="Đường ngập sau mưa",
        status=Comment.Status.APPROVED,
    )
    url = reverse("feedback_comments:list")
    html = admin_client.get(url, {"status": Comment.Status.SPAM}).content.decode()
    assert "Không có bình luận nào khớp với điều kiện tìm kiếm hoặc bộ lọc." in html
    assert "khớp với từ khóa" not in html
    assert "match your query" not in html


def test_javascript_catalogue_in_vietnamese(admin_client):
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    # The catalogue is JSON inside JavaScript: non-ASCII text is \u-escaped.
    assert json.dumps("Thu gọn tất cả") in catalogue  # "Collapse all", the minimap
    assert json.dumps("Mở rộng tất cả") in catalogue  # "Expand all"


def test_dashboard_summary_counts_in_vietnamese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    summary = re.search(r'<section class="w-summary".*?</section>', html, re.S).group(0)
    assert re.search(r"\d+ trang <span", summary)
    assert re.search(r"\d+ hình ảnh <span", summary)
    assert re.search(r"\d+ tài liệu <span", summary)
    assert not re.search(r"\d+ (Pages?|Images?|Documents?) ", summary)


def test_relative_times_in_vietnamese():
    """Wagtail's "%(time_period)s ago" wraps Django's timesince, whose Vietnamese catalogue still
    has the old "%d minute" msgids; "vừa xong" needs Wagtail's "0 minutes" to match Django's."""
    from django.utils import timezone
    from wagtail.admin.templatetags.wagtailadmin_tags import timesince_simple

    now = timezone.now()
    with translation.override("vi"):
        assert timesince_simple(now - timezone.timedelta(minutes=3)) == "3\xa0phút trước"
        assert timesince_simple(now - timezone.timedelta(days=1)) == "1\xa0ngày trước"
        assert timesince_simple(now - timezone.timedelta(days=15)) == "2\xa0tuần trước"
        assert timesince_simple(now) == "vừa xong"
        past = translation.npgettext("naturaltime-past", "%(num)d hour", "%(num)d hours", 5)
        assert translation.gettext("%(delta)s ago") % {"delta": past % {"num": 5}} == "5 giờ trước"


def test_bulk_selection_and_workflow_words_in_vietnamese():
    with translation.override("vi"):
        selected = translation.gettext("%(objects)s pages selected")
        assert selected % {"objects": 4} == "4 trang được chọn"
        assert translation.gettext("1 snippet selected") == "1 đoạn nội dung được chọn"
        snippets = translation.gettext("%(objects)s snippets selected")
        assert snippets % {"objects": 2} == "2 đoạn nội dung được chọn"
        assert translation.gettext("Request changes") == "Yêu cầu chỉnh sửa"
        # A listing's filter given a value it does not have (Django's vi catalogue lacks it).
        invalid = translation.gettext("“%(pk)s” is not a valid value.") % {"pk": "x"}
        assert invalid == "“x” không phải là giá trị hợp lệ."
        assert translation.gettext("In Moderation") == "Đang chờ duyệt"
        assert translation.gettext("live + in moderation") == "đang hiển thị + đang chờ duyệt"
        for n in (1, 31):
            pages = translation.ngettext(
                '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
                '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
                n,
            )
            assert pages.startswith("%(total)s trang ")


def test_bulk_selection_strings_reach_the_admin_javascript(admin_client):
    """The bulk-action bar's "n pages selected" comes from the wagtail-config JSON, drawn by
    JavaScript."""
    html = admin_client.get("/admin/pages/").content.decode()
    config = re.search(
        r'<script id="wagtail-config" type="application/json">(.*?)</script>', html, re.S
    )
    bulk = json.loads(config.group(1))["STRINGS"]["BULK_ACTIONS"]
    assert bulk["PAGE"]["SINGULAR"] == "1 trang được chọn"
    assert bulk["PAGE"]["PLURAL"] == "%(objects)s trang được chọn"
    assert bulk["PAGE"]["ALL_IN_LISTING"] == "Đã chọn tất cả trang trong danh sách"
    assert bulk["SNIPPET"]["PLURAL"] == "%(objects)s đoạn nội dung được chọn"
    assert bulk["IMAGE"]["ALL"] == "Đã chọn tất cả %(objects)s hình ảnh trên màn hình này"
    assert bulk["DOCUMENT"]["SINGULAR"] == "1 tài liệu được chọn"
    assert "selected" not in json.dumps(bulk)


def test_snippet_chooser_empty_state_in_vietnamese():
    from django.template.loader import render_to_string

    with translation.override("vi"):
        html = render_to_string(
            "wagtailsnippets/chooser/results.html",
            {"snippet_type_name": "nhóm sự kiện", "add_url_name": "wagtailadmin_home", "items": []},
        )
    assert "Chưa có nhóm sự kiện nào." in html
    assert "haven't created" not in html


def test_workflow_emails_in_vietnamese(db, mailoutbox):
    """Wagtail renders each notification in the recipient's preferred language, else the active
    one, else LANGUAGE_CODE ("vi"): staff who never chose a language get Vietnamese."""
    from cityportal.news.demo import load_demo
    from cityportal.news.models import ArticlePage

    load_demo()
    User = get_user_model()
    reporter = User.objects.get(username="phongvien")
    editor = User.objects.get(username="bientap")
    article = ArticlePage.objects.first()
    article.title = "Bài thử thông báo"
    article.save_revision(user=reporter)
    mailoutbox.clear()
    article.get_workflow().start(article, reporter)  # outside a request, as the reporter's submit
    subjects = [m.subject for m in mailoutbox if editor.email in m.to]
    assert subjects, [m.subject for m in mailoutbox]
    assert subjects[0] == 'Trang "Bài thử thông báo" đã được gửi duyệt ở bước "Biên tập viên duyệt"'
    body = next(m.body for m in mailoutbox if editor.email in m.to)
    assert "Chào " in body and "Sửa trang tại đây:" in body
    assert "has been submitted" not in body


@pytest.mark.parametrize(
    "english, vietnamese",
    [
        ("Choose another page", "Chọn trang khác"),
        ("Choose another image", "Chọn hình ảnh khác"),
        ("Choose another document", "Chọn tài liệu khác"),
        ("Choose another item", "Chọn mục khác"),
        ("Clear choice", "Bỏ chọn"),
        ("Choose which type of page you'd like to create.", "Chọn loại trang bạn muốn tạo."),
    ],
)
def test_choosers_in_vietnamese(english, vietnamese):
    """An article's image, related page and document choosers said "Choose another image" and
    "Clear choice" once something was chosen: Wagtail's Vietnamese has no chooser strings."""
    with translation.override("vi"):
        assert translation.gettext(english) == vietnamese


def test_the_page_chooser_on_an_article_form_speaks_vietnamese(admin_client, section):
    response = admin_client.get(f"/admin/pages/add/news/articlepage/{section.pk}/")
    assert "Choose another page" not in response.content.decode()


def test_the_sign_in_page_speaks_vietnamese(client, db):
    """The first admin page an agency's press officer sees read "Sign in to Wagtail",
    "Remember me" and "Nhập tên đăng nhậpcủa bạn" (Wagtail's catalogue lacks a space)."""
    page = client.get("/admin/login/").content.decode()
    for vietnamese in ("Đăng nhập trang quản trị", "Ghi nhớ đăng nhập", "Quên mật khẩu?"):
        assert vietnamese in page
    assert 'placeholder="Tên đăng nhập"' in page
    for english in ("Sign in to Wagtail", "Remember me", "Forgotten password?", "của bạn"):
        assert english not in page

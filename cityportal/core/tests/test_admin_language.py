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
        if isinstance(message.id, tuple):
            source, text = message.id[1], message.string[0]
            assert compiled.ngettext(*message.id, 2) == text, f"{domain}.mo is stale: recompile"
        else:
            source, text = message.id, message.string
            assert compiled.gettext(source) == text, f"{domain}.mo is stale: recompile"
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
    assert "Không có mục theo dõi nào khớp với từ khóa tìm kiếm." in none
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


def test_javascript_catalogue_in_vietnamese(admin_client):
    catalogue = admin_client.get("/admin/jsi18n/").content.decode()
    # The catalogue is JSON inside JavaScript: non-ASCII text is \u-escaped.
    assert json.dumps("Thu gọn tất cả") in catalogue  # "Collapse all", the minimap
    assert json.dumps("Mở rộng tất cả") in catalogue  # "Expand all"

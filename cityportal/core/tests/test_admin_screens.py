"""The apps' own admin screens (reports, imports) name themselves in the header's breadcrumbs:
Wagtail shows only "Trang chủ" above a view that does not."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

SCREENS = [
    ("/admin/reports/quarterly/", "Báo cáo quý"),
    ("/admin/reports/contributions/", "Đánh giá cộng tác theo cơ quan"),
    ("/admin/reports/search-terms/", "Từ khóa tìm kiếm"),
    ("/admin/opendata/import/", "Nhập số liệu"),
    ("/admin/feedback/personal-data/", "Yêu cầu về dữ liệu cá nhân"),
    ("/admin/workers/", "Tiến trình nền"),
]


@pytest.mark.parametrize("url, title", SCREENS)
def test_an_admin_screen_names_itself_in_the_header(client, db, url, title):
    client.force_login(get_user_model().objects.create_superuser("chief", "c@x.vn", "pw"))
    response = client.get(url)
    assert response.status_code == 200
    crumbs = BeautifulSoup(response.content, "html.parser").select("[data-w-breadcrumbs] li")
    assert [li.get_text(" ", strip=True) for li in crumbs][-1] == title

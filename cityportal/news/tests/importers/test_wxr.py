"""WordPress exports (WXR)."""

import datetime

import pytest
from django.core.management import CommandError

from cityportal.news.models import ArticlePage

from .helpers import UTC, WXR, body_html, run


@pytest.mark.django_db
def test_wxr_round_trip(tmp_path, section):
    path = tmp_path / "quan1.wordpress.2021-06-29.xml"
    path.write_text(WXR, encoding="utf-8")

    output = run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 2, updated 0, unchanged 0, skipped 0"
    assert "Ignored 2 items that are not published posts: 1 attachment, 1 draft post" in output
    assert "Note: 1 images dropped" in output

    walk = ArticlePage.objects.get(import_key="12")
    assert walk.title == "Phố đi bộ Nguyễn Huệ đón khách trở lại & mở rộng giờ"
    assert walk.import_source == "quan1.example.vn"
    assert walk.source_name == "Báo Quận 1"
    assert walk.source_url == "https://quan1.example.vn/2021/06/pho-di-bo/"
    assert walk.byline == "Ban Biên tập"
    assert walk.published_at == datetime.datetime(2021, 6, 28, 10, 0, tzinfo=UTC)
    assert walk.get_parent().slug == "van-hoa"  # its category names a section
    assert sorted(t.name for t in walk.tags.all()) == ["Quận 1", "phố đi bộ"]
    assert walk.sapo == "Phố đi bộ Nguyễn Huệ mở cửa trở lại từ tối nay."  # empty excerpt
    assert body_html(walk) == [
        "<p>Phố đi bộ Nguyễn Huệ mở cửa trở lại từ tối nay.</p>",
        "<h2>Giờ mở cửa</h2>",
        "<p>Từ 18 giờ đến 23 giờ.\nCuối tuần đến 24 giờ.</p>",
        '<p>Xem <a href="https://quan1.example.vn/lich-su-kien/" rel="nofollow noopener">'
        "lịch sự kiện</a>.</p>",
    ]

    notice = ArticlePage.objects.get(import_key="15")
    assert notice.get_parent().slug == "kinh-te-xa-hoi"  # "thong-bao" is no section: --section
    assert notice.sapo == "Lịch tiếp công dân của UBND Quận 1."
    assert [t.name for t in notice.tags.all()] == ["Thông báo"]

    assert run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi").startswith(
        "Created 0, updated 0, unchanged 2, skipped 0"
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Đây không phải XML", "not well-formed XML"),
        ('{"id": 1, "title": "JSON"}', "not well-formed XML"),
        ("<feed xmlns='http://www.w3.org/2005/Atom'></feed>", "not an RSS/WXR file"),
        (
            "<rss version='2.0'><channel><title>RSS</title></channel></rss>",
            "not a WordPress export",
        ),
    ],
)
def test_wxr_that_is_not_wxr_is_an_error(tmp_path, section, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        run(str(path), "--format", "wxr", "--section", "kinh-te-xa-hoi")
    assert not ArticlePage.objects.exists()

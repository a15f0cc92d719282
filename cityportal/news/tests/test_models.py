import pytest

from cityportal.news.models import ArticlePage, SectionPage


def test_slugs_are_transliterated_from_vietnamese(section):
    typed = ArticlePage(title="Thủ Đức", slug="thủ-đức", sapo="x", live=False)
    section.add_child(instance=typed)
    assert typed.slug == "thu-duc"
    # Another title that only differs by its marks gets its own address.
    other = ArticlePage(title="Thu Đúc", sapo="x", live=False)
    section.add_child(instance=other)
    assert other.slug == "thu-duc-2"


def test_articles_live_only_under_sections(home, section):
    assert ArticlePage.can_exist_under(section)
    assert not ArticlePage.can_exist_under(home)
    assert SectionPage.can_exist_under(home)


def test_published_orders_by_publication_time_and_leaves_out_drafts(make_article):
    import datetime

    older = make_article(published_at=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    newer = make_article(published_at=datetime.datetime(2021, 6, 1, tzinfo=datetime.UTC))
    draft = make_article(publish=False)
    ids = list(ArticlePage.objects.published().values_list("pk", flat=True))
    assert ids.index(newer.pk) < ids.index(older.pk)
    assert draft.pk not in ids


@pytest.mark.parametrize(
    "slug", ["kinh-te-xa-hoi", "mo-hinh-tieu-bieu", "chinh-sach-vao-cuoc-song"]
)
def test_programme_content_groups_exist_and_are_editable_pages(section, slug):
    group = SectionPage.objects.get(slug=slug)
    group.title = "Tên mới do biên tập đặt"
    group.save_revision().publish()
    group.refresh_from_db()
    assert group.title == "Tên mới do biên tập đặt"


def test_oversized_images_are_refused_with_a_clear_message(client, staff, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse
    from wagtail.images import get_image_model
    from wagtail.images.tests.utils import get_test_image_file

    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 200
    picture = get_test_image_file(size=(640, 480))
    upload = SimpleUploadedFile("anh-lon.png", picture.file.getvalue(), content_type="image/png")
    client.force_login(staff["reporter"])
    response = client.post(reverse("wagtailimages:add"), {"title": "Ảnh lớn", "file": upload})
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert "Maximum filesize 200\xa0byte" in " ".join(errors)
    assert not get_image_model().objects.filter(title="Ảnh lớn").exists()

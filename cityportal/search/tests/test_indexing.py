"""Search follows publishing: pages on publish/unpublish/delete/move, places on save, imports in
bulk, and `rebuild_search` from scratch."""

import io
import unicodedata

from django.core.management import call_command

from cityportal.search.engine import search
from cityportal.search.models import Document


def found(text, **kwargs):
    return [hit.document.title for hit in search(text, **kwargs).hits]


def test_publishing_indexes_and_unpublishing_removes(
    make_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(
            title=unicodedata.normalize("NFD", "Thủ Đức khánh thành cầu Long Kiểng"),
            sapo="Cây cầu nối hai phường.",
        )
    document = Document.objects.get(kind="article")
    assert document.title == "Thủ Đức khánh thành cầu Long Kiểng"  # stored composed
    assert document.url == article.url
    assert document.section == "kinh-te-xa-hoi"
    assert found("cau long kieng", kind="article") == [document.title]
    assert found("hai phuong", kind="article") == [document.title]

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert found("cau long kieng", kind="article") == []
    assert not Document.objects.filter(kind="article").exists()


def test_drafts_are_not_searchable(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Bản nháp chưa duyệt", publish=False)
    assert found("ban nhap") == []


def test_editing_a_published_article_updates_its_document(
    make_article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Tiêu đề cũ")
        article.title = "Tiêu đề mới sau biên tập"
        article.save_revision().publish()
    assert found("tieu de", kind="article") == ["Tiêu đề mới sau biên tập"]
    assert Document.objects.filter(kind="article").count() == 1


def test_deleting_a_page_removes_it(make_article, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Bài sẽ bị xóa")
    article.delete()
    assert found("bai se bi xoa") == []


def test_moving_an_article_updates_its_url_and_section(
    make_article, home, django_capture_on_commit_callbacks
):
    from cityportal.news.models import SectionPage

    culture = SectionPage.objects.get(slug="van-hoa")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(title="Lễ hội áo dài")
    with django_capture_on_commit_callbacks(execute=True):
        article.move(culture, pos="last-child")
    document = Document.objects.get(kind="article")
    assert document.section == "van-hoa"
    assert document.url.startswith("/van-hoa/")
    assert found("le hoi", section="van-hoa") == ["Lễ hội áo dài"]


def test_places_are_searchable_by_old_and_new_names(db):
    hits = search("ben nghe", kind="place").hits
    titles = [h.document.title for h in hits]
    assert titles[0].startswith("Phường Bến Nghé")
    # The new ward says it was formed from Bến Nghé, so it is found too.
    assert "Phường Sài Gòn" in titles


def test_import_indexes_in_bulk(section, tmp_path, django_capture_on_commit_callbacks):
    from cityportal.news.tests.importers.helpers import run, write_jsonl

    records = [
        {
            "id": f"a{i}",
            "title": f"Bản tin nhập khẩu số {i}",
            "sapo": "Tin từ Sài Gòn",
            "body": "<p>Nội dung.</p>",
            "published_at": f"2024-05-0{i + 1}T08:00:00+07:00",
        }
        for i in range(3)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run(
            write_jsonl(tmp_path / "a.jsonl", records),
            "--format",
            "jsonl",
            "--section",
            "kinh-te-xa-hoi",
        )
    assert search("ban tin nhap khau", kind="article").total == 3
    assert search("tphcm", kind="article").total == 3  # via the synonym table


def test_rebuild_search(make_article, django_capture_on_commit_callbacks):
    make_article(title="Bài viết trước khi có chỉ mục")  # published, but never indexed
    assert found("truoc khi co chi muc") == []
    out = io.StringIO()
    call_command("rebuild_search", stdout=out)
    assert "article: 1 documents" in out.getvalue()
    assert found("truoc khi co chi muc") == ["Bài viết trước khi có chỉ mục"]
    assert Document.objects.filter(kind="place").count() > 400
    assert Document.objects.filter(kind="section").count() == 7


def test_rebuild_if_empty_only_fills_an_empty_index(make_doc):
    out = io.StringIO()
    make_doc("Một tài liệu")
    call_command("rebuild_search", "--if-empty", stdout=out)
    assert out.getvalue() == ""
    Document.objects.all().delete()
    call_command("rebuild_search", "--if-empty", stdout=out)
    assert "Indexed" in out.getvalue()


def test_renaming_a_section_reindexes_its_articles(
    make_article, django_capture_on_commit_callbacks
):
    from cityportal.news.models import SectionPage

    with django_capture_on_commit_callbacks(execute=True):
        make_article(title="Chợ đêm mở cửa")
    section = SectionPage.objects.get(slug="kinh-te-xa-hoi")
    section.slug = "kinh-te"
    with django_capture_on_commit_callbacks(execute=True):
        section.save_revision().publish()
    document = Document.objects.get(kind="article")
    assert document.url.startswith("/kinh-te/")
    assert document.section == "kinh-te"
    assert Document.objects.get(kind="section", section="kinh-te").url == "/kinh-te/"


def test_indexing_articles_costs_the_same_queries_for_more_of_them(make_article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cityportal.core.models import AdministrativeUnit
    from cityportal.search.index import index_objects

    ward = AdministrativeUnit.objects.get(slug="phuong-sai-gon")
    articles = [make_article(title=f"Tin số {i}", places=[ward]) for i in range(15)]

    def queries(pages):
        with CaptureQueriesContext(connection) as captured:
            index_objects(pages)
        return len(captured.captured_queries)

    queries(articles[:1])  # the site's root paths, read once and cached
    assert queries(articles[1:4]) == queries(articles[4:])  # 3 new documents, then 11
    assert set(Document.objects.get(title="Tin số 7").places.all()) == {ward}

"""Imported articles in the newsroom: editors' changes win, the admin and workflow work, listings refresh."""

import pytest

from cityportal.news.models import ArticlePage

from .helpers import ARTICLES, run, write_jsonl


@pytest.mark.django_db
def test_edited_articles_are_not_overwritten(tmp_path, section, staff):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1])
    run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")
    page = ArticlePage.objects.get()
    page.title = "Tiêu đề do biên tập viên sửa"
    page.save_revision(user=staff["chief"]).publish()

    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 0, updated 0, unchanged 0, skipped 1"
    assert "edited in the admin since it was imported" in output
    assert ArticlePage.objects.get().title == "Tiêu đề do biên tập viên sửa"


@pytest.mark.django_db
def test_imported_article_works_in_the_admin_and_workflow(tmp_path, section, admin_client, staff):
    run(
        write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1]),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )
    page = ArticlePage.objects.get()

    edit = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    history = admin_client.get(f"/admin/pages/{page.pk}/history/")

    assert edit.status_code == 200
    assert "Thành phố khởi công tuyến Metro số 2" in edit.content.decode()
    assert history.status_code == 200

    # An editor's change goes through the newsroom's two-step workflow like any other page.
    page.title = "Tiêu đề đã biên tập"
    page.save_revision(user=staff["editor"])
    state = page.get_workflow().start(page, staff["editor"])
    assert state.status == state.STATUS_IN_PROGRESS
    assert ArticlePage.objects.get().live  # the published version stays up meanwhile


@pytest.mark.django_db
def test_imported_articles_show_on_cached_listings(tmp_path, section, client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    client.get(section.url)
    assert client.get(section.url)["X-Page-Cache"] == "hit"  # the listing is cached

    run(
        write_jsonl(tmp_path / "a.jsonl", ARTICLES[:1]),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )

    assert ARTICLES[0]["title"] in client.get(section.url).content.decode()

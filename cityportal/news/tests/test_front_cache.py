"""Publishing purges a real HTTP front cache (a local server standing in for Varnish), once the
change is committed."""

from cityportal.core.models import AdministrativeUnit


def test_publishing_purges_the_article_and_every_listing_it_is_on(
    make_article, front_cache, django_capture_on_commit_callbacks
):
    quan1 = AdministrativeUnit.objects.get(slug="quan-1")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article("Bài mới cần làm mới bộ đệm", places=[quan1])
        # Not before the commit (a workflow's approval publishes inside a transaction): Varnish
        # would fetch the old listing, or a 404 for the article, again and keep it.
        assert front_cache == []
    purged = set(front_cache)
    assert article.url in purged
    assert {"/", "/kinh-te-xa-hoi/", "/feeds/rss/", "/feeds/atom/kinh-te-xa-hoi/"} <= purged
    assert "/dia-ban/quan-1/" in purged
    assert "/sitemap.xml" in purged


def test_unpublishing_purges_too(make_article, front_cache, django_capture_on_commit_callbacks):
    article = make_article("Bài sẽ gỡ")
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
        assert front_cache == []
    assert {article.url, "/kinh-te-xa-hoi/", "/feeds/rss/"} <= set(front_cache)


def test_an_import_purges_each_listing_once(
    front_cache, section, tmp_path, django_capture_on_commit_callbacks
):
    import json

    from django.core.management import call_command

    path = tmp_path / "tin.jsonl"
    lines = [{"id": str(i), "title": f"Tin nhập {i}", "sapo": "s", "body": "b"} for i in range(30)]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines), "utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "import_articles",
            str(path),
            "--format",
            "jsonl",
            "--section",
            section.slug,
            "--no-progress",
            stdout=open("/dev/null", "w"),
        )
    assert {"/", "/kinh-te-xa-hoi/", "/feeds/rss/", "/feeds/rss/kinh-te-xa-hoi/"} <= set(
        front_cache
    )
    assert front_cache.count("/kinh-te-xa-hoi/") == 1
    assert len(front_cache) < 10


def test_an_article_made_private_leaves_the_listings_that_showed_it(
    make_article, front_cache, django_capture_on_commit_callbacks
):
    """Varnish kept its title and summary on the home page, its section and the feeds for up
    to PUBLIC_CACHE_SECONDS; the same when it is public again."""
    from wagtail.models import PageViewRestriction

    article = make_article("Bài sắp được đặt mật khẩu")
    for change in ("restrict", "open"):
        front_cache.clear()
        with django_capture_on_commit_callbacks(execute=True):
            if change == "restrict":
                PageViewRestriction.objects.create(
                    page=article, restriction_type=PageViewRestriction.PASSWORD, password="x"
                )
            else:
                PageViewRestriction.objects.filter(page=article).delete()
        purged = set(front_cache)
        assert {article.url, "/", "/kinh-te-xa-hoi/", "/feeds/rss/", "/sitemap.xml"} <= purged

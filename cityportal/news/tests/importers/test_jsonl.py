"""JSON Lines: round trip, file order, idempotent re-imports, sources, gzip, stdin, progress."""

import datetime
import gzip
import io
import json
import sys

import pytest
from wagtail.models import PageLogEntry, Revision

from cityportal.core.middleware import content_version
from cityportal.news.importers import import_articles
from cityportal.news.models import ArticlePage

from .helpers import ARTICLES, HCM, UTC, WXR, body_html, run, write_jsonl


@pytest.mark.django_db
def test_jsonl_round_trip(tmp_path, section, client):
    path = write_jsonl(tmp_path / "tin-tuc.jsonl", ARTICLES)
    before = datetime.datetime.now(UTC)
    version = content_version()
    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.splitlines()[0] == "Created 3, updated 0, unchanged 0, skipped 0"
    assert "Warning line 1: unknown place 'Quận Không Tồn Tại'" in output
    assert "Encoding: UTF-8" in output

    metro = ArticlePage.objects.get(import_key="hcm-001")
    assert metro.import_source == "Nhân dân điện tử"
    assert metro.source_name == "Nhân dân điện tử"
    assert metro.source_url == "https://nhandan.vn/metro-so-2"
    assert metro.slug == "thanh-pho-khoi-cong-tuyen-metro-so-2"
    assert metro.get_parent().specific == section
    assert metro.published_at == datetime.datetime(2021, 6, 28, 17, 0, tzinfo=HCM)
    assert metro.sapo.startswith("Sáng nay, Thành phố")
    assert body_html(metro) == [
        "<p>Đoạn thứ nhất của bài.</p>",
        "<p>Đoạn thứ hai có ký hiệu DT50 &lt; 24h và &lt;số tiền&gt;.</p>",
    ]
    assert sorted(metro.places.values_list("slug", flat=True)) == ["phuong-sai-gon", "quan-1"]
    assert sorted(t.name for t in metro.tags.all()) == ["giao thông", "metro"]

    # A proper published page: live, with a revision that is both latest and live, and history.
    assert metro.live and not metro.has_unpublished_changes
    assert metro.live_revision_id == metro.latest_revision_id is not None
    assert metro.first_published_at is not None
    revision = Revision.objects.get(pk=metro.live_revision_id)
    assert revision.as_object().title == metro.title
    actions = set(PageLogEntry.objects.filter(page=metro).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions
    # Cached pages went stale once for the whole import, not once per article.
    assert content_version() == version + 1

    festival = ArticlePage.objects.get(import_key="2")
    assert festival.get_parent().slug == "van-hoa"  # the record's own section wins
    assert festival.import_source == "tin-tuc"  # no source anywhere: the file's stem
    assert festival.source_name == ""
    assert festival.published_at == datetime.datetime(2021, 3, 5, 8, 30, tzinfo=UTC)
    assert body_html(festival) == [
        '<p>Đoạn <b>đậm</b> và <a href="https://sovhtt.hochiminhcity.gov.vn" '
        'rel="nofollow noopener">liên kết</a>.</p>'
    ]

    undated = ArticlePage.objects.get(import_key="hcm-003")
    assert undated.published_at >= before - datetime.timedelta(seconds=10)

    response = client.get(metro.url)
    assert response.status_code == 200
    assert "Thành phố khởi công tuyến Metro số 2" in response.content.decode()


@pytest.mark.django_db
def test_undated_records_keep_the_file_order(tmp_path, section):
    records = [{"id": str(n), "title": f"Bài {n}", "sapo": "s", "body": "b"} for n in range(1, 4)]
    run(write_jsonl(tmp_path / "a.jsonl", records), "--format", "jsonl", "--section", "van-hoa")

    newest_first = ArticlePage.objects.order_by("-published_at").values_list("title", flat=True)
    assert list(newest_first) == ["Bài 1", "Bài 2", "Bài 3"]


@pytest.mark.django_db
def test_reimport_is_idempotent_and_updates_changed_records(tmp_path, section):
    path = write_jsonl(tmp_path / "tin.jsonl", ARTICLES)
    run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")
    undated = ArticlePage.objects.get(import_key="hcm-003")

    again = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert again.splitlines()[0] == "Created 0, updated 0, unchanged 3, skipped 0"
    assert ArticlePage.objects.count() == 3
    assert ArticlePage.objects.get(pk=undated.pk).published_at == undated.published_at

    changed = [dict(record) for record in ARTICLES]
    changed[0]["title"] = "Thành phố khởi công tuyến Metro số 2 (cập nhật)"
    changed[0]["tags"] = ["metro"]
    changed[1]["section"] = "doi-ngoai"
    changed[2]["body"] = "Nội dung mới\nĐoạn hai"
    write_jsonl(tmp_path / "tin.jsonl", changed)

    third = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert third.splitlines()[0] == "Created 0, updated 3, unchanged 0, skipped 0"
    assert ArticlePage.objects.count() == 3
    metro = ArticlePage.objects.get(import_key="hcm-001")
    assert metro.title.endswith("(cập nhật)")
    assert metro.slug == "thanh-pho-khoi-cong-tuyen-metro-so-2"  # the URL does not move
    assert [t.name for t in metro.tags.all()] == ["metro"]
    assert metro.live and metro.live_revision_id == metro.latest_revision_id
    assert metro.revisions.count() == 2
    assert body_html(ArticlePage.objects.get(import_key="hcm-003")) == [
        "<p>Nội dung mới</p>",
        "<p>Đoạn hai</p>",
    ]
    moved = ArticlePage.objects.get(import_key="2")
    assert moved.get_parent().slug == "doi-ngoai"
    assert moved.url_path.endswith("/doi-ngoai/le-hoi-ao-dai-nam-2021/")
    assert run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi").startswith(
        "Created 0, updated 0, unchanged 3, skipped 0"
    )


@pytest.mark.django_db
def test_source_option_keeps_sources_apart(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", [{"id": "1", "title": "Một", "sapo": "s"}])
    run(path, "--format", "jsonl", "--section", "van-hoa", "--source", "nguon-a")
    output = run(path, "--format", "jsonl", "--section", "van-hoa", "--source", "nguon-b")

    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 0"
    assert sorted(ArticlePage.objects.values_list("import_source", "slug")) == [
        ("nguon-a", "mot"),
        ("nguon-b", "mot-2"),
    ]
    assert ArticlePage.objects.get(import_source="nguon-a").source_name == "nguon-a"


@pytest.mark.django_db
def test_gzip_and_stdin(tmp_path, section, monkeypatch):
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in ARTICLES).encode()
    gz = tmp_path / "articles.jsonl.gz"
    gz.write_bytes(gzip.compress(data))
    assert run(str(gz), "--format", "jsonl", "--section", "van-hoa").startswith("Created 3,")

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(data))))
    output = run("-", "--format", "jsonl", "--section", "van-hoa", "--source", "stdin-test")
    assert output.startswith("Created 3,")


class FakeBar:
    def __init__(self, total):
        self.total, self.count, self.closed = total, 0, False

    def update(self, n=1):
        self.count += n

    def close(self):
        self.closed = True


@pytest.mark.django_db
def test_progress_counts_every_record(tmp_path, section):
    bars = []

    def progress(total):
        bars.append(FakeBar(total))
        return bars[-1]

    lines = [*ARTICLES, "{broken"]
    report = import_articles(
        write_jsonl(tmp_path / "a.jsonl", lines), "jsonl", section="van-hoa", progress=progress
    )
    wxr = tmp_path / "export.xml"
    wxr.write_text(WXR, encoding="utf-8")
    import_articles(str(wxr), "wxr", section="van-hoa", progress=progress)

    assert (report.created, len(report.skipped)) == (3, 1)
    assert [(bar.total, bar.count, bar.closed) for bar in bars] == [
        (None, 4, True),  # JSON Lines are streamed: no total
        (2, 2, True),  # the two published posts of the export
    ]

"""Uploaded exports of social-media posts: all or nothing, authors hashed, nothing counted twice."""

import pytest
from django.core.management import CommandError, call_command

from cityportal.monitor.models import Item, Source, author_hash
from cityportal.monitor.sources import store
from cityportal.monitor.sources.uploads import UploadError, import_posts

CSV = """text,author_id,created_at,url,likes
"Đường Nguyễn Hữu Cảnh lại ngập, bao giờ mới hết?",fb:1001,2026-11-20 07:30,https://social.example/p/1,120
Cảm ơn phường đã sửa đèn đường rất nhanh,fb:1002,20/11/2026 08:15,https://social.example/p/2,8
"""


@pytest.fixture
def upload_source(db):
    return Source.objects.create(name="Fanpage", kind=Source.Kind.UPLOAD)


def test_csv_posts_are_stored_with_hashed_authors_and_once(upload_source):
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {"rows": 2, "new": 2}
    first = Item.objects.get(url="https://social.example/p/1")
    assert first.reactions == 120 and first.kind == Item.Kind.POST
    assert first.author_hash == author_hash("fb:1001") and "1001" not in first.author_hash
    assert first.published_on.isoformat() == "2026-11-20"
    # The same file again (a desk member clicks twice): nothing new.
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {"rows": 2, "new": 0}
    assert Item.objects.count() == 2
    upload_source.refresh_from_db()
    assert upload_source.items_total == 2


def test_jsonl_with_epoch_times(upload_source):
    data = (
        '{"text": "Xe buýt số 19 trễ chuyến hoài", "author": "u1", "time": 1795000000, "reactions": 3}\n'
        "\n"
        '{"text": "Công viên mới ở Thủ Đức đẹp quá", "author": "u2", "time": "2026-11-21T10:00:00+07:00"}\n'
    )
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 2


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.csv", "message,author\nxin chào,1\n", "thiếu cột: time"),
        ("a.csv", "content,author,time\n,1,2026-11-20\nchào,2,hôm qua\n", "dòng 2: thiếu nội dung"),
        ("a.csv", "text,time,likes\nchào,2026-11-20,nhiều\n", "dòng 2: lượt tương tác"),
        ("a.jsonl", '{"text": "a", "time": "2026-11-20"}\n[1, 2]\n', "dòng 2: mỗi dòng"),
        ("a.jsonl", '{"text": "a", "time": "2026-11-20"}\n{bad\n', "dòng 2: không phải JSON"),
        ("a.csv", "text,time\n", "không có dòng dữ liệu"),
        ("a.csv", "text,time\nchào,2024-13-45\n", "dòng 2: không hiểu thời gian"),
        ("a.csv", "text,time\nchào,99999999999999999\n", "dòng 2: không hiểu thời gian"),
        ("a.csv", "text,time,likes\nchào,2026-11-20,inf\n", "dòng 2: lượt tương tác"),
    ],
)
def test_bad_files_import_nothing_and_say_where(upload_source, name, data, message):
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data.encode(), name)
    assert any(message in e for e in error.value.errors), error.value.errors
    assert Item.objects.count() == 0


def test_a_file_with_one_bad_row_imports_none_of_its_rows(upload_source):
    data = CSV + "Một dòng có thời gian sai,fb:9,ngày mai,https://social.example/p/3,1\n"
    with pytest.raises(UploadError, match="dòng 4: không hiểu thời gian"):
        import_posts(upload_source, data.encode(), "posts.csv")
    assert Item.objects.count() == 0


def test_reactions_beyond_any_real_post_are_capped(upload_source):
    data = "text,time,likes\nchào buổi sáng thành phố,2026-11-20,99999999999999999\n"
    assert import_posts(upload_source, data.encode(), "a.csv")["new"] == 1
    assert Item.objects.get().reactions == 100_000_000


def test_import_posts_command(tmp_path, db):
    path = tmp_path / "posts.csv"
    path.write_text(CSV, encoding="utf-8")
    call_command("import_posts", str(path), "--source", "Nhóm cư dân")
    assert Source.objects.get(name="Nhóm cư dân").items.count() == 2
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_posts", str(tmp_path / "missing.csv"), "--source", "x")


def test_an_export_is_checked_against_stored_keys_in_chunks(upload_source, monkeypatch):
    """Keys are looked up a chunk at a time (900 in production: within SQLite's limit on
    parameters); an upload spanning many chunks is still stored exactly once."""
    monkeypatch.setattr(store, "CHUNK", 7)
    lines = ["text,author_id,created_at"]
    lines += [f"Bài đăng số {n} về kẹt xe ở cầu Sài Gòn,fb:{n},2026-11-20 07:30" for n in range(50)]
    first = "\n".join(lines[:31]).encode()  # 30 posts, then all 50 with those 30 again
    assert import_posts(upload_source, first, "a.csv") == {"rows": 30, "new": 30}
    assert import_posts(upload_source, "\n".join(lines).encode(), "b.csv") == {
        "rows": 50,
        "new": 20,
    }
    assert Item.objects.filter(source=upload_source).count() == 50

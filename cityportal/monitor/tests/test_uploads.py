"""Uploaded exports of social-media posts: all or nothing, authors hashed, nothing counted twice."""

import datetime
import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from cityportal.monitor.models import Item, Source, author_hash
from cityportal.monitor.sources import store
from cityportal.monitor.sources.uploads import UploadError, import_posts, parse_count

CSV = """text,author_id,created_at,url,likes
"Đường Nguyễn Hữu Cảnh lại ngập, bao giờ mới hết?",fb:1001,2026-11-20 07:30,https://social.example/p/1,120
Cảm ơn phường đã sửa đèn đường rất nhanh,fb:1002,20/11/2026 08:15,https://social.example/p/2,8
"""

CSV_POST = "Đường Nguyễn Hữu Cảnh lại ngập, bao giờ mới hết?"


def test_csv_posts_are_stored_with_hashed_authors_and_once(upload_source):
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {
        "rows": 2,
        "new": 2,
        "warnings": [],
    }
    first = Item.objects.get(url="https://social.example/p/1")
    assert first.reactions == 120 and first.kind == Item.Kind.POST
    assert first.author_hash == author_hash("fb:1001") and "1001" not in first.author_hash
    assert first.published_on.isoformat() == "2026-11-20"
    # The same file again (a desk member clicks twice): nothing new.
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {
        "rows": 2,
        "new": 0,
        "warnings": [],
    }
    assert Item.objects.count() == 2
    assert Source.objects.with_recent_counts().get(pk=upload_source.pk).items_count == 2


def _unkeyed(*parts) -> str:
    """A post's key as uploads wrote it before 0010: the raw author id under a plain SHA-256."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def test_an_upload_key_holds_nothing_computable_from_the_raw_author_id(upload_source):
    """A database dump let anyone test "did fb:1001 write this post?": the key was an unkeyed
    SHA-256 of the raw id with the row's own url, time and text."""
    import_posts(upload_source, CSV.encode(), "posts.csv")
    post = Item.objects.get(url="https://social.example/p/1")
    moment = post.published_at.isoformat()
    for guess in ("fb:1001", author_hash("fb:1001"), ""):
        assert post.key != _unkeyed(post.url, guess, moment, post.text)
    # Under another SECRET_KEY the same post has another key: it depends on the secret.
    with override_settings(SECRET_KEY="another-secret-key-0123456789abcdef-0123456789"):
        Item.objects.all().delete()
        import_posts(upload_source, CSV.encode(), "posts.csv")
        assert Item.objects.get(url=post.url).key != post.key


def test_a_file_imported_under_the_old_key_adds_nothing_when_uploaded_again(upload_source):
    """Posts stored before the keys changed are wrapped in a keyed hash by migration 0010 (the
    raw id is gone: they cannot be rebuilt in the new form), and still count as stored."""
    moment = timezone.make_aware(datetime.datetime(2026, 11, 20, 7, 30))
    old = Item.objects.create(
        source=upload_source,
        kind=Item.Kind.POST,
        key=_unkeyed("https://social.example/p/1", "fb:1001", moment.isoformat(), CSV_POST),
        url="https://social.example/p/1",
        text=CSV_POST,
        author_hash=author_hash("fb:1001"),
        published_at=moment,
    )
    plain = Item.objects.create(source=upload_source, key="demo-1", text="x", published_at=moment)
    migration = importlib.import_module("cityportal.monitor.migrations.0010_upload_keys_keyed")
    migration.wrap_keys(apps, None)
    old.refresh_from_db()
    assert old.key != _unkeyed(old.url, "fb:1001", moment.isoformat(), CSV_POST)
    plain.refresh_from_db()
    assert plain.key == "demo-1"  # no author, nothing personal: left as it was
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {
        "rows": 2,
        "new": 1,
        "warnings": [],
    }
    assert import_posts(upload_source, CSV.encode(), "posts.csv") == {
        "rows": 2,
        "new": 0,
        "warnings": [],
    }
    assert Item.objects.filter(url="https://social.example/p/1").count() == 1


@pytest.mark.parametrize(
    "written, count",
    [(7, 7), ("120", 120), ("1.234", 1234), ("12,500", 12500), ("1.234.567", 1234567)]
    + [("1,2K", 1200), ("3 Tr", 3_000_000), ("2,5 nghìn", 2500), ("4.0", 4)],
)
def test_reaction_counts_as_exports_write_them(written, count):
    assert parse_count(written) == count


@pytest.mark.parametrize("written", ["nhiều", "-3", "inf", "nan", True])
def test_what_is_not_a_count_is_refused(written):
    with pytest.raises(ValueError):
        parse_count(written)


def test_an_error_names_the_line_a_post_starts_on_though_posts_span_lines(upload_source):
    data = (
        "text,time\n"
        '"Dòng một của bài\ndòng hai\ndòng ba",2026-11-20\n'  # lines 2-4
        "\n"  # line 5, blank
        "Bài có thời gian sai,không rõ\n"  # line 6
    )
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data.encode(), "a.csv")
    assert error.value.errors == ["dòng 6: không hiểu thời gian 'không rõ'"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.csv", "message,author\nxin chào,1\n", "thiếu cột: time"),
        ("a.csv", "content,author,time\n,1,2026-11-20\nchào,2,hôm qua\n", "dòng 2: thiếu nội dung"),
        ("a.csv", "text,time,likes\nchào,2026-11-20,nhiều\n", "dòng 2: lượt tương tác"),
        ("a.jsonl", '{"text": "a", "time": "2026-11-20"}\n[1, 2]\n', "dòng 2: mỗi dòng"),
        (
            "a.jsonl",
            '{"text": "a", "time": "2026-11-20"}\n{bad\n',
            "dòng 2: không phải JSON hợp lệ (lỗi ở ký tự thứ 2)",
        ),
        ("a.csv", "text,time\n", "không có dòng dữ liệu"),
        ("a.csv", "text,time\nchào,2024-13-45\n", "dòng 2: không hiểu thời gian"),
        ("a.csv", "text,time\nchào,99999999999999999\n", "dòng 2: không hiểu thời gian"),
        ("a.csv", "text,time,likes\nchào,2026-11-20,inf\n", "dòng 2: lượt tương tác"),
        # Valid JSON that Python's reader still refuses, and a count no float holds: these
        # crashed the upload page.
        ("a.jsonl", '{"text": "a", "time": 1' + "0" * 5000 + "}\n", "dòng 1: không phải JSON"),
        ("a.jsonl", '{"text": ' + "[" * 5000 + "]" * 5000 + "}\n", "dòng 1: không phải JSON"),
        (
            "a.jsonl",
            '{"text": "a", "time": 1795000000, "likes": 1' + "0" * 400 + "}\n",
            "dòng 1: lượt",
        ),
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
    # A refused file names its lines and leaves no empty new source behind.
    path.write_text("text,time\nKẹt xe ở cầu Sài Gòn,hôm qua\n", encoding="utf-8")
    with pytest.raises(CommandError, match="dòng 2: không hiểu thời gian"):
        call_command("import_posts", str(path), "--source", "Nhóm mới")
    assert not Source.objects.filter(name="Nhóm mới").exists()


def test_an_export_is_checked_against_stored_keys_in_chunks(upload_source, monkeypatch):
    """Keys are looked up a chunk at a time (900 in production: within SQLite's limit on
    parameters); an upload spanning many chunks is still stored exactly once."""
    monkeypatch.setattr(store, "CHUNK", 7)
    lines = ["text,author_id,created_at"]
    lines += [f"Bài đăng số {n} về kẹt xe ở cầu Sài Gòn,fb:{n},2026-11-20 07:30" for n in range(50)]
    first = "\n".join(lines[:31]).encode()  # 30 posts, then all 50 with those 30 again
    assert import_posts(upload_source, first, "a.csv") == {"rows": 30, "new": 30, "warnings": []}
    assert import_posts(upload_source, "\n".join(lines).encode(), "b.csv") == {
        "rows": 50,
        "new": 20,
        "warnings": [],
    }
    assert Item.objects.filter(source=upload_source).count() == 50

"""Uploaded exports of social-media posts: all or nothing, authors hashed, nothing counted twice."""

import csv
import datetime
import hashlib
import importlib
import io
import unicodedata

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor.models import Item, Source, author_hash
from cityportal.monitor.sources import store
from cityportal.monitor.sources.uploads import UploadError, import_posts, parse_count, parse_time
from cityportal.news.tests.importers.helpers import to_cp1258

CSV = """text,author_id,created_at,url,likes
"Đường Nguyễn Hữu Cảnh lại ngập, bao giờ mới hết?",fb:1001,2026-11-20 07:30,https://social.example/p/1,120
Cảm ơn phường đã sửa đèn đường rất nhanh,fb:1002,20/11/2026 08:15,https://social.example/p/2,8
"""

CSV_POST = "Đường Nguyễn Hữu Cảnh lại ngập, bao giờ mới hết?"


@pytest.fixture
def upload_source(db):
    return Source.objects.create(name="Fanpage", kind=Source.Kind.UPLOAD)


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
    "encoding, delimiter",
    [("utf-8-sig", ","), ("utf-16", "\t"), ("cp1258", ";")],  # Excel's three ways of saving
)
def test_excel_exports_in_any_of_its_encodings_and_separators(upload_source, encoding, delimiter):
    rows = [
        ["text", "time", "likes"],
        ["Đường Nguyễn Hữu Cảnh lại ngập; bao giờ mới hết?", "2026-11-20 07:30", "120"],
        ["Cảm ơn phường đã sửa đèn đường", "20/11/2026 08:15", "8"],
    ]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    text = buffer.getvalue()
    data = to_cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    assert import_posts(upload_source, data, "export.csv") == {"rows": 2, "new": 2, "warnings": []}
    texts = set(Item.objects.values_list("text", flat=True))
    # cp1258 writes tones as combining marks: stored composed (NFC), as typed elsewhere.
    assert texts == {unicodedata.normalize("NFC", r[0]) for r in rows[1:]}
    assert Item.objects.get(reactions=120).text.startswith("Đường Nguyễn")


def test_a_file_in_no_text_encoding_is_refused(upload_source):
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, b"text,time\n\x81\x8d\x90,2026-11-20\n", "a.csv")
    assert "bảng mã" in error.value.errors[0]
    assert not Item.objects.exists()


def test_a_file_in_another_alphabet_is_refused_not_stored_as_mojibake(upload_source):
    """cp1258 decodes nearly any bytes: Shift-JIS passed as Vietnamese gibberish before."""
    data = "text,time\n日本語のテキストです。よろしく,2026-11-20\n".encode("shift_jis")
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data, "a.csv")
    assert "bảng mã" in error.value.errors[0]
    assert not Item.objects.exists()


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


def test_a_post_dated_in_the_future_is_a_wrong_column_not_a_post(upload_source):
    later = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    with pytest.raises(UploadError, match=f"dòng 2: thời gian '{later}' ở tương lai"):
        import_posts(upload_source, f"text,time\nchào,{later}\n".encode(), "a.csv")
    assert not Item.objects.exists()


def test_columns_headed_in_vietnamese(upload_source):
    """A sheet the desk heads itself ("Nội dung", "Thời gian") was refused: thiếu cột."""
    data = (
        "Nội dung;Tác giả;Thời gian;Đường dẫn;Lượt tương tác\n"
        "Đường Phạm Văn Đồng kẹt xe kéo dài;fb:9;27/10/2026 07:00;https://social.example/p/9;1.200\n"
    )
    assert import_posts(upload_source, to_cp1258(data), "export.csv") == {
        "rows": 1,
        "new": 1,
        "warnings": [],
    }
    post = Item.objects.get()
    assert (post.url, post.reactions) == ("https://social.example/p/9", 1200)
    assert post.author_hash == author_hash("fb:9")
    line = '{"Nội dung": "Xe buýt số 19 trễ chuyến", "Thời gian": "2026-10-27T08:00:00+07:00"}'
    assert import_posts(upload_source, line.encode(), "export.jsonl")["new"] == 1
    # A heading still missing is named as the file writes its headings.
    with pytest.raises(UploadError, match=r"thiếu cột: time \(có: Nội dung, Tác giả\)"):
        import_posts(upload_source, "Nội dung,Tác giả\nchào,1\n".encode(), "a.csv")


def test_a_heading_with_an_invisible_character_is_still_read(upload_source):
    """A zero-width space or soft hyphen an export tool left in "text" gave "thiếu cột: text"."""
    data = "te\u200bxt,ti\u00adme\nKẹt xe cầu Sài Gòn,2026-10-27 07:00\n"
    assert import_posts(upload_source, data.encode(), "a.csv") == {
        "rows": 1,
        "new": 1,
        "warnings": [],
    }


@pytest.mark.parametrize(
    "written, meant",
    [
        ("20-11-2026", "2026-11-20 00:00"),  # dashes, as Vietnamese forms write dates
        ("20.11.2026 14:05", "2026-11-20 14:05"),
        ("20/11/26 07:30", "2026-11-20 07:30"),  # a two-digit year
        ("20/11/2026 8:05 SA", "2026-11-20 08:05"),  # sáng: Excel's AM in Vietnamese
        ("20/11/2026 8:05:09 CH", "2026-11-20 20:05:09"),  # chiều: PM
        ("08:15 20/11/2026", "2026-11-20 08:15"),  # the time first, as the desk's lists
    ],
)
def test_dates_as_vietnamese_spreadsheets_write_them(upload_source, written, meant):
    """These were refused ("không hiểu thời gian"), the whole file with them."""
    assert import_posts(upload_source, f"text,time\nKẹt xe,{written}\n".encode(), "a.csv")
    stored = timezone.localtime(Item.objects.get().published_at)
    expected = datetime.datetime.fromisoformat(meant)
    assert stored.replace(tzinfo=None) == expected


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


def test_a_json_export_with_an_emoji_cut_in_half_or_a_nul_is_stored(upload_source):
    """Exporters that cut a post at a length in UTF-16 units leave half an emoji ("\\ud83d"),
    which no UTF-8 encodes: the upload crashed. NUL, which PostgreSQL refuses, goes too."""
    data = (
        '{"text": "Ngập quá \\ud83d", "author": "u\\udc01", "time": 1795000000,'
        ' "url": "https://social.example/p/\\ud83d"}\n'
        '{"text": "Kẹt\\u0000 xe", "time": 1795000000}\n'
    )
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 2
    texts = set(Item.objects.values_list("text", flat=True))
    assert texts == {"Ngập quá \ufffd", "Kẹt xe"}


def test_a_json_post_holding_a_line_separator_is_one_post(upload_source):
    """JSON may carry U+2028 and U+0085 unescaped (JSON.stringify, ensure_ascii=False): they are
    no line ends in JSON Lines, and the row was refused as broken JSON."""
    data = '{"text": "Dòng một\u2028dòng hai\u0085ba", "time": 1795000000}\n'
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 1
    assert Item.objects.get().text == "Dòng một\u2028dòng hai\u0085ba"


def test_a_csv_from_excel_for_mac_with_lines_ended_by_cr(upload_source):
    """Excel for Mac's "CSV (Macintosh)" ends lines in CR alone: the upload page crashed."""
    data = "text,time\rĐường ngập,20/11/2026 08:15\rCảm ơn phường,21/11/2026\r"
    assert import_posts(upload_source, to_cp1258(data), "mac.csv")["new"] == 2


@pytest.mark.parametrize("written", ["01/01/0001 00:00:00", "0001-01-01", "0"])
def test_a_blank_time_as_tools_write_it_is_a_wrong_value_not_a_crash(upload_source, written):
    """.NET exports write a blank date as year 1, which overflowed on its way to the database
    (the upload page crashed); epoch 0 is as blank. Nothing before 1900 is shown anyway."""
    with pytest.raises(UploadError, match="dòng 2: thời gian .* trước 01/01/1900"):
        import_posts(upload_source, f"text,time\nNgập nước,{written}\n".encode(), "a.csv")
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


@pytest.mark.parametrize(
    "text",
    [
        "胡志明市交通拥堵严重，市民希望尽快解决",  # GBK: no byte in 0x80-0x9F, but long runs
        "日本語のテキストです。よろしく",  # Shift-JIS
    ],
)
def test_chinese_or_japanese_bytes_are_not_taken_for_cp1258(upload_source, text):
    for codec in ("gbk", "shift_jis"):
        try:
            data = f"text,time\n{text},2026-11-20\n".encode(codec)
        except UnicodeEncodeError:
            continue
        with pytest.raises(UploadError, match="bảng mã"):
            import_posts(upload_source, data, "a.csv")


def test_a_short_cp1258_file_full_of_quotes_and_dashes_is_read(upload_source):
    """cp1258's “ ” ‘ ’ – … are bytes 0x80-0x9F: a short post with several of them is still
    Vietnamese."""
    text = "“Kẹt xe” – đường Võ Văn Kiệt…"
    data = to_cp1258(f"text,time\n{text},2026-11-20\n")
    assert import_posts(upload_source, data, "a.csv") == {"rows": 1, "new": 1, "warnings": []}
    assert Item.objects.get().text == text


def test_an_unclosed_quote_is_a_clear_error_not_a_crash(upload_source):
    """The quote never closes, so the rest of the file reads as one field past csv's limit."""
    data = 'text,time\n"Bài đầu chưa đóng ngoặc,2026-11-20\n' + "Bài sau,2026-11-20\n" * 9000
    with pytest.raises(UploadError, match="dòng 2: tệp CSV hỏng: dấu ngoặc kép không đóng"):
        import_posts(upload_source, data.encode(), "a.csv")
    assert not Item.objects.exists()


def _vietnamese_am_pm(monkeypatch):
    """strptime as under LC_TIME=vi_VN, whose AM and PM are "SA" and "CH" (this machine has no
    such locale installed): its cache of the locale's words, rebuilt with those."""
    import _strptime

    words = _strptime.LocaleTime()
    words.am_pm = ["sa", "ch"]
    monkeypatch.setattr(_strptime, "_TimeRE_cache", _strptime.TimeRE(words))
    monkeypatch.setattr(_strptime, "_regex_cache", {})


@pytest.mark.parametrize("lc_time", ["vi_VN.UTF-8", "de_DE.UTF-8", "simulated vi_VN"])
@pytest.mark.parametrize(
    "written, meant",
    [
        ("20/11/2026 8:05 SA", "2026-11-20 08:05"),
        ("20/11/2026 12:30 SA", "2026-11-20 00:30"),  # midnight's half hour
        ("20/11/2026 12:30 CH", "2026-11-20 12:30"),  # noon's
        ("20/11/2026 8:05:09 PM", "2026-11-20 20:05:09"),
        ("08:15 CH 20/11/2026", "2026-11-20 20:15"),
    ],
)
def test_sa_ch_are_read_whatever_the_process_locale(monkeypatch, lc_time, written, meant):
    """SA/CH went through strptime's %p, whose words are the process locale's: under a
    Vietnamese or German LC_TIME "AM" and "PM" were not understood, and the file was refused."""
    import locale

    if lc_time.startswith("simulated"):
        _vietnamese_am_pm(monkeypatch)
        stored = parse_time(written)
    else:
        before = locale.setlocale(locale.LC_TIME)
        try:
            locale.setlocale(locale.LC_TIME, lc_time)
        except locale.Error:
            pytest.fail(f"{lc_time} is not installed: `make locales` generates it")
        try:
            stored = parse_time(written)
        finally:
            locale.setlocale(locale.LC_TIME, before)
    assert stored is not None
    assert timezone.localtime(stored).replace(tzinfo=None) == datetime.datetime.fromisoformat(meant)


@pytest.mark.parametrize("written", ["20/11/2026 13:05 CH", "20/11/2026 0:05 SA", "8:05 SA CH"])
def test_a_12_hour_time_out_of_range_is_not_a_time(written):
    assert parse_time(written) is None


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("a.csv", "text,time,time\nKẹt xe,2026-11-20,2026-11-21\n", "cột 'time', 'time' trùng"),
        (
            "a.csv",
            "Nội dung;Thời gian;thoi gian\nKẹt xe;20/11/2026;21/11/2026\n",
            "cột 'Thời gian', 'thoi gian' trùng",
        ),
        (
            "a.jsonl",
            '{"text": "Kẹt xe", "time": "2026-11-20", "time": "2026-11-21"}\n',
            "dòng 1: cột 'time', 'time' trùng",
        ),
        (
            "a.jsonl",
            '{"text": "Kẹt xe", "time": "2026-11-20"}\n{"text": "a", "Text": "b", "time": 1}\n',
            "dòng 2: cột 'text', 'Text' trùng",
        ),
    ],
)
def test_a_column_read_twice_refuses_the_file(upload_source, name, data, message):
    """The last of two "time" columns won, silently: a post could be stored at the wrong time."""
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data.encode(), name)
    [error] = error.value.errors
    assert error.startswith(message) and "tải tệp lên lại" in error
    assert not Item.objects.exists()


def test_a_column_not_read_may_repeat(upload_source):
    """Excel leaves blank headings after the last column; a tool's own columns may repeat."""
    data = "text,time,tag,tag,,\nKẹt xe,2026-11-20 07:00,a,b,,\n"
    assert import_posts(upload_source, data.encode(), "a.csv") == {
        "rows": 1,
        "new": 1,
        "warnings": [],
    }


@pytest.mark.parametrize("written", ['"1732694400000"', "1732694400000", "1732694400000.0"])
def test_epoch_times_in_milliseconds_as_exports_write_them(upload_source, written):
    """Refused before ("không hiểu thời gian"): the year 56875 in seconds."""
    data = f'{{"text": "Kẹt xe cầu Sài Gòn", "time": {written}}}\n'
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 1
    assert Item.objects.get().published_at == datetime.datetime(
        2024, 11, 27, 8, tzinfo=datetime.UTC
    )
    # The same instant in seconds is the same post.
    data = '{"text": "Kẹt xe cầu Sài Gòn", "time": 1732694400}\n'
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 0


@pytest.mark.parametrize(
    "written, message",
    [
        ("1732694400000000", "dòng 3: không hiểu thời gian"),  # microseconds
        ("32503680000000", "dòng 3: thời gian '32503680000000' ở tương lai"),  # 3000, in ms
    ],
)
def test_an_absurd_epoch_time_is_still_refused_with_its_line(upload_source, written, message):
    data = f"text,time\nKẹt xe,1732694400000\nNgập nước,{written}\n"
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data.encode(), "a.csv")
    assert error.value.errors[0].startswith(message)
    assert not Item.objects.exists()


def test_an_archive_from_the_1990s_is_imported(upload_source):
    """Dates before 2000 were refused: the desk could not load the press archive."""
    data = "text,time\nBáo in: nước ngập đường Nguyễn Hữu Cảnh,15/06/1995 08:00\n"
    assert import_posts(upload_source, to_cp1258(data), "archive.csv") == {
        "rows": 1,
        "new": 1,
        "warnings": [],
    }
    assert Item.objects.get().published_on == datetime.date(1995, 6, 15)


@pytest.mark.parametrize("written", ["30/12/1899", "01/01/1900 00:00", "1900-01-01T00:00:00Z"])
def test_blank_dates_of_excel_and_sql_server_are_still_refused(upload_source, written):
    """Excel's day 0 and SQL Server's blank date are no 1900s post."""
    with pytest.raises(UploadError, match="dòng 2: thời gian .* là ô để trống"):
        import_posts(upload_source, f"text,time\nNgập nước,{written}\n".encode(), "a.csv")
    assert Item.objects.count() == 0


def test_two_columns_for_one_field_the_canonical_one_wins_and_the_result_says_so(upload_source):
    """A file with both "text" and "message" (or "content"): "text" is read; "message" only
    fills a row whose "text" is blank (the post is there, refusing the file would only make the
    analyst merge the columns by hand); the result names the column set aside and those rows."""
    data = (
        "message,Text,time,content\n"
        "Bản tóm tắt,Kẹt xe cầu Sài Gòn sáng nay,2026-11-20 07:00,\n"
        "Ngập đường Nguyễn Hữu Cảnh,,2026-11-20 08:00,Bài khác\n"
        "Cùng một bài,Cùng một bài,2026-11-20 09:00,\n"
    )
    result = import_posts(upload_source, data.encode(), "export.csv")
    assert result["rows"] == result["new"] == 3
    texts = set(Item.objects.values_list("text", flat=True))
    assert texts == {"Kẹt xe cầu Sài Gòn sáng nay", "Ngập đường Nguyễn Hữu Cảnh", "Cùng một bài"}
    [warning] = result["warnings"]
    assert warning.startswith(
        "cột 'message', 'content' không dùng cho nội dung (text): tệp có cột 'Text'"
    )
    assert "1 dòng có giá trị khác ở cột bị bỏ qua" in warning
    assert "1 dòng để trống 'Text' nên lấy từ cột còn lại (dòng 3)" in warning


def test_without_the_canonical_column_the_alias_listed_first_wins(upload_source):
    data = '{"content": "Bài chi tiết", "message": "Kẹt xe Quận 1", "date": 1732694400}\n'
    result = import_posts(upload_source, data.encode(), "export.jsonl")
    assert Item.objects.get().text == "Kẹt xe Quận 1"  # message is listed before content
    [warning] = result["warnings"]
    assert warning.startswith("cột 'content' không dùng cho nội dung (text): tệp có cột 'message'")


def test_an_upload_with_two_columns_for_one_field_warns_in_the_admin_and_the_command(
    client, analyst, tmp_path
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = "text,message,time\nKẹt xe cầu Sài Gòn,Kẹt xe,2026-11-20 07:00\n".encode()
    client.force_login(analyst)
    page = client.post(
        reverse("monitor_upload"),
        {"new_source": "Fanpage quận", "file": SimpleUploadedFile("p.csv", data)},
        follow=True,
    ).content.decode()
    assert "p.csv: cột &#x27;message&#x27; không dùng cho nội dung (text)" in page
    path = tmp_path / "q.csv"
    path.write_bytes(data.replace(b"07:00", b"08:00"))
    out = io.StringIO()
    call_command("import_posts", str(path), source="Tệp", stdout=out)
    assert "cột 'message' không dùng cho nội dung (text)" in out.getvalue()

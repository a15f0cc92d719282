"""Columns of uploaded exports: headed in Vietnamese or English, with invisible characters,
repeated, or two for one field (which wins, and the warning that says so)."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from cityportal.monitor.models import Item, author_hash
from cityportal.monitor.sources.uploads import UploadError, import_posts
from cityportal.news.tests.importers.helpers import to_cp1258


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

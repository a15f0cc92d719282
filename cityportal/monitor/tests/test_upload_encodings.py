"""Uploaded exports as the tools of the field write them: any encoding Excel saves in, another
alphabet refused rather than stored as mojibake, broken JSON and CSV read or refused clearly."""

import csv
import io
import unicodedata

import pytest

from cityportal.monitor.models import Item
from cityportal.monitor.sources.uploads import UploadError, import_posts
from cityportal.news.tests.importers.helpers import to_cp1258


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

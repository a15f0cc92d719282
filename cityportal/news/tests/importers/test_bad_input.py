"""The bad inputs a newsroom actually receives: encodings, broken records, unsafe HTML, wrong options."""

import json
import re
import unicodedata

import pytest
from django.core.management import CommandError

from cityportal.news.models import ArticlePage

from .helpers import ARTICLES, body_html, run, to_cp1258, write_jsonl


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("encoding", "bom", "label"),
    [
        ("utf-16-le", b"\xff\xfe", "UTF-16 LE with BOM"),
        ("utf-16-be", b"\xfe\xff", "UTF-16 BE with BOM"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
    ],
)
def test_bom_encodings(tmp_path, section, encoding, bom, label):
    path = tmp_path / "bom.jsonl"
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in ARTICLES[:2]) + "\n"
    path.write_bytes(bom + text.encode(encoding))

    output = run(str(path), "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.startswith("Created 2, updated 0, unchanged 0, skipped 0")
    assert f"Encoding: {label}" in output
    assert ArticlePage.objects.get(import_key="hcm-001").title == ARTICLES[0]["title"]


@pytest.mark.django_db
def test_cp1258_file_is_decoded_and_normalised(tmp_path, section):
    title = "Quận Thủ Đức tổ chức Hội nghị tổng kết năm"
    line = json.dumps(
        {"id": "1", "title": title, "sapo": "Đường Võ Văn Ngân", "body": "Ấp ủ"}, ensure_ascii=False
    )
    path = tmp_path / "windows.jsonl"
    path.write_bytes(to_cp1258(line) + b"\r\n")
    assert b"\xd2" in path.read_bytes()  # the combining hook above: really cp1258

    output = run(str(path), "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert output.startswith("Created 1,")
    assert "Encoding: cp1258 (Windows Vietnamese)" in output
    page = ArticlePage.objects.get()
    assert page.title == title and unicodedata.is_normalized("NFC", page.title)
    assert page.sapo == "Đường Võ Văn Ngân"
    assert page.slug == "quan-thu-duc-to-chuc-hoi-nghi-tong-ket-nam"


@pytest.mark.django_db
def test_bad_records_are_reported_and_skipped(tmp_path, section):
    good = {"id": "a", "title": "Bài tốt", "sapo": "s", "body": "b"}
    lines = [
        good,
        '{"id": "b", "title": "Bị cắt cụt", "sapo": "s", "bo',  # truncated line
        {"id": "a", "title": "Trùng id", "sapo": "s", "body": "b"},
        {"id": "c", "title": "", "sapo": "s", "body": "b"},
        {"id": "d", "sapo": "không có tiêu đề"},
        {"title": "Không có id", "sapo": "s"},
        {"id": "e", "title": "Đ" * 256, "sapo": "s"},
        {"id": "f", "title": "Sai ngày", "sapo": "s", "published_at": "28/06/2021"},
        {"id": "g", "title": "Chuyên mục lạ", "sapo": "s", "section": "the-thao"},
        {"id": "h", "title": "Bài tốt thứ hai", "sapo": "s", "body": "b"},
    ]
    output = run(
        write_jsonl(tmp_path / "bad.jsonl", lines),
        "--format",
        "jsonl",
        "--section",
        "kinh-te-xa-hoi",
    )

    assert output.splitlines()[0] == "Created 2, updated 0, unchanged 0, skipped 8"
    assert "Skipped line 2: invalid JSON" in output
    assert "Skipped line 3: duplicate of line 1 (id 'a')" in output
    assert "Skipped line 4: missing title" in output
    assert "Skipped line 5: missing title" in output
    assert "Skipped line 6: missing id" in output
    assert "Skipped line 7: title longer than 255 characters (256)" in output
    assert "Skipped line 8: bad date '28/06/2021'" in output
    assert "Skipped line 9: unknown section 'the-thao'" in output
    assert sorted(ArticlePage.objects.values_list("title", flat=True)) == [
        "Bài tốt",
        "Bài tốt thứ hai",
    ]
    assert ArticlePage.objects.get(import_key="a").title == "Bài tốt"  # the first one stays


@pytest.mark.django_db
def test_html_is_sanitised(tmp_path, section):
    body = (
        "<script>alert('xss')</script><style>p{}</style>"
        "<h1>Tiêu đề lớn</h1><div>Đoạn trong div</div>"
        "<p onclick='evil()'>Có <strong>đậm</strong>, <em>nghiêng</em>, "
        "<a href='javascript:alert(1)'>liên kết xấu</a>, <a href='mailto:bbt@hochiminhcity.gov.vn'>"
        "thư</a> <img src='https://example.com/a.jpg'></p>"
        "<iframe src='https://evil.example'>khung</iframe>"
        "<ul><li>Một</li><li>Hai</li></ul><blockquote>Trích</blockquote><p>  </p>"
    )
    path = write_jsonl(
        tmp_path / "html.jsonl", [{"id": "1", "title": "HTML", "sapo": "s", "body": body}]
    )

    output = run(path, "--format", "jsonl", "--section", "kinh-te-xa-hoi")

    assert "Note: 1 images dropped" in output
    blocks = body_html(ArticlePage.objects.get())
    assert blocks == [
        "<h2>Tiêu đề lớn</h2>",
        "<p>Đoạn trong div</p>",
        "<p>Có <b>đậm</b>, <i>nghiêng</i>, liên kết xấu, "
        '<a href="mailto:bbt@hochiminhcity.gov.vn" rel="nofollow noopener">thư</a> </p>',
        "<ul><li>Một</li><li>Hai</li></ul>",
        "<blockquote>Trích</blockquote>",
    ]
    joined = "".join(blocks)
    for gone in ("alert", "script", "style", "onclick", "iframe", "khung", "img", "javascript"):
        assert gone not in joined


@pytest.mark.django_db
def test_body_that_sanitises_to_nothing_is_imported(tmp_path, section):
    path = write_jsonl(
        tmp_path / "a.jsonl",
        [
            {"id": "1", "title": "Chỉ có script", "sapo": "", "body": "<script>alert(1)</script>"},
        ],
    )
    output = run(path, "--format", "jsonl", "--section", "van-hoa")
    assert output.startswith("Created 1, updated 0, unchanged 0, skipped 0")
    page = ArticlePage.objects.get()
    assert body_html(page) == []
    assert page.sapo == "Chỉ có script"  # no sapo, no body text: the title stands in


@pytest.mark.django_db
def test_unknown_section_option_is_an_error_before_importing(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    with pytest.raises(CommandError, match="unknown section 'the-thao'"):
        run(path, "--format", "jsonl", "--section", "the-thao")
    assert not ArticlePage.objects.exists()


@pytest.mark.django_db
def test_record_without_any_section_is_skipped(tmp_path, section):
    path = write_jsonl(tmp_path / "a.jsonl", ARTICLES)
    output = run(path, "--format", "jsonl")
    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 2"
    assert 'Skipped line 1: no section: the record has no "section"' in output


@pytest.mark.django_db
def test_not_json_lines_is_an_error(tmp_path, section):
    path = tmp_path / "a.jsonl"
    path.write_text("<rss></rss>\n")
    with pytest.raises(CommandError, match="does not look like JSON Lines"):
        run(str(path), "--format", "jsonl", "--section", "van-hoa")


@pytest.mark.django_db
def test_summary_is_capped(tmp_path, section):
    lines = ["{broken"] + [{"id": "x", "title": f"T{n}", "sapo": "s"} for n in range(60)]
    output = run(
        write_jsonl(tmp_path / "a.jsonl", lines), "--format", "jsonl", "--section", "van-hoa"
    )
    assert output.splitlines()[0] == "Created 1, updated 0, unchanged 0, skipped 60"
    assert "… and 10 more skipped" in output
    assert output.count("Skipped line") == 50


def test_a_feed_declared_windows_1258_is_read_however_many_quotes_it_has():
    """Its quotes and dashes (cp1258 bytes 0x80-0x9F) outnumber its letters: the declaration
    says cp1258, so no guess may refuse it."""
    from cityportal.news.importers.inputs import decode_document

    xml = '<?xml version="1.0" encoding="windows-1258"?><title>“Sở GTVT”: ‘phân luồng’ – ổn</title>'
    text, encoding = decode_document(to_cp1258(xml))
    assert "“Sở GTVT”: ‘phân luồng’ – ổn" in text and "cp1258" in str(encoding)


def _could_be_cp1258_byte_by_byte(data: bytes) -> bool:
    """The guess as first written, one byte at a time: what the fast one must still decide."""
    if re.search(rb"[\x80-\xff]{8,}", data):
        return False
    punctuation = b"\x80\x85\x8b\x91\x92\x93\x94\x95\x96\x97\x99\x9b"
    high = sum(byte >= 0x80 for byte in data)
    odd = sum(0x80 <= byte <= 0x9F and byte not in punctuation for byte in data)
    return odd <= 0.2 * high


class Unwalkable(bytes):
    """Bytes that cannot be walked one by one in Python: on a 50 MB file that takes seconds."""

    def __iter__(self):
        raise AssertionError("the guess walked the bytes in Python")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain ASCII, 2026-11-20\n",
        to_cp1258("Quận Thủ Đức tổ chức Hội nghị tổng kết năm; Đường Võ Văn Ngân"),
        to_cp1258("“Kẹt xe” – đường Võ Văn Kiệt…"),  # quotes and dashes in 0x80-0x9F
        to_cp1258("“Sở GTVT”: ‘phân luồng’ – ổn"),
        "胡志明市交通拥堵严重，市民希望尽快解决".encode("gbk"),  # long high runs
        "日本語のテキストです。よろしく".encode("shift_jis"),
        "よ、ろ".encode("shift_jis"),  # short runs, but mostly bytes cp1258 leaves unused
        b"text,time\n\x81\x8d\x90,2026-11-20\n",
        b"a\x80\x80\x80\x80\x80\x80\x80b",  # seven in a row, then eight
        b"a\x80\x80\x80\x80\x80\x80\x80\x80b",
        b"\x81" + b"\xe0" * 4,  # one odd byte in five: at the limit
        b"\x81\x81" + b"\xe0" * 4,
    ],
)
def test_the_cp1258_guess_decides_as_it_did_byte_by_byte(data):
    from cityportal.news.importers.inputs import _could_be_cp1258

    assert _could_be_cp1258(Unwalkable(data)) == _could_be_cp1258_byte_by_byte(data)


def test_a_20_mb_feed_is_guessed_whole_without_walking_its_bytes_in_python():
    """The guess reads every byte of a big file (Japanese at the very end still refuses it),
    through C-speed primitives: each of these takes seconds byte by byte."""
    from cityportal.news.importers.inputs import _could_be_cp1258

    line = to_cp1258("<item><title>“Kẹt xe” – đường Võ Văn Kiệt, Thủ Đức</title></item>\n")
    feed = line * (20_000_000 // len(line))
    assert _could_be_cp1258(Unwalkable(feed))
    assert not _could_be_cp1258(Unwalkable(feed + "よろしく".encode("shift_jis")))
    stray = line + b"<!-- \x81\x8d \x90\x9d \x8a\x9e -->\n"  # bytes cp1258 leaves unused
    assert not _could_be_cp1258(Unwalkable(stray * (20_000_000 // len(stray))))

"""Whatever a reader types, search answers: results or an empty list, never a server error."""

import datetime

import pytest

from cityportal.search.engine import search, suggest

BAD = [
    "",
    "   ",
    "x" * 10_000,
    "thủ đức " * 1500,
    '"',
    '"unbalanced',
    "*",
    "thu*",
    "NEAR(thu duc)",
    "NEAR",
    "-",
    "--",
    "-thu",
    "(",
    ")",
    "AND OR NOT",
    "title:thu",
    "{title}: x",
    "^thu",
    "thu & duc | !x <-> y",
    "'; DROP TABLE search_document; --",
    "1' OR '1'='1",
    "😀🎉",
    "Thủ Đức 😀",
    "東京 Tokyo Thủ Đức",
    "Привет мир",
    "\x00\x01",
    "\u0301\u0300",
    "%_\\",
]


@pytest.fixture
def indexed(make_doc):
    make_doc("Thủ Đức khởi công cầu mới", body="NEAR the river, Tokyo 東京")


@pytest.mark.parametrize("text", BAD)
def test_engine_never_fails(indexed, text):
    results = search(text)
    assert results.total >= 0
    assert isinstance(suggest(text), list)


@pytest.mark.parametrize("text", BAD)
def test_page_and_api_never_fail(indexed, client, text):
    page = client.get("/tim-kiem/", {"q": text})
    assert page.status_code == 200
    api = client.get("/api/v1/search", {"q": text})
    assert api.status_code == 200
    assert set(api.json()) >= {"total", "results"}
    assert client.get("/api/v1/search/suggest", {"q": text}).status_code == 200


def test_syntax_characters_are_just_separators(indexed):
    # "near" is a word here, not FTS5's proximity operator.
    def found(text):
        return search(text, kind="article").total

    assert found("NEAR(thu duc)") == 1
    assert found("NEAR(thu cau)") == 1
    assert found("NEAR(tokyo ngap)") == 0
    assert found("thu* duc") == 1
    assert found('"thu duc') == 1
    assert found("Thủ Đức 😀") == 1
    assert found("東京") == 1
    assert found("x" * 10_000) == 0


def test_dates_at_the_ends_of_the_calendar_bound_nothing(indexed, client):
    # 1/1/0001 in Hồ Chí Minh City is still 31/12/0000 in UTC, and the day after 31/12/9999 does
    # not exist: both answered 500 on the page and in the API.
    for start, end in (("0001-01-01", ""), ("", "9999-12-31"), ("0001-01-01", "9999-12-31")):
        page = client.get("/tim-kiem/", {"q": "thu duc", "start": start, "end": end})
        assert page.status_code == 200
        assert "Tìm thấy 1 kết quả" in page.content.decode()
        query = {"q": "thu duc", "type": "article", "from": start, "to": end}
        api = client.get("/api/v1/search", query)
        assert api.status_code == 200 and api.json()["total"] == 1
        browse = client.get("/tim-kiem/", {"start": start, "end": end, "type": "article"})
        assert browse.status_code == 200
    # At the far ends without overflowing, the bounds still apply.
    assert search("thu duc", start=datetime.date(9999, 12, 31)).total == 0
    assert search("thu duc", end=datetime.date(1, 1, 1)).total == 0

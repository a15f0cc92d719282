"""The JSON contract: GET /api/v1/search?q=&limit=&offset=&type=&section=&place=&from=&to="""

import datetime

RESULT_KEYS = {"type", "title", "url", "published_at", "snippet", "score"}


def test_search_contract(client, make_doc):
    make_doc(
        "Thủ Đức mở rộng đường Võ Nguyên Giáp", lead="Dự án ở Thủ Đức.", section="kinh-te-xa-hoi"
    )
    make_doc("Thủ Đức có thêm công viên", lead="Công viên mới ở Thủ Đức.", days_ago=3)
    response = client.get("/api/v1/search", {"q": "thu duc", "type": "article", "limit": 1})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["total"] == 2
    assert len(data["results"]) == 1
    result = data["results"][0]
    assert set(result) == RESULT_KEYS
    assert result["type"] == "article"
    assert result["url"].startswith("http://testserver/thu/")
    assert datetime.datetime.fromisoformat(result["published_at"])
    assert "<mark>Thủ Đức</mark>" in result["snippet"]
    assert result["score"] > 0

    second = client.get("/api/v1/search", {"q": "thu duc", "type": "article", "offset": 1}).json()
    assert {result["title"], second["results"][0]["title"]} == {
        "Thủ Đức mở rộng đường Võ Nguyên Giáp",
        "Thủ Đức có thêm công viên",
    }
    assert second["results"][0]["score"] <= result["score"]


def test_titles_are_plain_text_like_the_suggestions(client, make_doc):
    # Marked and escaped for the page, titles reached JSON clients as 'Phim &quot;Đào&quot;…'.
    title = 'Phim "Đào, Phở và Piano" & <Mùa hè xanh> chiếu miễn phí'
    make_doc(title)
    [result] = client.get("/api/v1/search", {"q": "dao pho piano"}).json()["results"]
    assert result["title"] == title
    [suggestion] = client.get("/api/v1/search/suggest", {"q": "phim dao"}).json()
    assert suggestion["title"] == title


def test_filters_in_the_api(client, make_doc):
    make_doc("Chợ Bến Thành sửa chữa", section="kinh-te-xa-hoi", days_ago=40)
    make_doc("Chợ Bình Tây sửa chữa", section="van-hoa", days_ago=2)

    def titles(**params):
        data = client.get("/api/v1/search", {"q": "cho", "type": "article", **params}).json()
        return [r["title"] for r in data["results"]]

    assert titles(section="van-hoa") == ["Chợ Bình Tây sửa chữa"]
    week_ago = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    assert titles(**{"from": week_ago}) == ["Chợ Bình Tây sửa chữa"]
    assert titles(to=week_ago) == ["Chợ Bến Thành sửa chữa"]


def test_invalid_parameters_get_a_clear_422(client):
    for params in (
        {"q": "x", "limit": 0},
        {"q": "x", "limit": 500},
        {"q": "x", "offset": -1},
        {"q": "x", "type": "khong-co"},
        {"q": "x", "from": "2024-13-01"},
        {"q": "x", "from": "2024-05-02", "to": "2024-05-01"},
    ):
        response = client.get("/api/v1/search", params)
        assert response.status_code == 422, params
        assert response.json()["detail"]


def test_empty_query_is_an_empty_list(client, db):
    assert client.get("/api/v1/search").json() == {
        "total": 0,
        "total_exact": True,
        "results": [],
        "did_you_mean": "",
        "fewer_words": "",
    }


def test_nothing_with_every_word_offers_the_words_less_one_as_the_page_does(client, make_doc):
    """The engine works the shorter query out for the API too: a client gets it, as the page's
    reader does, instead of paying for it unseen."""
    make_doc("Chống ngập nước trong mùa mưa")
    make_doc("Quận 8 sửa chợ")
    data = client.get("/api/v1/search", {"q": "ngap nuoc quan 8"}).json()
    assert data["total"] == 0 and data["fewer_words"] == "ngap nuoc"
    assert client.get("/api/v1/search", {"q": "ngap nuoc"}).json()["fewer_words"] == ""


def test_suggestions_complete_the_last_word_without_diacritics(client, make_doc):
    make_doc("Thủ Đức khởi công cầu mới")
    data = client.get("/api/v1/search/suggest", {"q": "thu duc khoi c"}).json()
    assert {"type": "article", "title": "Thủ Đức khởi công cầu mới", "url": data[0]["url"]} in data
    assert all(set(item) == {"type", "title", "url"} for item in data)
    assert client.get("/api/v1/search/suggest", {"q": "khoi cong ca"}).json()[0]["title"] == (
        "Thủ Đức khởi công cầu mới"
    )


def test_openapi_schema_describes_search(client):
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/search"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"q", "limit", "offset", "type", "section", "place", "from", "to"} <= names
    assert "/api/v1/search/suggest" in schema["paths"]
    assert client.get("/api/v1/docs").status_code == 200


def test_place_filter_in_the_api_includes_merged_wards(client, make_doc):
    from cityportal.core.models import AdministrativeUnit

    ward = AdministrativeUnit.objects.get(slug="phuong-sai-gon")
    make_doc("Phố đi bộ Nguyễn Huệ", places=[ward.predecessors.first()])
    make_doc("Phố đi bộ Bùi Viện")
    data = client.get("/api/v1/search", {"q": "pho di bo", "place": "phuong-sai-gon"}).json()
    assert [r["title"] for r in data["results"]] == ["Phố đi bộ Nguyễn Huệ"]
    assert client.get("/api/v1/search", {"q": "pho di bo", "place": "khong-co"}).status_code == 422


def test_blank_parameters_mean_no_filter(client, make_doc):
    make_doc("Thủ Đức khởi công cầu mới")
    response = client.get(
        "/api/v1/search?q=khoi+cong+cau&limit=&offset=&type=&section=&place=&from=&to=&sort="
    )
    assert response.status_code == 200
    assert "Thủ Đức khởi công cầu mới" in [r["title"] for r in response.json()["results"]]


def test_unknown_section_or_place_is_a_422_like_an_unknown_type(client, make_doc):
    make_doc("Chợ Bến Thành sửa chữa", section="kinh-te-xa-hoi")
    wrong_type = client.get("/api/v1/search", {"q": "cho", "type": "khong-co"}).json()
    assert wrong_type["detail"][0]["loc"] == ["query", "type"]
    for name, value, message in (
        ("section", "khong-co", "Không có chuyên mục 'khong-co'"),
        # Slugs are exact, as types are: ?type=ARTICLE is refused too.
        ("section", "KINH-TE-XA-HOI", "Không có chuyên mục 'KINH-TE-XA-HOI'"),
        ("place", "79", "Không có địa bàn '79'"),
    ):
        response = client.get("/api/v1/search", {"q": "cho", name: value})
        assert response.status_code == 422, value
        [error] = response.json()["detail"]
        assert set(error) >= set(wrong_type["detail"][0]) - {"ctx"}
        assert error["loc"] == ["query", name]
        assert error["msg"].startswith(message), error
    assert (
        client.get("/api/v1/search", {"q": "cho", "section": "kinh-te-xa-hoi"}).json()["total"] == 1
    )
    assert client.get("/api/v1/search", {"q": "cho", "place": "phuong-sai-gon"}).status_code == 200


def test_dates_are_iso_days_only(client, make_doc):
    make_doc("Chợ Bến Thành sửa chữa")
    today = datetime.date.today().isoformat()
    assert client.get("/api/v1/search", {"q": "cho", "from": today}).json()["total"] == 1
    for value in ("86400", "2021-07-01T00:00:00", "2025", "2024-13-01", "20240501", "01/05/2024"):
        response = client.get("/api/v1/search", {"q": "cho", "from": value, "to": value})
        assert response.status_code == 422, value
        errors = response.json()["detail"]
        assert [e["loc"] for e in errors] == [["query", "from"], ["query", "to"]]
        assert errors[0]["msg"] == "Ngày phải có dạng YYYY-MM-DD, ví dụ 2025-07-01.", value

"""The search page /tim-kiem/ and the editors' search-terms report."""

import re

from bs4 import BeautifulSoup

from cityportal.search.models import SearchTerm


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_search_page_shows_marked_results(client, make_doc):
    make_doc("Thủ Đức khởi công cầu mới", lead="Cầu nối Thủ Đức với trung tâm.")
    response = client.get("/tim-kiem/", {"q": "thu duc", "type": "article"})
    assert response.status_code == 200
    page = soup(response)
    result = page.select_one(".search-result")
    assert result.select_one("h2 a").get_text() == "Thủ Đức khởi công cầu mới"
    assert [m.get_text() for m in result.select(".snippet mark")] == ["Thủ Đức"]
    assert "Tìm thấy 1 kết quả" in page.select_one(".result-count").get_text()
    assert page.select_one("#id_q")["value"] == "thu duc"
    assert page.select_one("meta[name=robots]")["content"] == "noindex"
    # A reader's search is counted, but a front cache may keep it a minute.
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert not response.cookies


def test_every_page_has_a_search_box(client, home):
    page = soup(client.get("/"))
    form = page.select_one("form[role=search]")
    assert form["action"] == "/tim-kiem/"
    assert form.select_one("input[name=q]")


def test_nothing_found_offers_did_you_mean(client, make_doc):
    from cityportal.search.index import refresh_vocabulary

    make_doc("Giao thông thông minh")
    refresh_vocabulary()
    page = soup(client.get("/tim-kiem/", {"q": "giao thongg"}))
    assert "Không tìm thấy kết quả nào" in page.select_one(".result-count").get_text()
    link = page.select_one(".did-you-mean a")
    assert link.get_text() == "giao thong"
    assert link["href"] == "?q=giao%20thong"


def test_pagination(client, make_doc):
    for i in range(25):
        make_doc(f"Bản tin phòng chống dịch số {i}", days_ago=i)
    first = soup(client.get("/tim-kiem/", {"q": "phong chong dich", "sort": "newest"}))
    assert len(first.select(".search-result")) == 20
    assert first.select_one(".search-result h2").get_text() == "Bản tin phòng chống dịch số 0"
    next_link = first.select_one("a[rel=next]")["href"]
    assert "trang=2" in next_link and "sort=newest" in next_link
    second = soup(client.get("/tim-kiem/" + next_link))
    assert len(second.select(".search-result")) == 5
    assert second.select_one("ol")["start"] == "21"
    assert soup(client.get("/tim-kiem/", {"q": "phong chong dich", "trang": "abc"})).select(
        ".search-result"
    )


def test_bad_filters_are_explained_not_fatal(client, make_doc):
    make_doc("Chợ Bình Tây sửa chữa")
    page = soup(
        client.get("/tim-kiem/", {"q": "cho binh tay", "start": "hôm qua", "type": "gi-do"})
    )
    errors = " ".join(e.get_text() for e in page.select(".error"))
    assert "Ngày bắt đầu không hợp lệ." in errors
    # The invalid filters are dropped and the search still runs.
    assert page.select_one(".search-result h2").get_text() == "Chợ Bình Tây sửa chữa"


def test_a_bad_filter_is_described_by_its_error(client, make_doc):
    """QA with a screen reader: the date field's aria-describedby named id_start_error, which
    nothing on the page carried, so the field was read without its error."""
    make_doc("Chợ Bình Tây sửa chữa")
    page = soup(client.get("/tim-kiem/", {"q": "cho binh tay", "start": "hôm qua"}))
    field = page.select_one("#id_start")
    assert field["aria-invalid"] == "true"
    error = page.find(id=field["aria-describedby"])
    assert error is not None and error.get_text() == "Ngày bắt đầu không hợp lệ."


def test_searches_are_counted_once_folded(client, make_doc):
    make_doc("Thủ Đức khởi công cầu mới")
    client.get("/tim-kiem/", {"q": "Thủ Đức"})
    client.get("/tim-kiem/", {"q": "thu duc"})
    client.get("/tim-kiem/", {"q": "thu duc", "trang": "2"})  # the same search, next page
    client.get("/tim-kiem/", {"q": "khong co gi ca"})
    client.get("/tim-kiem/", {"q": ""})
    client.get("/api/v1/search/suggest", {"q": "thu"})
    counts = {t["query"]: (t["searches"], t["misses"]) for t in SearchTerm.objects.top()}
    assert counts == {"thu duc": (2, 0), "khong co gi ca": (1, 1)}


def test_search_terms_report_for_editors(client, staff):
    SearchTerm.record("Thủ Đức", 3)
    SearchTerm.record("thu duc", 3)
    SearchTerm.record("xe bus", 0)
    client.force_login(staff["editor"])
    response = client.get("/admin/reports/search-terms/")
    assert response.status_code == 200
    page = soup(response)
    tables = page.select("table.listing")
    top_rows = [[td.get_text() for td in tr.select("td")] for tr in tables[0].select("tbody tr")]
    assert top_rows[0] == ["thu duc", "2", "0"]
    miss_rows = [[td.get_text() for td in tr.select("td")] for tr in tables[1].select("tbody tr")]
    assert miss_rows == [["xe bus", "1"]]


def test_search_terms_are_only_for_those_who_tune_search(client, staff):
    """Readers' queries can hold names and phone numbers: a reporter (or an agency's officer)
    who may open the admin neither sees the report nor its menu item."""
    SearchTerm.record("0901234567 Nguyễn Văn An", 0)
    client.force_login(staff["reporter"])
    refused = client.get("/admin/reports/search-terms/")  # Wagtail's "no permission" redirect
    assert refused.status_code == 302 and refused.url == "/admin/"
    assert "/admin/reports/search-terms/" not in client.get("/admin/").content.decode()
    client.force_login(staff["editor"])
    assert "/admin/reports/search-terms/" in client.get("/admin/").content.decode()


def test_editors_manage_synonyms_in_the_admin(client, staff):
    from cityportal.search.models import SynonymGroup

    client.force_login(staff["chief"])
    listing = client.get("/admin/search_synonyms/")
    assert listing.status_code == 200
    assert "TP.HCM" in listing.content.decode()
    response = client.post("/admin/search_synonyms/new/", {"terms": "xe buýt, xe bus", "note": ""})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="xe buýt, xe bus").exists()


def test_search_page_queries_do_not_grow_with_places_or_results(
    client, make_doc, django_assert_max_num_queries
):
    for i in range(20):
        make_doc(f"Thông báo lịch cắt điện số {i}", lead="Lịch cắt điện trong tuần.")
    # The form lists 168 wards with their districts; the page shows 20 results.
    # PostgreSQL also asks its planner for estimates, a few queries more than SQLite.
    with django_assert_max_num_queries(20):
        response = client.get("/tim-kiem/", {"q": "cat dien"})
    assert len(soup(response).select(".search-result")) == 20


def test_places_stand_apart_so_the_news_about_them_comes_first(client, make_doc):
    """Forty former wards name Thủ Đức in their titles: a few of them sit in their own box,
    and the articles that mention it only in their body are the results."""
    for name in ("Linh Trung", "Linh Xuân", "Hiệp Phú", "Tân Phú", "An Khánh", "Thảo Điền"):
        make_doc(f"Phường {name}, Thành phố Thủ Đức (đến 06/2025)", kind="place")
    make_doc("Khởi công nút giao An Phú", body="Công trình ở Thủ Đức hoàn thành năm sau.")
    page = soup(client.get("/tim-kiem/", {"q": "thu duc"}))
    results = [li.select_one("h2 a").get_text() for li in page.select(".search-result")]
    assert results[0] == "Khởi công nút giao An Phú"
    assert not [title for title in results if "(đến 06/2025)" in title]
    box = page.select_one(".search-places")
    assert len(box.select("li")) == 4
    assert box.find("a", string=re.compile(r"Xem tất cả \d+ địa danh"))["href"].endswith(
        "type=place"
    )
    assert "địa danh" in page.select_one(".result-count").get_text()

    only_places = soup(client.get("/tim-kiem/", {"q": "thu duc", "type": "place"}))
    assert only_places.select_one(".search-places") is None  # the list itself is places then
    assert "(đến 06/2025)" in only_places.select_one(".search-result").get_text()


def test_a_page_past_the_last_shows_the_last(client, make_doc):
    """QA: "?q=thu+duc&trang=999" said "Tìm thấy 3 kết quả" above an empty list."""
    for i in range(23):
        make_doc(f"Bản tin phòng chống dịch số {i}", days_ago=i)
    for trang in ("2", "999"):
        page = soup(client.get("/tim-kiem/", {"q": "phong chong dich", "trang": trang}))
        assert len(page.select(".search-result")) == 3, trang
        assert page.select_one("ol")["start"] == "21"
        assert "Trang 2 / 2" in page.select_one(".pagination").get_text()
    make_doc("Thủ Đức khởi công cầu mới")
    page = soup(client.get("/tim-kiem/", {"q": "thu duc", "trang": "2"}))
    assert [h.get_text() for h in page.select(".search-result h2")] == ["Thủ Đức khởi công cầu mới"]
    assert page.select_one(".search-places")  # the first page, so the places box too


def test_a_filter_without_words_lists_its_newest(client, make_doc):
    """QA: "?q=&section=kinh-te-xa-hoi" gave a blank page."""
    make_doc("Kinh tế quý ba tăng trưởng", section="kinh-te-xa-hoi", days_ago=2)
    make_doc("Xuất khẩu tháng mười", section="kinh-te-xa-hoi", days_ago=1)
    make_doc("Lễ hội áo dài", section="van-hoa")
    page = soup(client.get("/tim-kiem/", {"q": "", "section": "kinh-te-xa-hoi"}))
    assert [h.get_text() for h in page.select(".search-result h2")][:2] == [
        "Xuất khẩu tháng mười",
        "Kinh tế quý ba tăng trưởng",
    ]
    count = page.select_one(".result-count").get_text()
    assert "Lễ hội áo dài" not in page.get_text()
    assert "Chưa nhập từ khóa: 3 mục theo bộ lọc đã chọn, mới nhất trước." in count
    assert page.select_one(".search-filters").has_attr("open")

    empty = soup(client.get("/tim-kiem/", {"section": "kinh-te-xa-hoi", "start": "2099-01-01"}))
    assert not empty.select(".search-result")
    assert "Không có mục nào theo bộ lọc đã chọn" in empty.select_one(".result-count").get_text()
    # No filter and no words: the form alone, and the API keeps answering an empty list.
    assert not soup(client.get("/tim-kiem/", {"q": ""})).select(".result-count")
    assert client.get("/api/v1/search", {"section": "kinh-te-xa-hoi"}).json()["results"] == []
    assert not SearchTerm.objects.exists()


def test_place_filter_lists_places_in_reading_order(client, db):
    """QA: the filter sorted by code point, so "Đặc khu Côn Đảo" came last, after every "Xã"."""
    page = soup(client.get("/tim-kiem/"))
    names = [option.get_text() for option in page.select("#id_place option")]
    assert names[:2] == ["Toàn thành phố", "Thành phố Hồ Chí Minh"]
    assert names[2] == "Đặc khu Côn Đảo"  # d, before every "Phường"
    assert names[-1].startswith("Xã ")


def test_a_district_typed_as_on_a_phone_finds_it_as_the_papers_print_it(client, make_doc):
    make_doc("Q.1 lát lại vỉa hè đường Lê Lợi", body="Công trình của UBND Q1.")
    make_doc("Quận 1 mở phố đi bộ mới")
    make_doc("Quận 10 sửa chợ")  # another district: not found
    for typed in ("q1", "quan 1", "quận 1", "Q.1"):
        page = soup(client.get("/tim-kiem/", {"q": typed}))
        titles = {li.select_one("h2 a").get_text() for li in page.select(".search-result")}
        assert titles == {"Q.1 lát lại vỉa hè đường Lê Lợi", "Quận 1 mở phố đi bộ mới"}, typed


def test_words_run_together_on_a_phone_are_offered_apart(client, make_doc):
    from cityportal.search.index import refresh_vocabulary

    make_doc("Chống ngập nước ở Thủ Đức")
    make_doc("Nước sạch cho người dân")
    refresh_vocabulary()
    page = soup(client.get("/tim-kiem/", {"q": "ngapnuoc thuduc"}))
    assert "Không tìm thấy kết quả nào" in page.select_one(".result-count").get_text()
    link = page.select_one(".did-you-mean a")
    assert link.get_text() == "ngap nuoc thu duc"
    followed = soup(client.get("/tim-kiem/", {"q": link.get_text()}))
    assert followed.select_one(".search-result h2 a").get_text() == "Chống ngập nước ở Thủ Đức"


def test_nothing_with_every_word_offers_the_words_less_the_last_that_find_something(
    client, make_doc
):
    """QA on a phone: "ngap nuoc quan 8" found nothing, as no story names Quận 8, and the page
    said only "thử ít từ hơn", leaving the reader to guess which word to drop."""
    make_doc("Chống ngập nước trong mùa mưa", lead="Trạm bơm vận hành khi triều cường.")
    make_doc("Quận 8 sửa chợ")
    page = soup(client.get("/tim-kiem/", {"q": "ngap nuoc quan 8"}))
    assert "Không tìm thấy kết quả nào" in page.select_one(".result-count").get_text()
    offer = page.select_one(".did-you-mean")
    assert "“quan 8”" in offer.get_text()
    link = offer.select_one("a")
    assert link.get_text() == "ngap nuoc" and link["href"] == "?q=ngap%20nuoc"
    followed = soup(client.get("/tim-kiem/", {"q": link.get_text()}))
    assert followed.select_one(".search-result h2 a").get_text() == "Chống ngập nước trong mùa mưa"

    # Where every word finds something, or no shorter query does, nothing is offered.
    for text in ("ngap nuoc", "bao tang quan 9"):
        assert not soup(client.get("/tim-kiem/", {"q": text})).select(".did-you-mean")

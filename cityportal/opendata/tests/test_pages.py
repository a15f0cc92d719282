"""The catalogue, dataset and indicator pages as a reader (often a reporter) uses them."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.opendata.models import (
    Dataset,
    Indicator,
    Observation,
    Resource,
    ResourceVersion,
    Theme,
)

from .conftest import unit

SVG = "{http://www.w3.org/2000/svg}"
POPULATION = "Dân số trung bình"


def svgs(html: str) -> list[ET.Element]:
    return [ET.fromstring(m) for m in re.findall(r"<svg .*?</svg>", html, re.S)]


@pytest.fixture
def population(make_dataset):
    """The city, Hà Nội and the country over three years; the last year provisional."""
    rows = []
    for year, values in {2021: (9166.8, 8330.8, 98504.4), 2022: (9389.7, 8435.7, 99474.4)}.items():
        for code, value in zip(("79", "01", "VN"), values, strict=True):
            rows.append((POPULATION, "nghìn người", code, year, value))
    rows.append((POPULATION, "nghìn người", "79", 2023, 9456.7))
    dataset = make_dataset(
        rows,
        name="dan-so-trung-binh",
        title="Dân số trung bình phân theo địa phương",
        description="Dân số trung bình hằng năm của Thành phố so với cả nước.",
        contact_name="Phòng Thống kê Dân số",
        contact_email="danso@example.invalid",
        theme="dan-so-lao-dong",
    )
    dataset.tags.add("dân số")
    Observation.objects.filter(period="2023").update(
        provisional=True, as_of=datetime.date(2024, 3, 31)
    )
    return dataset


def test_catalogue_finds_datasets_typed_without_diacritics(client, population, make_dataset):
    make_dataset(title="Tổng sản phẩm trên địa bàn (GRDP)")
    html = client.get("/du-lieu/", {"q": "dan so dia phuong"}).content.decode()
    assert "Dân số trung bình phân theo địa phương" in html
    assert "Tổng sản phẩm" not in html
    # Indicators whose name has every word are offered too.
    html = client.get("/du-lieu/", {"q": "DAN SO trung binh"}).content.decode()
    assert f'href="{Indicator.objects.get().get_absolute_url()}"' in html


def test_catalogue_filters_count_each_value_over_the_other_filters(
    client, population, make_dataset
):
    other = Organisation.objects.create(name="Sở Tài chính", slug="so-tai-chinh")
    budget = make_dataset([("Thu ngân sách", "tỷ đồng", "79", 2023, 480000)], theme="kinh-te")
    budget.organisation = other
    budget.save()
    Resource.objects.create(dataset=budget, name="Bảng gốc", format="XLSX")
    make_dataset([("Xuất khẩu", "triệu USD", "01", 2023, 10)], title="Xuất khẩu Hà Nội")

    page = client.get("/du-lieu/")
    facets = {
        f["name"]: {v["label"]: v["count"] for v in f["values"] + f["more"]}
        for f in page.context["facets"]
    }
    assert facets["theme"] == {"Dân số và lao động": 1, "Kinh tế": 2}
    assert facets["organisation"] == {"Cục Thống kê Thành phố Hồ Chí Minh": 2, "Sở Tài chính": 1}
    assert facets["format"] == {"CSV": 3, "XLSX": 1}
    assert facets["unit"]["Thành phố Hà Nội"] == 2 and facets["unit"]["Thành phố Hồ Chí Minh"] == 2

    def titles(**params):
        response = client.get("/du-lieu/", params)
        return sorted(d.title for d in response.context["page_obj"])

    assert titles(theme="kinh-te") == sorted([budget.title, "Xuất khẩu Hà Nội"])
    assert titles(organisation="so-tai-chinh") == [budget.title]
    assert titles(format="XLSX") == [budget.title]
    hanoi = unit("01")
    assert titles(unit=hanoi.slug) == sorted([population.title, "Xuất khẩu Hà Nội"])
    assert titles(unit=hanoi.slug, theme="kinh-te") == ["Xuất khẩu Hà Nội"]

    # With a theme chosen, the theme list still offers the other theme, counted over Hà Nội.
    response = client.get("/du-lieu/", {"unit": hanoi.slug})
    themes = next(f for f in response.context["facets"] if f["name"] == "theme")
    assert {v["label"]: v["count"] for v in themes["values"]} == {
        "Dân số và lao động": 1,
        "Kinh tế": 1,
    }
    html = response.content.decode()
    assert 'aria-current="true"' in html and "Bỏ tất cả bộ lọc" in html


def test_long_filter_lists_fold_away_all_but_the_first_values(client, make_dataset):
    wards = AdministrativeUnit.objects.filter(level="ward", valid_until=None, parent__code="79")
    wards = list(wards.order_by("name")[:14])
    make_dataset([("Số hộ", "hộ", w.code, 2024, 1) for w in wards])
    last = wards[-1]
    response = client.get("/du-lieu/", {"unit": last.slug})
    units = next(f for f in response.context["facets"] if f["name"] == "unit")
    assert len(units["values"]) == 10 and len(units["more"]) == 4
    assert units["more_selected"]
    assert "<details open>" in response.content.decode()


def test_catalogue_lists_the_city_first_among_places(client, make_dataset):
    """The place filter listed the country, the regions, then provinces by name: Ho Chi Minh
    City came twelfth, folded behind "Thêm … lựa chọn" on its own portal. A dataset running
    across the 2025 reform covers the city of before and of today, whose names are the same:
    sorting them compared a date with nothing and the catalogue answered 500."""
    rows = [("Dân số", "nghìn người", code, 2024, 1.0) for code in ("VN", "92", "48", "79")]
    across = make_dataset(rows)
    across.units.add(unit("79", before_reform=True))

    response = client.get("/du-lieu/")
    assert response.status_code == 200
    places = next(f for f in response.context["facets"] if f["name"] == "unit")
    assert [v["label"] for v in places["values"]] == [
        "Thành phố Hồ Chí Minh",
        "Thành phố Hồ Chí Minh (đến 06/2025)",
        "Việt Nam",
        "Thành phố Cần Thơ",
        "Thành phố Đà Nẵng",
    ]


def test_catalogue_paginates(client, make_dataset):
    for n in range(23):
        make_dataset(title=f"Bộ số liệu {n:02d}")
    first = client.get("/du-lieu/")
    second = client.get("/du-lieu/", {"trang": 2})
    assert len(first.context["page_obj"]) == 20
    assert [d.title for d in second.context["page_obj"]] == [
        f"Bộ số liệu {n}" for n in (20, 21, 22)
    ]
    assert 'rel="next"' in first.content.decode()


def test_dataset_page_shows_metadata_table_chart_downloads_citation_and_api(
    client, population, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    resource = population.resources.get()
    old = ResourceVersion.objects.create(
        resource=resource,
        file=ContentFile(b"x", name="dan-so-2022.csv"),
        original_name="dan-so-2022.csv",
        sha256="0" * 64,
        size=1,
        rows=6,
    )
    response = client.get("/du-lieu/dan-so-trung-binh/")
    html = response.content.decode()
    assert response.status_code == 200
    # Metadata
    assert "Cục Thống kê Thành phố Hồ Chí Minh" in html
    assert ">Dân số và lao động</a>" in html and "dân số" in html
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license"' in html
    assert "Hằng năm" in html and "2021–2023" in html
    assert "Niên giám thống kê" in html and "mailto:danso@example.invalid" in html
    # Preview table, Vietnamese figures, provisional marked: "(sb)" on screen, its words for a
    # screen reader or keyboard user, who never gets an abbr's title
    assert '<td class="num">9.389,7</td>' in html
    assert (
        '9.456,7 <abbr title="số liệu sơ bộ" aria-hidden="true">(sb)</abbr>'
        '<span class="visually-hidden">(số liệu sơ bộ)</span>'
    ) in html
    # Downloads and the earlier version
    for fmt in ("csv", "xlsx", "json"):
        assert f'href="{resource.download_url(fmt)}"' in html
    assert f'href="/du-lieu/tai-ve/{resource.id}/phien-ban/{old.id}/">dan-so-2022.csv</a>' in html
    # The chart: a line per city over three years; the country, ten times either city, would
    # flatten their lines on a shared axis: it is left to the table, and the caption says so
    narrow, wide = svgs(html)  # for phones, for wider screens: the same figures
    for svg in (narrow, wide):
        assert svg.get("role") == "img"
        assert len(svg.findall(f"{SVG}circle")) == 5
    assert "Việt Nam không vẽ trên biểu đồ vì lớn gấp 11 lần Thành phố Hồ Chí Minh" in html
    assert '<th scope="col">Việt Nam</th>' in html
    ids = [svg.find(f"{SVG}title").get("id") for svg in (narrow, wide)]
    assert ids[1] == ids[0].removesuffix("-title") + "-wide-title"  # unique on the page
    assert "Số liệu tính đến 31/3/2024." in html
    # Citation and API example
    year = population.modified_at.year
    assert (
        f"Cục Thống kê Thành phố Hồ Chí Minh ({year}). Dân số trung bình phân theo địa phương "
        "[Bộ dữ liệu]. Cổng Thông tin điện tử Chính phủ" in html
    )
    assert "http://testserver/du-lieu/dan-so-trung-binh/, truy cập ngày " in html
    assert (
        f"curl &quot;http://testserver/api/3/action/datastore_search?resource_id={resource.id}"
        in html
    )
    code = Indicator.objects.get().code
    assert f"http://testserver/api/v1/indicators/{code}/observations" in html
    assert '"@type": "Dataset"' in html


def test_dataset_preview_stops_at_fifty_rows(client, make_dataset):
    wards = AdministrativeUnit.objects.filter(
        level="ward", valid_until=None, parent__code="79"
    ).values_list("code", flat=True)[:60]
    make_dataset([("Số hộ", "hộ", code, 2024, n) for n, code in enumerate(wards)], name="so-ho")
    response = client.get("/du-lieu/so-ho/")
    (resource,) = response.context["resources"]
    assert len(resource.preview) == 50
    assert "50 dòng đầu trong 60 dòng" in response.content.decode()


def preview_table(html: str) -> list[list[str]]:
    """The preview's header and rows, as a screen reader announces the cells."""
    table = BeautifulSoup(html, "html.parser").select_one("table[aria-labelledby^=xem-truoc]")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table("tr")
    ]


def test_dataset_preview_cites_a_figures_own_source(client, population):
    """The downloads and APIs gave a flash report's figure its own source; the preview left it
    out, so a reporter quoting from the page cited the yearbook for it."""
    Observation.objects.filter(period="2023").update(source="Báo cáo nhanh quý IV/2023")
    html = client.get(population.get_absolute_url()).content.decode()
    header, *rows = preview_table(html)
    assert header[-1] == "Nguồn"
    assert '<th scope="col">Nguồn</th>' in html
    sources = {(row[1], row[2]): row[-1] for row in rows}  # (Địa bàn, Kỳ)
    assert sources[("Thành phố Hồ Chí Minh", "2023")] == "Báo cáo nhanh quý IV/2023"
    assert (
        sources[("Thành phố Hà Nội", "2021")] == "Niên giám thống kê"
    )  # the dataset's, as downloads


def test_dataset_preview_has_no_source_column_when_all_are_the_datasets(client, population):
    Observation.objects.filter(period="2023").update(source="Niên giám thống kê")
    header, *rows = preview_table(client.get(population.get_absolute_url()).content.decode())
    assert "Nguồn" not in header and all(len(row) == len(header) for row in rows)


def test_indicator_compares_units_in_a_year_and_follows_a_unit_over_years(client, population):
    indicator = Indicator.objects.get()
    url = indicator.get_absolute_url()

    bars = client.get(url, {"year": "2021"})
    assert len(svgs(bars.content.decode())) == 2  # for phones, for wider screens
    for svg in svgs(bars.content.decode()):
        assert "chart-bar" in svg.get("class")
        assert len(svg.findall(f"{SVG}rect[@class='chart-bar']")) == 3
    assert [row[:2] for row in bars.context["chart"].rows] == [
        ["Việt Nam", "98.504,4"],
        ["Thành phố Hồ Chí Minh", "9.166,8"],
        ["Thành phố Hà Nội", "8.330,8"],
    ]

    city = unit("79")
    line = client.get(url, {"unit": city.slug})
    assert len(svgs(line.content.decode())) == 2
    for svg in svgs(line.content.decode()):
        assert "chart-line" in svg.get("class")
        assert len(svg.findall(f"{SVG}circle")) == 3
    assert line.context["chart"].rows == [
        ["2021", "9.166,8"],
        ["2022", "9.389,7"],
        ["2023", "9.456,7 (sơ bộ)"],
    ]

    # Without a choice: the units in the latest period.
    default = client.get(url)
    assert default.context["mode"] == "bar" and default.context["year"] == "2023"


def test_indicator_comparison_cites_each_figures_own_source(client, population, make_dataset):
    """Units compared in a year may take their figures from different publications; the page
    cited only the datasets below the chart, so a reporter quoting Hà Nội's figure named the
    city's yearbook for it."""
    hanoi = make_dataset(
        [(POPULATION, "nghìn người", "01", 2023, 8587.1)], title="Dân số Hà Nội 2023"
    )
    hanoi.source = "Cục Thống kê Hà Nội"
    hanoi.save()
    Observation.objects.filter(unit=unit("79"), period="2023").update(
        source="Báo cáo nhanh quý IV/2023"
    )
    chart = client.get(Indicator.objects.get().get_absolute_url(), {"year": "2023"}).context[
        "chart"
    ]
    assert chart.columns == ["Địa bàn", "Giá trị", "Nguồn"]
    assert chart.rows == [
        ["Thành phố Hồ Chí Minh", "9.456,7 (sơ bộ)", "Báo cáo nhanh quý IV/2023"],
        ["Thành phố Hà Nội", "8.587,1", "Cục Thống kê Hà Nội"],
    ]
    # One source for every figure: the line below the chart says it, no column repeats it.
    chart = client.get(Indicator.objects.get().get_absolute_url(), {"year": "2021"}).context[
        "chart"
    ]
    assert chart.columns == ["Địa bàn", "Giá trị"]


def chart_table(html: str, chart_id: str) -> list[list[str]]:
    """A chart's data table as a screen reader announces its cells."""
    table = BeautifulSoup(html, "html.parser").select_one(f"figure#{chart_id} table")
    return [
        [cell.get_text(" ", strip=True) for cell in row.select("th, td")] for row in table("tr")
    ]


def test_a_line_cites_each_figures_own_source_where_they_differ(client, population):
    """A flash report's latest figure sat on the yearbook's line with nothing to say so: the
    comparison's bars cited each figure's source, the line over the years none, and a reporter
    quoting 2023 from the chart's table named the yearbook for it."""
    Observation.objects.filter(period="2023").update(source="Báo cáo nhanh quý IV/2023")
    response = client.get(Indicator.objects.get().get_absolute_url(), {"unit": unit("79").slug})
    html = response.content.decode()
    assert chart_table(html, "bieu-do") == [
        ["Kỳ", "Thành phố Hồ Chí Minh", "Nguồn"],
        ["2021", "9.166,8", "Niên giám thống kê"],
        ["2022", "9.389,7", "Niên giám thống kê"],
        ["2023", "9.456,7 (sơ bộ)", "Báo cáo nhanh quý IV/2023"],
    ]
    soup = BeautifulSoup(html, "html.parser")
    *figures, source = soup.select("figure#bieu-do tbody tr")[-1]("td")
    assert figures[0]["class"] == ["num"] and not source.get("class")  # text, not a number
    assert "Số liệu từ nhiều nguồn" in soup.select_one("figure#bieu-do figcaption").get_text()
    for svg in svgs(html):  # the pointer's tooltip too
        tips = [c.find(f"{SVG}title").text for c in svg.iter(f"{SVG}circle")]
        assert tips[-1] == (
            "Thành phố Hồ Chí Minh, 2023: 9.456,7 (sơ bộ). Nguồn: Báo cáo nhanh quý IV/2023"
        )
        assert tips[0] == "Thành phố Hồ Chí Minh, 2021: 9.166,8. Nguồn: Niên giám thống kê"

    # Several places: a period whose figures differ in source names each place's.
    Observation.objects.filter(period="2021", unit=unit("01")).update(source="Cục Thống kê Hà Nội")
    html = client.get(population.get_absolute_url()).content.decode()
    chart_id = f"bieu-do-{str(population.resources.get().id)[:8]}-{Indicator.objects.get().code}"
    header, *rows = chart_table(html, chart_id)
    assert header[-1] == "Nguồn"
    by_period = {row[0]: row[-1] for row in rows}
    assert by_period["2023"] == "Báo cáo nhanh quý IV/2023"  # the city's only
    assert by_period["2022"] == "Niên giám thống kê"
    assert by_period["2021"] == "; ".join(
        f"{place}: {'Cục Thống kê Hà Nội' if place == 'Thành phố Hà Nội' else 'Niên giám thống kê'}"
        for place in header[1:-1]
    )


def test_indicator_breakdown_is_chosen_by_parameter(client, make_dataset):
    make_dataset(
        [
            ("Lao động", "nghìn người", "79", 2023, 4800, ""),
            ("Lao động", "nghìn người", "79", 2023, 2600, "Nam"),
            ("Lao động", "nghìn người", "79", 2023, 2200, "Nữ"),
        ]
    )
    url = Indicator.objects.get().get_absolute_url()
    assert client.get(url).context["chart"].rows[0][1] == "4.800"
    assert client.get(url, {"breakdown": "Nữ"}).context["chart"].rows[0][1] == "2.200"
    assert client.get(url, {"breakdown": "không có"}).context["breakdown"] == ""


def test_anonymous_pages_and_downloads_set_no_cookie_and_are_cacheable(client, population):
    resource = population.resources.get()
    code = Indicator.objects.get().code
    for url in [
        "/du-lieu/",
        "/du-lieu/?q=dan+so",
        "/du-lieu/dan-so-trung-binh/",
        f"/chi-tieu/{code}/",
        resource.download_url("csv"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert not response.cookies, url
        assert "public" in response["Cache-Control"], url
        assert re.search(r"max-age=\d+", response["Cache-Control"]), url
        assert "cookie" not in response.get("Vary", "").lower(), url


def test_private_dataset_is_not_found_for_anonymous_readers(client, population):
    population.private = True
    population.save()
    resource = population.resources.get()
    assert client.get("/du-lieu/dan-so-trung-binh/").status_code == 404
    assert client.get(resource.download_url("csv")).status_code == 404
    # Its only indicator is not public either: neither its name nor its description shows.
    assert client.get(Indicator.objects.get().get_absolute_url()).status_code == 404
    assert "Dân số trung bình phân theo" not in client.get("/du-lieu/").content.decode()

    admin = get_user_model().objects.create_superuser("quan-tri", "qt@example.invalid", "pw")
    client.force_login(admin)
    response = client.get("/du-lieu/dan-so-trung-binh/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
    assert client.get(Indicator.objects.get().get_absolute_url()).context["chart"] is None


def test_unknown_dataset_and_indicator_are_not_found(client, db):
    assert client.get("/du-lieu/khong-co/").status_code == 404
    assert client.get("/chi-tieu/khong-co/").status_code == 404


def _grow(dataset, indicators: int, resources: int = 1):
    """More indicators, units and resources on `dataset`: none of them may cost a query."""
    provinces = list(AdministrativeUnit.objects.filter(level="province", valid_until=None)[:8])
    for r in range(resources):
        resource = Resource.objects.create(dataset=dataset, name=f"Bảng {r}", format="CSV")
        for i in range(indicators):
            indicator = Indicator.objects.create(code=f"ct-{r}-{i}", name=f"Chỉ tiêu {r} {i}")
            Observation.objects.bulk_create(
                Observation(
                    resource=resource,
                    indicator=indicator,
                    unit=province,
                    period=str(year),
                    period_type="Y",
                    period_start=datetime.date(year, 1, 1),
                    period_end=datetime.date(year, 12, 31),
                    value=year + n,
                )
                for n, province in enumerate(provinces)
                for year in (2022, 2023)
            )


def test_pages_take_a_bounded_number_of_queries(
    client, population, make_dataset, django_assert_max_num_queries
):
    for n in range(25):
        make_dataset([(f"Chỉ tiêu {n}", "%", "79", 2023, n)], title=f"Bộ {n}")
    _grow(population, indicators=8, resources=3)
    code = Indicator.objects.filter(code__startswith="ct-").first().code
    for url in [
        "/du-lieu/",
        "/du-lieu/?q=bo&theme=kinh-te&unit=thanh-pho-ho-chi-minh&format=CSV",
        "/du-lieu/dan-so-trung-binh/",
        f"/chi-tieu/{code}/",
        f"/chi-tieu/{code}/?unit=thanh-pho-ha-noi&unit=thanh-pho-ho-chi-minh",
    ]:
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200, url


def test_theme_of_catalogue_is_linked_from_dataset(client, population):
    html = client.get("/du-lieu/dan-so-trung-binh/").content.decode()
    theme = Theme.objects.get(slug="dan-so-lao-dong")
    assert f'href="/du-lieu/?theme={theme.slug}"' in html


def test_public_datasets_are_in_the_sitemap(client, make_dataset):
    import xml.etree.ElementTree as ET

    make_dataset(name="cong-khai")
    make_dataset(name="noi-bo", private=True)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert any(loc.endswith("/du-lieu/cong-khai/") for loc in locs)
    assert not any("noi-bo" in loc for loc in locs)
    assert any(loc.endswith("/") and "/du-lieu/" not in loc for loc in locs)  # pages still there


def test_readers_comment_on_a_dataset(client, make_dataset):
    from cityportal.feedback.models import Comment

    dataset = make_dataset(name="co-binh-luan")
    Comment.objects.create(
        target=dataset,
        name="Nhà báo dữ liệu",
        email="nha-bao@example.invalid",
        body="Xin thêm số liệu theo phường.",
        status=Comment.Status.APPROVED,
    )
    html = client.get(dataset.get_absolute_url()).content.decode()
    assert "Xin thêm số liệu theo phường." in html and "Nhà báo dữ liệu" in html
    assert "nha-bao@example.invalid" not in html
    assert f"/binh-luan/opendata.dataset:{dataset.pk}/" in html


def test_dataset_description_cannot_break_out_of_the_page_json_ld(client, make_dataset):
    # "<!--<script>" would make an HTML parser read on past the element's own </script>.
    description = "Ghi chú <!--<script> </script><b>đậm</b> & khác"
    make_dataset(
        name="jsonld", title="Bộ </script><script>alert(1)</script>", description=description
    )
    html = client.get("/du-lieu/jsonld/").content.decode()
    payload = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1]
    assert "<" not in payload and ">" not in payload
    data = json.loads(payload)
    assert data["description"] == description
    assert data["name"] == "Bộ </script><script>alert(1)</script>"


def test_a_line_spliced_from_two_datasets_says_where_each_begins(client, make_dataset):
    """The city's population ran 1995–2010 from one yearbook and 2011 on from its successor,
    whose revised figures differ where both have a year, with nothing on the page to say so."""
    make_dataset(
        [("Dân số trung bình", "nghìn người", "79", y, v) for y, v in ((2009, 7100), (2010, 7300))],
        title="Dân số 1995–2010",
    )
    url = Indicator.objects.get().get_absolute_url()
    assert "ghép số liệu" not in client.get(url).content.decode()  # one table, no note
    make_dataset(
        [("Dân số trung bình", "nghìn người", "79", y, v) for y, v in ((2010, 7350), (2011, 7500))],
        title="Dân số 2010–2022",
    )
    response = client.get(url, {"unit": unit("79").slug})
    assert response.context["chart"].rows == [
        ["2009", "7.100"],
        ["2010", "7.350"],
        ["2011", "7.500"],
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    [note] = [p for p in soup.select("p.source") if "ghép số liệu" in p.get_text()]
    assert " ".join(note.get_text().split()) == (
        "Biểu đồ ghép số liệu từ 2 bộ dữ liệu, có thể lệch nhau ở chỗ nối: "
        "2009 theo Dân số 1995–2010; 2010–2011 theo Dân số 2010–2022."
    )


def test_an_international_licence_is_marked_as_english(client, make_dataset):
    """QA (WCAG 3.1.2): "Creative Commons Attribution 4.0" was read out by a Vietnamese voice;
    the site's own wording for the other licence stays Vietnamese."""
    for license, lang in [(Dataset.License.CC_BY, "en"), (Dataset.License.OTHER, None)]:
        dataset = make_dataset(license=license)
        soup = BeautifulSoup(client.get(f"/du-lieu/{dataset.name}/").content, "html.parser")
        value = soup.find("dt", string="Giấy phép").find_next_sibling("dd")
        assert value.get_text() == dataset.get_license_display()
        marked = value.find(attrs={"lang": True})
        assert (marked["lang"] if marked else None) == lang
        if marked:
            assert marked.get_text() == value.get_text()

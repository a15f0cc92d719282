"""The catalogue as a reader (often a reporter) searches, filters and pages through it."""

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.opendata.models import (
    Indicator,
    Resource,
)

from .conftest import unit


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

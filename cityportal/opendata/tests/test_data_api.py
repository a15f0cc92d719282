"""The data system's JSON endpoints: /api/v1/indicators…, /api/v1/datasets…"""

import pytest

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.models import Observation

GRDP = "Tổng sản phẩm trên địa bàn"


@pytest.fixture
def grdp(make_dataset):
    """GRDP of the city and of Hà Nội (01), and the city's population by sex."""
    return make_dataset(
        [
            (GRDP, "tỷ đồng", "79", 2021, 1_298_768.0),
            (GRDP, "tỷ đồng", "79", 2019, 1_338_994.0),
            (GRDP, "tỷ đồng", "79", 2020, 1_372_970.0),
            (GRDP, "tỷ đồng", "01", 2020, 1_023_811.0),
            ("Dân số trung bình", "nghìn người", "79", 2021, 9_166.8),
            ("Dân số trung bình", "nghìn người", "79", 2021, 4_434.1, "Nam"),
            ("Dân số trung bình", "nghìn người", "79", 2021, 4_732.7, "Nữ"),
        ],
        name="tang-truong-kinh-te",
        title="Tăng trưởng kinh tế Thành phố",
    )


def test_indicator_list_and_detail(client, grdp, make_dataset):
    make_dataset([("Chỉ tiêu chưa công bố", "%", "79", 2021, 1.0)], private=True)
    data = client.get("/api/v1/indicators").json()
    assert data["count"] == 2
    assert [item["name"] for item in data["items"]] == ["Dân số trung bình", GRDP]
    population = data["items"][0]
    assert population == {
        "code": "dan-so-trung-binh-nghin-nguoi",
        "name": "Dân số trung bình",
        "measure": "nghìn người",
        "theme": None,
        "url": "http://testserver/chi-tieu/dan-so-trung-binh-nghin-nguoi/",
    }
    assert client.get("/api/v1/indicators", {"q": "dan so", "limit": ""}).json()["count"] == 1

    detail = client.get("/api/v1/indicators/dan-so-trung-binh-nghin-nguoi")
    assert detail.status_code == 200
    assert "public" in detail["Cache-Control"]
    data = detail.json()
    assert data["breakdowns"] == ["", "Nam", "Nữ"]
    assert data["datasets"] == ["tang-truong-kinh-te"]
    assert [unit["code"] for unit in data["units"]] == ["79"]


def test_unknown_or_unpublished_indicator_is_404(client, make_dataset):
    make_dataset([("Chỉ tiêu chưa công bố", "%", "79", 2021, 1.0)], private=True)
    assert client.get("/api/v1/indicators/khong-co").status_code == 404
    assert client.get("/api/v1/indicators/chi-tieu-chua-cong-bo").status_code == 404
    assert client.get("/api/v1/indicators/khong-co/observations").status_code == 404


def test_series_in_time_order_with_filters(client, grdp):
    url = "/api/v1/indicators/tong-san-pham-tren-dia-ban-ty-dong/observations"
    data = client.get(url, {"unit": "79"}).json()
    assert data["count"] == 3
    assert [item["period"] for item in data["items"]] == ["2019", "2020", "2021"]
    first = data["items"][0]
    resource = grdp.resources.get()
    assert first == {
        "unit_code": "79",
        "unit_name": first["unit_name"],
        "period": "2019",
        "period_start": "2019-01-01",
        "period_end": "2019-12-31",
        "breakdown": "",
        "value": 1_338_994.0,
        "status": "final",
        "as_of": None,
        "note": "",
        "source": "Niên giám thống kê",
        "dataset": "tang-truong-kinh-te",
        "resource_id": str(resource.id),
    }
    assert "Hồ Chí Minh" in first["unit_name"]

    both = client.get(url, {"unit": "", "from": "2020", "to": "2020"}).json()
    assert {item["unit_code"] for item in both["items"]} == {"79", "01"}
    # A period counts when it lies within from…to: the year 2020 does not lie within Q2 onwards.
    assert [item["period"] for item in client.get(url, {"from": "2020-Q2"}).json()["items"]] == [
        "2021"
    ]
    page = client.get(url, {"limit": 2, "offset": 2}).json()
    assert page["count"] == 4 and [item["period"] for item in page["items"]] == ["2020", "2021"]

    city = AdministrativeUnit.objects.get(code="79", valid_until=None)
    assert client.get(url, {"unit": city.slug}).json()["count"] == 3

    population = "/api/v1/indicators/dan-so-trung-binh-nghin-nguoi/observations"
    assert client.get(population, {"breakdown": "Nữ"}).json()["items"][0]["value"] == 4_732.7
    totals = client.get(population, {"breakdown": "total"}).json()
    assert [item["value"] for item in totals["items"]] == [9_166.8]


def test_series_status_and_source_of_an_observation(client, grdp):
    Observation.objects.filter(period="2021").update(
        provisional=True, source="Báo cáo nhanh", note="Sơ bộ"
    )
    url = "/api/v1/indicators/tong-san-pham-tren-dia-ban-ty-dong/observations"
    latest = client.get(url, {"from": "2021"}).json()["items"][0]
    assert latest["status"] == "provisional"
    assert latest["source"] == "Báo cáo nhanh"
    assert latest["note"] == "Sơ bộ"


def test_series_rejects_bad_parameters(client, grdp):
    url = "/api/v1/indicators/tong-san-pham-tren-dia-ban-ty-dong/observations"
    for params in ({"unit": "khong-co"}, {"from": "2021-13"}, {"to": "21"}, {"limit": 0}):
        response = client.get(url, params)
        assert response.status_code == 422, params
        assert response.json()["detail"]


def test_datasets(client, grdp, make_dataset):
    make_dataset(name="chua-cong-bo", private=True)
    grdp.tags.add("GRDP", "tăng trưởng")
    data = client.get("/api/v1/datasets").json()
    assert data["count"] == 1
    listed = data["items"][0]
    assert listed["name"] == "tang-truong-kinh-te"
    assert listed["themes"] == ["kinh-te"]
    assert listed["tags"] == ["GRDP", "tăng trưởng"]
    assert listed["temporal_start"] == "2019-01-01"
    assert listed["url"] == "http://testserver/du-lieu/tang-truong-kinh-te/"
    resource = listed["resources"][0]
    assert resource["downloads"]["xlsx"] == (
        f"http://testserver/du-lieu/tai-ve/{resource['id']}.xlsx"
    )
    assert client.get("/api/v1/datasets", {"q": "tang truong"}).json()["count"] == 1
    assert client.get("/api/v1/datasets", {"theme": "doi-ngoai"}).json()["count"] == 0
    assert client.get("/api/v1/datasets/tang-truong-kinh-te").json() == listed
    assert client.get("/api/v1/datasets/chua-cong-bo").status_code == 404


def test_openapi_schema_lists_the_data_endpoints(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/indicators",
        "/api/v1/indicators/{code}",
        "/api/v1/indicators/{code}/observations",
        "/api/v1/datasets",
        "/api/v1/datasets/{name}",
    ):
        assert "get" in paths[path], path
    series = paths["/api/v1/indicators/{code}/observations"]["get"]
    assert {p["name"] for p in series["parameters"]} >= {"code", "unit", "from", "to", "limit"}
    observation = schema["components"]["schemas"]["ObservationOut"]["properties"]
    assert {"unit_code", "period_start", "value", "status", "dataset"} <= set(observation)

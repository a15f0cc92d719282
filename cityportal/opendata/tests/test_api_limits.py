"""What an attacker sends the data APIs (numbers too large for the database, queries of
thousands of terms, JSON of the wrong shape) is refused with the API's own error, never a 500,
and costs no unbounded work."""

import json

import pytest

GRDP = "Tổng sản phẩm trên địa bàn"
HUGE = "99999999999999999999"  # over 2**63: SQLite cannot bind it
CKAN = "/api/3/action/"


@pytest.fixture
def resource_id(make_dataset):
    dataset = make_dataset([(GRDP, "tỷ đồng", "79", 2021, 1_298_768.0)], name="grdp", title=GRDP)
    return str(dataset.resources.get().id)


def _refused(response, status: int, field: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert field in json.dumps(response.json()["error"], ensure_ascii=False)


@pytest.mark.parametrize(
    "action, params, field",
    [
        ("package_list", {"offset": HUGE}, "offset"),
        ("package_list", {"limit": HUGE}, "limit"),
        ("package_search", {"start": HUGE}, "start"),
        ("package_search", {"facet.field": '["tags"]', "facet.limit": HUGE}, "facet.limit"),
    ],
)
def test_ckan_refuses_integers_the_database_cannot_take(client, resource_id, action, params, field):
    _refused(client.get(CKAN + action, params), 409, field)


def test_datastore_search_refuses_huge_offsets_ids_and_malformed_fields(client, resource_id):
    for params, field in [
        ({"offset": HUGE}, "offset"),
        ({"filters": json.dumps({"_id": int(HUGE)})}, "filters"),
        ({"filters": json.dumps({"_id": HUGE})}, "filters"),
        ({"fields": "[[1]]"}, "fields"),
        ({"fields": '[{"a": 1}]'}, "fields"),
    ]:
        _refused(
            client.get(CKAN + "datastore_search", {"resource_id": resource_id, **params}),
            409,
            field,
        )
    # A limit over CKAN's rows_max is served as rows_max, as CKAN does.
    found = client.get(CKAN + "datastore_search", {"resource_id": resource_id, "limit": HUGE})
    assert found.json()["result"]["limit"] == 32000


def test_package_search_refuses_a_query_of_thousands_of_clauses(client, resource_id):
    for params in (
        {"fq": " ".join(["tags:GRDP"] * 2000)},
        {"fq": " ".join(f"-name:x{n}" for n in range(2000))},
        {"fq_list": json.dumps(["tags:GRDP"] * 200)},
        {"q": " ".join(f"w{n}" for n in range(1500))},
    ):
        response = client.get(CKAN + "package_search", params)
        assert response.status_code == 400, params
        assert response.json()["error"]["__type"] == "Search Query Error"
    assert client.get(CKAN + "package_search", {"fq": "name:grdp"}).json()["result"]["count"] == 1


def test_datastore_search_refuses_a_q_of_too_many_words(client, resource_id):
    many = " ".join(f"w{n}" for n in range(1500))
    for q in (many, json.dumps({"indicator": many})):
        response = client.get(CKAN + "datastore_search", {"resource_id": resource_id, "q": q})
        _refused(response, 409, "q")
    found = client.get(
        CKAN + "datastore_search", {"resource_id": resource_id, "q": "tong san pham"}
    )
    assert found.json()["result"]["total"] == 1


@pytest.mark.parametrize(
    "url", ["/api/v1/indicators", "/api/v1/datasets", "/api/v1/indicators/x/observations"]
)
def test_data_api_refuses_an_offset_the_database_cannot_take(client, resource_id, url):
    response = client.get(url, {"offset": HUGE})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("url", ["/api/v1/indicators", "/api/v1/datasets"])
def test_data_api_refuses_a_q_of_thousands_of_words(client, resource_id, url):
    response = client.get(url, {"q": " ".join(f"w{n}" for n in range(1500))})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "q"]
    assert client.get(url, {"q": "tong san pham"}).json()["count"] == 1


def test_a_facet_asked_for_many_times_is_counted_once(
    client, resource_id, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        found = client.get(CKAN + "package_search", {"facet.field": json.dumps(["tags"] * 500)})
    assert list(found.json()["result"]["search_facets"]) == ["tags"]


@pytest.mark.parametrize("params", [{"from": "0000"}, {"to": "0000-Q1"}, {"to": "9999-12"}])
def test_series_refuses_periods_that_are_no_date(client, resource_id, params):
    url = "/api/v1/indicators/tong-san-pham-tren-dia-ban-ty-dong/observations"
    response = client.get(url, params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "query"
    assert client.get(url, {"from": "2021", "to": "2021-Q4"}).json()["count"] == 1


@pytest.mark.parametrize(
    "action, field, number",
    [
        ("datastore_search", "offset", "1e400"),
        ("datastore_search", "limit", "-Infinity"),
        ("datastore_search", "filters", '{"_id": 1e400}'),
        ("package_search", "rows", "Infinity"),
        ("package_list", "offset", "NaN"),
    ],
)
def test_ckan_refuses_json_numbers_beyond_an_integer(client, resource_id, action, field, number):
    """Python reads JSON's 1e400 (and the `Infinity` it allows) as an infinity, which no integer
    holds: a 500 before."""
    body = f'{{"resource_id": "{resource_id}", "{field}": {number}}}'
    response = client.post(CKAN + action, body, content_type="application/json")
    _refused(response, 409, field)


@pytest.mark.parametrize(
    "action, field, value",
    [
        ("datastore_search", "fields", "true"),
        ("datastore_search", "fields", "1.5"),
        ("datastore_search", "fields", '{"value": 1}'),
        ("package_search", "facet.field", "[[1]]"),
        ("package_search", "facet.field", '[{"tags": 1}]'),
    ],
)
def test_ckan_refuses_json_of_the_wrong_type_for_a_list_of_names(
    client, resource_id, action, field, value
):
    body = f'{{"resource_id": "{resource_id}", "{field}": {value}}}'
    response = client.post(CKAN + action, body, content_type="application/json")
    _refused(response, 409, field)


def test_datastore_search_reads_null_fields_as_left_out(client, resource_id):
    body = json.dumps({"resource_id": resource_id, "fields": None})
    found = client.post(CKAN + "datastore_search", body, content_type="application/json").json()
    assert [f["id"] for f in found["result"]["fields"]][:2] == ["_id", "indicator"]

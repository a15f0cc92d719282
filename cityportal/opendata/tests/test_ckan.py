"""The CKAN Action API, driven by the real `ckanapi` client against a running server, posting
JSON (its default) and with `get_only`."""

import csv
import io
import json
from operator import itemgetter

import ckanapi
import pytest
import requests

from cityportal.core.places import load_hcmc_units, load_national_units
from cityportal.opendata.models import Observation, Theme

GRDP = "Tổng sản phẩm trên địa bàn"
POPULATION = "Dân số trung bình"


@pytest.fixture
def places(transactional_db):
    """A live server's test data is committed, then flushed with everything else, including the
    units and themes loaded for the session: load what these tests use again."""
    load_hcmc_units()
    load_national_units()
    Theme.objects.get_or_create(slug="kinh-te", defaults={"name": "Kinh tế", "eu_code": "ECON"})


@pytest.fixture
def grdp(places, make_dataset):
    dataset = make_dataset(
        [
            (GRDP, "tỷ đồng", "79", 2019, 1_338_994.0),
            (GRDP, "tỷ đồng", "79", 2020, 1_372_970.0),
            (GRDP, "tỷ đồng", "79", 2021, 1_298_768.0),
            (GRDP, "tỷ đồng", "01", 2021, 1_093_000.0),
            (POPULATION, "nghìn người", "79", 2021, 4_434.1, "Nam"),
            (POPULATION, "nghìn người", "79", 2021, 4_732.7, "Nữ"),
        ],
        name="grdp",
        title="Tổng sản phẩm trên địa bàn",
        description="Tăng trưởng kinh tế theo giá hiện hành",
        frequency="ANNUAL",
    )
    dataset.tags.add("GRDP", "tăng trưởng")
    Observation.objects.filter(period="2021", unit__code="79", indicator__name=GRDP).update(
        provisional=True, note="Sơ bộ"
    )
    make_dataset(name="noi-bo", title="Bộ dữ liệu nội bộ", private=True)
    return dataset


@pytest.fixture(params=[False, True], ids=["post", "get"])
def ckan(request, live_server):
    client = ckanapi.RemoteCKAN(live_server.url, get_only=request.param)
    if not request.param:
        # CKAN's versioned address; GET requests keep ckanapi's default, /api/action/.
        client.base_url = "api/3/action/"
    yield client
    client.close()


def as_sent(ckan, value):
    """What a client sends for an object parameter: JSON itself when posting, JSON text in a
    query string."""
    return json.dumps(value) if ckan.get_only else value


def test_catalogue(ckan, grdp):
    assert ckan.action.package_list() == ["grdp"]
    package = ckan.action.package_show(id="grdp")
    assert package == ckan.action.package_show(id=str(grdp.id))
    assert package["id"] == str(grdp.id)
    assert package["title"] == "Tổng sản phẩm trên địa bàn"
    assert package["notes"] == "Tăng trưởng kinh tế theo giá hiện hành"
    assert package["state"] == "active" and package["private"] is False
    assert package["license_id"] == "cc-by-4.0"
    assert package["organization"]["name"] == "cuc-thong-ke"
    assert package["owner_org"] == package["organization"]["id"]
    assert [tag["name"] for tag in package["tags"]] == ["GRDP", "tăng trưởng"]
    assert package["num_tags"] == 2
    assert [group["name"] for group in package["groups"]] == ["kinh-te"]
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras["frequency"].endswith("/frequency/ANNUAL")
    assert (extras["temporal_start"], extras["temporal_end"]) == ("2019-01-01", "2021-12-31")
    assert extras["source"] == "Niên giám thống kê"
    [resource] = package["resources"]
    assert package["num_resources"] == 1
    assert resource["format"] == "CSV"
    assert resource["url"] == f"{ckan.address}/du-lieu/tai-ve/{resource['id']}.csv"
    assert resource["package_id"] == package["id"]
    assert ckan.action.resource_show(id=resource["id"]) == resource

    organisations = ckan.action.organization_list(all_fields=True)
    assert [(o["name"], o["package_count"]) for o in organisations] == [("cuc-thong-ke", 1)]
    assert ckan.action.organization_list() == ["cuc-thong-ke"]
    organisation = ckan.action.organization_show(id="cuc-thong-ke", include_datasets=True)
    assert [p["name"] for p in organisation["packages"]] == ["grdp"]

    assert ckan.action.status_show()["ckan_version"].startswith("2.")


def test_package_search(ckan, grdp, make_dataset):
    make_dataset(name="dan-so", title="Dân số", theme="kinh-te")

    def names(**params):
        return [package["name"] for package in ckan.action.package_search(**params)["results"]]

    assert sorted(names()) == ["dan-so", "grdp"]
    assert names(q="tang truong") == ["grdp"]
    assert names(fq="organization:cuc-thong-ke tags:GRDP") == ["grdp"]
    assert names(fq='tags:"tăng trưởng" groups:kinh-te res_format:CSV') == ["grdp"]
    assert names(q="name:dan-so") == ["dan-so"]
    assert names(fq="-tags:GRDP") == ["dan-so"]
    assert names(fq="res_format:XLSX") == []
    assert names(sort="name asc", rows=1, start=1) == ["grdp"]
    result = ckan.action.package_search(q="*:*", rows=0, **{"facet.field": as_sent(ckan, ["tags"])})
    assert result["count"] == 2 and result["results"] == []
    assert result["facets"]["tags"] == {"GRDP": 1, "tăng trưởng": 1}


def test_datastore_search(ckan, grdp):
    resource_id = str(grdp.resources.get().id)

    def search(**params):
        return ckan.action.datastore_search(resource_id=resource_id, **params)

    everything = search()
    assert everything["total"] == 6
    assert [field["id"] for field in everything["fields"]][:3] == [
        "_id",
        "indicator",
        "indicator_code",
    ]
    types = {field["id"]: field["type"] for field in everything["fields"]}
    assert types["value"] == "numeric" and types["as_of"] == "date"
    first = everything["records"][0]
    assert first["indicator"] == GRDP
    assert first["measure"] == "tỷ đồng"
    assert first["unit_code"] == "79"
    assert first["period"] == "2019"
    assert first["value"] == 1_338_994.0
    assert first["status"] == "final"

    city = search(filters=as_sent(ckan, {"unit_code": "79", "indicator": GRDP}), sort="period desc")
    assert [(r["period"], r["status"], r["note"]) for r in city["records"]] == [
        ("2021", "provisional", "Sơ bộ"),
        ("2020", "final", ""),
        ("2019", "final", ""),
    ]
    two_years = search(filters=as_sent(ckan, {"period": ["2019", "2020"], "unit_code": "79"}))
    assert two_years["total"] == 2
    assert search(filters=as_sent(ckan, {"status": "provisional"}))["total"] == 1

    # Words without diacritics find the unit's and the breakdown's names.
    assert [r["unit_code"] for r in search(q="ha noi")["records"]] == ["01"]
    assert [r["breakdown"] for r in search(q="nữ")["records"]] == ["Nữ"]
    assert search(q=as_sent(ckan, {"indicator": "dan so"}))["total"] == 2

    page = search(sort="value desc", limit=2, offset=1, fields="period,value")
    assert page["total"] == 6 and (page["limit"], page["offset"]) == (2, 1)
    assert page["records"] == [
        {"period": "2019", "value": 1_338_994.0},
        {"period": "2021", "value": 1_298_768.0},
    ]
    assert [f["id"] for f in page["fields"]] == ["period", "value"]
    following = requests.get(ckan.address + page["_links"]["next"]).json()["result"]
    assert following["offset"] == 3
    assert [r["value"] for r in following["records"]] == [1_093_000.0, 4_732.7]

    assert search(limit=100_000)["limit"] == 32_000


def test_datastore_rows_give_their_source_as_the_downloads_do(ckan, grdp):
    """A figure without a source of its own is cited to its dataset's, in datastore_search as
    in the CSV, XLSX and JSON downloads and /api/v1. The column comes after the others."""
    Observation.objects.filter(period="2020").update(source="Báo cáo nhanh 2020")
    resource = grdp.resources.get()

    def search(**params):
        return ckan.action.datastore_search(resource_id=str(resource.id), **params)

    everything = search()
    assert [field["id"] for field in everything["fields"]] == [
        *("_id", "indicator", "indicator_code", "measure", "unit_code", "unit_name", "period"),
        *("breakdown", "value", "status", "as_of", "note", "source"),
    ]
    downloaded = requests.get(ckan.address + resource.download_url("csv"))
    rows = csv.DictReader(io.StringIO(downloaded.content.decode("utf-8-sig")))
    key = itemgetter("indicator", "unit_code", "period", "breakdown")
    assert {key(r): r["source"] for r in everything["records"]} == {
        key(r): r["source"] for r in rows
    }
    assert [r["source"] for r in search(filters=as_sent(ckan, {"period": "2020"}))["records"]] == [
        "Báo cáo nhanh 2020"
    ]
    # Filters, search and sorting see the source a reader sees, not the empty stored one.
    assert search(filters=as_sent(ckan, {"source": "Niên giám thống kê"}))["total"] == 5
    assert search(q=as_sent(ckan, {"source": "nhanh"}))["total"] == 1
    assert search(sort="source asc", limit=1)["records"][0]["period"] == "2020"


def test_datastore_search_distinct_and_without_total(ckan, grdp):
    resource_id = str(grdp.resources.get().id)

    def search(**params):
        return ckan.action.datastore_search(resource_id=resource_id, **params)

    # As CKAN: the distinct rows of the fields, and a total that counts them.
    units = search(fields="unit_code", distinct=True)
    assert units["records"] == [{"unit_code": "01"}, {"unit_code": "79"}] and units["total"] == 2
    pairs = search(fields=["indicator", "unit_code"], distinct=True, sort="indicator desc")
    assert pairs["total"] == 3
    assert pairs["records"] == [
        {"indicator": GRDP, "unit_code": "01"},
        {"indicator": GRDP, "unit_code": "79"},
        {"indicator": POPULATION, "unit_code": "79"},
    ]
    periods = search(fields="period", distinct=True, sort="period desc", limit=1, offset=1)
    assert periods["records"] == [{"period": "2020"}] and periods["total"] == 3
    assert search(fields="unit_code", distinct=False)["total"] == 6

    quick = search(include_total=False, limit=2)
    assert len(quick["records"]) == 2
    assert "total" not in quick and "total_was_estimated" not in quick
    assert search(include_total=True)["total"] == 6


def test_a_malformed_fq_is_a_search_query_error(ckan, grdp):
    for fq in ("(broken", 'tags:"GRDP', "tags:GRDP)", "tags: "):
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(fq=fq)
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(fq_list=["tags:GRDP", "(broken"])
    # Well formed: brackets, escapes and colons inside quotes; and q stays lenient.
    for fq in ("(tags:GRDP)", 'tags:"tăng trưởng: 2021" OR tags:x', r"name:grdp\("):
        ckan.action.package_search(fq=fq)
    assert ckan.action.package_search(q="(broken")["count"] == 0


def test_errors_are_what_ckanapi_expects(live_server, grdp):
    ckan = ckanapi.RemoteCKAN(live_server.url)  # ckanapi's default address, /api/action/
    private = grdp.__class__.objects.get(name="noi-bo")
    for name in ("khong-co", "noi-bo", str(private.id)):
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id=name)
    with pytest.raises(ckanapi.NotFound):
        ckan.action.resource_show(id=str(private.resources.get().id))
    with pytest.raises(ckanapi.NotFound):
        ckan.action.datastore_search(resource_id="khong-phai-uuid")
    with pytest.raises(ckanapi.ValidationError) as missing:
        ckan.action.package_show()
    assert "id" in missing.value.error_dict
    resource_id = str(grdp.resources.get().id)
    for params in ({"filters": {"khong_co": 1}}, {"sort": "value sideways"}, {"limit": -1}):
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.datastore_search(resource_id=resource_id, **params)
    with pytest.raises(ckanapi.SearchQueryError):
        ckan.action.package_search(fq="author:ai")
    with pytest.raises(ckanapi.CKANAPIError):
        ckan.action.package_create(name="moi")


def test_http_envelope(live_server, grdp):
    url = f"{live_server.url}/api/3/action/"
    shown = requests.get(url + "package_show", params={"id": "grdp"})
    assert shown.status_code == 200
    assert "max-age=60" in shown.headers["Cache-Control"]
    body = shown.json()
    assert body["success"] is True and body["result"]["name"] == "grdp"
    assert requests.get(body["help"]).json()["result"].startswith("One public dataset")

    missing = requests.post(url + "package_show", json={"id": "khong-co"})
    assert missing.status_code == 404
    assert missing.json()["success"] is False
    assert missing.json()["error"]["__type"] == "Not Found Error"
    assert "public" not in missing.headers.get("Cache-Control", "")

    resource_id = str(grdp.resources.get().id)
    invalid = requests.post(
        url + "datastore_search", json={"resource_id": resource_id, "limit": "x"}
    )
    assert invalid.status_code == 409
    assert invalid.json()["error"] == {"__type": "Validation Error", "limit": ["Phải là số nguyên"]}

    # Like CKAN: a bare JSON string, not the envelope, for requests it cannot read.
    bad_json = requests.post(
        url + "package_show", data="{id:", headers={"Content-Type": "application/json"}
    )
    assert bad_json.status_code == 400
    assert bad_json.json().startswith("Bad request - JSON Error")
    unknown = requests.get(url + "package_create")
    assert unknown.status_code == 400
    assert unknown.json() == "Bad request - Action name not known: package_create"


def test_queries_do_not_grow_with_datasets(client, make_dataset, django_assert_max_num_queries):
    for n in range(6):
        make_dataset([(GRDP, "tỷ đồng", "79", 2020 + n, 1.0)], name=f"bo-{n}").tags.add("GRDP")
    url = "/api/3/action/"
    with django_assert_max_num_queries(8):
        found = client.get(url + "package_search", {"q": "*:*", "facet.field": '["tags"]'}).json()
    assert found["result"]["count"] == 6
    resource_id = found["result"]["results"][0]["resources"][0]["id"]
    with django_assert_max_num_queries(5):
        records = client.get(url + "datastore_search", {"resource_id": resource_id}).json()
    assert records["result"]["total"] == 1


def test_datastore_search_q_reads_every_text_column_with_or_without_diacritics(
    client, make_dataset
):
    dataset = make_dataset(
        [
            (POPULATION, "nghìn người", "79", 2021, 4_434.1, "Nam"),
            (POPULATION, "nghìn người", "79", 2021, 4_732.7, "Nữ"),
            (POPULATION, "nghìn người", "01", 2021, 4_200.0, "Nữ"),
        ]
    )
    Observation.objects.filter(unit__code="01").update(note="Ước tính", source="Báo cáo nhanh")
    resource_id = str(dataset.resources.get().id)

    def found(q) -> list[tuple[str, str]]:
        q = json.dumps(q, ensure_ascii=False) if isinstance(q, dict) else q
        response = client.get(
            "/api/3/action/datastore_search", {"resource_id": resource_id, "q": q}
        )
        assert response.status_code == 200, response.content[:300]
        return sorted(
            (r["unit_code"], r["breakdown"]) for r in response.json()["result"]["records"]
        )

    women = [("01", "Nữ"), ("79", "Nữ")]
    assert found("nu") == found("Nữ") == found("NỮ") == found({"breakdown": "nu"}) == women
    assert found("nu ha noi") == [("01", "Nữ")]  # every word, each in some column
    assert found("uoc tinh") == found({"note": "ước"}) == [("01", "Nữ")]
    assert found("bao cao nhanh") == found({"source": "bao cao"}) == [("01", "Nữ")]
    assert found("nien giam") == [("79", "Nam"), ("79", "Nữ")]  # the dataset's source
    assert len(found("nguoi")) == len(found({"measure": "nghin"})) == 3
    assert found("nu nam") == []  # a row is of women or of men

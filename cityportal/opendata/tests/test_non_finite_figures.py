"""A stored infinity (SQLite and PostgreSQL keep them; PostgreSQL NaN too) is no figure: every
JSON output gives null for it, which JavaScript's JSON.parse and jq read, where `Infinity` made
the whole answer unreadable; the spreadsheets give an empty cell; imports refuse such figures."""

import csv
import io
import json
import math

import pytest
from openpyxl import Workbook, load_workbook

from cityportal.opendata.exports import COLUMNS
from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.importers.values import CellError, parse_number
from cityportal.opendata.models import Observation, finite
from cityportal.opendata.templatetags.opendata_tags import vi_number

GRDP = "Tổng sản phẩm trên địa bàn"


def strict(body: bytes):
    """JSON as a strict reader takes it: `Infinity`, `-Infinity` and `NaN` are no JSON."""

    def refuse(word):
        raise ValueError(f"not JSON: {word}")

    return json.loads(body, parse_constant=refuse)


@pytest.fixture
def grdp(make_dataset):
    """The city's 2020 figure and Hà Nội's were stored as infinities by an old import."""
    dataset = make_dataset(
        [
            (GRDP, "tỷ đồng", "79", 2019, 1_338_994.0),
            (GRDP, "tỷ đồng", "79", 2020, 1_372_970.0),
            (GRDP, "tỷ đồng", "01", 2020, 1_023_811.0),
        ],
        name="grdp",
    )
    Observation.objects.filter(unit__code="79", period="2020").update(value=math.inf)
    Observation.objects.filter(unit__code="01").update(value=-math.inf)
    return dataset


def by_place_and_period(records) -> dict:
    return {(r["unit_code"], r["period"]): r["value"] for r in records}


EXPECTED = {("79", "2019"): 1_338_994.0, ("79", "2020"): None, ("01", "2020"): None}


def download(client, dataset, fmt: str) -> bytes:
    response = client.get(dataset.resources.get().download_url(fmt))
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_json_download_gives_null(client, grdp):
    data = strict(download(client, grdp, "json"))
    assert by_place_and_period(data["records"]) == EXPECTED


def test_csv_and_xlsx_downloads_give_an_empty_cell(client, grdp):
    rows = list(csv.DictReader(io.StringIO(download(client, grdp, "csv").decode("utf-8-sig"))))
    values = {(r["unit_code"], r["period"]): r["value"] for r in rows}
    assert values == {("79", "2019"): "1338994", ("79", "2020"): "", ("01", "2020"): ""}

    sheet = load_workbook(io.BytesIO(download(client, grdp, "xlsx"))).active
    header, *cells = sheet.iter_rows(values_only=True)
    records = [dict(zip(COLUMNS, row, strict=True)) for row in cells]
    assert by_place_and_period(records) == EXPECTED


def test_api_series_gives_null(client, grdp):
    code = Observation.objects.first().indicator.code
    response = client.get(f"/api/v1/indicators/{code}/observations")
    assert response.status_code == 200
    assert by_place_and_period(strict(response.content)["items"]) == EXPECTED


@pytest.mark.parametrize(
    "params",
    [{}, {"fields": "unit_code,period,value", "distinct": "true"}, {"sort": "value desc"}],
    ids=["rows", "distinct", "sorted"],
)
def test_ckan_datastore_search_gives_null(client, grdp, params):
    resource_id = str(grdp.resources.get().id)
    response = client.get("/api/3/action/datastore_search", {"resource_id": resource_id, **params})
    assert response.status_code == 200
    assert by_place_and_period(strict(response.content)["result"]["records"]) == EXPECTED


def test_nan_is_missing_too():
    """SQLite stores NaN as NULL, which the column refuses; PostgreSQL keeps it."""
    assert finite(math.nan) is None and finite(-math.inf) is None
    assert finite(0.0) == 0.0 and finite(-1.5) == -1.5 and finite(None) is None


def test_the_pages_say_a_nan_is_no_figure_not_a_large_one():
    assert vi_number(math.nan) == "(không phải số)"
    assert vi_number(math.inf) == "(quá lớn để hiển thị chính xác)"
    assert vi_number(1234.5) == "1.234,5"


def xlsx(*values) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["indicator", "area", "period", "value"])
    for year, value in enumerate(values, 2020):
        sheet.append(["A", "79", year, value])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def test_a_workbook_number_beyond_an_exact_figure_is_refused(organisation):
    """A number cell was stored as read: 1e308 (Excel's overflow) went in unchecked."""
    plan = plan_file("a.xlsx", xlsx(1e308, -(2.0**60), 9e15), Options())
    assert [str(e) for e in plan.errors] == [
        f"dòng {line}, cột 'value': '{cell}' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn"
        for line, cell in [(2, 1e308), (3, -(2.0**60))]
    ]
    assert [d.value for d in plan.drafts] == [9e15]
    # A workbook's integer cell is read as Python's, which may be beyond any float.
    with pytest.raises(CellError, match="quá lớn"):
        parse_number(10**400, comma=False)


def test_text_that_is_no_finite_number_is_refused(organisation):
    table = b"indicator;area;period;value\nA;79;2020;inf\nA;79;2021;-Infinity\nA;79;2022;NaN\n"
    table += b"A;79;2023;1e400\nA;79;2024;12\n"
    plan = plan_file("a.csv", table, Options())
    assert [str(e) for e in plan.errors] == [
        "dòng 2, cột 'value': 'inf' không phải là số hữu hạn",
        "dòng 3, cột 'value': '-Infinity' không phải là số hữu hạn",
        "dòng 4, cột 'value': 'NaN' không phải là số",
        "dòng 5, cột 'value': '1e400' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn",
    ]
    assert [d.value for d in plan.drafts] == [12.0]

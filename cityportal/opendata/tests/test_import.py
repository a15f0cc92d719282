"""The importer on files shaped exactly like the statistics office's PX-Web exports (their first
rows transcribed: title line, blank line, `;`, `..`, UTF-8 BOM, CRLF), on the tidy tables data
editors upload, on XLSX, and on every kind of bad input — which must leave nothing written."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.ckan.protocol import timestamp
from cityportal.opendata.importers.batch import import_tables
from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Dataset, Indicator, Observation, Resource, ResourceVersion

PX_POPULATION = (
    '\ufeff"Average population by province by Cities, provincies, Average population and Year"\r\n'
    "\r\n"
    '"Cities, provincies";"Total 2015";"Total Prel. 2016";"Male 2015";"Male Prel. 2016"\r\n'
    '" WHOLE COUNTRY";91713.3;92695.1;45225.4;45748.4\r\n'
    '"Red River Delta";20925.5;21133.8;10316.9;10421.1\r\n'
    '"Ha Noi";7216.0;7328.4;3536.1;3597.2\r\n'
    '"Ho Chi Minh city";8127.9;8297.5;3900.0;3972.2\r\n'
    '"Thua Thien-Hue";1143.6;1149.9;..;..\r\n'
).encode()

PX_CPI = (
    '\ufeff"Monthly consumer price index by Year, Items and Month"\r\n'
    "\r\n"
    '"Year";"Items";"Jan.";"Feb.";"March"\r\n'
    '"2016";"Consumer price index (%)";100.00;100.42;100.57\r\n'
    '"2016";"Food and foodstuffs (%)";100.25;101.98;99.52\r\n'
).encode()

PX_FDI_2016 = (
    '\ufeff"Foreign direct investment projects licensed in 2016 by province chia theo Cities, '
    'provincies và Iterms"\r\n'
    "\r\n"
    '"Cities, provincies";"Number of projects";"Total registered capital (Mill. USD)(*)"\r\n'
    '"WHOLE COUNTRY";2613.0;26890.5\r\n'
    '"TP. Ho Chi Minh";1075.0;2203.8\r\n'
    '"Oil and gas";3.0;33.0\r\n'
).encode()

TIDY_VN = (
    "Chỉ tiêu;Đơn vị tính;Địa bàn;Kỳ;Giá trị;Trạng thái;Số liệu tính đến\n"
    "Tổng mức bán lẻ hàng hóa;tỷ đồng;Thành phố Hồ Chí Minh;Quý III/2025;1.234,5;sơ bộ;45930\n"
    "Tổng mức bán lẻ hàng hóa;tỷ đồng;TP.HCM;Q2/2025;1.100,25;;30/06/2025\n"
    "Tổng mức bán lẻ hàng hóa;tỷ đồng;Phường Sài Gòn;2025-09;12,5;chính thức;\n"
).encode()


def run(files, meta, **kwargs):
    options = kwargs.pop("options", Options(area="VN", skip_unknown_areas=True))
    return import_tables(files, meta, options, **kwargs)


def test_px_export_by_province(meta):
    outcome = run([("Average population by province.csv", PX_POPULATION)], meta)
    plan = outcome.plans[0]
    assert plan.ok and plan.shape == "wide" and outcome.imported == [plan]
    assert plan.missing == 2  # Thừa Thiên Huế's ".." for men
    hcmc = Observation.objects.get(unit__code="79", period="2016", breakdown="")
    # 2016 belongs to the city before the 2025 merger, not to today's city.
    assert hcmc.unit.valid_until == datetime.date(2025, 6, 30)
    assert hcmc.value == 8297.5 and hcmc.provisional
    assert hcmc.indicator.name == "Average population"
    male = Observation.objects.get(unit__code="79", period="2015", breakdown="Male")
    assert male.value == 3900.0 and not male.provisional
    assert Observation.objects.get(unit__code="VN", period="2015", breakdown="").value == 91713.3
    assert Observation.objects.get(unit__code="VN-R1", period="2016", breakdown="").value == 21133.8
    assert Observation.objects.filter(unit__name__contains="Huế").count() == 2
    dataset = Dataset.objects.get(name="average-population-by-province")
    assert (dataset.temporal_start, dataset.temporal_end) == (
        datetime.date(2015, 1, 1),
        datetime.date(2016, 12, 31),
    )
    version = ResourceVersion.objects.get(resource__dataset=dataset)
    assert version.rows == 18 and version.file.read() == PX_POPULATION


def test_px_long_table_with_months_and_measures(meta):
    outcome = run([("cpi.csv", PX_CPI)], meta)
    assert outcome.plans[0].ok, outcome.plans[0].summary()
    cpi = Indicator.objects.get(name__endswith=": Food and foodstuffs")
    assert cpi.measure == "%"
    feb = Observation.objects.get(indicator=cpi, period="2016-02")
    assert feb.value == 101.98 and feb.period_type == "M" and feb.unit.code == "VN"


def test_cross_section_table_takes_its_year_from_the_title(meta):
    outcome = run([("fdi-2016.csv", PX_FDI_2016)], meta)
    plan = outcome.plans[0]
    assert plan.ok and plan.shape == "cross-section"
    assert plan.skipped_areas == {"Oil and gas": 2}  # reported, not silently dropped
    capital = Observation.objects.get(unit__code="79", indicator__measure="Mill. USD")
    assert capital.value == 2203.8 and capital.period == "2016"


def test_tidy_vietnamese_table_with_quarters_and_comma_decimals(meta):
    outcome = run([("ban-le.csv", TIDY_VN)], meta, options=Options())
    assert outcome.plans[0].ok, outcome.plans[0].summary()
    q3 = Observation.objects.get(period="2025-Q3")
    assert q3.value == 1234.5 and q3.provisional
    assert q3.as_of == datetime.date(2025, 9, 30)  # an Excel serial date
    assert q3.unit.code == "79" and q3.unit.valid_until is None  # after the reform: today's city
    assert Observation.objects.get(period="2025-Q2").value == 1100.25
    ward = Observation.objects.get(period="2025-09")
    assert ward.unit.name == "Phường Sài Gòn" and ward.value == 12.5


def xlsx_bytes(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_merged_header_cells_and_dates(meta):
    def build(ws):
        ws.append(["Dân số trung bình phân theo giới tính"])
        ws.append(["Địa bàn", "2023", None, "2024", None])
        ws.append([None, "Nam", "Nữ", "Nam", "Nữ"])
        ws.append(["Thành phố Hồ Chí Minh", 4500.1, 4800.2, 4550.3, 4850.4])
        ws.append(["Thành phố Hà Nội", 4200, 4300, 4250, 4350])
        ws.merge_cells("B2:C2")
        ws.merge_cells("D2:E2")

    outcome = run(
        [("dan-so.xlsx", xlsx_bytes(build))], meta, options=Options(measure="nghìn người")
    )
    plan = outcome.plans[0]
    assert plan.ok, plan.summary()
    assert plan.format == "XLSX" and len(plan.drafts) == 8
    women = Observation.objects.get(unit__code="79", period="2024", breakdown="Nữ")
    assert women.value == 4850.4 and women.indicator.name == "Dân số trung bình"
    assert women.indicator.measure == "nghìn người"


def test_xlsx_tidy_with_excel_dates(meta):
    def build(ws):
        ws.append(["indicator", "area", "period", "value", "as_of"])
        ws.append(
            [
                "Khách quốc tế",
                "79",
                datetime.datetime(2025, 8, 1),
                512000,
                datetime.date(2025, 9, 5),
            ]
        )

    outcome = run([("khach.xlsx", xlsx_bytes(build))], meta, options=Options())
    assert outcome.plans[0].ok, outcome.plans[0].summary()
    obs = Observation.objects.get()
    assert (obs.period, obs.as_of, obs.value) == ("2025-08", datetime.date(2025, 9, 5), 512000)


def test_a_unit_column_beside_an_area_column_is_the_unit_of_measure(meta):
    data = b"indicator,area,period,value,unit\nPopulation,79,2024,9521.9,thousand persons\n"
    outcome = run([("pop.csv", data)], meta, options=Options())
    plan = outcome.plans[0]
    assert plan.ok, plan.summary()
    assert "'unit' được đọc là đơn vị tính" in plan.summary()
    obs = Observation.objects.get()
    assert (obs.unit.code, obs.indicator.measure, obs.value) == ("79", "thousand persons", 9521.9)


def test_a_unit_column_alone_naming_places_is_the_area(meta):
    outcome = run(
        [("pop.csv", b"indicator,unit,period,value\nA,79,2024,1\n")], meta, options=Options()
    )
    assert outcome.plans[0].ok and not outcome.plans[0].warnings
    assert Observation.objects.get().unit.code == "79"


def test_a_unit_column_is_ignored_with_a_note_when_area_and_measure_are_there(meta):
    data = b"indicator,area,period,value,measure,unit\nA,79,2024,1,persons,ignored\n"
    plan = run([("pop.csv", data)], meta, options=Options()).plans[0]
    assert plan.ok and "bỏ qua cột 'unit'" in plan.summary()
    assert Observation.objects.get().indicator.measure == "persons"


def test_two_columns_for_one_field_are_a_clear_error(meta):
    data = "indicator,area,Địa bàn,period,value\nA,79,01,2024,1\n".encode()
    plan = run([("pop.csv", data)], meta, options=Options()).plans[0]
    assert not plan.ok
    assert "các cột 'area', 'Địa bàn' đều là cột area" in plan.summary()
    assert "không có cột địa bàn" not in plan.summary()
    assert_nothing_written()


# Bad input: a clear report, and nothing written.


def assert_nothing_written():
    assert not Observation.objects.exists()
    assert not Dataset.objects.exists()
    assert not ResourceVersion.objects.exists()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"indicator|area|period|value\nA|79|2020|1\n".replace(b"|", b" "), "một cột"),
        ("Chỉ tiêu;Kỳ;Giá trị\nDân số;2020;1\n".encode() + "Hà Nam".encode("cp1258"), "trộn"),
        (b"indicator;area;period;value\nA;79;2020;mot tram\n", "'mot tram' không phải là số"),
        (b"indicator;area;period;value\nA;79;2020;1\nA;79;2020;2\n", "trùng"),
        (b"indicator;area;period;value\nA;Atlantis;2020;1\n", "'Atlantis'"),
        (b"indicator;area;period;value\nA;79;hom qua;1\n", "không phải là kỳ"),
        (b"indicator;area;period;value\nA;79;2020;1\n", None),  # the good control
        (b"", "rỗng"),
        (b"PK\x03\x04not really a workbook", "Excel"),
    ],
)
def test_bad_input_is_reported_and_nothing_is_written(meta, data, message):
    outcome = run([("bang.csv", data)], meta, options=Options())
    plan = outcome.plans[0]
    if message is None:
        assert plan.ok and Observation.objects.count() == 1
        return
    assert not plan.ok and message in plan.summary()
    assert_nothing_written()


def test_errors_name_row_and_column(meta):
    data = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;abc\n"
    plan = plan_file("bang.csv", data, Options())
    assert [str(e) for e in plan.errors] == ["dòng 3, cột 'value': 'abc' không phải là số"]


def test_a_file_too_big_is_refused_before_reading(meta, settings):
    settings.OPENDATA_MAX_UPLOAD_BYTES = 1000
    outcome = run([("lon.csv", b"indicator;area;period;value\n" + b"A;79;2020;1\n" * 200)], meta)
    assert "vượt giới hạn" in outcome.plans[0].summary()
    assert_nothing_written()


def test_legacy_windows_encoding_is_read_with_a_warning(meta):
    data = '"Cities, provincies";"Total 2015"\r\n"Bình Dinh";1519.5\r\n'.encode("cp1252")
    outcome = run([("binh-dinh.csv", data)], meta)
    plan = outcome.plans[0]
    assert plan.ok and "cp1252" in plan.summary()
    assert Observation.objects.get().unit.name == "Tỉnh Bình Định"


def test_all_or_nothing_across_files_unless_keep_going(meta):
    good = ("tot.csv", b"indicator;area;period;value\nA;79;2020;1\n")
    bad = ("xau.csv", b"indicator;area;period;value\nA;79;2020;x1\n")
    outcome = run([good, bad], meta, options=Options())
    assert len(outcome.rejected) == 1 and not outcome.imported
    assert_nothing_written()
    outcome = run([good, bad], meta, options=Options(), keep_going=True)
    assert [p.name for p in outcome.imported] == ["tot.csv"]
    assert Observation.objects.count() == 1


def test_reimport_is_idempotent_and_a_new_file_becomes_a_version(meta):
    first = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2\n"
    second = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2.5\nA;79;2022;3\n"
    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    outcome = run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    assert len(outcome.unchanged) == 1 and Observation.objects.count() == 2
    run([("a.csv", second)], meta, options=Options(), resource_name="Bảng A")
    assert Observation.objects.count() == 3  # replaced, never counted twice
    assert Observation.objects.get(period="2021").value == 2.5
    versions = ResourceVersion.objects.order_by("created_at", "pk")
    assert [v.rows for v in versions] == [2, 3]
    assert versions[0].file.read() == first  # the earlier file stays downloadable


def test_a_new_version_dates_its_table_and_dataset_everywhere(client, meta):
    """New figures are a change: the dataset page, CKAN, DCAT and the sitemap say when they came.
    An unchanged file or a refused import dates nothing."""
    first = b"indicator;area;period;value\nA;79;2020;1\n"
    second = b"indicator;area;period;value\nA;79;2020;1\nA;79;2021;2\n"
    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")
    dataset = Dataset.objects.get()
    month_ago = timezone.now() - datetime.timedelta(days=30)
    Dataset.objects.update(modified_at=month_ago)
    Resource.objects.update(modified_at=month_ago)

    run([("a.csv", first)], meta, options=Options(), resource_name="Bảng A")  # unchanged
    bad = ("b.csv", b"indicator;area;period;value\nA;79;2020;x\n")
    outcome = run([("a.csv", second), bad], meta, options=Options(), resource_name="Bảng A")
    assert outcome.rejected and not outcome.imported
    assert Dataset.objects.get().modified_at == month_ago
    assert Resource.objects.get().modified_at == month_ago

    run([("a.csv", second)], meta, options=Options(), resource_name="Bảng A")
    uploaded = ResourceVersion.objects.order_by("-created_at").first().created_at
    assert uploaded > month_ago
    assert Dataset.objects.get().modified_at == uploaded
    assert Resource.objects.get().modified_at == uploaded

    package = client.get("/api/3/action/package_show", {"id": dataset.name}).json()["result"]
    assert package["metadata_modified"] == timestamp(uploaded)
    assert package["resources"][0]["last_modified"] == timestamp(uploaded)
    graph = Graph().parse(data=client.get("/catalog.jsonld").content, format="json-ld")
    node = URIRef(f"http://testserver{dataset.get_absolute_url()}#dataset")
    assert graph.value(node, DCTERMS.modified).toPython() == uploaded
    sitemap = client.get("/sitemap.xml").content.decode()
    today = f"{timezone.localtime(uploaded):%Y-%m-%d}"
    assert f"{dataset.get_absolute_url()}</loc><lastmod>{today}</lastmod>" in sitemap
    page = client.get(dataset.get_absolute_url()).content.decode()
    assert f'<time datetime="{timezone.localtime(uploaded).isoformat()}">' in page


def test_tables_imported_again_before_the_fix_are_dated_by_their_newest_version(meta):
    """Migration 0005: what was re-imported while imports dated nothing gets its newest
    version's date; a later metadata edit keeps its own."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("cityportal.opendata.migrations.0005_date_by_newest_version")
    run([("a.csv", b"indicator;area;period;value\nA;79;2020;1\n")], meta, options=Options())
    uploaded = ResourceVersion.objects.get().created_at
    month_ago = uploaded - datetime.timedelta(days=30)
    Dataset.objects.update(modified_at=month_ago)
    Resource.objects.update(modified_at=month_ago)

    migration.date_by_newest_version(apps, None)
    assert Dataset.objects.get().modified_at == uploaded
    assert Resource.objects.get().modified_at == uploaded

    edited = uploaded + datetime.timedelta(days=1)
    Dataset.objects.update(modified_at=edited)
    migration.date_by_newest_version(apps, None)
    assert Dataset.objects.get().modified_at == edited


def test_command_reports_and_writes_all_or_nothing(organisation, tmp_path):
    good = tmp_path / "dan-so.csv"
    good.write_bytes(PX_POPULATION)
    bad = tmp_path / "loi.csv"
    bad.write_bytes(b"indicator;area;period;value\nA;79;2020;abc\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command(
            "import_dataset", str(good), str(bad), "--organisation", organisation.slug, stdout=out
        )
    assert "dòng 2, cột 'value'" in out.getvalue()
    assert_nothing_written()

    call_command(
        "import_dataset",
        str(good),
        "--organisation",
        organisation.slug,
        "--dataset",
        "dan-so",
        "--title",
        "Dân số trung bình",
        "--theme",
        "dan-so-lao-dong",
        "--skip-unknown-areas",
        "--dry-run",
        stdout=out,
    )
    assert "1 would import (18 observations)" in out.getvalue()
    assert_nothing_written()

    call_command(
        "import_dataset",
        str(tmp_path),
        "--organisation",
        organisation.slug,
        "--dataset",
        "dan-so",
        "--title",
        "Dân số trung bình",
        "--theme",
        "dan-so-lao-dong",
        "--keep-going",
        stdout=out,
    )
    assert "1 imported (18 observations), 0 unchanged, 1 rejected" in out.getvalue()
    dataset = Dataset.objects.get(name="dan-so")
    assert dataset.title == "Dân số trung bình"
    assert [t.slug for t in dataset.themes.all()] == ["dan-so-lao-dong"]


def test_command_counts_the_valid_tables_held_back_by_a_rejected_one(organisation, tmp_path):
    good, bad = tmp_path / "tot.csv", tmp_path / "xau.csv"
    good.write_bytes(b"indicator;area;period;value\nA;79;2020;1\n")
    bad.write_bytes(b"indicator;area;period;value\nA;79;2020;x1\n")
    for dry_run, said in [([], "not"), (["--dry-run"], "would not be")]:
        out = io.StringIO()
        with pytest.raises(CommandError, match="--keep-going to import the valid tables"):
            call_command(
                "import_dataset",
                str(good),
                str(bad),
                *dry_run,
                "--organisation",
                organisation.slug,
                stdout=out,
            )
        assert (
            f"2 tables: 0 {'would import' if dry_run else 'imported'} (0 observations), "
            f"0 unchanged, 1 valid ({said} imported because another table was rejected), "
            "1 rejected." in out.getvalue()
        )
    assert_nothing_written()


def test_command_rejects_unknown_organisation(db, tmp_path):
    with pytest.raises(CommandError, match="Unknown organisation"):
        call_command("import_dataset", str(tmp_path), "--organisation", "khong-co")


def test_a_failed_write_leaves_no_rows_and_no_stored_files(organisation, settings, tmp_path):
    from cityportal.core.models import Organisation
    from cityportal.opendata.importers.plan import Target, apply

    settings.MEDIA_ROOT = tmp_path
    plan = plan_file("a.csv", b"indicator;area;period;value\nA;79;2020;1\n", Options())
    good = Target(Dataset(name="a", title="A", organisation=organisation), "Bảng A")
    broken = Target(Dataset(name="b", title="B", organisation=Organisation(name="?")), "Bảng B")
    with pytest.raises(ValueError):
        apply([(plan, good), (plan, broken)])
    assert_nothing_written()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_demo_catalogue_command_loads_once(db):
    # As on a fresh machine, where `load_demo` loaded only the city's own units.
    AdministrativeUnit.objects.exclude(pk__in=AdministrativeUnit.objects.local()).delete()
    out = io.StringIO()
    call_command("load_opendata_demo", stdout=out)
    call_command("load_opendata_demo", stdout=out)
    first, second = out.getvalue().splitlines()
    assert first.startswith("Open data demo: 12 datasets") and "2531 observations" in first
    assert second.startswith("Open data demo: 0 datasets, 0 observations")
    assert Observation.objects.count() == 2531
    grdp = Observation.objects.get(
        indicator__name="GRDP bình quân đầu người", unit__code="79", period="2022"
    )
    assert grdp.value == 159.43  # the source's figure for the city (million VND)


def test_command_puts_several_tables_into_one_new_dataset(organisation, tmp_path):
    first, second = tmp_path / "dan-so.csv", tmp_path / "lao-dong.csv"
    first.write_bytes(b"indicator;area;period;value\nA;79;2020;1\n")
    second.write_bytes(b"indicator;area;period;value\nB;79;2020;2\n")
    out = io.StringIO()
    call_command(
        "import_dataset", str(first), str(second), "--organisation", organisation.slug,
        "--dataset", "moi", stdout=out,
    )  # fmt: skip
    assert "2 imported (2 observations)" in out.getvalue()
    dataset = Dataset.objects.get(name="moi")
    assert sorted(dataset.resources.values_list("name", flat=True)) == ["dan-so", "lao-dong"]


def test_two_tables_of_one_import_never_replace_each_other(organisation, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "dan-so.csv").write_bytes(b"indicator;area;period;value\nA;79;2020;1\n")
    (tmp_path / "b" / "dan-so.csv").write_bytes(b"indicator;area;period;value\nA;79;2021;2\n")
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command(
            "import_dataset", str(tmp_path), "--organisation", organisation.slug, stdout=out
        )
    assert "cùng vào bảng 'dan-so' của bộ dữ liệu 'dan-so'" in out.getvalue()
    assert not Dataset.objects.exists()


def test_command_refuses_a_dataset_name_that_is_no_address(organisation, tmp_path):
    table = tmp_path / "a.csv"
    table.write_bytes(b"indicator;area;period;value\nA;79;2020;1\n")
    with pytest.raises(CommandError, match="--dataset 'Dân số 2020' is not a name"):
        call_command(
            "import_dataset", str(table), "--organisation", organisation.slug,
            "--dataset", "Dân số 2020", stdout=io.StringIO(),
        )  # fmt: skip
    assert not Dataset.objects.exists()


def test_a_figure_too_large_to_store_exactly_is_refused(organisation, client):
    table = b"indicator;area;period;value\nA;79;2020;1e308\nA;01;2020;-1e308\nA;VN;2020;9e15\n"
    plan = plan_file("a.csv", table, Options())
    assert [(e.line, str(e)) for e in plan.errors][:2] == [
        (2, "dòng 2, cột 'value': '1e308' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn"),
        (3, "dòng 3, cột 'value': '-1e308' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn"),
    ]
    assert [d.value for d in plan.drafts] == [9e15]  # as large as an exact figure goes


def test_checking_tables_without_a_source_reads_no_dataset(meta, django_assert_num_queries):
    """Only a source given needs the destination dataset looked up (_cite_source): a dry run
    of three tables without one reads the units once and nothing per table."""
    files = [(f"bang-{n}.csv", b"indicator;area;period;value\nA;79;2020;1\n") for n in range(3)]
    with django_assert_num_queries(1) as captured:
        outcome = run(files, meta, options=Options(), dry_run=True)
    assert all(plan.ok for plan in outcome.plans)
    assert "opendata_dataset" not in " ".join(q["sql"] for q in captured.captured_queries)

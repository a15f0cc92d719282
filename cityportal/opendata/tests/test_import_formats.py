"""The importer on files shaped exactly like the statistics office's PX-Web exports (their first
rows transcribed: title line, blank line, `;`, `..`, UTF-8 BOM, CRLF, a legacy Windows encoding),
on the tidy tables data editors upload and on XLSX, and how it tells which column is which."""

import datetime

from cityportal.opendata.importers.plan import Options
from cityportal.opendata.models import Dataset, Indicator, Observation, ResourceVersion

from .importing import PX_POPULATION, assert_nothing_written, run, xlsx_bytes

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


def test_legacy_windows_encoding_is_read_with_a_warning(meta):
    data = '"Cities, provincies";"Total 2015"\r\n"Bình Dinh";1519.5\r\n'.encode("cp1252")
    outcome = run([("binh-dinh.csv", data)], meta)
    plan = outcome.plans[0]
    assert plan.ok and "cp1252" in plan.summary()
    assert Observation.objects.get().unit.name == "Tỉnh Bình Định"

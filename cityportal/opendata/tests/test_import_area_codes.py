"""Tables that write each area by its code and its name, as the statistics office's lists do
("Mã", "Tỉnh/thành phố"): the code decides, the name is checked, neither is a breakdown."""

import io

import pytest
from openpyxl import Workbook

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Observation

from .importing import assert_nothing_written, run


def units_and_breakdowns(plan) -> list[tuple[str, str, str]]:
    return [(d.unit.code, d.period[0], d.breakdown) for d in plan.drafts]


@pytest.mark.parametrize(
    "header",
    ["Mã,Tỉnh/thành phố,2020,2021", "ma_tinh,ten_tinh,2020,2021", "Code,Province,2020,2021"],
)
def test_a_code_and_a_name_column_are_one_area(meta, header):
    data = (
        f"{header}\n79,TP. Hồ Chí Minh,9227.6,9166.8\n1,Hà Nội,8246.6,8330.8\n,Cả nước,97.6,98.5\n"
    )
    outcome = run([("dan-so.csv", data.encode())], meta, options=Options(indicator="Dân số"))
    plan = outcome.plans[0]
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [
        ("79", "2020", ""),
        ("79", "2021", ""),
        ("01", "2020", ""),  # "1" is Hà Nội's "01"
        ("01", "2021", ""),
        ("VN", "2020", ""),  # the whole country's row has no code: its name says it
        ("VN", "2021", ""),
    ]
    assert not Observation.objects.exclude(breakdown="").exists()


def test_a_tidy_table_with_a_code_and_a_name_column(db):
    data = (
        "Mã địa bàn;Địa bàn;Chỉ tiêu;Năm;Giá trị\n"
        "79;TP. Hồ Chí Minh;Dân số;2020;9227,6\n"
        "1;Hà Nội;Dân số;2020;8246,6\n"
    )
    plan = plan_file("dan-so.csv", data.encode(), Options())
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [("79", "2020", ""), ("01", "2020", "")]


def test_a_workbook_keeps_codes_as_numbers(db):
    workbook = Workbook()
    for row in (["Tỉnh", "Mã", "Năm", "Nam", "Nữ"], ["Hà Nội", 1, 2020, 4100, 4150]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_file("dan-so.xlsx", buffer.getvalue(), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [("01", "2020", "Nam"), ("01", "2020", "Nữ")]


def test_a_code_and_a_name_of_two_places_are_an_error(meta):
    data = "Mã,Tỉnh/thành phố,2020\n79,TP. Hồ Chí Minh,9227.6\n1,Hà Nam,8246.6\n"
    plan = run([("dan-so.csv", data.encode())], meta, options=Options(indicator="Dân số")).plans[0]
    assert [str(e) for e in plan.errors] == [
        "dòng 3: mã '1' là Thành phố Hà Nội, không phải 'Hà Nam'"
    ]
    assert_nothing_written()


def test_an_unpadded_code_alone_names_its_province(db):
    plan = plan_file("a.csv", b"indicator;area;period;value\nA;1;2020;1\nA;8;2020;2\n", Options())
    assert plan.ok, plan.summary()
    assert [d.unit.code for d in plan.drafts] == ["01", "08"]

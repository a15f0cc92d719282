"""Tables whose first column numbers the rows ("STT", "TT", "Số thứ tự", "No.", "#"), as most
Vietnamese tables do: the number is neither an area, a breakdown nor a figure."""

import io

import pytest
from openpyxl import Workbook

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Observation

from .importing import run


def units_and_breakdowns(plan) -> list[tuple[str, str, str]]:
    return [(d.unit.code, d.period[0], d.breakdown) for d in plan.drafts]


@pytest.mark.parametrize("header", ["STT", "TT", "Số TT", "Số thứ tự", "No.", "#", "stt"])
def test_a_row_number_column_is_no_breakdown(meta, header):
    data = f"{header},Tỉnh/thành phố,2020\n1,TP. Hồ Chí Minh,9227.6\n2,Hà Nội,8246.6\n"
    outcome = run([("dan-so.csv", data.encode())], meta, options=Options(indicator="Dân số"))
    plan = outcome.plans[0]
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [("79", "2020", ""), ("01", "2020", "")]
    assert not Observation.objects.exclude(breakdown="").exists()


def test_rows_without_a_number_may_sit_between_numbered_ones(db):
    data = (
        "STT,Tỉnh/thành phố,2020\n,Cả nước,97582.7\n1,TP. Hồ Chí Minh,9227.6\n"
        ",Đồng bằng sông Hồng,22920.1\n2,Hà Nội,8246.6\n"
    )
    plan = plan_file("dan-so.csv", data.encode(), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [
        ("VN", "2020", ""),
        ("79", "2020", ""),
        ("VN-R1", "2020", ""),
        ("01", "2020", ""),
    ]


def test_a_one_period_table_with_row_numbers(db):
    data = "STT,Tỉnh/thành phố,Dân số\n1,TP. Hồ Chí Minh,9227.6\n2,Hà Nội,8246.6\n"
    plan = plan_file("dan-so.csv", data.encode(), Options(indicator="Dân số", period="2020"))
    assert plan.ok, plan.summary()
    assert [(d.indicator, d.unit.code, d.breakdown, d.value) for d in plan.drafts] == [
        (("Dân số", ""), "79", "", 9227.6),
        (("Dân số", ""), "01", "", 8246.6),
    ]


def test_row_numbers_are_no_figures_of_a_year_column_table(db):
    """A table with a "Năm" column reads numeric columns as figures; row numbers are none."""
    data = "STT,Tỉnh/thành phố,Năm,Nam,Nữ\n1,Hà Nội,2020,4100,4150\n2,Hà Nội,2021,4130,4200\n"
    plan = plan_file("dan-so.csv", data.encode(), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert units_and_breakdowns(plan) == [
        ("01", "2020", "Nam"),
        ("01", "2020", "Nữ"),
        ("01", "2021", "Nam"),
        ("01", "2021", "Nữ"),
    ]


def test_a_workbook_keeps_row_numbers_as_numbers(db):
    workbook = Workbook()
    for row in (["STT", "Tỉnh/thành phố", "2020"], [1, "Hà Nội", 8246.6], [2, "Huế", 1160.2]):
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = plan_file("dan-so.xlsx", buffer.getvalue(), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert [d.breakdown for d in plan.drafts] == ["", ""]


def test_a_numbered_column_that_does_not_count_rows_is_kept(db):
    """ "No." heading numbers that are not 1, 2, 3… (a group's own numbering) still say
    something: they stay a breakdown, as before."""
    data = "No.,Tỉnh/thành phố,2020\n3,TP. Hồ Chí Minh,9227.6\n7,Hà Nội,8246.6\n"
    plan = plan_file("dan-so.csv", data.encode(), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert [d.breakdown for d in plan.drafts] == ["3", "7"]

"""How an imported table's indicator is named: from what the importer says, the table's title,
its sheet or its file, and never from a name a spreadsheet program made up."""

import io

import pytest
from django.core.management import call_command
from openpyxl import Workbook

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Indicator, Resource

from .importing import run


def test_the_indicator_given_names_a_single_value_column(organisation, tmp_path):
    table = tmp_path / "grdp_2020.csv"
    table.write_bytes(b"Name,grdp\nHa Noi,123.4\nHo Chi Minh,142.04\n")
    call_command(
        "import_dataset", str(table), "--organisation", organisation.slug, "--period", "2020",
        "--indicator", "GRDP bình quân đầu người", "--measure", "triệu đồng",
        stdout=io.StringIO(),
    )  # fmt: skip
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.measure) == ("GRDP bình quân đầu người", "triệu đồng")


def test_several_value_columns_stay_variants_of_the_indicator_given(db):
    data = b"Name,Male,Female\nHa Noi,4100,4200\n"
    plan = plan_file("dan-so.csv", data, Options(indicator="Dân số", period="2020"))
    assert plan.ok, plan.summary()
    assert plan.indicators() == [("Dân số: Female", ""), ("Dân số: Male", "")]


def untitled_workbook(sheet: str) -> bytes:
    workbook = Workbook()
    workbook.active.title = sheet
    workbook.active.append(["Địa bàn", "2023", "2024"])
    workbook.active.append(["Thành phố Hồ Chí Minh", 9456.7, 9521.9])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("sheet", ["Sheet1", "Sheet 1", "Sheet", "Trang tính1", "Feuil1", "Лист1"])
def test_a_default_sheet_name_never_names_an_indicator(meta, sheet):
    name = "Dân số trung bình (nghìn người).xlsx"
    outcome = run([(name, untitled_workbook(sheet))], meta, options=Options())
    plan = outcome.plans[0]
    assert plan.ok, plan.summary()
    assert plan.indicators() == [("Dân số trung bình", "nghìn người")]
    assert Resource.objects.get().name == "Dân số trung bình (nghìn người)"


def test_a_sheet_named_by_its_editor_names_the_indicator(db):
    plan = plan_file("bang-1.xlsx", untitled_workbook("Dân số trung bình"), Options())
    assert plan.ok, plan.summary()
    assert plan.indicators() == [("Dân số trung bình", "")]


def titled(title: str) -> bytes:
    return f'"{title}"\n\nĐịa bàn;2020\nTP. Hồ Chí Minh;9227,6\n'.encode()


@pytest.mark.parametrize(
    "title, measure, indicator",
    [
        (
            "Dân số trung bình phân theo địa phương (nghìn người)",
            "",
            ("Dân số trung bình", "nghìn người"),
        ),
        (
            "Average population by province (Thous. pers.)",
            "",
            ("Average population", "Thous. pers."),
        ),
        # A unit given wins; the title's is then kept in the name, not lost.
        (
            "Dân số trung bình phân theo địa phương (nghìn người)",
            "người",
            ("Dân số trung bình (nghìn người)", "người"),
        ),
        # Years and "continued" in parentheses are no unit.
        ("Dân số trung bình phân theo địa phương (tiếp theo)", "", ("Dân số trung bình", "")),
        ("Dân số trung bình phân theo địa phương (2016-2020)", "", ("Dân số trung bình", "")),
    ],
)
def test_the_unit_closing_a_title_after_its_breakdown_is_kept(db, title, measure, indicator):
    plan = plan_file("dan-so.csv", titled(title), Options(measure=measure))
    assert plan.ok, plan.summary()
    assert plan.indicators() == [indicator]

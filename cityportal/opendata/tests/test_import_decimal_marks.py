"""The decimal mark of a file's figures: Vietnamese ("12,5", "1.234.567") or English ("12.5",
"1,234,567"), judged from every figure of a column; "512.000" alone reads either way, 1000
times apart: Vietnamese under a Vietnamese header, else refused with the column and the figure
named unless the editor says which."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Observation

from .importing import assert_nothing_written, run

THOUSANDS_ONLY = "Chỉ tiêu;Địa bàn;Kỳ;Giá trị\nKhách;79;2024;512.000\nKhách;79;2025;1.234\n"
ENGLISH_THOUSANDS = (
    "indicator;area;period;value\nVisitors;79;2024;512.000\nVisitors;79;2025;1.234\n"
)


def test_figures_that_read_either_way_follow_a_vietnamese_header(db):
    """Agencies' tables of round figures ("512.000" only) are common, and no Vietnamese writes
    a decimal point: refusing them would send every such table back."""
    plan = plan_file("khach.csv", THOUSANDS_ONLY.encode(), Options())
    assert plan.ok, plan.summary()
    assert [d.value for d in plan.drafts] == [512000, 1234]


def test_figures_that_read_either_way_are_refused_under_another_header(meta):
    """Under English headers they were read as decimals (512.0); a file a Vietnamese
    spreadsheet wrote with English headings was then 1000 times off."""
    plan = run([("khach.csv", ENGLISH_THOUSANDS.encode())], meta, options=Options()).plans[0]
    assert [str(e) for e in plan.errors] == [
        "cột 'value': không rõ cách viết số: '512.000' có thể là 512000 (dấu ngăn cách "
        "hàng nghìn) hoặc 512,000 (dấu thập phân), và không số nào khác trong tệp cho biết. "
        "Hãy chọn “Dấu thập phân” (lệnh import_dataset: --decimal-mark , hoặc "
        "--decimal-mark .), hoặc bỏ dấu ngăn cách hàng nghìn trong tệp."
    ]
    assert plan.error_count == 1 and not plan.drafts  # one message, no misread preview
    assert_nothing_written()


@pytest.mark.parametrize("mark, values", [(",", [512000, 1234]), (".", [512.0, 1.234])])
def test_the_editor_says_which_mark_the_file_uses(db, mark, values):
    plan = plan_file("khach.csv", ENGLISH_THOUSANDS.encode(), Options(decimal_mark=mark))
    assert plan.ok, plan.summary()
    assert [d.value for d in plan.drafts] == values


def test_the_command_takes_the_decimal_mark(organisation, tmp_path):
    path = tmp_path / "visitors.csv"
    path.write_text(ENGLISH_THOUSANDS)
    out = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was written"):
        call_command("import_dataset", str(path), "--organisation", organisation.slug, stdout=out)
    assert "không rõ cách viết số: '512.000'" in out.getvalue()
    assert not Observation.objects.exists()
    call_command(
        "import_dataset",
        str(path),
        "--organisation",
        organisation.slug,
        "--decimal-mark",
        ",",
        stdout=out,
    )
    assert sorted(Observation.objects.values_list("value", flat=True)) == [1234, 512000]


def test_a_figure_anywhere_in_the_column_decides_it(db):
    rows = "".join(f"Khách;79;{year};{v}\n" for year, v in [(2021, "1.234"), (2022, "2.345")])
    data = "Chỉ tiêu;Địa bàn;Kỳ;Giá trị\n" + rows + "Khách;79;2023;2.401,5\n"
    plan = plan_file("khach.csv", data.encode(), Options())
    assert plan.ok, plan.summary()
    assert [d.value for d in plan.drafts] == [1234, 2345, 2401.5]


def test_a_column_that_cannot_tell_follows_the_files_other_columns(db):
    """One program wrote the whole file: 2021's "1,234,567" says 2020's "1,234" is 1234."""
    data = 'indicator,area,2020,2021\nVisitors,79,"1,234","1,234,567"\n'
    plan = plan_file("visitors.csv", data.encode(), Options())
    assert plan.ok, plan.summary()
    assert [(d.period[0], d.value) for d in plan.drafts] == [("2020", 1234), ("2021", 1234567)]


def test_a_figure_below_one_is_a_decimal_whatever_the_header(db):
    """No thousands group starts with a zero: "0.125" was 125 under Vietnamese headers."""
    data = "Chỉ tiêu;Địa bàn;Kỳ;Giá trị\nTỷ lệ;79;2024;0.125\nTỷ lệ;79;2025;1.250\n"
    plan = plan_file("ty-le.csv", data.encode(), Options())
    assert plan.ok, plan.summary()
    assert [d.value for d in plan.drafts] == [0.125, 1.25]

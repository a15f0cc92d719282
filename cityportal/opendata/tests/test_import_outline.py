"""Tables whose rows are numbered as an outline, as the statistics office's are: I, II… for
groups, 1, 2… and 1.1, a), "-" within them. A number is never a figure, a breakdown or part of a
name; a group heading without figures is no series, and names the rows below it."""

import io

from openpyxl import Workbook

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Observation

from .importing import run


def workbook(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# Cục Thống kê TP.HCM's layout: title, STT, Chỉ tiêu, Đơn vị tính, one column a year.
PRODUCTION = workbook(
    ["Một số chỉ tiêu nông, lâm nghiệp và thủy sản"],
    ["STT", "Chỉ tiêu", "Đơn vị tính", "2022", "2023", "Sơ bộ 2024"],
    ["I", "Trồng trọt", None, None, None, None],
    [1, "Diện tích gieo trồng lúa", "ha", 13452, 12871, 12503.5],
    [2, "Sản lượng lúa", "tấn", 61280.4, 58905, 57112],
    ["II", "Chăn nuôi", None, None, None, None],
    [1, "Số lượng bò", "con", 92011, 90312, 88750],
    [2, "Số lượng heo", "con", 175302, 168914, 171200],
    ["III", "Thủy sản", None, None, None, None],
    [1, "Sản lượng thủy sản", "tấn", 58740, 60120, 61005],
    [1.1, "Khai thác", "tấn", 17230, 17510, 17602],
    [1.2, "Nuôi trồng", "tấn", 41510, 42610, 43403],
)


def series(plan) -> list[tuple[str, str, str]]:
    return sorted({(d.indicator[0], d.indicator[1], d.breakdown) for d in plan.drafts})


def test_group_headings_name_the_rows_below_and_are_no_series(meta):
    outcome = run([("nong-nghiep.xlsx", PRODUCTION)], meta, options=Options(area="79"))
    plan = outcome.plans[0]
    assert plan.ok and outcome.imported == [plan], plan.summary()
    prefix = "Một số chỉ tiêu nông, lâm nghiệp và thủy sản"
    assert series(plan) == [
        (f"{prefix}: Chăn nuôi – Số lượng bò", "con", ""),
        (f"{prefix}: Chăn nuôi – Số lượng heo", "con", ""),
        (f"{prefix}: Thủy sản – Sản lượng thủy sản", "tấn", ""),
        (f"{prefix}: Thủy sản – Sản lượng thủy sản – Khai thác", "tấn", ""),
        (f"{prefix}: Thủy sản – Sản lượng thủy sản – Nuôi trồng", "tấn", ""),
        (f"{prefix}: Trồng trọt – Diện tích gieo trồng lúa", "ha", ""),
        (f"{prefix}: Trồng trọt – Sản lượng lúa", "tấn", ""),
    ]
    assert len(plan.drafts) == 7 * 3 and plan.missing == 0
    assert Observation.objects.count() == 21
    rice = Observation.objects.get(
        indicator__name__endswith="Diện tích gieo trồng lúa", period="2024"
    )
    assert rice.value == 12503.5 and rice.provisional and rice.indicator.measure == "ha"


def test_one_name_under_two_groups_is_two_series_not_a_duplicate(db):
    data = workbook(
        ["STT", "Chỉ tiêu", "2023"],
        ["I", "Vốn đầu tư thực hiện (tỷ đồng)", 151200],
        [1, "Nhà nước", 30500],
        [2, "Ngoài nhà nước", 98400],
        ["II", "Số dự án (dự án)", None],
        [1, "Nhà nước", 210],
        [2, "Ngoài nhà nước", 1840],
    )
    plan = plan_file("dau-tu-2023.xlsx", data, Options(area="79", indicator="Đầu tư"))
    assert plan.ok, plan.summary()
    assert [(d.indicator, d.value) for d in plan.drafts] == [
        (("Đầu tư: Vốn đầu tư thực hiện", "tỷ đồng"), 151200),
        (("Đầu tư: Vốn đầu tư thực hiện – Nhà nước", "tỷ đồng"), 30500),
        (("Đầu tư: Vốn đầu tư thực hiện – Ngoài nhà nước", "tỷ đồng"), 98400),
        (("Đầu tư: Số dự án – Nhà nước", "dự án"), 210),
        (("Đầu tư: Số dự án – Ngoài nhà nước", "dự án"), 1840),
    ]


def test_a_one_period_table_numbered_by_group(db):
    """The row numbers made breakdowns of their own ("1 – Bệnh viện", "I"), and the groups
    none: "Khác" could be anything."""
    data = workbook(
        ["Số cơ sở y tế năm 2023"],
        ["STT", "Loại cơ sở", "Số cơ sở"],
        ["I", "Cơ sở khám chữa bệnh", None],
        [1, "Bệnh viện", 128],
        [2, "Phòng khám đa khoa", 390],
        [3, "Trạm y tế", 312],
        [4, "Nhà hộ sinh", 9],
        ["II", "Cơ sở dự phòng", None],
        [1, "Trung tâm y tế", 22],
        [2, "Trung tâm kiểm soát bệnh tật", 1],
        [3, "Khác", 4],
    )
    plan = plan_file("co-so-y-te.xlsx", data, Options(area="79"))
    assert plan.ok, plan.summary()
    assert len({d.indicator for d in plan.drafts}) == 1
    assert [(d.breakdown, d.value) for d in plan.drafts] == [
        ("Cơ sở khám chữa bệnh – Bệnh viện", 128),
        ("Cơ sở khám chữa bệnh – Phòng khám đa khoa", 390),
        ("Cơ sở khám chữa bệnh – Trạm y tế", 312),
        ("Cơ sở khám chữa bệnh – Nhà hộ sinh", 9),
        ("Cơ sở dự phòng – Trung tâm y tế", 22),
        ("Cơ sở dự phòng – Trung tâm kiểm soát bệnh tật", 1),
        ("Cơ sở dự phòng – Khác", 4),
    ]


def test_numbers_written_before_the_name_in_the_same_cell(db):
    data = (
        "Chỉ tiêu;2022;2023\n"
        "Tổng số;120,5;131,2\n"
        "I. Cây hàng năm;;\n"
        "1. Lúa;80,1;85\n"
        "a) Lúa mùa;30;31,5\n"
        "2. Rau các loại;40,4;46,2\n"
        "II. Cây lâu năm;;\n"
        "1. Cây ăn quả;12;13\n"
        "- Xoài;2;3\n"
    ).encode()
    plan = plan_file("dien-tich (nghìn ha).csv", data, Options(area="79"))
    assert plan.ok, plan.summary()
    assert [(d.indicator[0], d.period[0], d.value) for d in plan.drafts][::2] == [
        ("dien-tich: Tổng số", "2022", 120.5),
        ("dien-tich: Cây hàng năm – Lúa", "2022", 80.1),
        ("dien-tich: Cây hàng năm – Lúa – Lúa mùa", "2022", 30),
        ("dien-tich: Cây hàng năm – Rau các loại", "2022", 40.4),
        ("dien-tich: Cây lâu năm – Cây ăn quả", "2022", 12),
        ("dien-tich: Cây lâu năm – Cây ăn quả – Xoài", "2022", 2),
    ]
    assert {d.indicator[1] for d in plan.drafts} == {"nghìn ha"}


def test_an_unnumbered_heading_names_the_rows_below_it_within_its_group(db):
    data = workbook(
        ["STT", "Chỉ tiêu", "2023"],
        ["I", "Doanh nghiệp đang hoạt động", 285000],
        [None, "Phân theo loại hình", None],
        [1, "Nhà nước", 310],
        [2, "Ngoài nhà nước", 281000],
        [None, "Phân theo quy mô", None],
        [1, "Siêu nhỏ", 190000],
        ["II", "Doanh nghiệp thành lập mới", 42000],
    )
    plan = plan_file("doanh-nghiep.xlsx", data, Options(area="79", indicator="Số doanh nghiệp"))
    assert plan.ok, plan.summary()
    assert [d.indicator[0].removeprefix("Số doanh nghiệp: ") for d in plan.drafts] == [
        "Doanh nghiệp đang hoạt động",
        "Doanh nghiệp đang hoạt động – Phân theo loại hình – Nhà nước",
        "Doanh nghiệp đang hoạt động – Phân theo loại hình – Ngoài nhà nước",
        "Doanh nghiệp đang hoạt động – Phân theo quy mô – Siêu nhỏ",
        "Doanh nghiệp thành lập mới",
    ]


def test_areas_numbered_by_region_keep_their_own_names(db):
    """A table of places grouped under regions: a place needs no group to be found, and the
    numbers are no breakdown."""
    data = workbook(
        ["STT", "Tỉnh/thành phố", "2023"],
        [None, "Cả nước", 100300],
        ["I", "Đồng bằng sông Hồng", 23450],
        [1, "Hà Nội", 8587],
        ["II", "Đông Nam Bộ", 19000],
        [1, "TP. Hồ Chí Minh", 9456],
    )
    plan = plan_file("dan-so.xlsx", data, Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert [(d.unit.code, d.breakdown, d.value) for d in plan.drafts] == [
        ("VN", "", 100300),
        ("VN-R1", "", 23450),
        ("01", "", 8587),
        ("VN-R5", "", 19000),
        ("79", "", 9456),
    ]

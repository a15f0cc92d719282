"""The importer on the statistics office's own marks and layouts (footnote and provisional marks
on a year, a title merged across an XLSX table, tables without a title or a period), and on
figures written in the other decimal notation than their table's."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Indicator, Observation

from .importing import assert_nothing_written, run, xlsx_bytes

# The yearbook's own marks, transcribed from its tables: a footnote mark and a misspelt "Prel."
# on the last year's column, and R's "prel_2016" and "2013 (*)" in a Year column.
PX_MAIN_GOODS = (
    '\ufeff"Some main goods for importation by Main goods and Year"\r\n'
    "\r\n"
    '"Main goods";"2014";"2015";"Prel. 2016 (*)"\r\n'
    '"Motor vehicles, assembled (Mill. USD)";752.2;1568.3;2990.2\r\n'
    '"Petroleum oil, refined (Mill. USD)";7662.5;4175.7;3951.2\r\n'
).encode()

PX_SERVICES = (
    '\ufeff"Exports and Imports of services by Items, Services and Year"\r\n'
    "\r\n"
    '"Items";"Services";"2015";"Pre. 2016"\r\n'
    '"Exports";"Travel";7350;8250\r\n'
).encode()

PX_UNEMPLOYMENT = (
    '\ufeff"Region";"Year";"Unemployment.rate.General";"Unemployment.rate.Urban"\r\n'
    '"whole_country";"prel_2016";"2.3";"3.23"\r\n'
    '"whole_country";"2015";"2.33";"3.37"\r\n'
    '"whole_country";"2013 (*)";"2.18";"3.59"\r\n'
).encode()


def test_yearbook_marks_on_a_year_keep_it_in_its_series(organisation, tmp_path):
    for name, data in [
        ("Some main goods for importation.csv", PX_MAIN_GOODS),
        ("Exports and Imports of services.csv", PX_SERVICES),
        ("Unemployment rate by region.csv", PX_UNEMPLOYMENT),
    ]:
        (tmp_path / name).write_bytes(data)
    out = io.StringIO()
    call_command(
        "import_dataset",
        str(tmp_path),
        "--organisation",
        organisation.slug,
        "--area",
        "VN",
        stdout=out,
    )
    assert "3 imported (14 observations)" in out.getvalue(), out.getvalue()
    cars = Observation.objects.filter(breakdown="Motor vehicles, assembled (Mill. USD)")
    assert [(o.period, o.provisional) for o in cars.order_by("period")] == [
        ("2014", False),
        ("2015", False),
        ("2016", True),
    ]
    travel = Observation.objects.filter(breakdown="Travel").order_by("period")
    assert [(o.period, o.provisional) for o in travel] == [("2015", False), ("2016", True)]
    urban = Observation.objects.filter(breakdown="Unemployment.rate.Urban").order_by("period")
    assert [(o.period, o.provisional, o.value) for o in urban] == [
        ("2013", False, 3.59),
        ("2015", False, 3.37),
        ("2016", True, 3.23),
    ]


def test_a_vietnamese_provisional_mark_on_a_year_column_is_no_group(db):
    data = "Địa bàn;Nữ 2023;Nữ Ước tính 2024\nThành phố Hồ Chí Minh;4800,2;4850,4\n".encode()
    plan = plan_file("dan-so.csv", data, Options(indicator="Dân số", measure="nghìn người"))
    assert plan.ok, plan.summary()
    assert [(d.period[0], d.breakdown, d.provisional) for d in plan.drafts] == [
        ("2023", "Nữ", False),
        ("2024", "Nữ", True),
    ]


def test_xlsx_title_merged_across_the_table_is_its_title(organisation, tmp_path):
    """As the statistics office lays out a sheet: the title merged over the table's width, the
    stub header merged down over two header rows, a blank row and a source line below."""

    def build(ws):
        ws.append(["Dân số trung bình phân theo giới tính"])
        ws.append(["Địa bàn", "2023", None, "Sơ bộ 2024", None])
        ws.append([None, "Nam", "Nữ", "Nam", "Nữ"])
        ws.append(["Thành phố Hồ Chí Minh", 4500.1, 4800.2, 4550.3, 4850.4])
        ws.append([])
        ws.append(["Thành phố Hà Nội", "4.200,5", "4.300", "4.250", "4.350"])
        ws.append(["Nguồn: Cục Thống kê"])
        for cells in ("A1:E1", "A2:A3", "B2:C2", "D2:E2"):
            ws.merge_cells(cells)

    table = tmp_path / "dan-so.xlsx"
    table.write_bytes(xlsx_bytes(build))
    out = io.StringIO()
    call_command(
        "import_dataset", str(table), "--organisation", organisation.slug,
        "--measure", "nghìn người", stdout=out,
    )  # fmt: skip
    assert "1 imported (8 observations)" in out.getvalue(), out.getvalue()
    indicator = Indicator.objects.get()
    assert (indicator.name, indicator.measure) == ("Dân số trung bình", "nghìn người")
    women = Observation.objects.get(unit__code="01", period="2023", breakdown="Nữ")
    assert (women.value, women.provisional) == (4300, False)
    assert Observation.objects.get(unit__code="79", period="2024", breakdown="Nam").provisional


def test_xlsx_year_merged_over_the_value_columns_is_a_header(db):
    def build(ws):
        ws.append([None, "2024", None])
        ws.append(["Địa bàn", "Nam", "Nữ"])
        ws.append(["79", 4550.3, 4850.4])
        ws.merge_cells("B1:C1")

    plan = plan_file("dan-so.xlsx", xlsx_bytes(build), Options(indicator="Dân số"))
    assert plan.ok, plan.summary()
    assert [(d.period[0], d.breakdown) for d in plan.drafts] == [("2024", "Nam"), ("2024", "Nữ")]


def test_command_gives_the_period_of_a_table_that_names_none(organisation, tmp_path):
    """As the per-province files whose year is only in their name (grdp_2020.csv)."""
    table = tmp_path / "grdp_2020.csv"
    table.write_bytes("\ufeffName,grdp\nHa Noi,123.4\nHo Chi Minh,142.04\n".encode())
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_dataset", str(table), "--organisation", organisation.slug, stdout=out)
    assert "Không nhận ra cấu trúc bảng" in out.getvalue()
    assert "không có cột địa bàn" not in out.getvalue()  # it has one: "Name"

    call_command(
        "import_dataset", str(table), "--organisation", organisation.slug, "--period", "2020",
        "--indicator", "GRDP bình quân đầu người", "--measure", "triệu đồng", stdout=out,
    )  # fmt: skip
    assert "1 imported (2 observations)" in out.getvalue()
    city = Observation.objects.get(unit__code="79")
    assert (city.period, city.value, city.indicator.measure) == ("2020", 142.04, "triệu đồng")


def test_a_new_indicator_takes_its_datasets_theme(organisation, tmp_path, client):
    """So that /api/v1/indicators?theme= and the indicator's page find it; an indicator already
    filed keeps its editor's theme."""
    Indicator.objects.create(code="grdp", name="GRDP", measure="tỷ đồng")
    (tmp_path / "dan-so.csv").write_bytes(
        "indicator;measure;area;period;value\nDân số;nghìn người;79;2020;9227.6\n"
        "GRDP;tỷ đồng;79;2020;1372000\n".encode()
    )
    call_command(
        "import_dataset", str(tmp_path), "--organisation", organisation.slug,
        "--dataset", "dan-so", "--theme", "dan-so-lao-dong", stdout=io.StringIO(),
    )  # fmt: skip
    (tmp_path / "dan-so.csv").write_bytes(
        "indicator;measure;area;period;value\nTỷ số giới tính;nam/100 nữ;79;2020;93.7\n".encode()
    )
    call_command(
        "import_dataset", str(tmp_path), "--organisation", organisation.slug,
        "--dataset", "dan-so", "--resource", "gioi-tinh", stdout=io.StringIO(),
    )  # fmt: skip
    themed = client.get("/api/v1/indicators", {"theme": "dan-so-lao-dong"}).json()["items"]
    assert [i["name"] for i in themed] == ["Dân số", "Tỷ số giới tính"]
    assert Indicator.objects.get(code="grdp").theme is None


def test_a_table_without_a_title_line_is_named_as_its_file_is_read(db):
    """The yearbook's tables without a title line: "… by region" and "… by sex" are one
    indicator broken down two ways, as their titled siblings are."""
    plan = plan_file(
        "Unemployment rate of labour force at working age by region.csv", PX_UNEMPLOYMENT, Options()
    )
    assert plan.ok, plan.summary()
    assert plan.indicators() == [("Unemployment rate of labour force at working age", "")]


@pytest.mark.parametrize(
    "figures, wrong",
    [
        # Decimal commas, and one figure pasted in English notation: 1.2345 if read anyway.
        (["12,5", "1.234,5", "1,234.5"], "1,234.5"),
        (["12,5", "7,25", "1.5"], "1.5"),  # 15 if read anyway
        # Decimal points, and one in Vietnamese notation: 1.2345 if read anyway.
        (["12.5", "1,234.5", "1.234,5"], "1.234,5"),
    ],
)
def test_a_figure_in_the_other_notation_is_refused_not_misread(meta, figures, wrong):
    rows = "".join(
        f"A;{code};2020;{v}\n" for code, v in zip(["79", "01", "48"], figures, strict=True)
    )
    plan = run([("a.csv", ("indicator;area;period;value\n" + rows).encode())], meta).plans[0]
    assert [str(e) for e in plan.errors] == [
        f"dòng 4, cột 'value': '{wrong}' không phải là số theo cách viết của bảng này "
        f"({'1.234,5' if ',' in figures[0] else '1,234.5'}): hãy kiểm tra dấu chấm, dấu phẩy"
    ]
    assert_nothing_written()


def test_a_percent_sign_and_a_typographic_minus_are_read(meta):
    """As word processors write them: "12,5%" with its unit, "−5" with the minus sign (U+2212)
    and "–5" with an en dash; the notation test still holds for the figure inside."""
    data = (
        "Chỉ tiêu;Địa bàn;Năm;Giá trị\n"
        "Tốc độ tăng GRDP;79;2021;12,5%\n"
        "Tốc độ tăng GRDP;01;2021;\u22125\n"
        "Tốc độ tăng GRDP;48;2021;\u20134,5 %\n"
        "Tốc độ tăng GRDP;79;2022;1.234,5\n"
    ).encode()
    plan = run([("grdp.csv", data)], meta, options=Options()).plans[0]
    assert plan.ok, plan.summary()
    assert plan.indicators() == [("Tốc độ tăng GRDP", "%")]
    figures = Observation.objects.order_by("period", "unit__code")
    assert [(o.unit.code, o.period, o.value) for o in figures] == [
        ("01", "2021", -5.0),
        ("48", "2021", -4.5),
        ("79", "2021", 12.5),
        ("79", "2022", 1234.5),
    ]


@pytest.mark.parametrize(
    "figure, measure, message",
    [
        (
            "12.5%",
            "",
            "'12.5%' không phải là số theo cách viết của bảng này (1.234,5): "
            "hãy kiểm tra dấu chấm, dấu phẩy",
        ),
        ("5–10", "", "'5–10' không phải là số"),
        ("%", "", "'%' không phải là số"),
        ("12,5%", "nghìn người", "'12,5%' là phần trăm nhưng đơn vị tính là 'nghìn người'"),
    ],
)
def test_a_figure_whose_sign_or_unit_is_ambiguous_is_still_refused(meta, figure, measure, message):
    data = (
        "Chỉ tiêu;Đơn vị tính;Địa bàn;Năm;Giá trị\n"
        f"A;{measure};79;2021;7,5\nA;{measure};01;2021;{figure}\n"
    )
    plan = run([("a.csv", data.encode())], meta, options=Options()).plans[0]
    assert [str(e) for e in plan.errors] == [f"dòng 3, cột 'Giá trị': {message}"]
    assert_nothing_written()

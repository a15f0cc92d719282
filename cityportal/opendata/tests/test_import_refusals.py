"""The importer on every kind of bad input: a clear report (naming the row and column where one is
at fault), and nothing written."""

import pytest

from cityportal.opendata.importers.plan import Options, plan_file
from cityportal.opendata.models import Observation

from .importing import assert_nothing_written, run


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


def test_a_figure_too_large_to_store_exactly_is_refused(organisation, client):
    table = b"indicator;area;period;value\nA;79;2020;1e308\nA;01;2020;-1e308\nA;VN;2020;9e15\n"
    plan = plan_file("a.csv", table, Options())
    assert [(e.line, str(e)) for e in plan.errors][:2] == [
        (2, "dòng 2, cột 'value': '1e308' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn"),
        (3, "dòng 3, cột 'value': '-1e308' quá lớn để lưu chính xác: hãy dùng đơn vị tính lớn hơn"),
    ]
    assert [d.value for d in plan.drafts] == [9e15]  # as large as an exact figure goes

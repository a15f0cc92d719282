"""The `import_dataset` and `load_opendata_demo` commands: what they report, the datasets they
fill, and the names and organisations they refuse."""

import io

import pytest
from django.core.management import CommandError, call_command

from cityportal.core.models import AdministrativeUnit
from cityportal.opendata.models import Dataset, Observation

from .importing import PX_POPULATION, assert_nothing_written


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

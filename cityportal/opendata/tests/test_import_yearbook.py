"""`import_yearbook`: a dry run says what it would import and writes nothing."""

import io

from django.core.management import call_command

from cityportal.core.models import Organisation
from cityportal.opendata.models import Dataset, Observation


def yearbook(tmp_path):
    """A yearbook in small: a chapter folder with a valid table and a rejected one."""
    chapter = tmp_path / "Population and Employment"
    chapter.mkdir()
    (chapter / "dan-so.csv").write_bytes(
        b"indicator;area;period;value\nD\xc3\xa2n s\xe1\xbb\x91;79;2020;9227.6\n"
        b"D\xc3\xa2n s\xe1\xbb\x91;79;2021;9166.8\n"
    )
    (chapter / "hong.csv").write_bytes(b"indicator;area;period;value\nA;79;2020;x1\n")
    return tmp_path


def test_a_dry_run_counts_what_would_be_imported_and_writes_nothing(db, tmp_path):
    root = yearbook(tmp_path)
    out = io.StringIO()
    call_command("import_yearbook", str(root), "--dry-run", stdout=out)
    assert "hong.csv: mỗi dòng một số liệu — không nhập" in out.getvalue()
    assert "Yearbook: 2 tables; 1 would import (2 observations), 0 unchanged, 1 rejected." in (
        out.getvalue()
    )
    assert not Dataset.objects.exists() and not Observation.objects.exists()
    assert not Organisation.objects.filter(slug="tong-cuc-thong-ke").exists()

    call_command("import_yearbook", str(root), stdout=out)
    assert "Yearbook: 2 tables; 1 imported (2 observations), 0 unchanged, 1 rejected." in (
        out.getvalue()
    )
    assert Observation.objects.count() == 2
    assert Dataset.objects.get().themes.get().slug == "dan-so-lao-dong"

"""Times in uploaded exports: Vietnamese spreadsheet dates and SA/CH, epochs in seconds or
milliseconds, blanks and absurd values refused with their line."""

import datetime

import pytest
from django.utils import timezone

from cityportal.monitor.models import Item
from cityportal.monitor.sources.uploads import UploadError, import_posts, parse_time
from cityportal.news.tests.importers.helpers import to_cp1258


def test_a_post_dated_in_the_future_is_a_wrong_column_not_a_post(upload_source):
    later = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    with pytest.raises(UploadError, match=f"dòng 2: thời gian '{later}' ở tương lai"):
        import_posts(upload_source, f"text,time\nchào,{later}\n".encode(), "a.csv")
    assert not Item.objects.exists()


@pytest.mark.parametrize(
    "written, meant",
    [
        ("20-11-2026", "2026-11-20 00:00"),  # dashes, as Vietnamese forms write dates
        ("20.11.2026 14:05", "2026-11-20 14:05"),
        ("20/11/26 07:30", "2026-11-20 07:30"),  # a two-digit year
        ("20/11/2026 8:05 SA", "2026-11-20 08:05"),  # sáng: Excel's AM in Vietnamese
        ("20/11/2026 8:05:09 CH", "2026-11-20 20:05:09"),  # chiều: PM
        ("08:15 20/11/2026", "2026-11-20 08:15"),  # the time first, as the desk's lists
    ],
)
def test_dates_as_vietnamese_spreadsheets_write_them(upload_source, written, meant):
    """These were refused ("không hiểu thời gian"), the whole file with them."""
    assert import_posts(upload_source, f"text,time\nKẹt xe,{written}\n".encode(), "a.csv")
    stored = timezone.localtime(Item.objects.get().published_at)
    expected = datetime.datetime.fromisoformat(meant)
    assert stored.replace(tzinfo=None) == expected


def test_jsonl_with_epoch_times(upload_source):
    data = (
        '{"text": "Xe buýt số 19 trễ chuyến hoài", "author": "u1", "time": 1795000000, "reactions": 3}\n'
        "\n"
        '{"text": "Công viên mới ở Thủ Đức đẹp quá", "author": "u2", "time": "2026-11-21T10:00:00+07:00"}\n'
    )
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 2


@pytest.mark.parametrize("written", ["01/01/0001 00:00:00", "0001-01-01", "0"])
def test_a_blank_time_as_tools_write_it_is_a_wrong_value_not_a_crash(upload_source, written):
    """.NET exports write a blank date as year 1, which overflowed on its way to the database
    (the upload page crashed); epoch 0 is as blank. Nothing before 1900 is shown anyway."""
    with pytest.raises(UploadError, match="dòng 2: thời gian .* trước 01/01/1900"):
        import_posts(upload_source, f"text,time\nNgập nước,{written}\n".encode(), "a.csv")
    assert Item.objects.count() == 0


def _vietnamese_am_pm(monkeypatch):
    """strptime as under LC_TIME=vi_VN, whose AM and PM are "SA" and "CH" (this machine has no
    such locale installed): its cache of the locale's words, rebuilt with those."""
    import _strptime

    words = _strptime.LocaleTime()
    words.am_pm = ["sa", "ch"]
    monkeypatch.setattr(_strptime, "_TimeRE_cache", _strptime.TimeRE(words))
    monkeypatch.setattr(_strptime, "_regex_cache", {})


@pytest.mark.parametrize("lc_time", ["vi_VN.UTF-8", "de_DE.UTF-8", "simulated vi_VN"])
@pytest.mark.parametrize(
    "written, meant",
    [
        ("20/11/2026 8:05 SA", "2026-11-20 08:05"),
        ("20/11/2026 12:30 SA", "2026-11-20 00:30"),  # midnight's half hour
        ("20/11/2026 12:30 CH", "2026-11-20 12:30"),  # noon's
        ("20/11/2026 8:05:09 PM", "2026-11-20 20:05:09"),
        ("08:15 CH 20/11/2026", "2026-11-20 20:15"),
    ],
)
def test_sa_ch_are_read_whatever_the_process_locale(monkeypatch, lc_time, written, meant):
    """SA/CH went through strptime's %p, whose words are the process locale's: under a
    Vietnamese or German LC_TIME "AM" and "PM" were not understood, and the file was refused."""
    import locale

    if lc_time.startswith("simulated"):
        _vietnamese_am_pm(monkeypatch)
        stored = parse_time(written)
    else:
        before = locale.setlocale(locale.LC_TIME)
        try:
            locale.setlocale(locale.LC_TIME, lc_time)
        except locale.Error:
            pytest.fail(f"{lc_time} is not installed: `make locales` generates it")
        try:
            stored = parse_time(written)
        finally:
            locale.setlocale(locale.LC_TIME, before)
    assert stored is not None
    assert timezone.localtime(stored).replace(tzinfo=None) == datetime.datetime.fromisoformat(meant)


@pytest.mark.parametrize("written", ["20/11/2026 13:05 CH", "20/11/2026 0:05 SA", "8:05 SA CH"])
def test_a_12_hour_time_out_of_range_is_not_a_time(written):
    assert parse_time(written) is None


@pytest.mark.parametrize("written", ['"1732694400000"', "1732694400000", "1732694400000.0"])
def test_epoch_times_in_milliseconds_as_exports_write_them(upload_source, written):
    """Refused before ("không hiểu thời gian"): the year 56875 in seconds."""
    data = f'{{"text": "Kẹt xe cầu Sài Gòn", "time": {written}}}\n'
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 1
    assert Item.objects.get().published_at == datetime.datetime(
        2024, 11, 27, 8, tzinfo=datetime.UTC
    )
    # The same instant in seconds is the same post.
    data = '{"text": "Kẹt xe cầu Sài Gòn", "time": 1732694400}\n'
    assert import_posts(upload_source, data.encode(), "export.jsonl")["new"] == 0


@pytest.mark.parametrize(
    "written, message",
    [
        ("1732694400000000", "dòng 3: không hiểu thời gian"),  # microseconds
        ("32503680000000", "dòng 3: thời gian '32503680000000' ở tương lai"),  # 3000, in ms
    ],
)
def test_an_absurd_epoch_time_is_still_refused_with_its_line(upload_source, written, message):
    data = f"text,time\nKẹt xe,1732694400000\nNgập nước,{written}\n"
    with pytest.raises(UploadError) as error:
        import_posts(upload_source, data.encode(), "a.csv")
    assert error.value.errors[0].startswith(message)
    assert not Item.objects.exists()


def test_an_archive_from_the_1990s_is_imported(upload_source):
    """Dates before 2000 were refused: the desk could not load the press archive."""
    data = "text,time\nBáo in: nước ngập đường Nguyễn Hữu Cảnh,15/06/1995 08:00\n"
    assert import_posts(upload_source, to_cp1258(data), "archive.csv") == {
        "rows": 1,
        "new": 1,
        "warnings": [],
    }
    assert Item.objects.get().published_on == datetime.date(1995, 6, 15)


@pytest.mark.parametrize("written", ["30/12/1899", "01/01/1900 00:00", "1900-01-01T00:00:00Z"])
def test_blank_dates_of_excel_and_sql_server_are_still_refused(upload_source, written):
    """Excel's day 0 and SQL Server's blank date are no 1900s post."""
    with pytest.raises(UploadError, match="dòng 2: thời gian .* là ô để trống"):
        import_posts(upload_source, f"text,time\nNgập nước,{written}\n".encode(), "a.csv")
    assert Item.objects.count() == 0

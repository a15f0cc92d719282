"""Vietnamese formats (settings.FORMAT_MODULE_PATH): Django's, with typed dates read day first as
Vietnamese write them. Django's Vietnamese formats name no input formats, so its defaults read
"05/12/2026" month first, as 12 May, and refused "25/12/2026". ISO comes first: widgets write
their values in the first format, and browsers' date fields read ISO only."""

from django.conf.locale.vi.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%H:%M %d/%m/%Y",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M",
]

"""What the importer's tests share: an import of tables, an XLSX workbook built in memory, the
check that a refused import wrote nothing, and the statistics office's PX-Web population export
(its first rows transcribed: title line, blank line, `;`, `..`, UTF-8 BOM, CRLF)."""

import io

from openpyxl import Workbook

from cityportal.opendata.importers.batch import import_tables
from cityportal.opendata.importers.plan import Options
from cityportal.opendata.models import Dataset, Observation, ResourceVersion

PX_POPULATION = (
    '\ufeff"Average population by province by Cities, provincies, Average population and Year"\r\n'
    "\r\n"
    '"Cities, provincies";"Total 2015";"Total Prel. 2016";"Male 2015";"Male Prel. 2016"\r\n'
    '" WHOLE COUNTRY";91713.3;92695.1;45225.4;45748.4\r\n'
    '"Red River Delta";20925.5;21133.8;10316.9;10421.1\r\n'
    '"Ha Noi";7216.0;7328.4;3536.1;3597.2\r\n'
    '"Ho Chi Minh city";8127.9;8297.5;3900.0;3972.2\r\n'
    '"Thua Thien-Hue";1143.6;1149.9;..;..\r\n'
).encode()


def run(files, meta, **kwargs):
    options = kwargs.pop("options", Options(area="VN", skip_unknown_areas=True))
    return import_tables(files, meta, options, **kwargs)


def xlsx_bytes(build) -> bytes:
    workbook = Workbook()
    build(workbook.active)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def assert_nothing_written():
    assert not Observation.objects.exists()
    assert not Dataset.objects.exists()
    assert not ResourceVersion.objects.exists()

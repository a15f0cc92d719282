"""Downloads: a resource's current observations as CSV, XLSX or JSON, and the original file of
any uploaded version."""

import csv
import json
import mimetypes
import tempfile

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from cityportal.core.text import slugify_vi

from .models import Dataset, Observation, Resource, ResourceVersion, finite
from .permissions import dataset_policy

COLUMNS = [
    "indicator",
    "measure",
    "unit_code",
    "unit_name",
    "period",
    "breakdown",
    "value",
    "status",
    "as_of",
    "note",
    "source",
]
# The order of a downloaded table, which the dataset page's preview shows the start of.
TABLE_ORDER = ["indicator__name", "period_start", "unit__name", "breakdown"]
# A spreadsheet treats a cell starting with one of these as a formula (or, after a tab or carriage
# return, may): a note like "=HYPERLINK(…)" in a public file must not run on a reader's machine.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # lets Excel detect UTF-8 and show Vietnamese letters correctly


def check_visible(request, dataset: Dataset) -> None:
    """A private dataset does not exist for anyone who may not manage it: a data editor of
    another organisation no more than a reader."""
    if dataset.private and not dataset_policy.user_has_any_permission_for_instance(
        request.user, ["view", "change"], dataset
    ):
        raise Http404


def table_rows(resource: Resource):
    """The resource's observations in TABLE_ORDER as lists of COLUMNS, fetched in chunks. A
    figure without a source of its own gives its dataset's, as the API does; a non-finite one
    is missing (None: an empty cell, JSON's null)."""
    default_source = resource.dataset.source
    observations = (
        Observation.objects.filter(resource=resource)
        .order_by(*TABLE_ORDER)
        .values_list(
            "indicator__name",
            "indicator__measure",
            "unit__code",
            "unit__name",
            "period",
            "breakdown",
            "value",
            "provisional",
            "as_of",
            "note",
            "source",
        )
    )
    for row in observations.iterator(chunk_size=2000):
        *head, value, provisional, as_of, note, source = row
        status = "provisional" if provisional else "final"
        yield [*head, finite(value), status, as_of, note, source or default_source]


def neutralise(value):
    """Text a spreadsheet would read as a formula gets a leading apostrophe; numbers stay numbers
    (-5.2 is a number, "-5.2" in a note is text)."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(value)


def _filename(resource: Resource, extension: str) -> str:
    return f"{resource.dataset.name}-{slugify_vi(resource.name, 60)}.{extension}"


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value):
        return value


def _csv_stream(resource: Resource):
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(COLUMNS)
    for row in table_rows(resource):
        yield writer.writerow([_csv_value(v) for v in row])


def _json_stream(resource: Resource):
    """One JSON document, written record by record so a large table never sits in memory."""
    head = {
        "dataset": resource.dataset.name,
        "resource": {"id": str(resource.id), "name": resource.name},
        "fields": COLUMNS,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    for n, row in enumerate(table_rows(resource)):
        record = dict(zip(COLUMNS, row, strict=True))
        record["as_of"] = record["as_of"].isoformat() if record["as_of"] else None
        yield ("," if n else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


def _xlsx_file(resource: Resource):
    """A workbook written row by row (openpyxl's write-only mode) into a temporary file."""
    workbook = Workbook(write_only=True)
    # Sheet titles: at most 31 characters, none of []:*?/\
    sheet = workbook.create_sheet(
        resource.name.translate(str.maketrans("[]:*?/\\", "()-----"))[:31]
    )
    sheet.append(COLUMNS)
    as_of_column = COLUMNS.index("as_of")
    for row in table_rows(resource):
        cells = []
        for n, value in enumerate(row):
            if isinstance(value, str):
                value = neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
            if n == as_of_column and value:
                value = WriteOnlyCell(sheet, value)
                value.number_format = "DD/MM/YYYY"
            cells.append(value)
        sheet.append(cells)
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download(request, resource_id, fmt):
    if fmt not in CONTENT_TYPES:
        raise Http404
    resource = get_object_or_404(Resource.objects.select_related("dataset"), pk=resource_id)
    check_visible(request, resource.dataset)
    if fmt == "xlsx":
        response = FileResponse(_xlsx_file(resource), content_type=CONTENT_TYPES[fmt])
    else:
        stream = _csv_stream(resource) if fmt == "csv" else _json_stream(resource)
        response = StreamingHttpResponse(stream, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=_filename(resource, fmt)
    )
    return response


def download_version(request, resource_id, version_id):
    """The file exactly as it was uploaded, so a correction can always be traced to its source."""
    version = get_object_or_404(
        ResourceVersion.objects.select_related("resource__dataset"),
        pk=version_id,
        resource_id=resource_id,
    )
    check_visible(request, version.resource.dataset)
    content_type = mimetypes.guess_type(version.original_name)[0] or "application/octet-stream"
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.original_name,
        content_type=content_type,
    )

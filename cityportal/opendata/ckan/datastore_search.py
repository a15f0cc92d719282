"""datastore_search: a public resource's observations as a CKAN datastore table."""

import json
from urllib.parse import urlencode

from .. import datastore
from ..models import finite
from .catalogue import public_resource
from .protocol import (
    DATASTORE_ROWS_MAX,
    flag,
    integer,
    invalid,
    register,
    required,
    structured,
)


def _links(request, data: dict, offset: int, limit: int) -> dict:
    """Where this search starts and where its next page is, as CKAN gives them, for GET."""
    params = {
        key: json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value
        for key, value in data.items()
        if key != "offset"
    }
    return {
        "start": f"{request.path}?{urlencode(params, doseq=True)}",
        "next": f"{request.path}?{urlencode(params | {'offset': offset + limit}, doseq=True)}",
    }


@register
def datastore_search(request, data: dict) -> dict:
    """Observations of a public resource: `filters` (column → value or list of values), `q`
    (words, or column → words), `fields`, `sort` ("value desc, period"), `limit`, `offset`;
    `distinct` for the distinct rows of `fields` (the total counts them), and
    `include_total=false` to skip counting."""
    resource = public_resource(required(data, "resource_id"))
    limit = integer(data, "limit", 100, maximum=DATASTORE_ROWS_MAX)
    offset = integer(data, "offset", 0)
    fields = structured(data, "fields", None)
    if fields is None:  # left out, or JSON's null, which CKAN ignores as missing
        fields = list(datastore.COLUMNS)
    if isinstance(fields, str):
        fields = [name.strip() for name in fields.split(",")]
    if not isinstance(fields, list):  # a number, true: nothing that names columns
        raise invalid("fields", "Phải là danh sách tên cột")
    columns = {name: datastore.named_column("fields", name) for name in fields}
    observations = datastore.table(resource)
    observations = datastore.filtered(observations, structured(data, "filters", {}))
    if data.get("q"):
        observations = datastore.searched(resource, observations, structured(data, "q", ""))
    paths = [c.path for c in columns.values()]
    if flag(data, "distinct"):
        ordered = observations.order_by(*datastore.order(str(data.get("sort") or ""), fields))
        rows = datastore.distinct_page(ordered, paths, offset, limit)
        counted = observations.values(*paths).distinct()
    else:
        ordered = observations.order_by(*datastore.order(str(data.get("sort") or "_id")))
        rows = datastore.page(ordered, paths, offset, limit)
        counted = observations
    records = [{name: row[c.path] for name, c in columns.items()} for row in rows]
    for record in records:
        if "status" in columns:
            record["status"] = "provisional" if record["status"] else "final"
        if "value" in columns:
            record["value"] = finite(record["value"])
    result = {
        "resource_id": str(resource.id),
        "fields": [{"id": name, "type": c.type} for name, c in columns.items()],
        "records": records,
        "records_format": "objects",
        "limit": limit,
        "offset": offset,
        "_links": _links(request, data, offset, limit),
    }
    if flag(data, "include_total", default=True):  # CKAN leaves both keys out otherwise
        result |= {"total": counted.count(), "total_was_estimated": False}
    return result

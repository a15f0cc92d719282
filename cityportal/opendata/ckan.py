"""CKAN's Action API (v3), read only, so CKAN clients, `ckanapi` and harvesters read the catalogue
and its tables: `/api/3/action/<action>` with CKAN's envelope, errors and parameter names."""

import datetime
import json
import re
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from cityportal.core.models import Organisation

from . import datastore
from .dcat import MEDIA_TYPES, frequency_uri
from .models import Dataset, Observation, Resource

ACTIONS: dict[str, Callable[[Any, dict], Any]] = {}
SEARCH_ROWS_MAX = 1000  # CKAN's ckan.search.rows_max
DATASTORE_ROWS_MAX = 32000  # CKAN's ckan.datastore.search.rows_max


class ActionError(Exception):
    """An action's failure as CKAN reports it: an HTTP status and the envelope's `error`."""

    def __init__(self, status: int, error: dict):
        super().__init__(error)
        self.status, self.error = status, error


def _not_found(what: str) -> ActionError:
    return ActionError(404, {"__type": "Not Found Error", "message": f"Không tìm thấy: {what}"})


def _invalid(field: str, message: str) -> ActionError:
    return ActionError(409, {field: [message], "__type": "Validation Error"})


def _bad_query(message: str) -> ActionError:
    return ActionError(
        400, {"__type": "Search Query Error", "message": f"Search Query is invalid: {message}"}
    )


def _action(function):
    ACTIONS[function.__name__] = function
    return function


@csrf_exempt  # read only, anonymous, and ckanapi posts JSON without a token
@require_http_methods(["GET", "POST"])
def action(request, action: str) -> JsonResponse:
    """Run one action: parameters from the query string (GET) or a JSON object (POST)."""
    function = ACTIONS.get(action)
    if function is None:
        return _bad_request(f"Action name not known: {action}")
    try:
        data = _request_data(request)
    except ValueError as error:
        return _bad_request(f"JSON Error: {error}")
    help_url = reverse("ckan_action", args=["help_show"])
    envelope = {"help": request.build_absolute_uri(f"{help_url}?name={action}")}
    try:
        envelope |= {"success": True, "result": function(request, data)}
    except datastore.FieldError as error:
        envelope |= {
            "success": False,
            "error": {error.field: [error.message], "__type": "Validation Error"},
        }
        return _json(envelope, status=409)
    except ActionError as error:
        envelope |= {"success": False, "error": error.error}
        return _json(envelope, status=error.status)
    response = _json(envelope)
    if request.method == "GET":
        # Set here, not by the page cache: datasets change without publishing a page.
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


def _json(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False, json_dumps_params={"ensure_ascii": False})


def _bad_request(message: str) -> JsonResponse:
    """CKAN answers a request it cannot read with a bare JSON string, not the envelope."""
    return _json(f"Bad request - {message}", status=400)


def _request_data(request) -> dict:
    if request.method == "GET":
        return {key: v[0] if len(v) == 1 else v for key, v in request.GET.lists()}
    if not request.body:
        return {}
    data = json.loads(request.body)
    if not isinstance(data, dict):
        raise ValueError(f"Request data JSON decoded to {data!r} but it needs to be a dictionary.")
    return data


# Parameters: GET gives strings, POST JSON gives typed values; both are accepted.


def _required(data: dict, key: str) -> str:
    value = data.get(key)
    if value in (None, ""):
        raise _invalid(key, "Thiếu giá trị")
    return str(value)


def _integer(data: dict, key: str, default: int | None, minimum=0, maximum=None) -> int | None:
    value = data.get(key, default)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _invalid(key, "Phải là số nguyên") from None
    if number < minimum:
        raise _invalid(key, f"Không được nhỏ hơn {minimum}")
    return min(number, maximum) if maximum else number


def _flag(data: dict, key: str, default: bool = False) -> bool:
    if data.get(key) in (None, ""):
        return default
    return str(data[key]).lower() in ("true", "1", "yes", "on")


def _structured(data: dict, key: str, default):
    """A JSON object or list, given as such (POST) or as JSON text (GET)."""
    value = data.get(key, default)
    if isinstance(value, str) and value.lstrip().startswith(("{", "[")):
        try:
            return json.loads(value)
        except ValueError:
            raise _invalid(key, "JSON không hợp lệ") from None
    return value


def _timestamp(moment: datetime.datetime) -> str:
    """CKAN's timestamps: UTC, ISO 8601 without an offset."""
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


# Catalogue: datasets as CKAN packages, organisations, themes as groups, resources.


def _organization(organisation: Organisation) -> dict:
    return {
        "id": str(organisation.pk),
        "name": organisation.slug,
        "title": organisation.name,
        "display_name": organisation.name,
        "description": organisation.description,
        "type": "organization",
        "is_organization": True,
        "state": "active",
    }


def _resource(request, resource: Resource, position: int) -> dict:
    fmt = resource.format
    return {
        "id": str(resource.id),
        "package_id": str(resource.dataset_id),
        "name": resource.name,
        "description": resource.description,
        "format": fmt,
        "mimetype": MEDIA_TYPES[fmt],
        "url": request.build_absolute_uri(resource.download_url(fmt.lower())),
        "created": _timestamp(resource.created_at),
        "last_modified": _timestamp(resource.modified_at),
        "position": position,
        "state": "active",
        "datastore_active": True,  # every resource's observations answer datastore_search
    }


def _extras(request, dataset: Dataset) -> list[dict]:
    """What CKAN's core schema has no field for, under ckanext-dcat's key names."""
    extras = {
        "frequency": frequency_uri(dataset.frequency),
        "temporal_start": dataset.temporal_start and dataset.temporal_start.isoformat(),
        "temporal_end": dataset.temporal_end and dataset.temporal_end.isoformat(),
        "source": dataset.source,
    }
    if dataset.spatial:
        extras["spatial_text"] = dataset.spatial.name
        extras["spatial_uri"] = request.build_absolute_uri(dataset.spatial.get_absolute_url())
    return [{"key": key, "value": value} for key, value in extras.items() if value]


def _package(request, dataset: Dataset) -> dict:
    tags = dataset.tag_names
    resources = [_resource(request, r, i) for i, r in enumerate(dataset.resources.all())]
    return {
        "id": str(dataset.id),
        "name": dataset.name,
        "title": dataset.title,
        "notes": dataset.description,
        "url": request.build_absolute_uri(dataset.get_absolute_url()),
        "type": "dataset",
        "state": "active",
        "private": dataset.private,
        "license_id": dataset.license,
        "license_title": dataset.get_license_display(),
        "license_url": dataset.license_url,
        "maintainer": dataset.contact_name,
        "maintainer_email": dataset.contact_email,
        "owner_org": str(dataset.organisation_id),
        "organization": _organization(dataset.organisation),
        "groups": [
            {"id": str(t.pk), "name": t.slug, "title": t.name, "display_name": t.name}
            for t in dataset.themes.all()
        ],
        "tags": [{"name": tag, "display_name": tag, "state": "active"} for tag in tags],
        "num_tags": len(tags),
        "resources": resources,
        "num_resources": len(resources),
        "extras": _extras(request, dataset),
        "metadata_created": _timestamp(dataset.created_at),
        "metadata_modified": _timestamp(dataset.modified_at),
    }


def _find(queryset, value: str, name_field: str, pk_type: type):
    """CKAN accepts an object's id or its name wherever it asks for `id`."""
    wanted = Q(**{name_field: value})
    try:
        wanted |= Q(pk=pk_type(value))
    except ValueError:
        pass
    return queryset.filter(wanted).first()


@_action
def package_list(request, data: dict) -> list[str]:
    """Names of the public datasets, in order; `limit` and `offset` page through them."""
    offset = _integer(data, "offset", 0)
    limit = _integer(data, "limit", None)
    names = Dataset.objects.public().order_by("name").values_list("name", flat=True)
    return list(names[offset : offset + limit] if limit is not None else names[offset:])


@_action
def package_show(request, data: dict) -> dict:
    """One public dataset by `id`: its UUID or its name."""
    dataset = _find(Dataset.objects.catalogued(), _required(data, "id"), "name", uuid.UUID)
    if dataset is None:
        raise _not_found("bộ dữ liệu")
    return _package(request, dataset)


# package_search understands the Solr syntax clients send for these fields: `field:value`,
# `field:"quoted value"`, `-field:value` to exclude; other words search titles and descriptions.
SEARCH_FIELDS = {
    "organization": "organisation__slug",
    "groups": "themes__slug",
    "tags": "tags__name__iexact",
    "res_format": "resources__format__iexact",
    "license_id": "license",
    "name": "name",
}
FACETS = {
    "organization": ("organisation__slug", "organisation__name"),
    "groups": ("themes__slug", "themes__name"),
    "tags": ("tags__name", "tags__name"),
    "res_format": ("resources__format", "resources__format"),
    "license_id": ("license", "license"),
}
SORTS = {
    "metadata_modified": "modified_at",
    "metadata_created": "created_at",
    "name": "name",
    "title_string": "title",
}
FIELD_TERM = re.compile(r'(?P<sign>[+-]?)(?P<field>\w+):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s)]+))')


def _solr_filter(datasets, query: str):
    for term in FIELD_TERM.finditer(query):
        field = term["field"]
        if field not in SEARCH_FIELDS:
            raise _bad_query(f"trường không hỗ trợ: {field}")
        value = term["quoted"] if term["quoted"] is not None else term["bare"]
        # A subquery per term: "tags:a tags:b" wants both tags, and no row is repeated.
        matching = Dataset.objects.filter(**{SEARCH_FIELDS[field]: value}).values("pk")
        datasets = (
            datasets.exclude(pk__in=matching)
            if term["sign"] == "-"
            else datasets.filter(pk__in=matching)
        )
    words = FIELD_TERM.sub(" ", query).replace("*:*", " ").split()
    return datasets.matching(" ".join(w for w in words if w not in ("AND", "+")))


def _check_filter_syntax(query: str) -> None:
    """`fq` goes to Solr's standard query parser in CKAN, which refuses what it cannot parse
    (an unclosed bracket or quote, a field without a value) with a 400 Search Query Error,
    where a word search would quietly find nothing. (`q` is parsed leniently, as there.)"""
    unescaped = re.sub(r"\\.", "", query)
    depth, quoted = 0, False
    for char in unescaped:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                break
    if quoted:
        problem = "unbalanced quotes"
    elif depth:
        problem = "unbalanced parentheses"
    elif re.search(r"\w:(\s|$|\))", re.sub(r'"[^"]*"', '""', unescaped)):
        problem = "a field without a value"
    else:
        return
    raise _bad_query(f"Cannot parse '{query}': {problem}")


def _search_order(sort: str) -> list[str]:
    order = []
    for part in sort.split(","):
        field, _, direction = part.strip().partition(" ")
        if field == "score":  # no relevance score: newest first, as CKAN's default tie-break
            continue
        if field not in SORTS or direction.strip() not in ("asc", "desc", ""):
            raise _bad_query(f"không sắp xếp được theo {part.strip()!r}")
        order.append(("-" if direction.strip() == "desc" else "") + SORTS[field])
    return [*order, "-modified_at", "name"]


def _facets(datasets, fields: list, limit: int) -> dict:
    facets = {}
    for field in fields:
        if field not in FACETS:
            raise _bad_query(f"không có facet {field}")
        key, label = FACETS[field]
        rows = (
            Dataset.objects.filter(pk__in=datasets.values("pk"), **{f"{key}__isnull": False})
            .values(key, label)
            .annotate(count=Count("pk", distinct=True))
            .order_by("-count", key)
        )
        facets[field] = [
            {"name": r[key], "display_name": r[label], "count": r["count"]}
            for r in (rows if limit < 0 else rows[:limit])
        ]
    return facets


@_action
def package_search(request, data: dict) -> dict:
    """Public datasets matching `q` and `fq` (or `fq_list`), `rows` from `start`, in `sort`
    order, with counts for the `facet.field` list."""
    datasets = _solr_filter(Dataset.objects.catalogued(), str(data.get("q", "")))
    fq = data.get("fq_list", [])
    for query in [data.get("fq", ""), *(fq if isinstance(fq, list) else [fq])]:
        _check_filter_syntax(str(query))
        datasets = _solr_filter(datasets, str(query))
    rows = _integer(data, "rows", 10, maximum=SEARCH_ROWS_MAX)
    start = _integer(data, "start", 0)
    sort = str(data.get("sort") or "score desc, metadata_modified desc")
    facet_fields = _structured(data, "facet.field", [])
    if not isinstance(facet_fields, list):
        raise _invalid("facet.field", "Phải là danh sách JSON")
    limit = _integer(data, "facet.limit", 50, minimum=-1)
    facets = _facets(datasets, facet_fields, limit)
    page = datasets.order_by(*_search_order(sort))[start : start + rows]
    return {
        "count": datasets.count(),
        "sort": sort,
        "results": [_package(request, dataset) for dataset in page],
        "facets": {
            field: {i["name"]: i["count"] for i in items} for field, items in facets.items()
        },
        "search_facets": {
            field: {"title": field, "items": items} for field, items in facets.items()
        },
    }


def _publishers():
    return Organisation.objects.annotate(
        package_count=Count("datasets", filter=Q(datasets__private=False))
    ).filter(package_count__gt=0)


@_action
def organization_list(request, data: dict) -> list:
    """Organisations publishing public datasets: names, or whole records with `all_fields`."""
    if not _flag(data, "all_fields"):
        return [organisation.slug for organisation in _publishers()]
    return [_organization(o) | {"package_count": o.package_count} for o in _publishers()]


@_action
def organization_show(request, data: dict) -> dict:
    """One organisation by id or name; its public datasets with `include_datasets`."""
    organisation = _find(_publishers(), _required(data, "id"), "slug", int)
    if organisation is None:
        raise _not_found("tổ chức")
    result = _organization(organisation) | {"package_count": organisation.package_count}
    if _flag(data, "include_datasets"):
        datasets = Dataset.objects.catalogued().filter(organisation=organisation)[:SEARCH_ROWS_MAX]
        result["packages"] = [_package(request, dataset) for dataset in datasets]
    return result


def _public_resource(value: str) -> Resource:
    try:
        return Resource.objects.get(pk=uuid.UUID(value), dataset__private=False)
    except (ValueError, Resource.DoesNotExist):
        raise _not_found(f'Resource "{value}" was not found.') from None


@_action
def resource_show(request, data: dict) -> dict:
    """One resource (a table of a public dataset) by `id`."""
    resource = _public_resource(_required(data, "id"))
    siblings = Resource.objects.filter(dataset_id=resource.dataset_id).values_list("pk", flat=True)
    position = list(siblings).index(resource.pk)
    return _resource(request, resource, position)


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


@_action
def datastore_search(request, data: dict) -> dict:
    """Observations of a public resource: `filters` (column → value or list of values), `q`
    (words, or column → words), `fields`, `sort` ("value desc, period"), `limit`, `offset`;
    `distinct` for the distinct rows of `fields` (the total counts them), and
    `include_total=false` to skip counting."""
    resource = _public_resource(_required(data, "resource_id"))
    limit = _integer(data, "limit", 100, maximum=DATASTORE_ROWS_MAX)
    offset = _integer(data, "offset", 0)
    fields = _structured(data, "fields", list(datastore.COLUMNS))
    if isinstance(fields, str):
        fields = [name.strip() for name in fields.split(",")]
    columns = {name: datastore.named_column("fields", name) for name in fields}
    observations = Observation.objects.filter(resource=resource)
    observations = datastore.filtered(observations, _structured(data, "filters", {}))
    if data.get("q"):
        observations = datastore.searched(observations, _structured(data, "q", ""))
    paths = [c.path for c in columns.values()]
    if _flag(data, "distinct"):
        ordered = observations.order_by(*datastore.order(str(data.get("sort") or ""), fields))
        rows = datastore.distinct_page(ordered, paths, offset, limit)
        counted = observations.values(*paths).distinct()
    else:
        ordered = observations.order_by(*datastore.order(str(data.get("sort") or "_id")))
        rows = datastore.page(ordered, paths, offset, limit)
        counted = observations
    records = [{name: row[c.path] for name, c in columns.items()} for row in rows]
    if "status" in columns:
        for record in records:
            record["status"] = "provisional" if record["status"] else "final"
    result = {
        "resource_id": str(resource.id),
        "fields": [{"id": name, "type": c.type} for name, c in columns.items()],
        "records": records,
        "records_format": "objects",
        "limit": limit,
        "offset": offset,
        "_links": _links(request, data, offset, limit),
    }
    if _flag(data, "include_total", default=True):  # CKAN leaves both keys out otherwise
        result |= {"total": counted.count(), "total_was_estimated": False}
    return result


@_action
def status_show(request, data: dict) -> dict:
    """The site and the CKAN API level this subset follows."""
    return {
        "site_title": settings.WAGTAIL_SITE_NAME,
        "site_url": request.build_absolute_uri("/").rstrip("/"),
        "site_description": "Dữ liệu mở của Thành phố Hồ Chí Minh",
        "ckan_version": "2.10.0",
        "locale_default": settings.LANGUAGE_CODE,
        "extensions": ["datastore", "dcat"],
    }


@_action
def help_show(request, data: dict) -> str:
    """What an action does: the target of every response's `help` link."""
    function = ACTIONS.get(_required(data, "name"))
    if function is None:
        raise _not_found("action")
    return function.__doc__

"""package_search: public datasets found with the Solr syntax CKAN clients send, with facets."""

import re

from django.db.models import Count

from ..models import Dataset
from .catalogue import package
from .protocol import SEARCH_ROWS_MAX, bad_query, integer, invalid, register, structured

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
# Solr refuses a query of too many clauses (maxBooleanClauses); here each term is a subquery and
# each word a condition, and a few thousand of them exhaust the database's expression depth.
MAX_CLAUSES = 100
FIELD_TERM = re.compile(r'(?P<sign>[+-]?)(?P<field>\w+):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s)]+))')


def _solr_filter(datasets, query: str):
    for term in FIELD_TERM.finditer(query):
        field = term["field"]
        if field not in SEARCH_FIELDS:
            raise bad_query(f"trường không hỗ trợ: {field}")
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
    raise bad_query(f"Cannot parse '{query}': {problem}")


def _search_order(sort: str) -> list[str]:
    order = []
    for part in sort.split(","):
        field, _, direction = part.strip().partition(" ")
        if field == "score":  # no relevance score: newest first, as CKAN's default tie-break
            continue
        if field not in SORTS or direction.strip() not in ("asc", "desc", ""):
            raise bad_query(f"không sắp xếp được theo {part.strip()!r}")
        order.append(("-" if direction.strip() == "desc" else "") + SORTS[field])
    return [*order, "-modified_at", "name"]


def _facets(datasets, fields: list, limit: int) -> dict:
    facets = {}
    for field in dict.fromkeys(fields):  # a field asked for twice is counted once, not again
        if field not in FACETS:
            raise bad_query(f"không có facet {field}")
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


@register
def package_search(request, data: dict) -> dict:
    """Public datasets matching `q` and `fq` (or `fq_list`), `rows` from `start`, in `sort`
    order, with counts for the `facet.field` list."""
    fq = data.get("fq_list", [])
    filters = [
        str(query) for query in [data.get("fq", ""), *(fq if isinstance(fq, list) else [fq])]
    ]
    if sum(len(query.split()) for query in [str(data.get("q", "")), *filters]) > MAX_CLAUSES:
        raise bad_query(f"too many clauses (at most {MAX_CLAUSES} terms in q and fq)")
    datasets = _solr_filter(Dataset.objects.catalogued(), str(data.get("q", "")))
    for query in filters:
        _check_filter_syntax(query)
        datasets = _solr_filter(datasets, query)
    rows = integer(data, "rows", 10, maximum=SEARCH_ROWS_MAX)
    start = integer(data, "start", 0)
    sort = str(data.get("sort") or "score desc, metadata_modified desc")
    facet_fields = structured(data, "facet.field", [])
    if not isinstance(facet_fields, list) or not all(isinstance(f, str) for f in facet_fields):
        raise invalid("facet.field", "Phải là danh sách JSON tên trường")
    limit = integer(data, "facet.limit", 50, minimum=-1)
    facets = _facets(datasets, facet_fields, limit)
    page = datasets.order_by(*_search_order(sort))[start : start + rows]
    return {
        "count": datasets.count(),
        "sort": sort,
        "results": [package(request, dataset) for dataset in page],
        "facets": {
            field: {i["name"]: i["count"] for i in items} for field, items in facets.items()
        },
        "search_facets": {
            field: {"title": field, "items": items} for field, items in facets.items()
        },
    }

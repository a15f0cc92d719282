"""A resource's current observations as a datastore table (CKAN's datastore_search): one record
per observation, its columns, and filters, word search and sorting over them."""

import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

from django.db.models import Case, CharField, F, Q, QuerySet, Value, When

from cityportal.core.text import fold

from .models import Observation


class FieldError(ValueError):
    """A parameter naming or giving a column wrongly: (parameter, message)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field, self.message = field, message


class Column(NamedTuple):
    type: str  # CKAN's datastore type
    path: str  # where the value is, from an observation
    parse: Callable[[Any], Any] = str  # a filter value to what `path` holds
    search: str = ""  # the text `q` looks in; "…_folded" is stored folded
    sort: str = ""  # when sorting by `path` would not give the expected order


def _status(value: str) -> bool:
    return {"provisional": True, "final": False}[value]


def _row_id(value) -> int:
    """An `_id` the database can compare: SQLite cannot bind an integer of 2**63 or more."""
    number = int(value)
    if not -(2**63) <= number < 2**63:
        raise ValueError(value)
    return number


COLUMNS = {
    "_id": Column("int", "pk", _row_id),
    "indicator": Column("text", "indicator__name", search="indicator__name_folded"),
    "indicator_code": Column("text", "indicator__code", search="indicator__code"),
    "measure": Column("text", "indicator__measure", search="indicator__measure"),
    "unit_code": Column("text", "unit__code", search="unit__code"),
    "unit_name": Column("text", "unit__name", search="unit__name_folded"),
    "period": Column("text", "period", search="period", sort="period_start"),
    "breakdown": Column("text", "breakdown", search="breakdown_folded"),
    "value": Column("numeric", "value", float),
    "status": Column("text", "provisional", _status),
    "as_of": Column("date", "as_of", datetime.date.fromisoformat),
    "note": Column("text", "note", search="note_folded"),
    # Added after the others: a client reading the columns by position keeps its order.
    "source": Column("text", "cited_source", search="source_folded"),
}


def table(resource) -> QuerySet:
    """A resource's current observations as the table's rows. A figure without a source of its
    own gives its dataset's, as the downloads and /api/v1 do, so that filters, search and sorting
    see the source a reader sees."""
    dataset_source = Value(resource.dataset.source, output_field=CharField())
    return Observation.objects.filter(resource=resource).annotate(
        cited_source=Case(When(source="", then=dataset_source), default=F("source"))
    )


def _where(path: str, lookup: str, value) -> Q:
    """A condition on an observation. One on an indicator's or a unit's field is looked up in
    that small table first: given the ids, the planner uses the observations' indexes on them."""
    relation, _, field = path.partition("__")
    if not field:
        return Q(**{f"{path}__{lookup}": value})
    related = Observation._meta.get_field(relation).related_model.objects
    ids = related.filter(**{f"{field}__{lookup}": value}).values_list("pk", flat=True)
    return Q(**{f"{relation}__in": list(ids)})


def named_column(key: str, name) -> Column:
    # A JSON list may hold anything, and a list or object cannot even be looked up in COLUMNS.
    if not isinstance(name, str) or name not in COLUMNS:
        raise FieldError(key, f'field "{name}" not in resource')
    return COLUMNS[name]


def filtered(observations, filters) -> Any:
    if not isinstance(filters, dict):
        raise FieldError("filters", "Phải là một đối tượng JSON")
    for name, wanted in filters.items():
        column = named_column("filters", name)
        try:
            values = [column.parse(v) for v in (wanted if isinstance(wanted, list) else [wanted])]
        except (KeyError, TypeError, ValueError, OverflowError):  # OverflowError: int(1e400)
            raise FieldError("filters", f"giá trị không hợp lệ cho {name}") from None
        observations = observations.filter(_where(column.path, "in", values))
    return observations


# Each word of `q` is looked for in every text column: a bound keeps one request's work small.
MAX_SEARCH_WORDS = 32


def searched(resource, observations, q) -> Any:
    """Every word of `q` in some text column, typed with or without diacritics as the rest of the
    API takes words; `q` as an object searches named columns."""
    texts = q.items() if isinstance(q, dict) else [("", q)]
    if sum(len(str(text).split()) for _, text in texts) > MAX_SEARCH_WORDS:
        raise FieldError("q", f"Tối đa {MAX_SEARCH_WORDS} từ")
    related = _RelatedTexts(observations)
    dataset_source = fold(resource.dataset.source)
    for name, text in texts:
        columns = [named_column("q", name)] if name else [c for c in COLUMNS.values() if c.search]
        for word in fold(str(text)).split():
            anywhere = Q()
            for column in columns:
                if not column.search:
                    raise FieldError("q", f"{name} không phải cột văn bản")
                if column.path == "cited_source" and word in dataset_source:
                    anywhere |= Q(source="")  # cites its dataset's source
                if column.search.endswith("_folded"):
                    anywhere |= _where(column.search, "contains", word)
                elif column.path == "period":
                    # Labels are digits, "-" and an upper-case Q ("2021-Q3"): the folded word
                    # is in the folded label when its upper case is in the label.
                    anywhere |= Q(period__contains=word.upper())
                else:
                    relation = column.search.partition("__")[0]
                    anywhere |= Q(**{f"{relation}__in": related.ids(column, word)})
            observations = observations.filter(anywhere)
    return observations


class _RelatedTexts:
    """An indicator's code and measure and a unit's code have no folded copy: they are compared
    without diacritics here, over the few indicators and units the table has, read once."""

    def __init__(self, observations):
        self.observations = observations
        self.folded: dict[str, list[tuple[int, str]]] = {}

    def ids(self, column: Column, word: str) -> list[int]:
        if column.search not in self.folded:
            relation, _, field = column.search.partition("__")
            model = Observation._meta.get_field(relation).related_model
            present = model.objects.filter(pk__in=self.observations.values(relation))
            rows = present.order_by().values_list("pk", field)
            self.folded[column.search] = [(pk, fold(text)) for pk, text in rows if text]
        return [pk for pk, folded in self.folded[column.search] if word in folded]


def order(sort: str, distinct_fields: list[str] | None = None) -> list[str]:
    """The ordering for `sort`, then by id. Distinct rows have no id: they are sorted by their
    own columns, and only those (as CKAN, which sorts nothing else by default then)."""
    order = []
    for part in sort.split(",") if sort else []:
        name, _, direction = part.strip().partition(" ")
        column = named_column("sort", name)
        if direction.strip().lower() not in ("asc", "desc", ""):
            raise FieldError("sort", f"không sắp xếp được theo {part.strip()!r}")
        if distinct_fields is not None and name not in distinct_fields:
            raise FieldError("sort", f"với distinct chỉ sắp xếp được theo các cột trả về: {name}")
        prefix = "-" if direction.strip().lower() == "desc" else ""
        order.append(prefix + (column.sort or column.path))
    if distinct_fields is None:
        return [*order, "pk"]
    return [*order, *(COLUMNS[name].path for name in distinct_fields)]


def distinct_page(observations, paths: list[str], offset: int, limit: int) -> list[dict]:
    """One page of the distinct rows of `paths` (CKAN's `distinct`): unlike `page`, these need
    the joins, since rows equal in their indicator's name may differ in its id. A column's
    sort path ("period_start" for "period") follows from the column, so sorting by it keeps
    equal rows equal."""
    return list(observations.values(*paths).distinct()[offset : offset + limit])


def page(observations, paths: list[str], offset: int, limit: int) -> list[dict]:
    """Rows of `paths` for one page. The observations' own columns come first, without joins,
    so the database walks its (resource, id) index to the offset instead of sorting the whole
    table; the indicator's and the unit's columns are then looked up for the rows on the page."""
    own = {p for p in paths if "__" not in p}
    related = {p.partition("__")[0] for p in paths if "__" in p}
    rows = list(observations.values(*own, *(f"{r}_id" for r in related))[offset : offset + limit])
    for relation in related:
        fields = [p.partition("__")[2] for p in paths if p.startswith(relation + "__")]
        model = Observation._meta.get_field(relation).related_model
        ids = {row[f"{relation}_id"] for row in rows}
        found = {r["pk"]: r for r in model.objects.filter(pk__in=ids).values("pk", *fields)}
        for row in rows:
            values = found[row[f"{relation}_id"]]
            row.update({f"{relation}__{field}": values[field] for field in fields})
    return rows

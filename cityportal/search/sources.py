"""Apps tell search what they publish. Each app registers a `Source` per model in its
`AppConfig.ready()`; search knows nothing of news pages, places, datasets or events."""

import datetime
from dataclasses import dataclass, field

from django.db import models


@dataclass
class Entry:
    """One searchable thing as its app describes it."""

    kind: str
    title: str
    url: str
    lead: str = ""
    body: str = ""
    published_at: datetime.datetime | None = None
    section: str = ""
    place_ids: list[int] = field(default_factory=list)


class Source:
    """How one model becomes documents. Subclasses set `model` and `kind` and say which objects
    are public and what each one reads like."""

    model: type[models.Model]
    kind: str

    def public(self) -> models.QuerySet:
        raise NotImplementedError

    def entry(self, obj) -> Entry | None:
        raise NotImplementedError

    def entries(self, objects: list) -> list[Entry | None]:
        """`entry` for many objects; sources override it to share their queries (an import
        indexes 35,000 articles)."""
        return [self.entry(obj) for obj in objects]

    def key(self, obj) -> str:
        return key_for(self.model, obj.pk)


def key_for(model, pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


_sources: dict[type[models.Model], Source] = {}


def register(source: Source) -> None:
    _sources[source.model] = source


def all_sources() -> list[Source]:
    return list(_sources.values())


def source_for(obj) -> Source | None:
    return _sources.get(type(obj))

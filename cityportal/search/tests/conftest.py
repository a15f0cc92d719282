import datetime
import itertools

import pytest
from django.utils import timezone

from cityportal.search.backends import get_backend
from cityportal.search.models import Document
from cityportal.search.query import _load_synonyms
from cityportal.search.spelling import _vocabulary

_keys = itertools.count()


@pytest.fixture(autouse=True)
def fresh_tables():
    """Synonyms and vocabulary are cached per process; a rolled-back test must not leak."""
    _load_synonyms.cache_clear()
    _vocabulary.cache_clear()
    yield
    _load_synonyms.cache_clear()
    _vocabulary.cache_clear()


@pytest.fixture
def make_doc(db):
    """Index a document directly, without a page behind it: make_doc("title", lead=…, body=…)."""

    def make(title, lead="", body="", *, kind="article", days_ago=0, places=(), **fields):
        n = next(_keys)
        document = Document.objects.create(
            key=f"test.thing:{n}",
            kind=kind,
            title=title,
            lead=lead,
            body=body,
            url=f"/thu/{n}/",
            published_at=timezone.now() - datetime.timedelta(days=days_ago),
            **fields,
        )
        document.places.set(places)
        get_backend().write([document])
        return document

    return make

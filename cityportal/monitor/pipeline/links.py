"""Stage 6: which of the portal's own articles a text reacts to: a link to one of them, or its
title quoted (most shares of an article repeat its headline)."""

import datetime
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from cityportal.core.text import fold

_WORD = re.compile(r"\w+")
_URL = re.compile(r"https?://[^\s<>\"')]+", re.I)
RECENT_DAYS = 180
MIN_TITLE_WORDS = 5
KEY_WORDS = 3
_CACHE_SECONDS = 300
_cache = {"at": 0.0, "titles": None}


def _own_hosts() -> set[str]:
    hosts = {urlsplit(settings.WAGTAILADMIN_BASE_URL or "").hostname}
    hosts |= {h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")}
    return {h for h in hosts if h}


def _recent_titles() -> dict[tuple[str, ...], list[tuple[str, int]]]:
    """(folded title, page id) of recent live articles keyed by the title's first words, so a
    text is checked against the few titles that could start at each of its words (not all of
    them). Refreshed every few minutes."""
    from cityportal.news.models import ArticlePage

    now = time.monotonic()
    if _cache["titles"] is None or now - _cache["at"] > _CACHE_SECONDS:
        since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
        rows = ArticlePage.objects.live().filter(first_published_at__gte=since)
        index = {}
        for title, pk in rows.values_list("title", "pk"):
            words = tuple(_WORD.findall(fold(title)))
            if len(words) >= MIN_TITLE_WORDS:
                index.setdefault(words[:KEY_WORDS], []).append((words, pk))
        _cache["titles"] = index
        _cache["at"] = now
    return _cache["titles"]


def reset() -> None:
    _cache["titles"] = None


def article_ids(text: str, url: str = "", folded_text: str = "") -> set[int]:
    from cityportal.news.models import ArticlePage

    ids = set()
    hosts = _own_hosts()
    paths = [
        urlsplit(u).path
        for u in [url, *_URL.findall(text or "")]
        if u and urlsplit(u).hostname in hosts and len(urlsplit(u).path) > 1
    ]
    for path in paths:
        path = path if path.endswith("/") else path + "/"
        ids |= set(
            ArticlePage.objects.live().filter(url_path__endswith=path).values_list("pk", flat=True)
        )
    if folded_text and (index := _recent_titles()):
        words = tuple(_WORD.findall(folded_text))
        for i in range(len(words) - KEY_WORDS + 1):
            for title, pk in index.get(words[i : i + KEY_WORDS], ()):
                if words[i : i + len(title)] == title:
                    ids.add(pk)
    return ids

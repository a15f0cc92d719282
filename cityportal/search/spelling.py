""" "Did you mean": when a query finds nothing, replace each word the titles never use with two
they use, if it is those run together, or else the closest word they use most (edit distance, by
rapidfuzz), and offer that if it finds something."""

from functools import lru_cache

from django.core.cache import cache
from rapidfuzz import fuzz, process

from cityportal.core.text import fold

VOCABULARY_VERSION_KEY = "cityportal:search:vocabulary-version"


def did_you_mean(query, finds_something) -> str:
    """A corrected query text, or "" when there is none that finds anything."""
    words = query.folded_words()
    vocabulary = _vocabulary(cache.get_or_set(VOCABULARY_VERSION_KEY, 1, timeout=None))
    if not words or not vocabulary:
        return ""
    corrected = [
        w if w in vocabulary else _split(w, vocabulary) or _closest(w, vocabulary) for w in words
    ]
    if corrected == words or "" in corrected:
        return ""
    text = " ".join(corrected)
    return text if finds_something(text) else ""


def _split(word: str, vocabulary: dict[str, int]) -> str:
    """Two words the titles use, typed without the space between ("ngapnuoc", "thuduc": a phone
    keyboard without diacritics runs syllables together); of several ways to cut it, the one
    whose rarer word more documents use. "" when no cut gives two known words."""
    cuts = [
        (word[:i], word[i:])
        for i in range(1, len(word))
        if word[:i] in vocabulary and word[i:] in vocabulary
    ]
    if not cuts:
        return ""
    first, second = max(cuts, key=lambda cut: min(vocabulary[cut[0]], vocabulary[cut[1]]))
    return f"{first} {second}"


def _closest(word: str, vocabulary: dict[str, int]) -> str:
    matches = process.extract(
        fold(word), vocabulary.keys(), scorer=fuzz.ratio, score_cutoff=70, limit=5
    )
    if not matches:
        return ""
    # Closest first; among equally close words, the one more documents use.
    best = max(matches, key=lambda m: (m[1], vocabulary[m[0]]))
    return best[0]


@lru_cache(maxsize=1)
def _vocabulary(version: int) -> dict[str, int]:
    from .models import Term

    return dict(Term.objects.values_list("word", "documents"))


def vocabulary_changed() -> None:
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:
        cache.set(VOCABULARY_VERSION_KEY, 2, timeout=None)

""" "Did you mean": when a query finds nothing, replace each word the index does not know (its
vocabulary: `index.refresh_vocabulary`) with two it knows, if it is those run together, or else
with known words an edit or two away, and offer the first such query that finds something."""

import itertools
from functools import lru_cache

from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import OSA

VOCABULARY_VERSION_KEY = "cityportal:search:vocabulary-version"
# Known words tried for each unknown one, and corrected queries tried in all: a word alone cannot
# tell "chanh" from "chinh" for "chnh", the words around it can ("thu tuc hanh chinh" finds
# something), but each try is a search.
CANDIDATES = 3
COMBINATIONS = 27
TRIES = 4


def did_you_mean(query, finds_something) -> str:
    """A corrected query text, or "" when there is none that finds anything."""
    words = query.folded_words()
    vocabulary = _vocabulary(cache.get_or_set(VOCABULARY_VERSION_KEY, 1, timeout=None))
    if not words or not vocabulary:
        return ""
    choices = [[w] if w in vocabulary else _corrections(w, vocabulary) for w in words]
    unknown = sum(w not in vocabulary for w in words)
    if not unknown or not all(choices):
        return ""
    # Candidates enough for a few dozen queries at most, however many words are unknown.
    each = max(1, round(COMBINATIONS ** (1 / unknown)))
    choices = [c[:each] for c in choices]

    def used(corrected):  # by how many documents its rarest replacement word is
        return min(
            _documents(c, vocabulary) for c, w in zip(corrected, words, strict=True) if c != w
        )

    # Each word's likelier candidates first, then the query whose rarest replacement more
    # documents use.
    queries = sorted(
        itertools.product(*choices),
        key=lambda corrected: (sum(map(list.index, choices, corrected)), -used(corrected)),
    )
    for corrected in queries[:TRIES]:
        text = " ".join(corrected)
        if finds_something(text):
            return text
    return ""


def _documents(word: str, vocabulary: dict[str, int]) -> int:
    """How many documents use `word`, or the rarer of two words a split gave."""
    return min(vocabulary.get(part, 0) for part in word.split())


def _corrections(word: str, vocabulary: dict[str, int]) -> list[str]:
    """What `word` may have been meant as, likeliest first: two known words it runs together,
    then the known words fewest edits away (a letter added, dropped, changed, or two swapped),
    the more used first. [] when nothing known is close."""
    split = _split(word, vocabulary)
    return ([split] if split else []) + _closest(word, vocabulary)[: CANDIDATES - bool(split)]


def _split(word: str, vocabulary: dict[str, int]) -> str:
    """Two known words, typed without the space between ("ngapnuoc", "thuduc": a phone
    keyboard without diacritics runs syllables together); of several ways to cut it, the one
    whose rarer word more documents use. "" when no cut gives two known words."""
    cuts = [
        (word[:i], word[i:])
        for i in range(1, len(word))
        if _syllable(word[:i], vocabulary) and _syllable(word[i:], vocabulary)
    ]
    if not cuts:
        return ""
    first, second = max(cuts, key=lambda cut: min(vocabulary[cut[0]], vocabulary[cut[1]]))
    return f"{first} {second}"


def _syllable(piece: str, vocabulary: dict[str, int]) -> bool:
    """A known word with a vowel, or a number: titles' initials ("p", "ch", "nh" of "P.",
    "NH") would otherwise cut "ngapp" into "ngap p" and "chnh" into "ch nh"."""
    return piece in vocabulary and (piece.isdigit() or any(v in piece for v in "aeiouy"))


def _edits(word: str) -> int:
    """How many edits a misspelling of a word this long may have: none in one of two letters
    (every change gives another word), two from seven letters ("nguyne" is one from six)."""
    return 0 if len(word) < 3 else 1 if len(word) < 7 else 2


def _closest(word: str, vocabulary: dict[str, int]) -> list[str]:
    """Known words at most `_edits` away, fewest edits first, then the more used. An edit is a
    letter added, dropped, changed, or two side by side swapped (optimal string alignment):
    "chnh" → "chinh", "dugn" → "dung" are one each, where a ratio of common letters counted the
    swap as two and put "dun" (a name in titles) before "dung"."""
    limit = _edits(word)
    if not limit:
        return []
    # Every word within reach, not the first few: among equally close words (several are, for a
    # short one), the one more documents use must not be cut off by the order of the dict.
    matches = process.extract(
        word, vocabulary.keys(), scorer=OSA.distance, score_cutoff=limit, limit=None
    )
    matches.sort(key=lambda m: (m[1], -vocabulary[m[0]]))
    return [m[0] for m in matches]


@lru_cache(maxsize=1)
def _vocabulary(version: int) -> dict[str, int]:
    """The `Term` table, loaded once per process and version: `vocabulary_changed` moves the
    version in the shared cache, so every web process reloads it after a refresh."""
    from .models import Term

    return dict(Term.objects.values_list("word", "documents"))


def vocabulary_changed() -> None:
    try:
        cache.incr(VOCABULARY_VERSION_KEY)
    except ValueError:
        cache.set(VOCABULARY_VERSION_KEY, 2, timeout=None)

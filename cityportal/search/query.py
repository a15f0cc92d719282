"""What a reader typed, as search understands it: words in one normal form, quoted phrases,
excluded words, and names the synonym table says mean the same thing.

Nothing the reader types reaches a full-text engine as syntax: words are runs of letters and
digits (`core.text.words`), and backends quote every word they send."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache

from cityportal.core.text import fold, has_diacritics, normalize, words

# A 10 kB paste is cut here: no title needs more, and every word is another posting list to merge.
MAX_CHARS = 300
MAX_WORDS = 12
_QUOTED = re.compile(r'"([^"]*)"')
SYNONYMS_VERSION_KEY = "cityportal:search:synonyms-version"

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One thing a result must contain: any of `alternatives`, each a run of adjacent words."""

    alternatives: tuple[Phrase, ...]


@dataclass
class ParsedQuery:
    text: str
    clauses: list[Clause] = field(default_factory=list)
    excluded: list[Phrase] = field(default_factory=list)
    # The unquoted words in the order typed: results with them side by side rank higher.
    phrase: Phrase = ()
    accented: bool = False
    # Autocomplete: the last word may be the start of a longer one.
    prefix: bool = False

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def words(self) -> list[str]:
        return [w for clause in self.clauses for w in clause.alternatives[0]]

    def folded_words(self) -> list[str]:
        return [fold(w) for w in self.words]


def parse(text: str, *, prefix: bool = False) -> ParsedQuery:
    text = normalize(text or "")[:MAX_CHARS]
    query = ParsedQuery(text=text.strip(), accented=has_diacritics(text), prefix=prefix)
    budget = MAX_WORDS
    free: list[str] = []
    position = 0
    for match in _QUOTED.finditer(text):
        before = text[position : match.start()]
        negated = before.endswith("-") and (len(before) == 1 or before[-2].isspace())
        free += _plain(before[:-1] if negated else before, query)
        phrase = tuple(words(match.group(1)))[:budget]
        if phrase and negated:
            query.excluded.append(phrase)
        elif phrase:
            query.clauses.append(Clause((phrase,)))
            budget -= len(phrase)
        position = match.end()
    free += _plain(text[position:], query)
    free = free[: max(budget, 0)]
    query.clauses += expand(free)
    if len(free) > 1:
        query.phrase = tuple(free)
    if prefix and (not free or text.rstrip() != text):
        query.prefix = False  # the last word is finished (or quoted)
    return query


def _plain(text: str, query: ParsedQuery) -> list[str]:
    """Words outside quotes; "-word" excludes a word. A stray quote is just punctuation."""
    found = []
    for chunk in text.replace('"', " ").split():
        if chunk.startswith("-") and len(chunk) > 1:
            excluded = tuple(words(chunk[1:]))
            if excluded:
                query.excluded.append(excluded)
            continue
        found += words(chunk)
    return found


# A numbered district or ward as readers type it on a phone and papers print it: "q1", "Q.1",
# "quan1", "quận 1"; "p7", "P.7", "phuong 7". Each matches the others.
_NUMBERED = re.compile(r"(q|quan|p|phuong)(\d{1,2})")
_UNIT = {"q": "quận", "quan": "quận", "p": "phường", "phuong": "phường"}


def _numbered_unit(folded: list[str], i: int) -> tuple[int, tuple[Phrase, ...]] | None:
    """How many words at `i` name a numbered district or ward, and the ways it is written."""
    if match := _NUMBERED.fullmatch(folded[i]):
        length, (kind, number) = 1, match.groups()
    elif folded[i] in _UNIT and i + 1 < len(folded) and folded[i + 1].isdigit():
        length, kind, number = 2, folded[i], folded[i + 1]
        if len(number) > 2:
            return None
    else:
        return None
    number = str(int(number))  # "Q.01" is Quận 1
    name = _UNIT[kind]
    return length, ((name, number), (name[0], number), (f"{name[0]}{number}",))


def expand(free: list[str]) -> list[Clause]:
    """One clause per word, except where a run of words is a name in the synonym table: that run
    becomes one clause matching any of the group's names ("tphcm" → TP.HCM | TPHCM | HCM |
    Thành phố Hồ Chí Minh | Sài Gòn). Longest names first, compared without diacritics. A
    numbered district or ward matches however it is written ("q1" → quận 1 | Q.1 | Q1)."""
    table = synonym_table()
    folded = [fold(w) for w in free]
    clauses = []
    i = 0
    while i < len(free):
        if unit := _numbered_unit(folded, i):
            length, names = unit
            clauses.append(Clause((tuple(free[i : i + length]), *names)))
            i += length
            continue
        for length in range(min(len(free) - i, table.longest), 0, -1):
            group = table.groups.get(tuple(folded[i : i + length]))
            if group:
                typed = tuple(free[i : i + length])
                alternatives, seen = [typed], {tuple(folded[i : i + length])}
                for phrase in group:  # one spelling per folded form: "thủ đức" covers "thu duc"
                    if (key := tuple(fold(w) for w in phrase)) not in seen:
                        alternatives.append(phrase)
                        seen.add(key)
                clauses.append(Clause(tuple(alternatives)))
                i += length
                break
        else:
            clauses.append(Clause(((free[i],),)))
            i += 1
    return clauses


@dataclass
class SynonymTable:
    # folded phrase → every name in its group (diacritics kept)
    groups: dict[Phrase, tuple[Phrase, ...]]
    longest: int


def synonym_table() -> SynonymTable:
    """Read once per process and again whenever an editor changes a group (the version lives in
    the shared cache, so every web process and worker sees the change)."""
    return _load_synonyms(cache.get_or_set(SYNONYMS_VERSION_KEY, 1, timeout=None))


@lru_cache(maxsize=1)
def _load_synonyms(version: int) -> SynonymTable:
    from .models import SynonymGroup

    groups: dict[Phrase, tuple[Phrase, ...]] = {}
    for group in SynonymGroup.objects.all():
        phrases = tuple(group.phrases())
        for phrase in phrases:
            groups[tuple(fold(w) for w in phrase)] = phrases
    return SynonymTable(groups, max((len(k) for k in groups), default=0))


def synonyms_changed(**kwargs) -> None:
    try:
        cache.incr(SYNONYMS_VERSION_KEY)
    except ValueError:
        cache.set(SYNONYMS_VERSION_KEY, 2, timeout=None)

"""Stage 5: which places a text talks about, from the city's administrative units: old and new
names ("Quận 1" until 6/2025, the new wards after), with or without accents, and the short
forms people write ("Q.1", "Q1", "TP Thủ Đức", "P. Bến Thành", "TPHCM", "Sài Gòn").

One regular expression over the folded text, longest names first, built per process from the
units table and rebuilt when the table changes (checked once a minute: a worker started before
`load_places` ran finds places without a restart). Bare names are matched only for districts
with a proper name ("Gò Vấp", "Thủ Đức"): a bare ward name ("Bình Dương", "Bà Rịa") is also a
province's, so a ward needs its prefix."""

import datetime
import re
import threading
import time
from collections import defaultdict

from django.db.models import Count, Max

from cityportal.core.models import AdministrativeUnit
from cityportal.core.places import UNIT_ABBREVIATIONS
from cityportal.core.text import fold, fold_chars

CITY_ALIASES = ["tp hcm", "tphcm", "hcm", "ho chi minh", "sai gon", "saigon"]
# Folded short forms of each kind of unit; punctuation becomes a space, so "Q.1" is "q 1".
_PREFIXES = {kind: [kind, *short] for kind, short in UNIT_ABBREVIATIONS.items()}
_NON_WORD = re.compile(r"[\W_]+")
_lock = threading.Lock()
CHECK_SECONDS = 60
_state = {"gazetteer": None, "fingerprint": None, "checked": 0.0}


def _words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", fold_chars(text).lower()).split()


def _forms(unit) -> list[str]:
    """Folded ways of writing a unit's name with its kind: "quan 1", "q 1", "q1"."""
    kind = fold(unit.division_type)
    full = " ".join(_words(unit.name))
    bare = full[len(kind) :].strip() if full.startswith(kind + " ") else full
    forms = {full}
    for prefix in _PREFIXES.get(kind, []):
        forms.add(f"{prefix} {bare}")
        if bare.isdigit():
            forms.add(f"{prefix}{bare}")
    return sorted(forms)


def _aliases(unit) -> list[str]:
    bare_number = unit.name.split()[-1].isdigit()
    if unit.level == AdministrativeUnit.Level.WARD and bare_number:
        # "Phường 1" exists in a dozen districts: only "P.1, Q.3" says which.
        parent = unit.parent
        if not parent or parent.level != AdministrativeUnit.Level.DISTRICT:
            return []
        return [f"{w} {d}" for w in _forms(unit) for d in _forms(parent)]
    aliases = _forms(unit)
    if unit.level == AdministrativeUnit.Level.DISTRICT and not bare_number:
        kind, full = fold(unit.division_type), " ".join(_words(unit.name))
        aliases.append(full.removeprefix(kind).strip() or full)  # "go vap"
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        aliases += CITY_ALIASES
    return aliases


class Gazetteer:
    def __init__(self, units):
        self.by_alias = defaultdict(list)
        for unit in units:
            for alias in set(_aliases(unit)):
                self.by_alias[tuple(alias.split())].append(unit)
        self.longest = max((len(a) for a in self.by_alias), default=0)

    def find(self, text: str, on: datetime.date | None = None) -> list:
        """Units named in `text`, longest name first at each word; where an old and a new unit
        share a name, the one in force on `on` (the item's date)."""
        words = _words(text or "")
        found, seen, i = [], set(), 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                units = self.by_alias.get(tuple(words[i : i + n]))
                if units:
                    for unit in _in_force(units, on):
                        if unit.pk not in seen:
                            seen.add(unit.pk)
                            found.append(unit)
                    i += n
                    break
            else:
                i += 1
        return found


def _in_force(units, on):
    if len(units) < 2 or on is None:
        return units
    current = [
        u
        for u in units
        if (u.valid_from is None or u.valid_from <= on)
        and (u.valid_until is None or u.valid_until >= on)
    ]
    return current or units


def _fingerprint(units) -> tuple:
    """Moves when a unit is added, deleted, renamed or has its dates changed."""
    figures = units.aggregate(
        n=Count("pk"), last=Max("pk"), until=Max("valid_until"), updated=Max("updated_at")
    )
    return tuple(figures.values())


def gazetteer() -> Gazetteer:
    if _state["gazetteer"] is not None and time.monotonic() - _state["checked"] < CHECK_SECONDS:
        return _state["gazetteer"]
    with _lock:
        units = AdministrativeUnit.objects.local()
        fingerprint = _fingerprint(units)
        if fingerprint != _state["fingerprint"] or _state["gazetteer"] is None:
            _state["gazetteer"] = Gazetteer(list(units.select_related("parent")))
            _state["fingerprint"] = fingerprint
        _state["checked"] = time.monotonic()
        return _state["gazetteer"]


def reset() -> None:
    """Forget the gazetteer (between tests)."""
    _state.update(gazetteer=None, fingerprint=None, checked=0.0)


def find(text: str, on: datetime.date | None = None) -> list:
    return gazetteer().find(text, on)

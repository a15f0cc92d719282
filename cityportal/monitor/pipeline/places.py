"""Stage 5: which places a text talks about, from the city's administrative units: old and new
names ("Quận 1" until 6/2025, the new wards after), with or without accents, and the short
forms people write ("Q.1", "Q1", "TP Thủ Đức", "P. Bến Thành", "TPHCM", "Sài Gòn").

Names are looked up word by word in the folded text, longest first, in a table built per
process from the units table and rebuilt when the table changes (checked once a minute: a worker
started before `load_places` ran finds places without a restart). Bare names are matched for
districts with a proper name ("Gò Vấp", "Thủ Đức"); and for the wards and communes of July 2025
("Dĩ An", "Thủ Dầu Một", "Vũng Tàu", "Côn Đảo"), which people name as they named the towns they
replaced: written in capitals, or in lower case with diacritics after "ở", "tại"…, spelt as
the ward is, from its first day; not where the name is also a province's, a district's or the
city's ("Bình Dương", "Gò Vấp", "Sài Gòn": that one is meant), an older ward's elsewhere ("An
Phú"), another new unit's typed without diacritics ("Thanh An", "Thạnh An"), a street's ("đường
Tân Hải") or part of a longer capitalised name ("Tây Nam Bộ", "Phú Mỹ Hưng"). Read on 5,000 headlines of 2017–2018 as if dated 2026, about
nine in ten of the wards so found were the place meant; the rest share a name with a ward in
another province ("Phước Long" in Nha Trang) or a business ("phòng giao dịch Hưng Long").

A new ward whose name a ward or commune elsewhere also has (57 of 168: "Phước Long", "Tân
Hưng", "Bình Mỹ"; from the `vietnam-provinces` tables) is the city's only where the text names
no other province, before or after 2025 ("huyện Phước Long (Bạc Liêu)", "xã Bình Mỹ (Quảng
Ngãi)"), or names the city or another of its places too; and, named bare, not after another
kind of unit ("huyện Phước Long")."""

import datetime
import itertools
import re
import threading
import time
from collections import defaultdict

from django.db.models import Count, Max

from cityportal.core.models import AdministrativeUnit
from cityportal.core.places import HCMC_CODE, UNIT_ABBREVIATIONS, ward_names_elsewhere
from cityportal.core.text import canonical_tone, fold, fold_chars, has_diacritics, normalize

CITY_ALIASES = ["tp hcm", "tphcm", "hcm", "ho chi minh", "sai gon", "saigon"]
# Folded short forms of each kind of unit; punctuation becomes a space, so "Q.1" is "q 1".
_PREFIXES = {kind: [kind, *short] for kind, short in UNIT_ABBREVIATIONS.items()}
_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")
# Capitalised at a sentence's start before a place: "Ở Dĩ An", "Tại Vũng Tàu".
_LEADING = {"o", "tai", "tu", "ve", "den", "toi", "qua", "ra", "vao", "dan", "nguoi", "khu"}
# Before a new ward's name typed in lower case: "ở dĩ an", "tại vũng tàu".
_AT = {"ở", "tại", "về", "đến", "tới", "qua", "khu", "vùng", "dân"}
_SENTENCE_ENDS = '.!?…:;\n"“('
# Before a bare ward name, a word that makes it a street's.
_STREET_WORDS = {"duong", "pho", "hem", "ngo", "kiet", "d"}
# Before a bare ward name that a unit elsewhere also has, a kind of unit (not its own: "Phường
# Tân Hải" is read whole) that makes it that unit: "huyện Phước Long", "xã Tân Mỹ", "ấp An
# Long". Not before one no other unit has: "thị xã Bến Cát" is the town the ward replaced.
_OTHER_UNIT_WORDS = {"xa", "huyen", "tinh", "quan", "phuong", "tran", "ap", "thon", "tx", "tt"}
_lock = threading.Lock()
CHECK_SECONDS = 60
_state = {"gazetteer": None, "fingerprint": None, "checked": 0.0}


def _words(text: str) -> list[str]:
    return _NON_WORD.sub(" ", fold_chars(text).lower()).split()


def _bare(unit) -> str:
    """A unit's folded name without its kind: "go vap", "ba ria vung tau", "1"."""
    kind, full = fold(unit.division_type), " ".join(_words(unit.name))
    return full[len(kind) :].strip() if full.startswith(kind + " ") else full


def _forms(unit) -> list[str]:
    """Folded ways of writing a unit's name with its kind: "quan 1", "q 1", "q1"."""
    kind = fold(unit.division_type)
    full, bare = " ".join(_words(unit.name)), _bare(unit)
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
        aliases.append(_bare(unit))  # "go vap"
    if unit.level == AdministrativeUnit.Level.PROVINCE:
        aliases += CITY_ALIASES
    return aliases


# Bare new ward names that are also ordinary words: compass points ("hướng Tây Nam").
_NOT_BARE = {("tay", "nam")}


def _bare_names(units, taken: set, elsewhere: set) -> dict:
    """The bare names of the wards and communes of July 2025 ("di an" → Phường Dĩ An) that are
    no other unit's name: not a province's, a district's or the city's (`taken`, `elsewhere`),
    not two new units' when folded, and not an old ward's elsewhere (old "An Phú" was in Thủ
    Đức, the new one is in Thuận An: people still say the old names). Needs `successors`."""
    new, old = defaultdict(list), defaultdict(list)
    for unit in units:
        if unit.level != AdministrativeUnit.Level.WARD or unit.name.split()[-1].isdigit():
            continue
        name = tuple(_bare(unit).split())
        if unit.valid_until is not None:
            old[name].append(unit)
        elif unit.valid_from is not None:
            new[name].append(unit)
    bare = {}
    for name, found in new.items():
        ward = found[0]
        moved = any(ward not in before.successors.all() for before in old[name])
        clash = len(found) > 1 or name in taken or " ".join(name) in elsewhere
        if not (moved or clash or name in _NOT_BARE):
            bare[name] = ward
    return bare


class Gazetteer:
    def __init__(
        self,
        units,
        elsewhere: set = frozenset(),
        namesakes: frozenset = frozenset(),
        provinces: frozenset = frozenset(),
    ):
        """`elsewhere`: folded bare names of units outside the city (other provinces);
        `namesakes`: folded names of wards elsewhere ("phuoc long"); `provinces`: the other
        provinces' folded names, before and after 2025, as word tuples (("dong", "nai"))."""
        self.namesakes, self.provinces = namesakes, provinces
        self.province_lengths = {len(name) for name in provinces}
        # New wards a unit elsewhere shares a name with ("Phường Phước Long", Đồng Nai's too)
        self.shared = {
            unit.pk
            for unit in units
            if unit.level == AdministrativeUnit.Level.WARD
            and unit.valid_until is None
            and _bare(unit) in namesakes
        }
        self.by_alias = defaultdict(list)
        for unit in units:
            for alias in set(_aliases(unit)):
                self.by_alias[tuple(alias.split())].append(unit)
        self.bare = _bare_names(units, set(self.by_alias), elsewhere)
        # One lookup a span of words: its units, or () for a bare new ward name (`_bare_at`).
        self.names = {**dict.fromkeys(self.bare, ()), **self.by_alias}
        self.longest = max(map(len, self.names), default=0)

    def find(self, text: str, on: datetime.date | None = None) -> list:
        """Units named in `text`, longest name first at each word; where an old and a new unit
        share a name, the one in force on `on` (the item's date)."""
        text = normalize(text or "")
        words = _words(text)
        written = None  # the words as written, with where they stand: read only when needed
        found, seen, i = [], set(), 0
        while i < len(words):
            for n in range(min(self.longest, len(words) - i), 0, -1):
                key = tuple(words[i : i + n])
                units = self.names.get(key)
                if units == ():
                    written = written or _as_written_words(text, words)
                    units = (
                        [self.bare[key]] if self._bare_at(text, words, written, i, n, on) else None
                    )
                if units:
                    units = _in_force(units, on)
                    if len(units) > 1:
                        written = written or _as_written_words(text, words)
                        units = _spelt_as(units, written[i : i + n])
                    for unit in units:
                        if unit.pk not in seen:
                            seen.add(unit.pk)
                            found.append(unit)
                    i += n
                    break
            else:
                i += 1
        # "Phước Long" in a text about Đồng Nai is Đồng Nai's ward: a name the city shares with
        # a unit elsewhere is the city's in a text that names no other province, or names the
        # city or another of its places too ("Hà Nội và TP.HCM: …").
        shared = [unit for unit in found if unit.pk in self.shared]
        if shared and len(shared) == len(found) and self._names_a_province(words):
            return []
        return found

    def _names_a_province(self, words: list[str]) -> bool:
        """Whether the words name another province: not a smaller unit or a street named for
        one ("ấp Long An", "đường Tây Ninh")."""
        return any(
            tuple(words[i : i + n]) in self.provinces
            and not (i and (words[i - 1] in _OTHER_UNIT_WORDS or words[i - 1] in _STREET_WORDS))
            for n in self.province_lengths
            for i in range(len(words) - n + 1)
        )

    def _bare_at(self, text, words, written, i: int, n: int, on) -> bool:
        """Whether words[i:i+n] name a new ward bare: in force on `on`, in one run of words,
        spelt as the ward is (or with no diacritics at all), not a street's; written in capitals
        and not part of a longer capitalised name ("Bà Rịa - Vũng Tàu", "Him Lam Chợ Lớn", "Tây
        Nam Bộ"; a headline in title case) but for a sentence's first word, a preposition ("Ở
        Dĩ An, …"); or in lower case with diacritics after "ở", "tại"… ("ngập ở dĩ an")."""
        if not written or (on is not None and on < self.bare[tuple(words[i : i + n])].valid_from):
            return False
        name = written[i : i + n]
        if any(text[a.end() : b.start()].strip() for a, b in itertools.pairwise(name)):
            return False
        if i and words[i - 1] in _STREET_WORDS:
            return False
        if i and words[i - 1] in _OTHER_UNIT_WORDS and " ".join(words[i : i + n]) in self.namesakes:
            return False
        said = " ".join(w[0] for w in name)
        if has_diacritics(said) and not _spelt(self.bare[tuple(words[i : i + n])], name):
            return False  # "Ban Cơ yếu" is no "Bàn Cờ"
        if not all(w[0][0].isupper() for w in name):
            # In lower case only spelt with diacritics, after "ở", "tại"…: "ngập ở thủ dầu
            # một"; "di an" is also "đi ăn"
            lower = all(w[0].islower() for w in name) and has_diacritics(said)
            return lower and i > 0 and written[i - 1][0].lower() in _AT
        if i and _joined(text, written[i - 1], written[i]):
            before = text[: written[i - 1].start()].rstrip()
            opens = not before or before[-1] in _SENTENCE_ENDS
            if not (opens and words[i - 1] in _LEADING):
                return False
        return i + n == len(words) or not _joined(text, written[i + n - 1], written[i + n])


def _as_written_words(text: str, words: list[str]) -> list[re.Match]:
    """The words of `text` as written, aligned with `_words(text)` (`fold_chars` maps one
    character to one); [] where lower-casing grew a letter ("İ")."""
    written = list(_WORD.finditer(text))
    return written if len(written) == len(words) else []


def _joined(text: str, first: re.Match, second: re.Match) -> bool:
    """Whether two words are one capitalised run: both capitalised, only spaces or a dash
    between."""
    capitalised = first[0][0].isupper() and second[0][0].isupper()
    return capitalised and text[first.end() : second.start()].strip() in ("", "-", "–")


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


def _spelt_as(units, written: list[re.Match]) -> list:
    """Of units whose names fold alike ("Xã Thanh An", "Xã Thạnh An"), those spelt as the text
    spells them; all of them for a text typed without diacritics."""
    spelt = [unit for unit in units if _spelt(unit, written)]
    return spelt or units


def _spelt(unit, written: list[re.Match]) -> bool:
    """Whether the words end with the unit's bare name as it is spelt."""
    said = " ".join(canonical_tone(w[0].lower()) for w in written)
    return said.endswith(" ".join(map(canonical_tone, _bare_written(unit).split())))


def _bare_written(unit) -> str:
    """A unit's name without its kind, lower-cased, as spelt: "thạnh an"."""
    name = _NON_WORD.sub(" ", normalize(unit.name).lower()).strip()
    kind = normalize(unit.division_type).lower()
    return name[len(kind) :].strip() if name.startswith(kind + " ") else name


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
            provinces = AdministrativeUnit.objects.filter(
                level=AdministrativeUnit.Level.PROVINCE
            ).prefetch_related("successors")
            elsewhere = {_bare(unit) for unit in provinces}
            others = frozenset(
                tuple(_bare(unit).split())
                for unit in provinces
                if unit.code != str(HCMC_CODE)  # the city, and Bình Dương, Bà Rịa - Vũng Tàu
                and all(after.code != str(HCMC_CODE) for after in unit.successors.all())
            )
            _state["gazetteer"] = Gazetteer(
                list(units.select_related("parent").prefetch_related("successors")),
                elsewhere,
                ward_names_elsewhere(),
                others,
            )
            _state["fingerprint"] = fingerprint
        _state["checked"] = time.monotonic()
        return _state["gazetteer"]


def reset() -> None:
    """Forget the gazetteer (between tests)."""
    _state.update(gazetteer=None, fingerprint=None, checked=0.0)


def find(text: str, on: datetime.date | None = None) -> list:
    return gazetteer().find(text, on)

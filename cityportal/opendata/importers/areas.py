"""Area names in statistics tables into administrative units.

Tables write the same place many ways ("TP. Ho Chi Minh", "Ho Chi Minh city", "Thành phố Hồ Chí
Minh", "79"); the unit chosen is the one that existed in the figure's period, so a 2016 figure
for Ho Chi Minh City belongs to the city before the 2025 merger."""

import datetime
import re
from collections import defaultdict

from cityportal.core.models import REFORM_DATE, AdministrativeUnit
from cityportal.core.text import fold

_PREFIX = re.compile(r"^(thanh pho\s+|tinh\s+|tp\.\s*|tp\s+)")
_SUFFIX = re.compile(r"\s+(city|province)$")
# English and informal names the statistics office's exports use, by our unit code.
ALIASES = {
    "VN": ["whole country", "ca nuoc", "toan quoc", "viet nam", "vietnam"],
    "VN-R1": ["red river delta"],
    "VN-R2": ["northern midlands and mountain areas", "northern midlands and moutain areas"],
    "VN-R3": [
        "north central and central coastal areas",
        "north central area and central coastal area",
        "northern central area and central coastal area",
    ],
    "VN-R4": ["central highlands"],
    "VN-R5": ["south east", "southeast"],
    "VN-R6": ["mekong river delta"],
    "66": ["dac lak"],
    "46": ["thua thien hue"],
    "79": ["tp hcm", "hcmc", "ho chi minh"],
}


def area_key(text: str) -> str:
    """Name → comparison key: folded, without "Thành phố"/"Tỉnh"/"city", spaces or hyphens."""
    text = fold(str(text)).strip()
    text = _SUFFIX.sub("", _PREFIX.sub("", text))
    return re.sub(r"[^a-z0-9]", "", text)


class AreaResolver:
    def __init__(self, default_code: str | None = None):
        units = list(AdministrativeUnit.objects.all())
        self.by_key: dict[str, list[AdministrativeUnit]] = defaultdict(list)
        by_code = defaultdict(list)
        for unit in units:
            by_code[unit.code].append(unit)
            self.by_key[area_key(unit.name)].append(unit)
        for code, aliases in ALIASES.items():
            for key in {area_key(alias) for alias in aliases}:
                self.by_key[key].extend(by_code.get(code, []))
        self.by_code = dict(by_code)
        self.default_code = default_code

    def resolve(self, text, on: datetime.date) -> AdministrativeUnit | None:
        text = str(text).strip()
        candidates = self.by_code.get(text) or self.by_key.get(area_key(text), [])
        if not candidates:
            # Alone, a code that fits several levels is no one place.
            levels = self.by_padded_code(text)
            candidates = levels[0] if len(levels) == 1 else []
        return _pick(candidates, on)

    def by_padded_code(self, code: str) -> list[list[AdministrativeUnit]]:
        """Units by a code written without its leading zeros, as a number column or a
        spreadsheet keeps it ("1" for Hà Nội's "01"), one list per level the code may be of:
        codes are 2 digits for a province, 3 for a district, 5 for a ward."""
        if not code.isdigit():
            return []
        widths = sorted({max(width, len(code)) for width in (2, 3, 5)})
        return [self.by_code[p] for p in (code.zfill(w) for w in widths) if p in self.by_code]

    def resolve_coded(self, code: str, name: str, on: datetime.date):
        """(unit, problem) for an area written by code and name ("1", "Hà Nội"): the code
        decides, padded as the statistics office writes it, and the name must be one of that
        unit's; a code and a name of two places are an error, not a guess between them."""
        if not code or not name:
            return self.resolve(code or name, on), ""
        by_code = self.by_code.get(code, []) + [
            unit for level in self.by_padded_code(code) for unit in level
        ]
        named = {u.pk for u in self.by_key.get(area_key(name), [])}
        unit = _pick([u for u in by_code if u.pk in named], on)
        if unit is None and by_code:
            names = sorted({u.name for u in by_code if _valid_on(u, on)})
            if names:
                return None, f"mã '{code}' là {' / '.join(names)}, không phải '{name}'"
        return unit, ""

    def knows(self, text) -> bool:
        text = str(text).strip()
        return bool(self.by_code.get(text) or self.by_key.get(area_key(text)))


def _pick(candidates, on: datetime.date) -> AdministrativeUnit | None:
    valid = list({u.pk: u for u in candidates if _valid_on(u, on)}.values())
    if not valid:
        return None
    if len(valid) > 1:
        # A city both before and after the 2025 merger, valid since ever: the period decides.
        # Otherwise the name is ambiguous ("Phường 1" of several districts): no guess.
        before = on < REFORM_DATE
        valid.sort(key=lambda u: (u.valid_until is None) == before)
        if (valid[0].valid_until is None) == (valid[1].valid_until is None):
            return None
    return valid[0]


def _valid_on(unit: AdministrativeUnit, on: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= on) and (
        unit.valid_until is None or unit.valid_until >= on
    )

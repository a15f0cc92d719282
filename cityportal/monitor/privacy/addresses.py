"""House numbers: the number that finds one home goes, the street stays."""

import re

from cityportal.core.text import fold, has_diacritics

from .lexicon import BIRTH_ORDER, FAMILY, GIVEN, STOP
from .names import _either, _is
from .places import begins_with_place

# A house's number before its street: "số 12 đường Lê Lợi", "12/3 Nguyễn Trãi", "nhà số 45".
# Where a problem is matters to the brief, so the street stays; the number that finds one home
# goes. Not a number that names an alley, a ward, a road, a room, a bus, a day or a count ("hẻm
# 12", "Phường 5", "đường số 9", "ngày 12/3", "có 45 Hộ"): the word before it tells.
_HOUSE = re.compile(
    rf"(?<![\w.,/<\-])(?:(?P<named>{_either(['số nhà', 'nhà số'])})[ \t]*:?[ \t]*)?"
    r"(?P<number>\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?){0,3})(?![\w/]|[.,]\d)",
    re.I,
)
_STREET_AFTER = re.compile(
    rf",?[ \t]+(?:(?P<street>{_either(['đường', 'phố', 'hẻm', 'ngõ', 'ngách', 'kiệt'])})[ \t]+"
    r"(?P<named>[^\W_]+)"
    r"|(?P<first>[^\W\d_]+)[ \t]+(?P<second>[^\W\d_]+))",
    re.I,
)
_NOT_HOUSE_BEFORE = frozenset(
    "hem ngo ngach kiet duong pho quan q phuong p to khu kp ap lo lau tang phong can lop tuyen "
    "xe buyt bus quoc tinh huong ngay hom sang trua chieu toi dem tu den dip luc nam "
    "thang tuan gio khoang co gan hon tren duoi hang thu top chuong dieu khoan muc".split()
)


def _street_word(word: str) -> bool:
    """A word a street's name may start with: in title case ("HOUR" is shouting) and
    Vietnamese, with diacritics or a name syllable ("Le Loi"; "Android" is a brand)."""
    return (
        word[0].isupper()
        and word[1:].islower()
        and (has_diacritics(word) or any(_is(word, s) for s in (FAMILY, GIVEN, BIRTH_ORDER)))
    )


def _house_number(text: str, found: re.Match) -> bool:
    """Whether the number found is a house's: named so, or before a street and not after a
    word that makes it something else's ("số" too, after one: "đường số 9"), nor a year."""
    if found["named"]:
        return True
    street = _STREET_AFTER.match(text, found.end())
    if not street:
        return False
    named = street["named"]
    if street["street"] and not (named[0].isupper() or named[0].isdigit() or fold(named) == "so"):
        return False  # "1 đường trầy dài": a scratch, not a street
    if not street["street"]:
        first, second = street["first"], street["second"]
        if not (_street_word(first) and _street_word(second)) or first.lower() in STOP:
            return False
        if begins_with_place([first, second]):  # "3 Đà Nẵng"
            return False
    number = found["number"]
    if "/" in number and len(number.rsplit("/", 1)[-1]) == 4:  # 12/3/2024
        return False
    if len(number) == 4 and number.startswith(("19", "20")):  # "năm 2022 Việt Nam"
        return False
    before = re.findall(r"\w+", fold(text[max(0, found.start() - 25) : found.start()]))
    if before[-1:] == ["so"]:
        before.pop()
    return not (before and before[-1] in _NOT_HOUSE_BEFORE)


def mask_house_numbers(text: str) -> str:
    """House numbers replaced by "[số nhà]", the words around them kept."""

    def masked(found: re.Match) -> str:
        if not _house_number(text, found):
            return found[0]
        return found[0][: found.start("number") - found.start()] + "[số nhà]"

    return _HOUSE.sub(masked, text)

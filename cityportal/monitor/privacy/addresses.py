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


# An address announced in words before its number, in folded text: "nhà ở", "nhà tôi ở số",
# "địa chỉ", "đ/c".
_ADDRESS_CUE = re.compile(
    r"(?:\bnha(?: (?:toi|tui|em|minh|to|chung toi))?(?: o)?|\bdia chi|\bd c)(?: so)?$"
)
# Words after a number that make it a count, not a house's: "nhà ở 12 tầng", "12 năm", "nhà
# tôi 2 vợ chồng", "ở nhà 1 mình" (alone; "12 Minh Khai" is a street).
_COUNTED = frozenset(
    "nam thang tuan ngay gio phut tieng tang lau can phong nguoi tuoi nhan khau ho m m2 km met "
    "cm ha kg lit trieu ty nghin ngan dong lan chiec cai con xe tre be dua vo anh chi em me bo "
    "ong ba the mau".split()
)


def _street_word(word: str) -> bool:
    """A word a street's name may start with: in title case ("HOUR" is shouting) and
    Vietnamese, with diacritics or a name syllable ("Le Loi"; "Android" is a brand)."""
    return (
        word[0].isupper()
        and word[1:].islower()
        and (has_diacritics(word) or any(_is(word, s) for s in (FAMILY, GIVEN, BIRTH_ORDER)))
    )


def _cued(text: str, found: re.Match) -> bool:
    """Whether an address is announced before the number ("nhà ở 12 lê lợi", "địa chỉ: 45
    nguyen trai") and a word follows it that is no count's unit ("nhà ở 12 tầng")."""
    before = " ".join(re.findall(r"\w+", fold(text[max(0, found.start() - 30) : found.start()])))
    after = re.match(r"[ \t]+([^\W\d_]+)", text[found.end() :])
    if not (_ADDRESS_CUE.search(before) and after) or fold(after[1]) in _COUNTED:
        return False
    return not (found["number"] == "1" and fold(after[1]) == "minh")


def _house_number(text: str, found: re.Match) -> bool:
    """Whether the number found is a house's: named so, announced as an address, or before a
    street and not after a word that makes it something else's ("số" too, after one: "đường số
    9"), nor a year."""
    if found["named"]:
        return True
    cued = _cued(text, found)
    street = None if cued else _STREET_AFTER.match(text, found.end())
    if not (cued or street):
        return False
    if street and street["street"]:
        named = street["named"]
        if not (named[0].isupper() or named[0].isdigit() or fold(named) == "so"):
            return False  # "1 đường trầy dài": a scratch, not a street
    elif street:
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
    if cued:
        return True
    written = re.findall(r"\w+", text[max(0, found.start() - 25) : found.start()].lower())
    before = [fold(word) for word in written]
    if before[-1:] == ["so"]:
        before.pop()
    # "tôi" folds as "tối" and "tới" do: "Nhà tôi 45 Nguyễn Trãi" is a house
    return not (before and before[-1] in _NOT_HOUSE_BEFORE and written[-1] != "tôi")


def mask_house_numbers(text: str) -> str:
    """House numbers replaced by "[số nhà]", the words around them kept."""

    def masked(found: re.Match) -> str:
        if not _house_number(text, found):
            return found[0]
        return found[0][: found.start("number") - found.start()] + "[số nhà]"

    return _HOUSE.sub(masked, text)

"""House numbers: the number that finds one home goes, the street stays."""

import re

from cityportal.core.text import fold, has_diacritics

from .lexicon import BIRTH_ORDER, FAMILY, GIVEN, MAN_OR_WOMAN, STOP, listed
from .names import _either
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
_STREET_KINDS = ["đường", "phố", "hẻm", "ngõ", "ngách", "kiệt"]
_STREET_AFTER = re.compile(
    rf",?[ \t]+(?:(?P<street>{_either(_STREET_KINDS)})[ \t]+"
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
# Words after a number that make it a count, not a house's, some of them name syllables too:
# "nhà tôi 3 thế hệ", "nhà tôi 2 vợ chồng", "12 nam" (năm, typed without diacritics), "ở nhà 1
# mình" (alone; "12 Minh Khai" is a street). In a text typed with diacritics they are told from
# "Võ Văn Tần" or "Nam Kỳ Khởi Nghĩa"; in one without, "12 vo van tan" is read as a count.
_COUNTED = frozenset(
    "năm tháng tuần ngày giờ phút tiếng tầng lầu căn phòng người tuổi nhân khẩu hộ mét km triệu "
    "tỷ nghìn ngàn đồng lần chiếc cái con xe trẻ bé đứa vợ anh chị em mẹ bố ông bà thế mẫu".split()
)
_COUNTED_FOLDED = frozenset(map(fold, _COUNTED))
_STREETS = frozenset(map(fold, _STREET_KINDS))
# After an address word, a road by its kind ("nhà ở 45 quốc lộ 13", "12 xa lộ hà nội") or one of
# the city's main streets named for no person ("nhà ở 45 cách mạng tháng 8"), folded.
_ROADS = (
    "quoc lo|tinh lo|xa lo|dai lo|huong lo|cach mang thang|ba thang hai|ba muoi thang tu|"
    "dien bien phu|xo viet nghe tinh|cong hoa|bach dang|hoang sa|truong sa|au co|bau cat|"
    "lac long quan|su van hanh|tan son nhi|tan ky tan quy|kinh duong vuong|pho quang|"
    "3 thang 2|30 thang 4"
).split("|")
_ROAD = re.compile(rf"(?:{'|'.join(_ROADS)})\b")


def _street_word(word: str) -> bool:
    """A word a street's name may start with: in title case ("HOUR" is shouting) and
    Vietnamese, with diacritics or a name syllable ("Le Loi"; "Android" is a brand)."""
    return (
        word[0].isupper()
        and word[1:].islower()
        and (has_diacritics(word) or any(listed(word, s) for s in (FAMILY, GIVEN, BIRTH_ORDER)))
    )


def _cued(text: str, found: re.Match) -> bool:
    """Whether an address is announced before the number ("nhà ở 12 lê lợi", "địa chỉ: 45
    nguyen trai") and a street's first word follows: a street word or a name syllable, as most
    streets are named for people, and no count's unit ("nhà ở 12 tầng", "nhà ở 2 bên đường";
    typed without diacritics "12 nam" is "12 năm"), or a road or main street of `_ROADS`."""
    before = " ".join(re.findall(r"\w+", fold(text[max(0, found.start() - 30) : found.start()])))
    after = re.match(r"[ \t]+([^\W\d_]+)(?:[ \t]+([^\W\d_]+))?", text[found.end() :])
    if not (_ADDRESS_CUE.search(before) and after):
        return False
    if _ROAD.match(" ".join(re.findall(r"\w+", fold(text[found.end() : found.end() + 40])))):
        return True
    word, second = after[1], fold(after[2] or "")
    folded = not has_diacritics(text)  # "nam" is "năm" only in a text typed without them
    counted = fold(word) in _COUNTED_FOLDED if folded else word.lower() in _COUNTED
    if counted and folded and second in MAN_OR_WOMAN and listed(word, FAMILY):
        counted = False  # "nha o 12 vo van tan": Võ Văn Tần, not a count of wives
    if counted or (found["number"], fold(word)) == ("1", "minh"):
        return False
    return fold(word) in _STREETS or any(listed(word, names) for names in (FAMILY, GIVEN))


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

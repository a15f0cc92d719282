"""Private people's full names that no word announces: "hôm qua Nguyễn Văn Tuấn ở tổ 5 bị mất
xe", "nguyen thi hoa ban rau" (names.py reads those after "tôi là", "chị", "bác sĩ"…).

A full name is told by its shape: a common family name, a middle name ("Văn", "Thị", "Hữu"…) and
one or two syllables more, all capitalised, or in lower case with "văn" or "thị" second and a
common given name last. Streets are mostly named for people and a post names them bare ("kẹt xe
Lê Văn Sỹ"), so a name that news write after "đường" or "phố" (streets.txt), a person of history,
a name after a place word ("trường Nguyễn Văn Cừ"), or an official with their title is kept."""

import re
from functools import cache
from pathlib import Path

from cityportal.core.text import fold

from .lexicon import (
    CALLINGS,
    CLEAR_FAMILY,
    FAMILY,
    GIVEN,
    KIN,
    KIN_EXACT,
    LOWER_FAMILY,
    MAN_OR_WOMAN,
    MIDDLE,
    PLACE_WORDS,
    PUBLIC,
    listed,
)
from .names import MASKED_NAME
from .officials import in_office

_WORD = re.compile(r"[^\W\d_]+")
# Before a name, what makes it a place's, a school's or an organisation's: "trường", "THPT".
_NAMED_FOR = frozenset(fold(w) for w in PLACE_WORDS) | frozenset(
    "thpt|thcs|th|mn|truong hoc|hoc vien|quy|giai|tau|doi|xa lo|to".split("|")
)

# Before a name, a public figure's calling: what they do in public is no personal data ("Hoa
# hậu …", "tay vợt …", "nhà thiết kế …"). Folded.
_PUBLIC_ROLES = frozenset(
    "ca si|nhac si|dien vien|nguoi mau|hoa hau|a hau|nha thiet ke|ntk|nha van|nha tho|nha bao|"
    "dao dien|ty phu|ti phu|dai gia|doanh nhan|cau thu|tay vot|van dong vien|vdv|hlv|nsnd|"
    "nsut|gs|pgs|ts|ths|danh thu|kien truc su|hoc gia|chinh tri gia|nghe si|hoa si|game thu|"
    "tien si|giao su|thu mon|tien dao|hau ve|tien ve|vo si|ky thu|nu hoang|tac gia".split("|")
)
# After a word names.py reads a name by ("bà", "tôi là", "nhân viên"), it has decided: masked,
# or kept as an official's ("Phó Chủ tịch UBND Quận 3, bà Nguyễn Thị Hoa").
_ANNOUNCED = frozenset(
    fold(phrase.split()[-1]) for phrase in [*KIN, *KIN_EXACT.split("|"), *CALLINGS, "là", "tên"]
)
# The last one, two or three words before a name that keep it, folded.
_KEPT_AFTER = _NAMED_FOR | _PUBLIC_ROLES | _ANNOUNCED
# Before a name, a number (an address: "12 Nguyễn Văn Trỗi") or a dash that opens a signature,
# which names.py has read.
_NUMBER_OR_DASH = re.compile(r"(?:\d[\w/.\-]*|^[ \t]*[–—-]|[.?!…][ \t]*[–—-])[ \t]*$")


@cache
def _kept_names() -> frozenset[str]:
    """Streets named for a person (streets.txt) and people of history, folded."""
    lines = (Path(__file__).parent / "streets.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#")) | PUBLIC


def _shaped(words: list[str]) -> bool:
    """Whether three or four words are a full name by their shape."""
    if words[0][0].isupper():
        return (
            all(w[0].isupper() and w[1:].islower() for w in words)
            and listed(words[0], FAMILY)
            and fold(words[1]) in MIDDLE
        )
    # In lower case only the family names that are no common word ("từ thị trường", "đồng
    # thì", "viên văn bằng" are none), "văn" or "thị" as written, and a common given name last
    folded = all(w.isascii() for w in words)
    middle = words[1]
    return (
        all(w.islower() for w in words)
        and (words[0] in LOWER_FAMILY or (folded and words[0] in CLEAR_FAMILY))
        and fold(middle) in MAN_OR_WOMAN
        and (folded or middle in ("văn", "thị"))
        and listed(words[-1], GIVEN)
    )


def _kept(text: str, words: list[re.Match]) -> bool:
    """Whether a name so shaped is a street, a person of history, a place or organisation named
    for someone, or an official named with their title."""
    folded = [fold(w[0]) for w in words]
    if any(" ".join(folded[:n]) in _kept_names() for n in range(2, len(folded) + 1)):
        return True
    if _NUMBER_OR_DASH.search(text, max(0, words[0].start() - 20), words[0].start()):
        return True
    said = [fold(w) for w in _WORD.findall(text, max(0, words[0].start() - 30), words[0].start())]
    if any(" ".join(said[-n:]) in _KEPT_AFTER for n in range(1, min(3, len(said)) + 1)):
        return True
    return in_office(text, words[0].start(), words[-1].end())


def mask_full_names(text: str) -> str:
    """Full names of private people that no word announces replaced by "[…]"."""
    out, done = [], 0
    found = list(_WORD.finditer(text))
    i = 0
    while i < len(found):
        name = _name_at(text, found, i)
        if name and not _kept(text, name):
            out += [text[done : name[0].start()], MASKED_NAME]
            done = name[-1].end()
            i += len(name)
        else:
            i += 1
    return "".join(out) + text[done:]


def _name_at(text: str, found: list[re.Match], i: int) -> list[re.Match] | None:
    """The full name that begins at word i, if any: the longest of four or three words joined
    by single spaces, not inside a longer capitalised run (a title-case headline, an
    organisation's name)."""
    if i and found[i][0][0].isupper() and _joined(text, found[i - 1], found[i]):
        return None
    for n in (4, 3):
        words = found[i : i + n]
        if len(words) < n or not all(
            _joined(text, a, b) for a, b in zip(words, words[1:], strict=False)
        ):
            continue
        nxt = found[i + n] if i + n < len(found) else None
        if words[0][0][0].isupper() and nxt and _joined(text, words[-1], nxt):
            continue  # the capitalised run goes on
        if _shaped([w[0] for w in words]):
            return words
    return None


def _joined(text: str, first: re.Match, second: re.Match) -> bool:
    """Two words of one name: a single space between, the same case at their start."""
    same_case = first[0][0].isupper() == second[0][0].isupper()
    return same_case and text[first.end() : second.start()] in (" ", "\t")

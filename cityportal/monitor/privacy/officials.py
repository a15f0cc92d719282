"""Officials named in their public role, whose names a quote keeps: with their title just
before or after the name ("Chủ tịch UBND Thành phố Phan Văn Mãi", "ông …, Giám đốc Sở …"), or
by their given name after being so named ("ông Mãi")."""

import re

from cityportal.core.text import fold, fold_chars

from .lexicon import FAMILY, OFFICE_WORDS, TITLES, listed

_WORD = re.compile(r"[^\W\d_]+")
# An official's title, in folded text: before the name, or just after it.
_TITLE = re.compile(rf"\b(?:{TITLES})\b")
_TITLE_AFTER = re.compile(rf"[ \t]*[,(\-–—:]?[ \t]*(?:nguyen[ \t]+)?(?:pho[ \t]+)?(?:{TITLES})\b")


def in_office(text: str, start: int, end: int, title_before: bool = True) -> bool:
    """Whether the name between start and end is an official's, named with their title just
    before it (if `title_before`) or just after, in the same sentence."""
    if _TITLE_AFTER.match(fold(text[end : end + 40])):
        return True
    if not title_before:
        return False
    before = text[max(0, start - 100) : start]
    titles = list(_TITLE.finditer(fold_chars(before)))
    if not titles:
        return False
    between = before[titles[-1].end() :].rstrip(" \t,(-–").split()
    return len(between) <= 8 and all(
        (w[0].isupper() or w[0].isdigit() or fold(w) in OFFICE_WORDS) and not _ends_sentence(w)
        for w in between
    )


def _ends_sentence(word: str) -> bool:
    """Whether a sentence ends with the word: the title before it is no longer the name's ("đơn
    lên Chủ tịch UBND Phường Bến Thành. Bà Lan …"). Not an abbreviation's dot ("UBND TP. Thủ
    Đức")."""
    if word[-1] in "!?;…":
        return True
    abbreviation = (word[:-1].isalpha() and word[:-1].isupper()) or word == "Tp."
    return word[-1] == "." and not abbreviation


_CAPITALISED_RUN = re.compile(r"(?:[^\W\d_]+[ \t]+){1,3}$")


def official_named_before(
    text: str, kin: str, given: str, before: int, read: dict[str, int | str]
) -> bool:
    """Whether "ông" or "bà" and a capitalised given name alone are an official named in full
    with their title earlier in the text ("Bí thư Thành ủy Đinh La Thăng … ông Thăng nói"), as
    news name one after the first time; not "bà" for one named "ông" or with "Văn" ("Chủ tịch
    Phan Văn Mãi … bà Mãi bán hàng"), nor "ông" for one named "bà" or with "Thị". A private
    person of the same given name and sex in the same text would be kept too: seldom, and news
    name private people so as seldom.

    `read` holds, for each given name, how far the text was read for it, or, once an official's,
    "ông", "bà" or "" (either) as they are named: each part of the text is read once however
    often the name comes back."""
    kin = kin.lower()
    if kin not in ("ông", "bà") or not (given[0].isupper() and given[1:].islower()):
        return False
    if isinstance(read.get(given), str):
        return read[given] in ("", kin)
    since, read[given] = read.get(given, 0), before
    for seen in re.compile(rf"(?<!\w){re.escape(given)}(?!\w)").finditer(text, since, before):
        words = _CAPITALISED_RUN.search(text, max(0, seen.start() - 40), seen.start())
        if not words:
            continue
        found = list(_WORD.finditer(text, words.start(), seen.start()))
        start = None  # the full name's family name, or the "ông", "bà" before it
        while found and not (found[0][0][0].isupper() and listed(found[0][0], FAMILY)):
            honorific = found.pop(0)  # "Thành ủy Đinh La Thăng", "bà Nguyễn Thị Hoa"
            start = honorific.start() if honorific[0].lower() in ("ông", "bà") else None
        if found and all(w[0][0].isupper() for w in found):
            start = found[0].start() if start is None else start
            if in_office(text, start, seen.end()):
                read[given] = _named_as(text[start : found[0].start()], found)
                return read[given] in ("", kin)
    return False


def _named_as(honorific: str, names: list[re.Match]) -> str:
    """ "ông" or "bà", as the official named in full is called: by the honorific before the name,
    else by the middle name that tells a man's ("Văn") or a woman's ("Thị"); "" if neither."""
    if honorific.strip():
        return honorific.strip().lower()
    middle = {w[0].lower() for w in names[1:]}  # the family name first, the given name not in
    return "bà" if "thị" in middle else "ông" if "văn" in middle else ""

"""Places named among a name's capitalised words: the name ends where one begins."""

import re

from cityportal.core.text import canonical_tone, fold, has_diacritics

from .lexicon import PLACE_SYLLABLES

# Administrative units that begin a place with their number or name ("Quận 5", "Q.5", "Phường
# Bến Thành", "TP Thủ Đức"); "Q" and "P" only with a number.
_UNITS = ["thị xã", "thị trấn", "thành phố", "quận", "phường", "huyện", "xã", "tỉnh", "tp"]
_NUMBERED_ONLY = ["q", "p"]
# After a run of words: its unit's number, if any, and the next word's first letter.
_WORD = re.compile(r"[^\W\d_]+")
_AFTER_RUN = re.compile(r"(?P<number>\.?[ \t]*\d+)?[ \t]*(?P<next>[^\W\d_])?")


def place_length(words: list[str]) -> int:
    """How many of `words` a place of PLACES_SPELT they begin with takes (0: none), each syllable
    typed with diacritics spelt as the place's (one typed without matches by its letters alone)."""
    folded = [fold(w) for w in words]
    for n in range(len(words), 0, -1):
        spelt = PLACE_SYLLABLES.get(" ".join(folded[:n]))
        if spelt and all(
            not has_diacritics(typed) or canonical_tone(typed.lower()) == syllable
            for typed, syllable in zip(words[:n], spelt, strict=True)
        ):
            return n
    return 0


def begins_with_place(words: list[str]) -> bool:
    return place_length(words) > 0


def _unit_length(words: list[str]) -> int:
    """How many of `words` an administrative unit they begin with takes ("Thành phố": 2)."""
    for unit in [*_UNITS, *_NUMBERED_ONLY]:
        n = len(unit.split())
        if " ".join(words[:n]).lower() == unit:
            return n
    return 0


def name_before_place(text: str, run: re.Match) -> tuple[int, int]:
    """How many of the capitalised words a run (a match over `text`) begins with come before a
    place that ends them ("Lụa Quận 5 bán", "Tèo Bình Dương chạy", "Lê Thị Hoa Gò Vấp"): a
    name and where its owner lives or works; and where in `text` the place ends. (0, 0) if no
    place ends them, or if the sentence goes on in capitals after it (a headline in title case:
    "Chị Lụa Quận 5 Bán Hàng Rong")."""
    found = list(_WORD.finditer(run[0]))
    words = [w[0] for w in found]
    capitalised = 0  # "Thành phố" goes on in lower case
    while capitalised < len(words) and (
        words[capitalised][0].isupper()
        or (capitalised and f"{words[capitalised - 1]} {words[capitalised]}".lower() in _UNITS)
    ):
        capitalised += 1
    if not capitalised:
        return 0, 0
    number, end = None, run.start() + found[capitalised - 1].end()
    if capitalised == len(words):  # the run ends with them: read on in the text
        after = _AFTER_RUN.match(text, run.end())
        if after["next"] and after["next"].isupper():
            return 0, 0
        number = after["number"]
        end = after.end("number") if number else run.end()
    for i in range(1, min(capitalised, 5)):
        unit = _unit_length(words[i:capitalised])
        if unit and i + unit == capitalised and number:  # "Quận 5", "Q.5"
            return i, end
        named = words[i].lower() not in _NUMBERED_ONLY
        if unit and named and i + unit < capitalised:  # "Phường Bến Thành"
            return i, end
        place = place_length(words[i:capitalised])
        if place and i + place == capitalised:  # "Bình Dương", "Gò Vấp"
            return i, end
    return 0, 0

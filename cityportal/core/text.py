"""Vietnamese text handling shared by every app: normalisation, diacritic folding, slugs."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")
# A word is a run of letters and digits in any script; "_" and punctuation separate words, so
# "TP.HCM" is two words and no full-text syntax character ever reaches a query.
_WORD = re.compile(r"[^\W_]+")
# The five tone marks, as combining characters after NFD. Other marks (circumflex, breve, horn)
# make a different vowel, not a different tone.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Syllables ending in these vowel pairs carry their tone on either vowel depending on the writer's
# convention: "hòa"/"hoà", "hòe"/"hoè", "thủy"/"thuỷ". After "q", "u" belongs to the consonant.
_MOVABLE_TONE = re.compile(r"(?<!q)(o[ae]|uy)$")


# Characters that show nothing but split or disguise words: soft hyphen, zero-width spaces and
# joiners, direction marks and overrides, word joiners, the byte-order mark.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")


def clean_text(text: str) -> str:
    """What a person typed, tidied: NFC, without invisible characters, with at most two blank
    lines in a row."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).strip()


# A link as people paste it, with or without the scheme.
URL = re.compile(r"https?://\S+|www\.\S+", re.I)


def normalize(text: str) -> str:
    """NFC-normalise, so decomposed input (some phones, cp1258 files) compares equal to composed."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, including đ/Đ → d: "Thủ Đức" → "thu duc"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


_NUMBER = re.compile(r"(\d+)")


def natural_key(text: str) -> tuple:
    """A key to sort names as people read them: "Đặc khu" among the D's, "Quận 3" before
    "Quận 10" (a database compares both as code points), then the diacritics for ties."""
    parts = _NUMBER.split(fold(text))
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), text


def _fold_table() -> dict[int, str]:
    """Latin (with Vietnamese), Greek and Cyrillic letters to their one-letter folded form."""
    table = {}
    for start, end in ((0x41, 0x5A), (0xC0, 0x52F), (0x1E00, 0x1EFF)):
        for code in range(start, end + 1):
            folded = fold(chr(code))
            if len(folded) == 1 and folded != chr(code):
                table[code] = folded
    return table


_FOLD_TABLE = _fold_table()


def fold_chars(text: str) -> str:
    """`fold` one character for one, so offsets in the result are offsets in the NFC input:
    matches found in folded text are highlighted in the original. (A table, not `fold`: it
    runs over whole article bodies for every search result.)"""
    return normalize(text).translate(_FOLD_TABLE)


def has_diacritics(text: str) -> bool:
    return fold(text) != normalize(text).lower()


def canonical_tone(word: str) -> str:
    """One tone placement for a lower-case word: the older convention the press mostly uses,
    "hoà" → "hòa", "thuỷ" → "thủy"; "quý", "hoàng" and "thuyền" are left alone."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONES]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    match = _MOVABLE_TONE.search(base)
    if not match:
        return word
    at = match.start() + 1
    return unicodedata.normalize("NFC", base[:at] + tones[0] + base[at:])


def words(text: str) -> list[str]:
    """The words of `text` as search sees them: NFC, lower case, one tone placement, diacritics
    kept. `fold` each for the diacritic-free form."""
    return [canonical_tone(w) for w in _WORD.findall(normalize(text).lower())]


def slugify_vi(text: str, max_length: int = 80) -> str:
    """An ASCII slug a reader can type: "Thành phố Thủ Đức" → "thanh-pho-thu-duc"."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "bai-viet"


_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def weekday_vi(value) -> str:
    return _WEEKDAYS[value.weekday()]

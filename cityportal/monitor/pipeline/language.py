"""Stage 2: is this Vietnamese? Kept cheap and offline: the share of words that are common
Vietnamese syllables once accents are stripped, so that text typed without accents or in chat
spelling counts too; fewer suffice where letters only Vietnamese writes are there."""

import re
from functools import lru_cache
from pathlib import Path

from cityportal.core.text import fold

# Letters only Vietnamese writes (French shares é, è, à, â, ê, ô: those prove nothing).
_VI_LETTERS = re.compile("[ăđơưảãạằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏõọồốổỗộờớởỡợủũụừứửữựỳỷỹỵ]", re.I)
# Chinese and Japanese write no spaces: each character is a word, about a syllable, so a
# sentence of them is long enough to tell (and is not Vietnamese).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_WORD = re.compile(rf"[{_CJK}]|[^\W\d_{_CJK}]+")
# A letter drawn out in chat ("điii", "nhanhhh"): no Vietnamese word has one three times.
_DRAWN_OUT = re.compile(r"([a-z])\1\1+")
# Made by bin/build-vi-syllables from VNTC news and a stopword list (both MIT), with chat
# spellings; the file's header says how. English, Indonesian or Tagalog sentences share a few
# short words with it ("the", "di", "sa") but rarely more than half their words.
SYLLABLES = frozenset(
    line
    for line in (Path(__file__).parent / "vi_syllables.txt").read_text("utf-8").splitlines()
    if line and not line.startswith("#")
)
MIN_WORDS = 3
SHARE = 0.6  # of words that are common syllables: Vietnamese, however typed
MARKED = 0.15  # of words with a letter only Vietnamese writes; then this share suffices, not
MARKED_SHARE = 0.5  # less: normalise spells Tagalog's "ng", "ko" out as "người", "không"


@lru_cache(maxsize=1 << 16)
def _common(word: str) -> bool:
    """Is this lower-case word a common syllable once its accents are gone? (Remembered: the
    same few thousand words make up most comments.)"""
    folded = fold(word)
    return folded in SYLLABLES or _DRAWN_OUT.sub(r"\1", folded) in SYLLABLES


def detect(text: str) -> str:
    """ "vi", "other", or "" when there is too little text to tell."""
    words = _WORD.findall((text or "").lower())
    if not words:
        return ""
    share = sum(map(_common, words)) / len(words)
    if share >= MARKED_SHARE and _VI_LETTERS.search(text):
        if sum(1 for w in words if _VI_LETTERS.search(w)) / len(words) >= MARKED:
            return "vi"
    if len(words) < MIN_WORDS:
        return ""
    return "vi" if share >= SHARE else "other"

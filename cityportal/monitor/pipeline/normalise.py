"""Stage 1: one form for every text. NFC, markup and links out, teencode spelled out, a folded
(diacritic-free) copy for matching text typed without accents."""

import html
import re

from cityportal.core.text import INVISIBLE, URL, fold, normalize

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")

# Chat spellings common in Vietnamese comments, spelled out so the models and term counts see
# the word. Only unambiguous short forms: "k" and "r" are left alone outside these.
TEENCODE = {
    "ko": "không",
    "k": "không",
    "kh": "không",
    "khg": "không",
    "hok": "không",
    "hông": "không",
    "khum": "không",
    "dc": "được",
    "đc": "được",
    "dk": "được",
    "đk": "được",
    "j": "gì",
    "bik": "biết",
    "bít": "biết",
    "ntn": "như thế nào",
    "vs": "với",
    "mn": "mọi người",
    "mng": "mọi người",
    "ng": "người",
    "trc": "trước",
    "cx": "cũng",
    "cg": "cũng",
    "ms": "mới",
    "nc": "nước",
    "tl": "trả lời",
    "sdt": "số điện thoại",
    "tp": "thành phố",
    "tphcm": "thành phố Hồ Chí Minh",
    "hcm": "Hồ Chí Minh",
    "ubnd": "ủy ban nhân dân",
    "thik": "thích",
    "iu": "yêu",
    "z": "vậy",
    "wá": "quá",
    "qá": "quá",
    "lun": "luôn",
}
_TEEN = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, TEENCODE)) + r")(?!\w)", re.I)


def clean(text: str) -> str:
    """Readable plain text: NFC, no tags or entities, no invisible characters, one space."""
    text = normalize(html.unescape(_TAG.sub(" ", text or "")))
    return _SPACE.sub(" ", INVISIBLE.sub("", text)).strip()


def expand_teencode(text: str) -> str:
    return _TEEN.sub(lambda m: TEENCODE[m.group(1).lower()], text)


def for_models(text: str) -> str:
    """What the classifiers and term counts read: links out, chat spellings spelled out."""
    return _SPACE.sub(" ", expand_teencode(URL.sub(" ", clean(text)))).strip()


def folded(text: str, *, prepared: bool = False) -> str:
    """The diacritic-free copy that matching and clustering read; `prepared` when `text` is
    already the output of `for_models` (the pipeline has it: no second pass)."""
    return _SPACE.sub(" ", fold(text if prepared else for_models(text))).strip()

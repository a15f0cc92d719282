"""Vietnamese text handling shared by every app: normalisation, diacritic folding, slugs."""

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def normalize(text: str) -> str:
    """NFC-normalise, so decomposed input (some phones, cp1258 files) compares equal to composed."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case and strip every diacritic, including đ/Đ → d: "Thủ Đức" → "thu duc"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


def slugify_vi(text: str, max_length: int = 80) -> str:
    """An ASCII slug a reader can type: "Thành phố Thủ Đức" → "thanh-pho-thu-duc"."""
    slug = _NON_SLUG.sub("-", fold(text)).strip("-")
    return slug[:max_length].rstrip("-") or "bai-viet"


_WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


def weekday_vi(value) -> str:
    return _WEEKDAYS[value.weekday()]

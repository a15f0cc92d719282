"""Stage 2: is this Vietnamese? Kept cheap and offline: Vietnamese letters, or, for text typed
without accents, the share of words that are common Vietnamese syllables."""

import re

from cityportal.core.text import fold

# Letters only Vietnamese writes (French shares é, è, à, â, ê, ô: those prove nothing).
_VI_LETTERS = re.compile("[ăđơưảãạằắẳẵặầấẩẫậẻẽẹềếểễệỉĩịỏõọồốổỗộờớởỡợủũụừứửữựỳỷỹỵ]", re.I)
_WORD = re.compile(r"[^\W\d_]+")
# Frequent syllables of Vietnamese as typed without accents, rare as English or French words.
COMMON_FOLDED = frozenset(
    """khong duoc nguoi cua nhung trong voi mot cac nhieu rat lam nay thi nhu nhung cung
    nha nuoc thanh pho quan phuong huyen xa dan chinh sach viec ve ra vao tren duoi sau truoc
    nam thang ngay cho dang se da chua roi con moi nguoi dieu kien dich vu tien hanh thuc hien
    du an cong trinh giao thong ket xe duong moi truong giao duc y te benh vien hoc sinh ong ba
    anh chi em toi minh ban ho chung ta nhe nhi qua luon thoi sao gi dau khi nao bao nhieu
    tinh trang van de kinh te xa hoi cuoc song phat trien dau tu doanh nghiep hanh chinh""".split()
)
MIN_WORDS = 3


def detect(text: str) -> str:
    """ "vi", "other", or "" when there is too little text to tell."""
    words = _WORD.findall(text or "")
    if not words:
        return ""
    if _VI_LETTERS.search(text):
        marked = sum(1 for w in words if _VI_LETTERS.search(w))
        if marked / len(words) >= 0.15:
            return "vi"
    if len(words) < MIN_WORDS:
        return ""
    common = sum(1 for w in words if fold(w) in COMMON_FOLDED)
    return "vi" if common / len(words) >= 0.25 else "other"

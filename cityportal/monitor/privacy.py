"""Personal data kept out of the brief's quotes: e-mail addresses, links, identity papers and
accounts, phone numbers and @handles."""

import re

from cityportal.core.text import URL

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# A candidate phone number: +84, 0084 or 84 (optionally "(0)" after it) or a leading 0, then
# digit groups joined by up to three spaces, dots or dashes ("0912 - 345 - 678"); "(028)"
# brackets an area code. Not after a digit or a digit and ".": the tail of an amount
# (1.090.123.456 đồng) is no phone number; dates are too short to be one (_is_phone).
_SEP = r"[\s.\-\u00a0]{1,3}"
_PHONE = re.compile(
    r"(?<!\d)(?<!\d\.)"
    rf"(?:\(?(?:\+|00)?84\)?(?:{_SEP})?(?:\(0\)(?:{_SEP})?)?|(?=\(?0))"
    rf"(?:\(\d{{1,4}}\)(?:{_SEP})?)?\d+(?:{_SEP}\d+)*"
)
_DIGIT_GROUP = re.compile(r"\d+\)?")
# A handle runs on through dots and dashes (@nguyen_van-a, @hoa.nguyen), not onto a full stop.
_HANDLE = re.compile(r"(?<!\w)@\w[\w.\-]*\w")
# A number after the word for an identity paper, account or tax code ("CCCD: 079 201 001 234",
# "STK 0071001234567", "hộ chiếu B1234567"), and any other unbroken run of nine or more digits: a
# CMND has 9 digits, a CCCD 12, and no date or count is written so (an amount may be: its
# currency keeps it).
_ID_WORDS = (
    r"CCCD|CMND|CMT|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|hộ chiếu|passport|"
    r"số tài khoản|STK|tài khoản(?: ngân hàng)?|mã số thuế|MST|BHXH|bảo hiểm xã hội|GPLX|bằng lái"
)
_ID_NUMBER = re.compile(
    rf"(?<!\w)((?:{_ID_WORDS})(?:\s*(?:số|no\.?))?\s*:?\s*)[A-Z]{{0,2}}\d(?:[\s.\-]?\d){{5,}}",
    re.I,
)
_LONG_DIGITS = re.compile(r"(?<![\d.,])\d{9,}(?![.,]?\d)(?!\s*(?:đồng|đ\b|VNĐ|VND|USD))", re.I)
# A link written without its scheme to someone's page: facebook.com/nguyenvana, zalo.me/0912…
_BARE_LINK = re.compile(r"(?<![\w@./])(?:[\w-]+\.)+(?:com|vn|me|net|org)(?:\.vn)?/\S+", re.I)
MASKED_ID = "[mã số cá nhân]"


def _is_phone(candidate: str) -> bool:
    """Vietnamese numbering: after the 0 (or +84), 9 digits for a mobile (09x…) or an old
    two-digit-code landline ((08) 3829 6052), 10 for a landline since 2017 ((028) 3829 6052) or
    an old 01xx mobile."""
    digits = re.sub(r"\D", "", candidate)
    if digits.startswith(("0084", "84")):  # the country code, then maybe "(0)"
        digits = digits.removeprefix("00")[2:]
    national = digits.removeprefix("0")
    return (len(national) == 9 and national[0] != "0") or (
        len(national) == 10 and national[0] in "12"
    )


def _mask_phone(match: re.Match) -> str:
    """The longest run of the candidate's digit groups that is a phone number is masked. Digits
    after it (a count, a second number) are looked at again, as are those after a first group
    that starts no number."""
    text = match.group()
    ends = [group.end() for group in _DIGIT_GROUP.finditer(text)]
    for end in reversed(ends):
        if _is_phone(text[:end]):
            return "[số điện thoại]" + _PHONE.sub(_mask_phone, text[end:])
    return text[: ends[0]] + _PHONE.sub(_mask_phone, text[ends[0] :])


def scrub(text: str) -> str:
    """A quote fit for a brief: no e-mail address, identity paper or account number, phone
    number, @handle or link. Links go first (a profile's path may hold a number); a number named
    for a paper before any phone rule reads it; a bare long run of digits once the phone numbers
    among them are told apart."""
    text = _EMAIL.sub("[email]", text)
    text = URL.sub("[liên kết]", text)
    text = _BARE_LINK.sub("[liên kết]", text)
    text = _ID_NUMBER.sub(lambda m: m[1] + MASKED_ID, text)
    text = _PHONE.sub(_mask_phone, text)
    text = _LONG_DIGITS.sub(MASKED_ID, text)
    return _HANDLE.sub("@[…]", text)

"""Contact details and numbers that lead to a person: e-mail addresses, links to someone's
page, @handles, identity papers and accounts, licence plates and phone numbers."""

import re

from cityportal.core.text import URL, fold

# Also an address the source half-masked ("tuankhang***@gmail.com") or spelt out against
# harvesters ("nguyenvana @ gmail.com", "nguyenvana(at)gmail.com"; "theo @hoa.nguyen" is a
# handle). Starting only where a run of such characters starts: tried at each of its characters,
# a long word with no "@" in it (a pasted token) cost time in the square of its length.
_EMAIL = re.compile(
    r"(?<![\w.+*-])[\w.+*-]+(?:@[ \t]*|[ \t]+@[ \t]+|[ \t]*[(\[]at[)\]][ \t]*)[\w-]+(\.[\w-]+)+",
    re.I,
)
# A candidate phone number: +84, 0084 or 84 (optionally "(0)" after it) or a leading 0, and
# maybe "(028)" bracketing an area code (together its `code`), then digit groups joined by up to
# three spaces, dots or dashes ("0912 - 345 - 678"). Not after a digit or a digit and ".": the
# tail of an amount (1.090.123.456 đồng) is no phone number. At most seven groups, more than a
# phone number is ever written in: a table of figures costs a few groups per look, not its length.
_SEP = r"[\s.\-\u00a0]{1,3}"
_PHONE = re.compile(
    r"(?<!\d)(?<!\d\.)"
    rf"(?P<code>(?:\(?(?:\+|00)?84\)?(?:{_SEP})?(?:\(0\)(?:{_SEP})?)?|(?=\(?0))"
    rf"(?:\(\d{{1,4}}\)(?:{_SEP})?)?)"
    rf"\d+(?:{_SEP}\d+){{0,6}}"
)
_GROUP = re.compile(rf"({_SEP})?(\d+)")
_FIRST_GROUP = re.compile(r"\D*\d+\)?")
# A handle runs on through dots and dashes (@nguyen_van-a, @hoa.nguyen), not onto a full stop.
_HANDLE = re.compile(r"(?<!\w)@\w[\w.\-]*\w")
# A number after the word for an identity paper, account or tax code ("CCCD: 079 201 001 234",
# "STK 0071001234567", "hộ chiếu B1234567"), maybe with the bank's name between ("STK ACB
# 12345678", "số tài khoản MB Bank: …"), and any other unbroken run of nine or more digits: a
# CMND has 9 digits, a CCCD 12, and no date or count is written so (an amount may be: its
# currency keeps it).
_ID_WORDS = (
    r"CCCD|CMND|CMT|căn cước(?: công dân)?|chứng minh(?: nhân dân| thư)?|hộ chiếu|passport|"
    r"(?:số|mã) định danh(?: cá nhân)?|số tài khoản|số TK|STK|TK|tài khoản(?: ngân hàng)?|"
    r"mã số thuế|MST|BHXH|bảo hiểm xã hội|GPLX|bằng lái"
)
_BANK = r"(?-i:[A-Z][A-Za-z]+)(?:\s+Bank)?\s*:?\s*"
_ID_NUMBER = re.compile(
    rf"(?<!\w)((?:{_ID_WORDS})(?:\s*(?:số|no\.?))?\s*:?\s*(?:{_BANK})?)"
    r"[A-Z]{0,2}\d(?:[\s.\-]?\d){5,}",
    re.I,
)
# A CCCD's twelve digits unnamed but grouped as on the card ("079 201 001 234", "0792 0100
# 1234"): a province code 001-096 first, so no amount, which never starts with 0.
_GROUPED_ID = re.compile(
    r"(?<![\d.,])0\d\d(?:(?P<s>[ .\-])\d{3}(?P=s)\d{3}(?P=s)\d{3}|\d(?P<t>[ .\-])\d{4}(?P=t)\d{4})"
    r"(?![.,]?\d)"
)
_LONG_DIGITS = re.compile(r"(?<![\d.,])\d{9,}(?![.,]?\d)(?!\s*(?:đồng|đ\b|VNĐ|VND|USD))", re.I)
# A licence plate: the province's two digits, the series (a letter, maybe another letter or a
# digit) and four or five digits: "51F-123.45", "59-X1 234.56", "51LD-12345". Only with a dash
# or as "123.45": spaced alone ("12h 2024") it may be an hour and a year, and run together
# ("43J5500") a television's model, unless "xe" or "biển số" comes just before ("xe 51F12345").
_PLATE = re.compile(
    r"(?<![\w.\-/])[1-9]\d[ \-]?[A-Z][A-Z\d]?[ .\-]?(?P<number>\d{3}\.\d{2}|\d{4,5})(?!\w|[.,]\d)",
    re.I,
)
MASKED_PLATE = "[biển số xe]"


def _mask_plate(plate: re.Match) -> str:
    written = plate[0]
    if "-" in written or "." in plate["number"]:
        return MASKED_PLATE
    before = re.findall(r"\w+", fold(plate.string[max(0, plate.start() - 20) : plate.start()]))
    named = before[-1:] in (["xe"], ["bks"], ["bien"]) or before[-2:] == ["bien", "so"]
    return MASKED_PLATE if named else written


# A link written without its scheme to someone's page: facebook.com/nguyenvana, zalo.me/0912…
_BARE_LINK = re.compile(r"(?<![\w@./])(?:[\w-]+\.)+(?:com|vn|me|net|org)(?:\.vn)?/\S+", re.I)
MASKED_ID = "[mã số cá nhân]"


def _is_phone(digits: str) -> bool:
    """Vietnamese numbering: after the 0 (or +84), 9 digits for a mobile (03x, 05x, 07x-09x) or
    an old landline with a two- or three-digit code ((08) 3829 6052, (025) 3870 123), 10 for a
    landline since 2017 ((028) 3829 6052) or an old 01xx mobile. No number was 01 and 8 more."""
    if digits.startswith(("0084", "84")):  # the country code, then maybe "(0)"
        digits = digits.removeprefix("00")[2:]
    national = digits.removeprefix("0")
    return (len(national) == 9 and national[0] not in "01") or (
        len(national) == 10 and national[0] in "12"
    )


# The most digits a phone number is written with: 0084, "(0)" and a 10-digit landline.
_PHONE_DIGITS = 15


def _phone_end(candidate: re.Match) -> int | None:
    """Where the longest phone number the candidate starts with ends, if it starts one.

    Grouped as phone numbers are written ("0909 123 456", "090 912 3456", "0909 12 34 56",
    "+84 28 3829 6052"): every group of two digits or more, the first after a plain 0 of three
    or more, and all joined alike. A row of decimals ("0.10 0.11 0.12"), of small numbers
    ("05 06 07 08 09") or of dates ("01.12.2024 02.12.2024") adds up to as many digits as a
    phone number but is never written so."""
    code = candidate["code"]
    digits, joint, end = re.sub(r"\D", "", code), None, None
    groups = _GROUP.finditer(candidate.string, candidate.end("code"), candidate.end())
    for n, group in enumerate(groups):
        separator, number = group.groups()
        if len(number) < (3 if n == 0 and not code else 2):
            break
        if separator is not None:
            kind = separator.strip() or " "  # "0912 - 345 - 678" is joined by dashes
            if joint not in (None, kind):
                break
            joint = kind
        digits += number
        if len(digits) > _PHONE_DIGITS:
            break
        if _is_phone(digits):
            end = group.end()
    return end


def mask_phones(text: str) -> str:
    """Phone numbers replaced by "[số điện thoại]". Digits after one (a count, a second number)
    are looked at again, as are those after a first group that starts no number."""
    out, done, at = [], 0, 0
    while candidate := _PHONE.search(text, at):
        end = _phone_end(candidate)
        if end is None:
            at = _FIRST_GROUP.match(text, candidate.start()).end()
            continue
        out += [text[done : candidate.start()], "[số điện thoại]"]
        done = at = end
    return "".join(out) + text[done:]


def mask_identifiers(text: str) -> str:
    """Every contact detail and number that leads to a person, masked. Links go first (a
    profile's path may hold a number); a number named for a paper before any phone rule reads
    it; a bare long run of digits once the phone numbers among them are told apart."""
    text = _EMAIL.sub("[email]", text)
    text = URL.sub("[liên kết]", text)
    text = _BARE_LINK.sub("[liên kết]", text)
    text = _ID_NUMBER.sub(lambda m: m[1] + MASKED_ID, text)
    text = _GROUPED_ID.sub(MASKED_ID, text)
    text = _PLATE.sub(_mask_plate, text)
    text = mask_phones(text)
    text = _LONG_DIGITS.sub(MASKED_ID, text)
    return _HANDLE.sub("@[…]", text)

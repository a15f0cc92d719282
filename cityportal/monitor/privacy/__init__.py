"""Personal data kept out of the brief's quotes: e-mail addresses, links, identity papers and
accounts, licence plates, phone numbers, @handles, private people's names and house numbers."""

from cityportal.core.text import normalize

from .addresses import mask_house_numbers
from .full_names import mask_full_names
from .identifiers import mask_identifiers
from .names import mask_names


def scrub(text: str) -> str:
    """A quote fit for a brief: no e-mail address, identity paper or account number, licence
    plate, phone number, @handle, link, private person's name or house number. Identifiers
    first (see mask_identifiers); house numbers last, once a name's kinship word has been read
    with the number before it ("số 12 Bà Lê Chân" is a street).

    Names: a private person's name is masked where someone introduces themselves or a relative
    ("tôi là …", "tên em là …", "vợ tôi …") or where a kinship word or honorific announces it
    ("bà …", "cháu …"), the place named after it kept ("chị […] Quận 5"). Kept: places and
    organisations, even when named for a person ("đường Nguyễn Huệ", "đường Bà Huyện Thanh
    Quan", "Bà Chiểu Bình Thạnh"), people of history, and officials named with their title
    ("Chủ tịch UBND Thành phố Phan Văn Mãi", "ông …, Giám đốc Sở …") and named so again by
    their given name as the man or woman they are ("ông Mãi", not "bà Mãi" nor "chị Mãi"): what
    a public figure says or does in office is public, not personal data. One who introduces
    themself is masked whatever their office: in citizens' posts that is a private person
    speaking. A full name that nothing announces is masked by its shape ("Nguyễn Văn Tuấn ở tổ
    5", a friend tagged in a comment) unless it is a street's, a school's, an official's with
    their title or a public figure's with their calling (see full_names)."""
    return mask_house_numbers(mask_full_names(mask_names(mask_identifiers(normalize(text)))))

"""Personal data kept out of the brief's quotes: e-mail addresses, links, identity papers and
accounts, licence plates, phone numbers, @handles, private people's names and house numbers."""

import re

from cityportal.core.text import URL, fold, fold_chars, has_diacritics, normalize

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


# Private people's names. No NER model may be fetched, so a name is found by what announces it
# (a self-introduction, a kinship word or honorific) and by its shape (a common family name
# first, or every syllable a common name syllable); see _name_length and scrub.
MASKED_NAME = "[…]"


def _set(words: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words as written (lower case, with diacritics) and folded, for text typed without."""
    written = frozenset(words.split())
    return written, frozenset(fold(w) for w in written)


_FAMILY = _set(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn trịnh "
    "mai trương đinh lâm lương lưu hà cao tạ tôn thái kiều la quách châu tăng tô lại thạch "
    "vương phùng triệu nghiêm giang khúc mạc cù kim âu diệp hứa lạc lục mã tống thân chu chử "
    "hầu lã đàm đồng nông lò mẫn từ viên khổng doãn tiêu hàn sầm tất"
)
# Middle and given names common enough that two or more in a row after "chị", "anh"… read as
# a name ("chị Thu Hà"), and that a name typed in lower case runs on through.
_GIVEN = _set(
    "văn thị hữu đức đình công quốc ngọc thanh minh xuân kim hoàng bảo gia phương thu quang "
    "trọng mạnh tấn thế duy nhật hồng thúy thuý mỹ diệu bích thùy thuỳ khánh tuấn anh an bình "
    "chi cường dũng dung dương đạt giang hà hải hạnh hằng hiền hiếu hoa hòa hoà hùng huy huyền "
    "hương hưng khang khoa lan linh loan long mai my nam nga ngân nhung oanh phong phúc phượng "
    "quân quyên quỳnh sơn tâm thảo thắng thành thiện thịnh thơ trang trinh trung tú tùng tuyết "
    "uyên vân việt vinh vy yến hoài lộc lợi luân nghĩa nhân nhi như phát sang tài thái thuận "
    "tiến toàn trâm tuệ vũ hậu hân hiệp kiên lâm lực nguyên phú quý tín trí tường vĩnh vương "
    "châu diễm đào kiều lệ liên ly nguyệt nhàn phụng quế thắm thoa thủy thuỷ thụy thuỵ tiên "
    "trà trúc vi ánh bằng cảnh chiến chính danh điệp đông hào hiển khải khôi ninh phi quyết "
    "sỹ sĩ thiên thông thức toản triều trường tuyền vượng ân cúc đan giao hoàn khuê thư trân "
    "út khuyên lam luật mẫn phước quyền thiều tịnh trực tuyên vỹ huệ"
)
# What people in the South are called by, after "chú", "cô", "anh"…: the child's place among
# siblings ("chú Ba", "bác Tư", "dì Út"), alone or before a given name ("cô Sáu Mai").
_BIRTH_ORDER = _set("hai ba tư năm sáu bảy tám chín mười út")
# Family names that, typed without diacritics, are no other common word; and middle names.
_CLEAR_FAMILY = frozenset(
    "nguyen tran pham hoang huynh phan dang bui ngo trinh truong doan dao quach kieu nghiem "
    "phung trieu vuong thach diep".split()
)
_MIDDLE = frozenset(
    "van thi huu duc dinh cong quoc ngoc thanh minh xuan hoang quang trong manh tan the duy "
    "nhat hong thu kim bao gia phuong".split()
)
# Where the word after a kinship word begins a name in capitals and no more: the sentence
# went on ("bà Nguyễn Thị Hoa Phường 5…" typed in title case) or an abbreviation.
_STOP = _set(
    "quận phường đường phố hẻm ngõ ngách kiệt xã huyện tỉnh tp ubnd hđnd sở bộ chợ cầu khu ấp "
    "thôn tổ số chủ phó bí giám ủy ban ở tại và của nhà là"
)[0] | frozenset(
    "quan phuong pho hem huyen tp ubnd hdnd cho cau khu ap thon so xa o tai va".split()
)
# People of history everyone names with an honorific ("Bác Hồ Chí Minh", "bà Nguyễn Thị Minh
# Khai") and streets named for them ("Bà Lê Chân", "Bà Huyện Thanh Quan"): never masked.
# Folded, each the first words of what follows the honorific.
_PUBLIC = frozenset(
    "ho chi minh|nguyen ai quoc|ton duc thang|vo nguyen giap|pham van dong|le duan|truong chinh|"
    "vo van kiet|nguyen van linh|vo thi sau|nguyen thi minh khai|nguyen thi dinh|le chan|"
    "huyen thanh quan|trung trac|trung nhi|trieu thi trinh|nguyen van troi|le van tam|kim dong|"
    "ly tu trong|tran hung dao|le loi|nguyen trai|nguyen du|nguyen hue|quang trung".split("|")
)
# Places whose names are made of name syllables: "anh Bình Dương" is from there.
_PLACES = frozenset(
    "sai gon|ha noi|hai phong|da nang|can tho|binh duong|long an|an giang|kien giang|hai duong|"
    "thai binh|ninh binh|phu yen|khanh hoa|lam dong|vinh long|thanh hoa|hoa binh|tay ninh|"
    "binh dinh|binh phuoc|binh thuan|ninh thuan|quang ninh|bac ninh|dong nai|hau giang|"
    "tien giang|tra vinh|ha nam|nam dinh|ha tinh|gia lai|phu tho|tuyen quang|thai nguyen|"
    "vinh phuc|yen bai|quang nam|quang binh|quang tri|quang ngai|dong thap|ben tre|soc trang|"
    "bac lieu|ca mau|cao bang|lang son|ha giang|lao cai|son la|dien bien|lai chau|bac giang|"
    "hung yen|nghe an|kon tum|dak lak|dak nong|ba ria|vung tau|tan binh|phu nhuan|binh thanh|"
    "go vap|thu duc|binh tan|tan phu|binh chanh|hoc mon|cu chi|nha be|can gio|ben thanh|da kao|"
    "tan dinh|phu my hung|thu thiem|thao dien|an phu|an khanh|cat lai|tan thuan|tan phong|"
    "hiep binh|linh trung|long binh|phuoc long|truong tho|tam binh|hoa khanh|my an|son tra".split(
        "|"
    )
)


# Places in and near the city named with a kinship word and a name syllable ("Xã Bà Điểm",
# "Phường Cô Giang", "Phường Cầu Ông Lãnh" in the administrative units; "Bà Chiểu", "Bà Quẹo",
# "Ông Tạ", landmarks everyone knows; "Bac Ninh" typed without diacritics), folded with the
# kinship word. Written as places are, with a capital: "cô Giang dạy toán" is a teacher.
_KIN_PLACES = frozenset(
    "ba diem|ba chieu|ba queo|ba hom|ba lat|ba hat|ba lai|ba kieu|ba trieu|ba trung|ba ria|"
    "ba den|ba thien hau|ba dinh|ong lanh|ong ta|ong ich khiem|co giang|co bac|bac ninh|"
    "bac giang|bac lieu|bac kan|bac ai".split("|")
)
# After a kinship word, a nickname that is no one's: "cô Vy" is Covid-19.
_NOT_PEOPLE = frozenset({"co vy", "co vi"})


def _loose(phrase: str) -> str:
    """A phrase as a pattern that also matches it typed without diacritics."""
    return r"[ \t]+".join(
        "".join(c if fold(c) == c else f"[{c}{fold(c)}]" for c in word) for word in phrase.split()
    )


def _either(phrases: list[str], loose: bool = True) -> str:
    phrases = sorted(phrases, key=len, reverse=True)  # "tôi tên là" before "tôi tên"
    return "|".join(_loose(p) if loose else r"[ \t]+".join(p.split()) for p in phrases)


_SELF = ["tôi", "tui", "em", "mình", "tớ", "cháu", "con"]
_NAMING = [f"{who} tên là" for who in _SELF] + [f"{who} tên" for who in _SELF]
_NAMING += [f"tên {who} là" for who in _SELF] + ["tên của tôi là", "họ và tên", "họ tên"]
# Whose an account number is: "chủ tài khoản: Nguyễn Văn An", "tên TK NGUYEN VAN AN".
_NAMING += ["chủ tài khoản", "tên tài khoản", "chủ TK", "tên TK", "CTK"]
_INTRODUCING = [f"{who} là" for who in _SELF]
# "vợ tôi", "con trai của tôi": a relative, introduced as one introduces oneself.
_RELATIVES = (
    "con trai|con gái|con|vợ|chồng|mẹ|bố|ba|cha|má|anh trai|chị gái|em trai|em gái|cháu trai|"
    "cháu gái|cháu|ông nội|bà nội|ông ngoại|bà ngoại|ông|bà|anh|chị|em|hàng xóm"
).split("|")
_OWNERS = ["của tôi", "của em", "của mình", "tôi", "tui", "em", "mình", "tớ"]
# Kinship words and honorifics before a private person's name, also typed without diacritics.
_KIN = ["ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác"]
_KIN_EXACT = "cháu bé|em bé|cụ ông|cụ bà|cô giáo|thầy giáo|thầy|cụ|bé|dì|dượng|thím|mợ|cậu|bạn"
# Callings a citizen names someone by ("bác sĩ Trần Văn Bình khám tận tình", "tài xế Lê Văn
# Tám"): a doctor or driver named in a post is a private person, not an official in office.
# Unlike a kinship word, one alone does not announce a given name: "giáo viên Văn" teaches it.
_CALLINGS = ["bác sĩ", "bác sỹ", "y tá", "điều dưỡng", "dược sĩ", "luật sư", "giáo viên"]
_CALLINGS += ["tài xế", "kỹ sư", "kĩ sư", "bảo vệ", "nhân viên"]
_TRIGGER = re.compile(
    rf"(?<!\w)(?:(?P<naming>{_either(_NAMING)})|(?P<introducing>{_either(_INTRODUCING)})"
    rf"|(?P<relative>(?:{_either(_RELATIVES)})[ \t]+(?:{_either(_OWNERS)}))"
    rf"|(?P<calling>{_either(_CALLINGS)})"  # before "bác": "bác sĩ" is a calling
    rf"|(?P<kin>{_either(_KIN_EXACT.split('|'), loose=False)}|{_either(_KIN)}))(?!\w)"
    # A reader's signature, as question columns print it: "…không? – Nguyễn Tuấn Khang (…)".
    r"|(?P<signed>(?:^|(?<=[.?!…]))[ \t]*[–—-](?=[ \t]))",
    re.I | re.M,
)
_AFTER = {
    "naming": re.compile(r"[ \t]*[:\-–]?[ \t]*"),
    "introducing": re.compile(r"[ \t]+"),
    "relative": re.compile(
        rf"[ \t]*,?[ \t]*(?:{_loose('là')}[ \t]+)?"
        rf"(?:(?P<named>{_loose('tên')})(?:[ \t]+{_loose('là')})?[ \t]*:?[ \t]*)?",
        re.I,
    ),
    "kin": re.compile(r"[ \t]+"),
    "calling": re.compile(r"[ \t]+"),
    "signed": re.compile(r"[ \t]+"),
}
_WORD = re.compile(r"[^\W\d_]+")
_RUN = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,4}")
_CLOSED = re.compile(r"[ \t]*(?:[,.;:!?)…\n]|$)")
_SIGNATURE_END = re.compile(r"[ \t]*(?:[(,.;\n]|$)")
# Before a kinship word, a place or business named for someone: "đường Bà Huyện Thanh Quan",
# "phường Cô Giang", "chợ Bà Chiểu", "cầu Ông Lãnh", "12 Bà Lê Chân", "quán Cô Ba".
_PLACE_WORDS = (
    "đường|phố|phường|quận|huyện|xã|tỉnh|thị xã|thị trấn|thành phố|tp|chợ|cầu|hẻm|ngõ|ngách|"
    "kiệt|kênh|rạch|sông|hồ|công viên|trường|bệnh viện|khu|ấp|thôn|tiếng|nước|vương quốc|"
    "công ty|cty|quán|tiệm|nhà hàng|khách sạn|chùa|đền|miếu|lăng|bến|ga|vòng xoay|ngã tư|"
    "ngã ba|ngã sáu|chung cư|tòa nhà|duong|phuong|quan|huyen|hem|kenh"
).split("|")
_PLACE_BEFORE = re.compile(
    rf"(?:^|[^\w])(?:{_either(_PLACE_WORDS, loose=False)}|\d[\w/.\-]*)[ \t]*$", re.I
)
# An official in a public role, named in it: "Chủ tịch UBND Quận 3, bà …", "ông …, Giám đốc Sở
# Giao thông Vận tải". Matched in folded text.
_TITLES = (
    r"chu tich|bi thu|giam doc|truong phong|truong ban|truong doan|truong cong an|chanh van phong|"
    r"chanh thanh tra|chanh an|vien truong|hieu truong|dai bieu|dbqh|bo truong|thu truong|"
    r"thu tuong|chu nhiem|nguoi phat ngon|phat ngon vien|dai tuong|thuong tuong|trung tuong|"
    r"thieu tuong|dai ta|thuong ta|trung ta|thieu ta|uy vien|tong thu ky|tong bien tap"
)
_TITLE = re.compile(rf"\b(?:{_TITLES})\b")
# What may stand between a title and the name: the office's own words ("Phó Chủ tịch UBND
# Quận 3, bà …", "Giám đốc Sở Giao thông vận tải ông …"), not a clause ("Chủ tịch phường nhưng
# bà …" is someone else). Capitalised words and numbers pass; these are the lower-case ones.
_OFFICE_WORDS = frozenset(
    "phuong quan xa huyen tinh thanh pho tp thi tran uy ban nhan dan so phong cong an va giao "
    "thong van tai xay dung nguyen moi truong y te duc dao tao tu phap noi vu ke hoach dau "
    "chinh lao dong thuong binh hoi hoa the du lich khoa hoc nghe tin truyen quoc dang bo mat "
    "to doan nghiep quy dat dai ha tang do thi kinh cap nuoc dien luc benh vien khoa".split()
)
_TITLE_AFTER = re.compile(rf"[ \t]*[,(\-–—:]?[ \t]*(?:nguyen[ \t]+)?(?:pho[ \t]+)?(?:{_TITLES})\b")


def _is(word: str, names: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether the word is one of the names: as written, or folded when typed without any
    diacritic ("nguyen" is Nguyễn; "họ" is no Hồ)."""
    word = word.lower()
    return word in names[0] or (word.isascii() and word in names[1])


def _known(words: list[str], known: frozenset[str]) -> bool:
    folded = [fold(w) for w in words]
    return any(" ".join(folded[:n]) in known for n in range(1, len(folded) + 1))


def _name_length(words: list[str], mode: str, closed: bool, addressed: bool = True) -> int:
    """How many of the words after a trigger are a private person's name (0: none).

    In capitals: up to four syllables, not a place word or abbreviation; after "tên" any of
    them, after "tôi là" or a kinship word two or more that start with a family name or are
    all common name syllables ("tôi là Người dân Quận 1" is no name), after "tôi là" one
    common given name that ends the clause ("Tôi là Hoa, …"), and after a kinship word a given
    name or what the South calls by birth order alone ("chị Lan", "chú Ba", "cô Sáu Mai"): the
    capital tells it from the ordinary words that follow one ("anh em", "chị ấy", "bà con").
    In lower case (typed on a phone): a family name and common name syllables after it ("toi
    la nguyen van an"; a family name that is also another word, "le", "ho", "to", only with a
    middle name after it), after a kinship word only with "văn" or "thị" second; after "tên" a
    given name alone will do."""
    if words[0][0].isupper():
        name = []
        for word in words[:4]:
            acronym = word.isupper() and len(word) > 1 and word.isascii()
            if not word[0].isupper() or word.lower() in _STOP:
                break
            if acronym and not (_is(word, _FAMILY) or _is(word, _GIVEN)):
                break
            name.append(word)
        if not name or _known(name, _PUBLIC):
            return 0
        if mode == "naming":
            return len(name)
        if mode == "signed":  # a full name, family name first, and nothing else
            return len(name) if len(name) >= 2 and _is(name[0], _FAMILY) else 0
        if _known(name, _PLACES):
            return 0
        shaped = _is(name[0], _FAMILY) or all(_is(w, _GIVEN) for w in name)
        if len(name) >= 2 and shaped:
            return len(name)
        if mode == "kin":  # in title case, not capitals: "BA GIA NAY" is "bà già nay"
            called = all(w[1:].islower() and (_is(w, _GIVEN) or _is(w, _BIRTH_ORDER)) for w in name)
            return len(name) if called and addressed else 0
        alone = mode == "introducing" and closed and len(name) == 1
        return 1 if alone and _is(name[0], _GIVEN) else 0
    if mode == "signed":  # signatures are written in capitals
        return 0
    first_ok = _is(words[0], _FAMILY) or (mode == "naming" and _is(words[0], _GIVEN))
    if not first_ok:
        return 0
    n = 1
    while n < min(4, len(words)) and words[n].islower() and _is(words[n], _GIVEN):
        n += 1
    if _known(words[:n], _PUBLIC) or (mode != "naming" and _known(words[:n], _PLACES)):
        return 0
    if mode == "naming":
        return n
    # Typed without diacritics "ho", "to", "le" are also "họ", "tổ", "lễ": "toi la to dan pho".
    clear = not words[0].isascii() or fold(words[0]) in _CLEAR_FAMILY
    middle = n >= 3 and fold(words[1]) in _MIDDLE
    honorific = mode in ("kin", "calling")
    if honorific and fold(words[1] if n > 1 else "") not in ("van", "thi"):
        return 0
    return n if (middle or (clear and n >= 2 and not honorific)) else 0


def _public_or_place(text: str, start: int, end: int) -> bool:
    """A kinship word that is part of a place's or business's name, or an official named in
    their public role (a title just before, or just after the name)."""
    if _PLACE_BEFORE.search(text[max(0, start - 25) : start]):
        return True
    if text[start].isupper() and _known(fold(text[start:end]).split(), _KIN_PLACES):
        return True
    if _TITLE_AFTER.match(fold(text[end : end + 40])):
        return True
    before = text[max(0, start - 100) : start]
    titles = list(_TITLE.finditer(fold_chars(before)))
    if not titles:
        return False
    between = before[titles[-1].end() :].rstrip(" \t,(-–").split()
    return len(between) <= 8 and all(
        w[0].isupper() or w[0].isdigit() or fold(w) in _OFFICE_WORDS for w in between
    )


_UNACCENTED_KIN = frozenset(fold(k) for k in _KIN) - frozenset(_KIN)  # "ong", "chi", "co"…


def _addressing(text: str, kin: re.Match, given: str, done: int) -> tuple[bool, int | None]:
    """Whether a kinship word announces a given name alone after it, and where a full name it
    stands inside begins (its family name), if it does.

    Not when it is a name's middle syllable after another ("Việt Nam Anh Hùng"), nor typed
    without its diacritics before a name typed with them ("phải chi Nhật" is "if only Japan",
    "chi" no "chị"), nor before a nickname that is no one's ("cô Vy")."""
    if fold(f"{kin[0]} {given}") in _NOT_PEOPLE:
        return False, None
    if kin[0].lower() in _UNACCENTED_KIN and not given.isascii():
        return False, None
    if not kin[0][0].isupper():
        return True, None
    names, at = [], kin.start()  # the capitalised words just before it, nearest first
    for word in reversed(list(_WORD.finditer(text, max(done, at - 60), at))):
        title = word[0][0].isupper() and word[0][1:].islower()
        if not title or word.end() == at or text[word.end() : at].strip(" \t"):
            break
        names.append(word)
        at = word.start()
    families = [w for w in names if _is(w[0], _FAMILY)]
    if families:  # "Đoàn Anh Thư", "Nguyễn Hoàng Anh Tú": all of it a name
        return True, families[-1].start()
    return not (names and (_is(names[0][0], _GIVEN) or _is(names[0][0], _BIRTH_ORDER))), None


def mask_names(text: str) -> str:
    """Private people's names replaced by "[…]", the words that announced them kept ("bà […]"),
    so the quote still reads."""
    out, done = [], 0
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < done:  # inside a name just masked ("Nguyễn Tuấn Anh")
            continue
        mode = trigger.lastgroup
        after = _AFTER[mode].match(text, trigger.end())
        if not after:  # the word ends the text or its line ("cảm ơn anh.")
            continue
        if mode == "relative":
            mode = "naming" if after["named"] else "introducing"
        run = _RUN.match(text, after.end())
        if not run:
            continue
        words = run[0].split()
        addressed, begin = True, None
        if mode == "kin":
            addressed, begin = _addressing(text, trigger, words[0], done)
        closed = len(words) == 1 and bool(_CLOSED.match(text, run.end()))
        n = _name_length(words, mode, closed, addressed)
        if not n:
            continue
        end = run.start() + [w.end() for w in _WORD.finditer(run[0])][n - 1]
        if mode == "signed" and not _SIGNATURE_END.match(text, end):
            continue  # "– Nguyễn Văn Linh nói…": a sentence, not a signature
        start = trigger.start() if begin is None else begin
        if mode in ("kin", "calling", "signed") and _public_or_place(text, start, end):
            continue
        out += [text[done : run.start() if begin is None else begin], MASKED_NAME]
        done = end
    return "".join(out) + text[done:]


# A house's number before its street: "số 12 đường Lê Lợi", "12/3 Nguyễn Trãi", "nhà số 45".
# Where a problem is matters to the brief, so the street stays; the number that finds one home
# goes. Not a number that names an alley, a ward, a road, a room, a bus, a day or a count ("hẻm
# 12", "Phường 5", "đường số 9", "ngày 12/3", "có 45 Hộ"): the word before it tells.
_HOUSE = re.compile(
    rf"(?<![\w.,/<\-])(?:(?P<named>{_either(['số nhà', 'nhà số'])})[ \t]*:?[ \t]*)?"
    r"(?P<number>\d{1,4}[A-Z]?(?:/\d{1,4}[A-Z]?){0,3})(?![\w/]|[.,]\d)",
    re.I,
)
_STREET_AFTER = re.compile(
    rf",?[ \t]+(?:(?P<street>{_either(['đường', 'phố', 'hẻm', 'ngõ', 'ngách', 'kiệt'])})[ \t]+"
    r"(?P<named>[^\W_]+)"
    r"|(?P<first>[^\W\d_]+)[ \t]+(?P<second>[^\W\d_]+))",
    re.I,
)
_NOT_HOUSE_BEFORE = frozenset(
    "hem ngo ngach kiet duong pho quan q phuong p to khu kp ap lo lau tang phong can lop tuyen "
    "xe buyt bus quoc tinh huong ngay hom sang trua chieu toi dem tu den dip luc nam "
    "thang tuan gio khoang co gan hon tren duoi hang thu top chuong dieu khoan muc".split()
)


def _street_word(word: str) -> bool:
    """A word a street's name may start with: in title case ("HOUR" is shouting) and
    Vietnamese, with diacritics or a name syllable ("Le Loi"; "Android" is a brand)."""
    return (
        word[0].isupper()
        and word[1:].islower()
        and (has_diacritics(word) or any(_is(word, s) for s in (_FAMILY, _GIVEN, _BIRTH_ORDER)))
    )


def _house_number(text: str, found: re.Match) -> bool:
    """Whether the number found is a house's: named so, or before a street and not after a
    word that makes it something else's ("số" too, after one: "đường số 9"), nor a year."""
    if found["named"]:
        return True
    street = _STREET_AFTER.match(text, found.end())
    if not street:
        return False
    named = street["named"]
    if street["street"] and not (named[0].isupper() or named[0].isdigit() or fold(named) == "so"):
        return False  # "1 đường trầy dài": a scratch, not a street
    if not street["street"]:
        first, second = street["first"], street["second"]
        if not (_street_word(first) and _street_word(second)) or first.lower() in _STOP:
            return False
        if _known([first, second], _PLACES):  # "3 Đà Nẵng"
            return False
    number = found["number"]
    if "/" in number and len(number.rsplit("/", 1)[-1]) == 4:  # 12/3/2024
        return False
    if len(number) == 4 and number.startswith(("19", "20")):  # "năm 2022 Việt Nam"
        return False
    before = re.findall(r"\w+", fold(text[max(0, found.start() - 25) : found.start()]))
    if before[-1:] == ["so"]:
        before.pop()
    return not (before and before[-1] in _NOT_HOUSE_BEFORE)


def mask_house_numbers(text: str) -> str:
    """House numbers replaced by "[số nhà]", the words around them kept."""

    def masked(found: re.Match) -> str:
        if not _house_number(text, found):
            return found[0]
        return found[0][: found.start("number") - found.start()] + "[số nhà]"

    return _HOUSE.sub(masked, text)


def scrub(text: str) -> str:
    """A quote fit for a brief: no e-mail address, identity paper or account number, licence
    plate, phone number, @handle, link, private person's name or house number. Links go first
    (a profile's path may hold a number); a number named for a paper before any phone rule
    reads it; a bare long run of digits once the phone numbers among them are told apart;
    house numbers last, once a name's kinship word has been read with the number before it
    ("số 12 Bà Lê Chân" is a street).

    Names: a private person's name is masked where someone introduces themselves or a relative
    ("tôi là …", "tên em là …", "vợ tôi …") or where a kinship word or honorific announces it
    ("bà …", "cháu …"). Kept: places and organisations, even when named for a person ("đường
    Nguyễn Huệ", "đường Bà Huyện Thanh Quan"), people of history, and officials named with
    their title ("Chủ tịch UBND Thành phố Phan Văn Mãi", "ông …, Giám đốc Sở …"): what a public
    figure says or does in office is public, not personal data. One who introduces themself is
    masked whatever their office: in citizens' posts that is a private person speaking."""
    text = _EMAIL.sub("[email]", normalize(text))
    text = URL.sub("[liên kết]", text)
    text = _BARE_LINK.sub("[liên kết]", text)
    text = _ID_NUMBER.sub(lambda m: m[1] + MASKED_ID, text)
    text = _GROUPED_ID.sub(MASKED_ID, text)
    text = _PLATE.sub(_mask_plate, text)
    text = mask_phones(text)
    text = _LONG_DIGITS.sub(MASKED_ID, text)
    return mask_house_numbers(mask_names(_HANDLE.sub("@[…]", text)))

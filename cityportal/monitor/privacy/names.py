"""Private people's names in citizens' posts, found without a fetched NER model."""

import re

from cityportal.core.text import canonical_tone, fold, fold_chars, has_diacritics

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
# A given name typed in lower case after a kinship word, as on a phone ("chị lan nói", "em hoa
# bị ngã"): most name syllables are also ordinary words there ("anh văn", "chú trọng", "cô bảo",
# "em như", "anh sang", "chị tâm sự"), so only those that are seldom one, and not where the
# next syllable makes them one ("chị hoa mắt", "chị trang điểm", "em thảo luận").
_WORDLIKE = frozenset(
    "văn thị hữu đức đình công quốc thanh gia phương thu trọng mạnh tấn thế duy nhật mỹ anh an "
    "bình chi đạt hiền hoàng bảo lợi nghĩa nhân như phát sang tài tiến toàn hậu lực nguyên quý "
    "tiên đông cảnh chiến chính sỹ sĩ thức bằng giao hoàn khuyên quyền trực út lam hoài nhàn vi "
    "thắng thành tâm mai thu thông quyết hằng lộc tín nam giang việt đào hòa hoà quân luật "
    "phi thiện quyên danh đan lâm vân".split()
)
_LOWER_GIVEN = _GIVEN[0] - _WORDLIKE
# Those that are also a common word are a name only where the words around say so (see
# _called_by_name); not these, a word there whatever follows: "anh văn" (English), "cô bảo:"
# (said), "em như thế", "bác sĩ", "em út" (the youngest), "chị thị" and "anh anh" (no one's).
_WORDLIKE_NAMES = _WORDLIKE - frozenset("văn thị anh chi như thế sĩ sỹ út bảo khuyên".split())
# What follows a name and seldom such a word: a call ("chị mai ơi") or a report of what they
# said ("anh nam nói", "cô thu bảo", "anh thành cho biết", "chị vân tâm sự").
_NAME_SIGNS = frozenset(
    "ơi nói bảo kể hỏi kêu than dặn nhắn".split()
    + "cho biết|cho hay|cho rằng|chia sẻ|tâm sự|khẳng định|nhấn mạnh|thừa nhận|trả lời".split("|")
)
# And, after one that is no verb, adjective or adverb (as "thắng", "hiền", "mai" are: "anh
# thắng ở vòng 2", "em mai ở nhà", "cô hiền, quan tâm", "trọng trách anh giao."): where they
# are, whom they are with, what they did ("anh nam ở quận 3", "ông nghĩa đã …") and, but for
# what one says of oneself ("em nam, 20 tuổi"), the clause's end ("chị phương, tổ trưởng").
_SUBJECT_SIGNS = frozenset("ở và với đã đang bị cũng vẫn thì mới còn chưa vừa".split())
_ADVERBS = frozenset(["toàn"])  # "bà cô toàn chia sẻ": only a call
_PREDICATES = frozenset(
    "mai đạt thắng thành tiến quyết thông hoàn phát sang thu giao chiến tấn lợi hoài toàn trọng "
    "bằng nguyên an bình hiền mạnh quý nhàn hòa hoà tài thức đào chính duy phi trực tâm".split()
)
_ORDINARY_AFTER = frozenset(
    "hoa mắt|hoa hậu|hoa khôi|hoa quả|hoa tay|hoa văn|hoa hồng|hoa lá|hoa tai|hoa giấy|"
    "hoa kỳ|hoa mỹ|hoa lan|hoa cúc|hoa sen|hoa đào|hoa mai|lan man|lan truyền|lan rộng|"
    "lan tỏa|lan toả|lan ra|lan tràn|hùng hổ|hùng hồn|hùng mạnh|hùng vĩ|hùng biện|hùng tráng|"
    "hùng cường|dũng cảm|dũng sĩ|dũng mãnh|dũng khí|cường điệu|cường quốc|cường độ|"
    "cường tráng|hương vị|hương thơm|hương liệu|hương sắc|hương hoa|huyền thoại|huyền bí|"
    "huyền ảo|huyền diệu|linh tinh|linh hoạt|linh thiêng|linh kiện|linh hồn|linh động|"
    "linh cảm|linh vật|linh đình|loan báo|loan tin|nhung nhớ|nhung lụa|oanh tạc|oanh liệt|"
    "phượng hoàng|phượng vĩ|quyên góp|quyên tiền|thảo luận|thảo mai|thảo mộc|thảo dược|"
    "thảo nguyên|trang điểm|trang phục|trang trí|trang bị|trang trại|trang web|trang chủ|"
    "trang trọng|trang sức|trang nghiêm|trang nhã|trang cá|trinh sát|trinh thám|trinh tiết|"
    "trinh nữ|uyên bác|uyên ương|vân vân|vân tay|yến sào|yến tiệc|yến mạch|hạnh phúc|"
    "hạnh kiểm|hải sản|hải quan|hải ngoại|hải cẩu|hải đảo|hải quân|hà khắc|hà tiện|hà cớ|"
    "hà lan|hà nội|hà tĩnh|hà giang|hà nam|huy chương|huy động|huy hiệu|huy hoàng|"
    "khang trang|khoa học|khoa trương|khoa bảng|ngân hàng|ngân sách|ngân nga|ngân lượng|"
    "phong cách|phong trào|phong thủy|phong thuỷ|phong tục|phong độ|phong bì|phong phú|"
    "phong tỏa|phong toả|phong kiến|phong lưu|phúc lợi|phúc hậu|phúc đức|phúc âm|sơn nhà|"
    "sơn tường|sơn móng|sơn cửa|sơn lại|sơn màu|thiện chí|thiện cảm|thiện nguyện|thiện xạ|"
    "thịnh vượng|thịnh hành|thịnh soạn|thơ ấu|thơ ngây|thơ văn|hân hạnh|hân hoan|diễm lệ|"
    "diễm phúc|phụng sự|phụng dưỡng|thắm thiết|thủy sản|thủy lợi|thủy điện|thủy tinh|"
    "thủy thủ|thủy chung|thuỷ chung|điệp viên|điệp khúc|điệp vụ|khải hoàn|khôi phục|khôi hài|"
    "khôi ngô|long lanh|long trọng|long mạch|dung dịch|dung tích|dung nhan|dung túng|"
    "dung hòa|dung hoà|dung lượng|hiếu thảo|hiếu học|hiếu động|hiếu kỳ|hiếu kì|hiếu chiến|"
    "hiếu thắng|hiếu khách|hiếu sự|kiều bào|kiều hối|kiều nữ|minh bạch|minh chứng|minh họa|"
    "minh hoạ|minh oan|minh mẫn|minh tinh|minh quân|minh triết|ngọc trai|ngọc ngà|xuân thì|"
    "trung thực|trung thành|trung bình|trung tâm|trung quốc|trung học|trung niên|trung úy|"
    "trung uý|trung tá|trung tướng|trung lập|trung gian|trung hậu|trung kiên|quang cảnh|"
    "quang minh|quang học|quang tuyến|quang đãng|quang vinh|kim loại|kim cương|kim chỉ|"
    "kim tiêm|kim ngạch|châu á|châu âu|châu phi|châu mỹ|châu báu|châu chấu|châu thổ|"
    "vũ khí|vũ trụ|vũ công|vũ phu|vũ lực|vũ đạo|vũ trường|vũ nữ|lâm vào|lâm nghiệp|"
    "lâm sàng|lâm bệnh|lâm nguy|lâm thời|trí thức|trí tuệ|trí nhớ|trí óc|trí khôn|trí lực|"
    "trí tưởng|hào phóng|hào hoa|hào hứng|hào quang|hào nhoáng|hào hùng|hào kiệt|"
    "hiển nhiên|hiển thị|hiển linh|tường thuật|tường tận|triều đình|triều tiên|hiệp sĩ|"
    "hiệp hội|hiệp định|hiệp nghĩa|luân phiên|luân lý|phú quý|phú hộ|phú ông|vĩnh viễn|"
    "vĩnh biệt|vĩnh cửu|vương quốc|vương miện|vương vấn|vương giả|lệ thuộc|lệ phí|"
    "liên quan|liên hệ|liên lạc|liên tục|liên kết|liên tưởng|liên hoan|liên minh|liên doanh|"
    "liên thông|liên đoàn|liên tiếp|liên can|ly hôn|ly dị|ly thân|ly kỳ|ly kì|ly tán|"
    "thoa kem|thoa son|trà sữa|trà đá|trà xanh|trà chanh|trà đào|ánh sáng|ánh mắt|ánh nắng|"
    "ánh trăng|danh dự|danh tiếng|danh sách|danh hài|danh thủ|danh nhân|danh giá|phi công|"
    "phi lý|phi thường|phi hành|phi tang|thiên tài|thiên thần|thiên nhiên|thiên hạ|"
    "thiên vị|thiên đường|thiên tai|thiên sứ|ân hận|ân cần|ân nhân|ân tình|đan len|đan xen|"
    "đan mạch|thư ký|thư kí|thư viện|thư giãn|thư sinh|trân trọng|trân quý|mẫn cảm|mẫn cán|"
    "tịnh tiến|tịnh độ|tuyên truyền|tuyên bố|tuyên dương|tuyên án|diệu kỳ|diệu kì|bích họa|"
    "bích hoạ|thùy mị|thuỳ mị|khánh thành|khánh kiệt|hồng hào|hồng hài|hồng ngoại|hồng quân|"
    "hồng nhan|hồng kông|hồng phúc|hồng tâm|kiên nhẫn|kiên quyết|kiên trì|kiên định|"
    "kiên cường|kiên cố|hòa đồng|hòa nhã|hòa giải|hòa bình|hòa nhập|hòa thuận|hòa hợp|"
    "hòa tan|hòa hoãn|hoà đồng|hoà nhã|hoà giải|hoà bình|hoà nhập|hoà thuận|hoà hợp|"
    "thái độ|thái lan|thái bình|thái quá|thái cực|thái tử|thái giám|thuận tiện|thuận lợi|"
    "thuận tay|thuận theo|thuận mua|ngân hà|quân đội|quân nhân|quân sự|quân tử|quân y|"
    "long trời|vinh dự|vinh quang|vinh danh|vinh hạnh|vinh hiển|trường hợp|trường học|"
    "trường kỳ|trường kì|trường sinh|trường thọ|trường tồn|trường đại|my love|huệ ân|"
    "nhi khoa|nhi đồng|toản mật|tú tài|tùng xẻo|lộc lá|phước đức|cúc áo|trang trải|hà hơi|"
    "hải tặc|trung tuổi|trung lão|trung ích|sơn nữ|quang hợp|hồng lên|thiên nga|phong trần|"
    "phước lành|tuấn tú".split("|")
)
_SECOND = frozenset("giang hoàng mai thu nam hằng".split())
# A kinship word and a name syllable that are one word together: "anh hùng", "anh đào" (the
# flower), "anh thư" (a heroine), "chị hằng" (the lady in the moon), "cô nhi" (an orphan).
_KIN_WORDS = frozenset(
    "anh hùng|anh dũng|anh đào|anh thư|anh linh|anh hào|chị hằng|cô nhi|bà phước|ông phước|"
    "em thơ|bà nguyệt|anh việt|anh quốc|bà hoàng|cô tiên|bà tiên|ông tiên|cháu tiên|ông công|"
    "ông thiện|cô vân".split("|")
)
# Before a kinship word, what makes it many people ("các anh công an", "mấy bác tài") or a word
# of its own ("đàn ông trung tuổi", "con cháu", "thầy cô"), and the family names that make it a
# lower-case name's middle syllable ("hà anh tuấn").
_MANY = frozenset("các mấy những mọi vài nhiều bao hai đàn thầy".split())
_LOWER_FAMILY = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương đinh trương lương lưu "
    "hà trịnh quách vương phùng triệu nghiêm diệp nguyen tran pham hoang huynh dang bui ngo "
    "trinh truong".split()
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
# Places whose names are made of name syllables: "anh Bình Dương" is from there. Spelt, so that
# a place matches only as it is written when the text has diacritics: "chị hà nói" (said) is
# Hà, not Hà Nội, though both fold to "ha noi".
_PLACES_SPELT = (
    "sài gòn|hà nội|hải phòng|đà nẵng|cần thơ|bình dương|long an|an giang|kiên giang|hải dương|"
    "thái bình|ninh bình|phú yên|khánh hòa|lâm đồng|vĩnh long|thanh hóa|hòa bình|tây ninh|"
    "bình định|bình phước|bình thuận|ninh thuận|quảng ninh|bắc ninh|đồng nai|hậu giang|"
    "tiền giang|trà vinh|hà nam|nam định|hà tĩnh|gia lai|phú thọ|tuyên quang|thái nguyên|"
    "vĩnh phúc|yên bái|quảng nam|quảng bình|quảng trị|quảng ngãi|đồng tháp|bến tre|sóc trăng|"
    "bạc liêu|cà mau|cao bằng|lạng sơn|hà giang|lào cai|sơn la|điện biên|lai châu|bắc giang|"
    "hưng yên|nghệ an|kon tum|đắk lắk|đắk nông|bà rịa|vũng tàu|tân bình|phú nhuận|bình thạnh|"
    "gò vấp|thủ đức|bình tân|tân phú|bình chánh|hóc môn|củ chi|nhà bè|cần giờ|bến thành|đa kao|"
    "tân định|phú mỹ hưng|thủ thiêm|thảo điền|an phú|an khánh|cát lái|tân thuận|tân phong|"
    "hiệp bình|linh trung|long bình|phước long|trường thọ|tam bình|hòa khánh|mỹ an|sơn trà"
).split("|")
# Folded name → its syllables as spelt ("dak lak" → ["đắk", "lắk"]), in one tone placement.
_PLACE_SYLLABLES = {
    fold(place): [canonical_tone(w) for w in place.split()] for place in _PLACES_SPELT
}


# Places in and near the city named with a kinship word and a name syllable ("Xã Bà Điểm",
# "Phường Cô Giang", "Phường Cầu Ông Lãnh" in the administrative units; "Bà Chiểu", "Bà Quẹo",
# "Ông Tạ", landmarks everyone knows; "Bac Ninh" typed without diacritics), folded with the
# kinship word. Written as places are, with a capital: "cô Giang dạy toán" is a teacher.
_KIN_PLACES = frozenset(
    "ba diem|ba chieu|ba queo|ba hom|ba lat|ba hat|ba lai|ba kieu|ba trieu|ba trung|ba ria|"
    "ba den|ba thien hau|ba dinh|ong lanh|ong ta|ong ich khiem|co giang|co bac|bac ninh|"
    "bac giang|bac lieu|bac kan|bac ai".split("|")
)
# After a kinship word, in capitals, what is no one's given name: figures of legend and faith
# ("ông Trời", "ông Táo", "chú Cuội"), peoples ("anh Tây", "ông Tàu"), a family's ranks ("bà
# Nội"), and words that writers who capitalise every word give one ("anh Ơi", "chị Hôm nay").
_NOT_CALLED = _set(
    "trời táo địa bụt phật chúa thần tiên cuội tấm cám già đầm tây tàu hàn nhật tổ sếp chủ "
    "trùm nội ngoại xã dâu rể lính ơi ấy ạ nhé nè này đó đây kia hôm nói không cho là đã sẽ "
    "đi đến về với của và hay thì mà còn cũng rất quá hả à ừ dạ vâng được bị cô chú bác thím "
    "mợ dì dượng cậu ông bà anh chị em cháu con mẹ bố cha má đang thêm vừa mới lại cứ chỉ luôn "
    "cục trưởng phó tổng hội ban phòng tiền hậu cựu thời lào tập"  # "ông Tập" is Xi Jinping
)[0]
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


def _place(words: list[str]) -> bool:
    """Whether `words` begin with a place of _PLACES_SPELT, each syllable typed with diacritics
    spelt as the place's (one typed without matches by its letters alone)."""
    folded = [fold(w) for w in words]
    for n in range(1, len(words) + 1):
        spelt = _PLACE_SYLLABLES.get(" ".join(folded[:n]))
        if spelt and all(
            not has_diacritics(typed) or canonical_tone(typed.lower()) == syllable
            for typed, syllable in zip(words[:n], spelt, strict=True)
        ):
            return True
    return False


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
        if _place(name):
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
    if _known(words[:n], _PUBLIC) or (mode != "naming" and _place(words[:n])):
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
    return _in_office(text, start, end)


def _in_office(text: str, start: int, end: int) -> bool:
    """Whether the name between start and end is an official's, named with their title just
    before it or just after."""
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


_CAPITALISED_RUN = re.compile(r"(?:[^\W\d_]+[ \t]+){1,3}$")


def _official_named_before(
    text: str, kin: str, given: str, before: int, read: dict[str, int | None]
) -> bool:
    """Whether "ông" or "bà" and a capitalised given name alone are an official named in full
    with their title earlier in the text ("Bí thư Thành ủy Đinh La Thăng … ông Thăng nói"), as
    news name one after the first time. A private person of the same given name in the same
    text would be kept too: seldom, and news name private people so as seldom.

    `read` holds, for each given name, how far the text was read for it (None: an official's):
    each part of the text is read once however often the name comes back."""
    if kin.lower() not in ("ông", "bà") or not (given[0].isupper() and given[1:].islower()):
        return False
    if given in read and read[given] is None:
        return True
    since, read[given] = read.get(given, 0), before
    for seen in re.compile(rf"(?<!\w){re.escape(given)}(?!\w)").finditer(text, since, before):
        words = _CAPITALISED_RUN.search(text, max(0, seen.start() - 40), seen.start())
        if not words:
            continue
        found = list(_WORD.finditer(text, words.start(), seen.start()))
        start = None  # the full name's family name, or the "ông", "bà" before it
        while found and not (found[0][0][0].isupper() and _is(found[0][0], _FAMILY)):
            kin = found.pop(0)  # "Thành ủy Đinh La Thăng", "bà Nguyễn Thị Hoa"
            start = kin.start() if kin[0].lower() in ("ông", "bà") else None
        if found and all(w[0][0].isupper() for w in found):
            start = found[0].start() if start is None else start
            if _in_office(text, start, seen.end()):
                read[given] = None
                return True
    return False


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


def _many(before: str, kin: str) -> bool:
    """Whether the word before a kinship word makes it many people or a word of its own."""
    return before.lower() in _MANY or f"{before} {kin}".lower() == "con cháu"


def _given_in_lower_case(text: str, kin: re.Match, words: list[str]) -> int:
    """How many of the lower-case words after a kinship word are a given name ("chị lan", "cô
    minh hiếu"): a name syllable seldom an ordinary word there, nor one with the next word,
    after a kinship word typed with its diacritics ("chi", "co", "ong" are also other words)
    that stands for one person ("mấy anh", "các chị") and is no name's middle ("bùi anh
    tuấn"). Typed without diacritics ("lan", "hoa") only in text typed with them: "anh tuan"
    may be "anh tuần"."""
    if kin[0].lower() in _UNACCENTED_KIN or kin[0].lower() not in _KIN:
        return 0
    name = []
    for i, word in enumerate(words[:2]):
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if f"{word.lower()} {after}" in _ORDINARY_AFTER:
            break
        # Second, also what is seldom a name alone ("chị hương giang") or capitalised ("cô minh Hiếu")
        second = i and (word in _SECOND or (word[0].isupper() and _is(word, _GIVEN)))
        if not (word in _LOWER_GIVEN or second):
            break
        name.append(word)
    if not name and _called_by_name(text, kin, words):
        name = words[:1]
    if not name or f"{kin[0].lower()} {name[0]}" in _KIN_WORDS:
        return 0
    before = _WORD.findall(text, max(0, kin.start() - 30), kin.start())
    if before and text[kin.start() - 1] in " \t":
        word = before[-1]
        if _many(word, kin[0]) or word in _LOWER_FAMILY:
            return 0
        if word[0].isupper() and (_is(word, _FAMILY) or _is(word, _GIVEN)):
            return 0  # "Quỳnh Anh thế"
    if _place(words[: len(name) + 1]):  # "anh hà nội", "em bình dương"
        return 0
    # Typed without diacritics, a name is told from a word by the words next to it: "anh lan ky
    # qua nhe" is "anh lần kỳ quá nhé", "cô lan của mình" a name.
    around = words[len(name) : len(name) + 2] or before[-2:]
    if all(w.isascii() for w in name) and not has_diacritics(" ".join(around)):
        return 0
    return len(name)


def _called_by_name(text: str, kin: re.Match, words: list[str]) -> bool:
    """Whether a name syllable that is also a common word, typed in lower case after a kinship
    word, is a name there ("chị mai ơi", "anh nam ở quận 3", "chị phương, tổ trưởng"): followed
    by what follows a name and seldom that word (see _NAME_SIGNS), and read as a word of its own
    by the word segmenter, not one with the kinship word ("anh hùng", "trẻ em nam") nor with the
    next syllable ("chị mai mối"). The segmenter is run only then, on the words around."""
    word = words[0]
    if word not in _WORDLIKE_NAMES or fold(f"{kin[0]} {word}") in _NOT_PEOPLE:
        return False
    end = text.index(word, kin.end()) + len(word)
    after = " ".join(words[1:3]).lower()
    if word in _ADVERBS:
        signed = after.startswith("ơi")
    else:
        signed = after.split(" ")[0] in _NAME_SIGNS or after in _NAME_SIGNS
    if not signed and word not in _PREDICATES:
        signed = after.split(" ")[0] in _SUBJECT_SIGNS
        closed = len(words) == 1 and bool(_CLOSED.match(text, end))
        signed = signed or (closed and word != "nam")
    return signed and _apart(text, kin, end)


def _apart(text: str, kin: re.Match, end: int) -> bool:
    """Whether the segmenter reads the kinship word and the syllable after it, which ends at
    `end`, as two words of their own: not one with a neighbour ("trẻ em nam", "chú trọng", "ông
    hoàng", "chị mai mối")."""
    from cityportal.nlp.tokenize import tokens  # pyvi: its model loads on first use (a second)

    word = text[kin.end() : end].strip()
    before = text[max(0, kin.start() - 20) : kin.start()]
    if kin.start() > 20 and not text[kin.start() - 21].isspace():
        before = before.partition(" ")[2]  # no syllable cut in two
    after = _RUN.match(text, end)
    window = [before.strip(), kin[0], word, *(after[0].split()[:3] if after else [])]
    found = [t.lower().split("_") for t in tokens(" ".join(window))]
    return any(
        a == [kin[0].lower()] and b == [word.lower()]
        for a, b in zip(found, found[1:], strict=False)
    )


def _given_not_listed(text: str, kin: re.Match, words: list[str]) -> int:
    """1 if the capitalised word after a kinship word in lower case is a given name not among
    the common ones ("chị Lụa", "anh Tèo", "bác Dần"): written as a Vietnamese one (with
    diacritics: "anh Sam" is a phone, "ông Trump" abroad), alone, mid-sentence, and none of
    what is no one's given name ("ông Trời", "anh Tây"), a family name ("bác Hồ"), nor a place
    ("bà Chiểu")."""
    word = words[0]
    if not (kin[0] in _KIN and kin[0] not in _UNACCENTED_KIN) or not word[1:].islower():
        return 0
    if not 2 <= len(word) <= 7 or not has_diacritics(word) or word.lower() in _NOT_CALLED | _STOP:
        return 0  # a Vietnamese syllable has at most seven letters: "ông Bôgôchencô" is abroad
    if re.compile(rf"[ \t]+{word}-\w").match(text, kin.end()):
        return 0  # "ông Sơ-len": a foreign name transcribed
    if _is(word, _FAMILY) or (len(words) > 1 and (words[1][0].isupper() or words[1] == "trưởng")):
        return 0  # "bà Lê Chân", "cô Hiệu trưởng"
    if _known([kin[0], word], _KIN_PLACES) or _place(words[:2]):
        return 0
    before = _WORD.findall(text, max(0, kin.start() - 30), kin.start())
    if before and (before[-1][0].isupper() or _many(before[-1], kin[0])):
        return 0  # Every word capitalised ("Chúc Anh Hưởng Tết"), or many people
    return 1


def mask_names(text: str) -> str:
    """Private people's names replaced by "[…]", the words that announced them kept ("bà […]"),
    so the quote still reads."""
    out, done, officials = [], 0, {}
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
        if not n and mode == "kin":
            lower = words[0].islower()
            n = (_given_in_lower_case if lower else _given_not_listed)(text, trigger, words)
        if not n:
            continue
        end = run.start() + [w.end() for w in _WORD.finditer(run[0])][n - 1]
        if mode == "signed" and not _SIGNATURE_END.match(text, end):
            continue  # "– Nguyễn Văn Linh nói…": a sentence, not a signature
        start = trigger.start() if begin is None else begin
        if mode in ("kin", "calling", "signed") and _public_or_place(text, start, end):
            continue
        if mode == "kin" and n == 1:
            if _official_named_before(text, trigger[0], words[0], start, officials):
                continue
        out += [text[done : run.start() if begin is None else begin], MASKED_NAME]
        done = end
    return "".join(out) + text[done:]

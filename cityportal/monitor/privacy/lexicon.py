"""The words names.py reads names by: family and given names, the ordinary words some of them
also are, kinship words and honorifics, what announces a name, and the places, people of
history and officials' titles a name must not be taken from."""

from cityportal.core.text import canonical_tone, fold


def listed(word: str, names: tuple[frozenset[str], frozenset[str]]) -> bool:
    """Whether the word is one of the names (a `_set`): as written, or folded when typed without
    any diacritic ("nguyen" is Nguyễn; "họ" is no Hồ)."""
    word = word.lower()
    return word in names[0] or (word.isascii() and word in names[1])


def _set(words: str) -> tuple[frozenset[str], frozenset[str]]:
    """The words as written (lower case, with diacritics) and folded, for text typed without."""
    written = frozenset(words.split())
    return written, frozenset(fold(w) for w in written)


FAMILY = _set(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đào đoàn trịnh "
    "mai trương đinh lâm lương lưu hà cao tạ tôn thái kiều la quách châu tăng tô lại thạch "
    "vương phùng triệu nghiêm giang khúc mạc cù kim âu diệp hứa lạc lục mã tống thân chu chử "
    "hầu lã đàm đồng nông lò mẫn từ viên khổng doãn tiêu hàn sầm tất"
)
# Middle and given names common enough that two or more in a row after "chị", "anh"… read as
# a name ("chị Thu Hà"), and that a name typed in lower case runs on through.
GIVEN = _set(
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
    "út khuyên lam luật mẫn phước quyền thiều tịnh trực tuyên vỹ huệ kiệt"
)
# A given name typed in lower case after a kinship word, as on a phone ("chị lan nói", "em hoa
# bị ngã"): most name syllables are also ordinary words there ("anh văn", "chú trọng", "cô bảo",
# "em như", "anh sang", "chị tâm sự"), so only those that are seldom one, and not where the
# next syllable makes them one ("chị hoa mắt", "chị trang điểm", "em thảo luận").
WORDLIKE = frozenset(
    "văn thị hữu đức đình công quốc thanh gia phương thu trọng mạnh tấn thế duy nhật mỹ anh an "
    "bình chi đạt hiền hoàng bảo lợi nghĩa nhân như phát sang tài tiến toàn hậu lực nguyên quý "
    "tiên đông cảnh chiến chính sỹ sĩ thức bằng giao hoàn khuyên quyền trực út lam hoài nhàn vi "
    "thắng thành tâm mai thu thông quyết hằng lộc tín nam giang việt đào hòa hoà quân luật "
    "phi thiện quyên danh đan lâm vân kiệt".split()
)
LOWER_GIVEN = GIVEN[0] - WORDLIKE
# Those that are also a common word are a name only where the words around say so (see
# names._called_by_name); not these, a word there whatever follows: "anh văn" (English), "cô bảo:"
# (said), "em như thế", "bác sĩ", "em út" (the youngest), "chị thị" and "anh anh" (no one's).
WORDLIKE_NAMES = WORDLIKE - frozenset("văn thị anh chi như thế sĩ sỹ út bảo khuyên".split())
# What follows a name and seldom such a word: a call ("chị mai ơi") or a report of what they
# said ("anh nam nói", "cô thu bảo", "anh thành cho biết", "chị vân tâm sự"), as citizens'
# posts report it ("chị mai phản ánh", "anh tài phàn nàn", "anh đạt đề nghị"). Not "yêu cầu":
# "anh đạt yêu cầu" meets it; nor what one does ("chị mai đi chợ", "em mai gửi" are tomorrow).
NAME_SIGNS = frozenset(
    "ơi nói bảo kể hỏi kêu than dặn nhắn khoe mắng chửi".split()
    + "cho biết|cho hay|cho rằng|chia sẻ|tâm sự|khẳng định|nhấn mạnh|thừa nhận|trả lời".split("|")
    + "phản ánh|phản ảnh|phàn nàn|trình bày|giải thích|kiến nghị|đề nghị|xác nhận".split("|")
)
# And, after one that is no verb, adjective or adverb (as "thắng", "hiền", "mai" are: "anh
# thắng ở vòng 2", "em mai ở nhà", "cô hiền, quan tâm", "trọng trách anh giao."): where they
# are, whom they are with, what they did ("anh nam ở quận 3", "ông nghĩa đã …") and, but for
# what one says of oneself ("em nam, 20 tuổi"), the clause's end ("chị phương, tổ trưởng").
SUBJECT_SIGNS = frozenset("ở và với đã đang bị cũng vẫn thì mới còn chưa vừa".split())
ADVERBS = frozenset(["toàn"])  # "bà cô toàn chia sẻ": only a call
PREDICATES = frozenset(
    "mai đạt thắng thành tiến quyết thông hoàn phát sang thu giao chiến tấn lợi hoài toàn trọng "
    "bằng nguyên an bình hiền mạnh quý nhàn hòa hoà tài thức đào chính duy phi trực tâm "
    "kiệt".split()
)
ORDINARY_AFTER = frozenset(
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
SECOND = frozenset("giang hoàng mai thu nam hằng".split())
# A kinship word and a name syllable that are one word together: "anh hùng", "anh đào" (the
# flower), "anh thư" (a heroine), "chị hằng" (the lady in the moon), "cô nhi" (an orphan).
KIN_WORDS = frozenset(
    "anh hùng|anh dũng|anh đào|anh thư|anh linh|anh hào|chị hằng|cô nhi|bà phước|ông phước|"
    "em thơ|bà nguyệt|anh việt|anh quốc|bà hoàng|cô tiên|bà tiên|ông tiên|cháu tiên|ông công|"
    "ông thiện|cô vân".split("|")
)
# A kinship word and a given name typed without diacritics, in text typed so, that is a name
# most of the time: "anh tuan" is anh Tuấn far more often than anh tuần, while "em an", "co
# hoa", "anh hung" are em ăn, có hoa, anh hùng. Counted in news written with diacritics (the
# pairs that fold to it a kinship word and a capitalised name at least 85 % of the time, seen
# ten times or more), but for "hong", "ha", "mai", also "hông", "hả", "mai" (tomorrow) in speech:
# `bench/privacy.py --derive` prints this list and the next; `make bench-privacy` reads them.
FOLDED_CALLED = frozenset(
    "anh kiet|anh loc|anh nghia|anh son|anh tuan|anh ut|ba bich|ba kim|ba loan|"
    "ba nguyet|ba oanh|ba phuong|ba thao|ba thoa|ba tuyet|ba ut|chau kien|chau linh|"
    "chau nghia|chau phuong|chi bich|chi hoai|chi huyen|chi kieu|chi loan|chi ngoc|"
    "chi nguyet|chi oanh|chi phuong|chi quynh|chi thao|chi thuy|chi uyen|chi xuan|ong chien|"
    "ong hiep|ong hung|ong huu|ong huy|ong khoa|ong khue|ong kiet|ong kim|"
    "ong loc|ong long|ong minh|ong my|ong nghia|ong ngoc|ong ninh|ong phuc|ong phuoc|"
    "ong phuong|ong quoc|ong son|ong sy|ong thai|ong thien|ong thuy|ong tien|ong tuan|"
    "ong vinh|ong vu|ong vuong|ong xuan".split("|")
)
# After one of those, the next word that makes the name syllable an ordinary word there as
# often as not in the same news ("ba phuong an" is ba phương án, "ong tuan thu" ông tuân thủ),
# then words known to make one an ordinary word after "ông", "ống" (a pipe) or "anh": "tuần"
# (week) before a time word, as people write to an office ("anh tuan sau den"), "tiên tri",
# "phục vụ", "vu khống", "hung dữ", "lọc nước"…
FOLDED_ORDINARY = frozenset(
    "chien thang|hung hang|huy dong|huyen can|khoa than|kien nghi|kiet suc|kim loai|kim tiem|"
    "loan tin|long hanh|minh yeu|nghia la|phuong an|phuong doi|phuong phap|phuong tay|"
    "phuong tien|thai do|thuy ngan|thuy tinh|tien den|tien hanh|tien si|tuan thu|tuyet voi|"
    "vinh du|vu phu|vu truong".split("|")
    + "tuan sau|tuan toi|tuan truoc|tuan nay|tuan roi|tuan qua|tuan le|tuan tra|tien tri|"
    "tien doan|phuc vien|phuc vu|phuc hoi|vu khong|vu cao|hung du|hung ac|hung thu|loc nuoc|"
    "nghia vu".split("|")
)
# Before a kinship word, what makes it many people ("các anh công an", "mấy bác tài") or a word
# of its own ("đàn ông trung tuổi", "con cháu", "thầy cô"), and the family names that make it a
# lower-case name's middle syllable ("hà anh tuấn").
MANY = frozenset("các mấy những mọi vài nhiều bao hai đàn thầy".split())
LOWER_FAMILY = frozenset(
    "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương đinh trương lương lưu "
    "hà trịnh quách vương phùng triệu nghiêm diệp nguyen tran pham hoang huynh dang bui ngo "
    "trinh truong".split()
)
# What people in the South are called by, after "chú", "cô", "anh"…: the child's place among
# siblings ("chú Ba", "bác Tư", "dì Út"), alone or before a given name ("cô Sáu Mai").
BIRTH_ORDER = _set("hai ba tư năm sáu bảy tám chín mười út")
# Family names that, typed without diacritics, are no other common word; and middle names.
CLEAR_FAMILY = frozenset(
    "nguyen tran pham hoang huynh phan dang bui ngo trinh truong doan dao quach kieu nghiem "
    "phung trieu vuong thach diep".split()
)
MIDDLE = frozenset(
    "van thi huu duc dinh cong quoc ngoc thanh minh xuan hoang quang trong manh tan the duy "
    "nhat hong thu kim bao gia phuong".split()
)
# The middle names that mark a man's or a woman's name (Văn, Thị), folded: second after a word
# that is also a family name, they make it one ("vo van tan" is Võ Văn Tần, not "vợ").
MAN_OR_WOMAN = frozenset({"van", "thi"})
# Where the word after a kinship word begins a name in capitals and no more: the sentence
# went on ("bà Nguyễn Thị Hoa Phường 5…" typed in title case) or an abbreviation.
STOP = _set(
    "quận phường đường phố hẻm ngõ ngách kiệt xã huyện tỉnh tp ubnd hđnd sở bộ chợ cầu khu ấp "
    "thôn tổ số chủ phó bí giám ủy ban ở tại và của nhà là"
)[0] | frozenset(
    "quan phuong pho hem huyen tp ubnd hdnd cho cau khu ap thon so xa o tai va".split()
)
# People of history everyone names with an honorific ("Bác Hồ Chí Minh", "bà Nguyễn Thị Minh
# Khai") and streets named for them ("Bà Lê Chân", "Bà Huyện Thanh Quan"): never masked.
# Folded, each the first words of what follows the honorific.
PUBLIC = frozenset(
    "ho chi minh|nguyen ai quoc|ton duc thang|vo nguyen giap|pham van dong|le duan|truong chinh|"
    "vo van kiet|nguyen van linh|vo thi sau|nguyen thi minh khai|nguyen thi dinh|le chan|"
    "huyen thanh quan|trung trac|trung nhi|trieu thi trinh|nguyen van troi|le van tam|kim dong|"
    "ly tu trong|tran hung dao|le loi|nguyen trai|nguyen du|nguyen hue|quang trung".split("|")
)
# Places whose names are made of name syllables: "anh Bình Dương" is from there. Spelt, so that
# a place matches only as it is written when the text has diacritics: "chị hà nói" (said) is
# Hà, not Hà Nội, though both fold to "ha noi".
PLACES_SPELT = (
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
PLACE_SYLLABLES = {
    fold(place): [canonical_tone(w) for w in place.split()] for place in PLACES_SPELT
}


# Places in and near the city named with a kinship word and a name syllable ("Xã Bà Điểm",
# "Phường Cô Giang", "Phường Cầu Ông Lãnh" in the administrative units; "Bà Chiểu", "Bà Quẹo",
# "Ông Tạ", landmarks everyone knows, and "Bà Nà" near Đà Nẵng; "Bac Ninh" typed without
# diacritics), folded with the kinship word. Written as places are, with a capital: "cô Giang
# dạy toán" is a teacher.
KIN_PLACES = frozenset(
    "ba diem|ba chieu|ba queo|ba hom|ba lat|ba hat|ba lai|ba kieu|ba trieu|ba trung|ba ria|"
    "ba den|ba thien hau|ba dinh|ong lanh|ong ta|ong ich khiem|co giang|co bac|bac ninh|"
    "bac giang|bac lieu|bac kan|bac ai|ba na".split("|")
)
# After a kinship word, in capitals, what is no one's given name: figures of legend and faith
# ("ông Trời", "ông Táo", "chú Cuội"), peoples ("anh Tây", "ông Tàu"), a family's ranks ("bà
# Nội"), and words that writers who capitalise every word give one ("anh Ơi", "chị Hôm nay",
# "Anh Ngữ Quốc tế": English; "Bà Tám Chuyện": gossip).
NOT_CALLED = _set(
    "trời táo địa bụt phật chúa thần tiên cuội tấm cám già đầm tây tàu hàn nhật tổ sếp chủ "
    "trùm nội ngoại xã dâu rể lính ơi ấy ạ nhé nè này đó đây kia hôm nói không cho là đã sẽ "
    "đi đến về với của và hay thì mà còn cũng rất quá hả à ừ dạ vâng được bị cô chú bác thím "
    "mợ dì dượng cậu ông bà anh chị em cháu con mẹ bố cha má đang thêm vừa mới lại cứ chỉ luôn "
    "cục trưởng phó tổng hội ban phòng tiền hậu cựu thời lào tập"  # "ông Tập" is Xi Jinping
    " ngữ chuyện"
)[0]
# After a kinship word, a nickname that is no one's: "cô Vy" is Covid-19.
NOT_PEOPLE = frozenset({"co vy", "co vi"})


SELF = ["tôi", "tui", "em", "mình", "tớ", "cháu", "con"]
NAMING = [f"{who} tên là" for who in SELF] + [f"{who} tên" for who in SELF]
NAMING += [f"tên {who} là" for who in SELF] + ["tên của tôi là", "họ và tên", "họ tên"]
# Whose an account number is: "chủ tài khoản: Nguyễn Văn An", "tên TK NGUYEN VAN AN".
NAMING += ["chủ tài khoản", "tên tài khoản", "chủ TK", "tên TK", "CTK"]
INTRODUCING = [f"{who} là" for who in SELF]
# "vợ tôi", "con trai của tôi": a relative, introduced as one introduces oneself.
RELATIVES = (
    "con trai|con gái|con|vợ|chồng|mẹ|bố|ba|cha|má|anh trai|chị gái|em trai|em gái|cháu trai|"
    "cháu gái|cháu|ông nội|bà nội|ông ngoại|bà ngoại|ông|bà|anh|chị|em|hàng xóm"
).split("|")
OWNERS = ["của tôi", "của em", "của mình", "tôi", "tui", "em", "mình", "tớ"]
# Kinship words and honorifics before a private person's name, also typed without diacritics.
KIN = ["ông", "bà", "anh", "chị", "em", "cháu", "cô", "chú", "bác"]
KIN_EXACT = "cháu bé|em bé|cụ ông|cụ bà|cô giáo|thầy giáo|thầy|cụ|bé|dì|dượng|thím|mợ|cậu|bạn"
# Callings a citizen names someone by ("bác sĩ Trần Văn Bình khám tận tình", "tài xế Lê Văn
# Tám"): a doctor or driver named in a post is a private person, not an official in office.
# Unlike a kinship word, one alone does not announce a given name: "giáo viên Văn" teaches it.
CALLINGS = ["bác sĩ", "bác sỹ", "y tá", "điều dưỡng", "dược sĩ", "luật sư", "giáo viên"]
CALLINGS += ["tài xế", "kỹ sư", "kĩ sư", "bảo vệ", "nhân viên"]

# Before a kinship word, a place or business named for someone: "đường Bà Huyện Thanh Quan",
# "phường Cô Giang", "chợ Bà Chiểu", "cầu Ông Lãnh", "12 Bà Lê Chân", "quán Cô Ba".
PLACE_WORDS = (
    "đường|phố|phường|quận|huyện|xã|tỉnh|thị xã|thị trấn|thành phố|tp|chợ|cầu|hẻm|ngõ|ngách|"
    "kiệt|kênh|rạch|sông|hồ|công viên|trường|bệnh viện|khu|ấp|thôn|tiếng|nước|vương quốc|"
    "công ty|cty|quán|tiệm|nhà hàng|khách sạn|chùa|đền|miếu|lăng|bến|ga|vòng xoay|ngã tư|"
    "ngã ba|ngã sáu|chung cư|tòa nhà|duong|phuong|quan|huyen|hem|kenh"
).split("|")

# An official in a public role, named in it: "Chủ tịch UBND Quận 3, bà …", "ông …, Giám đốc Sở
# Giao thông Vận tải". Matched in folded text.
TITLES = (
    r"chu tich|bi thu|giam doc|truong phong|truong ban|truong doan|truong cong an|chanh van phong|"
    r"chanh thanh tra|chanh an|vien truong|hieu truong|dai bieu|dbqh|bo truong|thu truong|"
    r"thu tuong|chu nhiem|nguoi phat ngon|phat ngon vien|dai tuong|thuong tuong|trung tuong|"
    r"thieu tuong|dai ta|thuong ta|trung ta|thieu ta|uy vien|tong thu ky|tong bien tap|"
    r"vu truong|cuc truong|chi cuc truong|tong cuc truong|tong giam doc|thong doc"
)

# The kinship words news name an official by, also typed without diacritics: "ông", "bà" (in
# baomoi 2017, 2,324 "ông …, Giám đốc …", "bà …, Chủ tịch …"…; about 70 "anh", "chị", "thầy",
# "cô" or "bạn", mostly a firm's or a school's head, and with the title after the name).
OFFICE_HONORIFICS = frozenset("ông bà ong ba".split())
# What may stand between a title and the name: the office's own words ("Phó Chủ tịch UBND
# Quận 3, bà …", "Giám đốc Sở Giao thông vận tải ông …"), not a clause ("Chủ tịch phường nhưng
# bà …" is someone else). Capitalised words and numbers pass; these are the lower-case ones.
OFFICE_WORDS = frozenset(
    "phuong quan xa huyen tinh thanh pho tp thi tran uy ban nhan dan so phong cong an va giao "
    "thong van tai xay dung nguyen moi truong y te duc dao tao tu phap noi vu ke hoach dau "
    "chinh lao dong thuong binh hoi hoa the du lich khoa hoc nghe tin truyen quoc dang bo mat "
    "to doan nghiep quy dat dai ha tang do thi kinh cap nuoc dien luc benh vien khoa cuc chi "
    "vu thue hai quan kho bac phu nuoc ngan hang".split()
)

"""No personal data in the brief's quotes: a private person's name masked after a
self-introduction or a kinship word, with or without diacritics (places, organisations and
officials in office kept); phone numbers as Vietnamese write them, identity papers, accounts,
licence plates, house numbers, handles and profile links masked, figures and amounts kept, in
linear time."""

import datetime
import time

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cityportal.monitor import analysis, brief
from cityportal.monitor.privacy import scrub

POSTS = [
    "Tôi là Nguyễn Văn An, nhà ở hẻm 12 đường Nguyễn Huệ, nước ngập tới gối mà chưa ai xử lý",
    "Gia đình bà Phạm Thị Hoa ở phường Bến Thành phản ánh đèn đường hư cả tháng nay",
    "con trai toi, chau Tran Hoang Nam, 8 tuoi, bi nga o ho ga tren duong Le Loi",
    "ten em la le thi bich, nha em o gan cho Ben Thanh, mat dien tu sang",
    "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo khơi thông cống ở Quận 3",
]
NAMES = ["Nguyễn Văn An", "Phạm Thị Hoa", "Tran Hoang Nam", "le thi bich"]


@pytest.mark.parametrize(
    "written, masked",
    [
        ("Tôi là Nguyễn Văn An, nhà ở hẻm 12", "Tôi là […], nhà ở hẻm 12"),
        ("tên em là Trần Thị Bích, học lớp 9", "tên em là […], học lớp 9"),
        ("mình tên Lê Minh, ở Quận 7", "mình tên […], ở Quận 7"),
        (
            "gia đình bà Phạm Thị Hoa ở phường Bến Thành",
            "gia đình bà […] ở phường Bến Thành",
        ),
        (
            "con trai tôi, cháu Nguyễn Hoàng Nam, 8 tuổi",
            "con trai tôi, cháu […], 8 tuổi",
        ),
        ("Ông Huỳnh Văn Tư ở tổ 5 than phiền", "Ông […] ở tổ 5 than phiền"),
        ("chị Thu Hà bán hàng ở chợ Bến Thành", "chị […] bán hàng ở chợ Bến Thành"),
        ("anh Võ Minh Tuấn bị mất xe", "anh […] bị mất xe"),
        ("mẹ tôi Lê Thị Hồng năm nay 70 tuổi", "mẹ tôi […] năm nay 70 tuổi"),
        ("vợ tôi là Bích.", "vợ tôi là […]."),
        ("Tôi là Hoa, nhà ở hẻm 12", "Tôi là […], nhà ở hẻm 12"),
        ("chị Nguyễn Thị Lan và anh Trần Văn Ba", "chị […] và anh […]"),
        ("Họ tên: Đỗ Quang Vinh.", "Họ tên: […]."),
        ("tôi là NGUYỄN VĂN AN", "tôi là […]"),
        ("Em tên là Nguyễn Tuấn Anh, lớp 5", "Em tên là […], lớp 5"),
        ("bác sĩ Trần Văn Bình khám rất tận tình", "bác sĩ […] khám rất tận tình"),
        ("tài xế Lê Văn Hùng chạy ẩu", "tài xế […] chạy ẩu"),
        ("nhân viên Nguyễn Thị Mai ở bộ phận một cửa", "nhân viên […] ở bộ phận một cửa"),
        (
            "Phụ cấp có được áp dụng không? – Nguyễn Tuấn Khang (tuankhang***@gmail.com).",
            "Phụ cấp có được áp dụng không? – […] ([email]).",
        ),
        ("Mong được giải đáp.\n- Trần Thị Bích Ngọc", "Mong được giải đáp.\n- […]"),
        # typed on a phone, without diacritics
        ("bac si Tran Van Binh kham rat tan tinh", "bac si […] kham rat tan tinh"),
        ("y ta nguyen thi mai rat nhiet tinh", "y ta […] rat nhiet tinh"),
        ("toi la nguyen van an, nha o hem 12", "toi la […], nha o hem 12"),
        ("ten toi la tran thi bich o phuong 5", "ten toi la […] o phuong 5"),
        ("minh ten le minh nha", "minh ten […] nha"),
        ("ong nguyen van binh o hem 3", "ong […] o hem 3"),
        ("chau Tran Hoang Nam bi nga", "chau […] bi nga"),
        ("Toi la Pham Thi Hoa, o Quan 8", "Toi la […], o Quan 8"),
        ("toi la le thi bich", "toi la […]"),
    ],
)
def test_a_private_persons_name_is_masked_and_the_quote_still_reads(written, masked):
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "đường Nguyễn Huệ ngập sâu",
        "phường Bến Thành, Quận 1",
        "cầu Sài Gòn kẹt xe",
        "chợ Bến Thành đông nghẹt",
        "Sở Giao thông Vận tải và UBND Quận 3 họp",
        "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo khẩn",
        "Bí thư Thành ủy Nguyễn Văn Nên thăm hỏi bà con",
        "Phó Chủ tịch UBND Quận 3, bà Nguyễn Thị Hoa, cho biết",
        "ông Phan Văn Mãi, Chủ tịch UBND Thành phố, yêu cầu",
        "Theo bà Trần Thị Lệ (Phó Giám đốc Sở Y tế), số ca giảm",
        "Giám đốc Sở Giao thông vận tải ông Trần Quang Lâm cho biết",
        # Titles of the ministries' and the tax office's heads (these names were masked)
        "Ngày 27-12. Ông Nguyễn Văn Tư, Tổng Giám đốc Sabeco, cho biết giá sẽ tăng",
        "Ông Nguyễn Văn Tư, Phó Vụ trưởng Vụ Pháp chế, cho biết",
        "Chi cục trưởng Chi cục Thuế, ông Lê Văn Hai cho biết",
        "đường Bà Huyện Thanh Quan ngập sâu",
        "phường Cô Giang Quận 1 mất điện",
        "chợ Bà Chiểu, cầu Ông Lãnh",
        "đường Bà Lê Chân",
        "Bà Rịa - Vũng Tàu mưa lớn",
        "Bác Hồ Chí Minh kính yêu",
        "anh Bình Dương lên thành phố",
        "anh hà nội vào làm ở quận 7",
        "chi ha noi vao lam o quan 7",  # typed without diacritics, the place it spells
        "Chị Hoà Bình về quê",  # the other tone placement, the same place
        "tôi là người dân Quận 1",
        "Tôi là Người dân Quận 1",
        "tôi là tổ trưởng tổ dân phố",
        "em bé bị ngã ở cầu Sài Gòn",
        "Ý kiến của bà con Phường 5",
        "toi la nguoi dan quan 1, duong Nguyen Hue ngap",
        "nha toi o duong Le Loi",
        "toi la to dan pho 5",  # "tổ dân phố", not Tô Dân
        "toi la ho dan o quan 8",  # "hộ dân"
        "tôi là họ hàng của chủ nhà",
        "bác sĩ Trưởng khoa Nhi khám cho cháu",
        # A kinship word ending the text or its line (the brief failed on these)
        "cảm ơn anh",
        "cảm ơn chị.",
        "gửi bà\nnội dung phản ánh",
        "toi la",
        "Kẹt xe kéo dài. – Nguyễn Văn Bình nói sẽ mở rộng đường",
        "Cảm ơn. – Nguyễn Văn An, Chủ tịch UBND Phường 5",
        "Ngập nặng. - Quận 3 đã bơm nước",
        "Giám đốc Bệnh viện Chợ Rẫy, bác sĩ Nguyễn Tri Thức, cho biết",
        "nhân viên Phường 5 đến kiểm tra",
        "bệnh viện Bác sĩ Nguyễn Văn Hưởng",
    ],
)
def test_places_organisations_and_officials_in_office_are_kept(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        ("chị Lan nói đường ngập cả tuần", "chị […] nói đường ngập cả tuần"),
        ("em Hùng bị ngã ở hố ga", "em […] bị ngã ở hố ga"),
        ("nhờ anh Tuấn sửa điện", "nhờ anh […] sửa điện"),
        ("cô Mai bán bánh mì đầu hẻm", "cô […] bán bánh mì đầu hẻm"),
        ("chú Ba chạy xe ôm", "chú […] chạy xe ôm"),
        ("bác Tư gác cổng", "bác […] gác cổng"),
        ("ông Nam than phiền", "ông […] than phiền"),
        ("bà Hoa bán rau", "bà […] bán rau"),
        ("Chị Lan nói. Anh Tuấn gật đầu", "Chị […] nói. Anh […] gật đầu"),
        ("anh Hùng, chị Lan và em Mai", "anh […], chị […] và em […]"),
        ("cô Sáu Mai bán xôi", "cô […] bán xôi"),
        ("cô giáo Thảo dặn", "cô giáo […] dặn"),
        ("cô Giang dạy toán", "cô […] dạy toán"),  # a teacher; "Cô Giang" is a ward
        ("chi Lan noi duong ngap", "chi […] noi duong ngap"),
        ("anh Tuan sua dien", "anh […] sua dien"),
        # "Anh" a middle name: the whole name goes, not its last syllable alone
        ("Đoàn Anh Thư về quê", "[…] về quê"),
        ("Hoang Anh Tuấn ở Mỹ", "[…] ở Mỹ"),
    ],
)
def test_a_given_name_alone_after_a_kinship_word_is_masked(written, masked):
    """Only full names were masked: "chị Lan", "chú Ba" came through to the brief whole."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "anh em trong xóm góp tiền",
        "Anh em trong xóm góp tiền",
        "chị em tiểu thương",
        "ông bà ta nói",
        "cô giáo dặn",
        "bác sĩ khám",
        "chú ý an toàn",
        "em bé khóc",
        "anh ấy nói, chị ấy cười",
        "Bà con phản ánh, ông ta không nghe",
        "ra bà Chiểu mua đồ, ghé chợ bà Chiểu",
        "nhà ở Bà Điểm, làm ở Ông Lãnh",
        "ở Cô Giang ngập, cầu Ông Lãnh kẹt",
        "đường Hai Bà Trưng ngập",
        "Anh Em Công Nhân Vui Tết",  # written in title case
        "BÀ GIÀ NAY KHÔNG ĐƯỢC",  # in capitals
        "BA GIA NAY KHONG DUOC",
        "giáo viên Văn dạy hay",  # a subject, not a name
        "Bà Mẹ Việt Nam Anh Hùng",  # "Anh" after a name syllable
        "phải chi Nhật có",  # "if only Japan": "chi", not "chị"
        "sợ cô Vy lây",  # Covid-19
    ],
)
def test_ordinary_words_and_places_after_a_kinship_word_are_kept(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        ("chị lan nói đường ngập cả tuần", "chị […] nói đường ngập cả tuần"),
        ("em hoa bị ngã ở hố ga đầu hẻm", "em […] bị ngã ở hố ga đầu hẻm"),
        ("nhờ anh tuấn sửa điện mà chưa thấy", "nhờ anh […] sửa điện mà chưa thấy"),
        ("Chị hiếu nói chuyện dễ thương", "Chị […] nói chuyện dễ thương"),
        ("cô minh hiếu bán xôi đầu hẻm", "cô […] bán xôi đầu hẻm"),
        ("mời chị hương giang đi ạ", "mời chị […] đi ạ"),
        ("hỏi cô lan của tổ 5 thì biết", "hỏi cô […] của tổ 5 thì biết"),
        ("bà thảo với ông vũ cãi nhau", "bà […] với ông […] cãi nhau"),
    ],
)
def test_a_given_name_typed_in_lower_case_after_a_kinship_word_is_masked(written, masked):
    """Typed on a phone, "chị lan", "anh tuấn" came through to the brief whole."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "chị em tiểu thương, anh ấy, em bé, chị ơi, anh chị, em đã gửi",
        "bác sĩ dặn chú ý, cô giáo và ông bà, chị gửi đơn, anh có biết",
        "đứng lên thì chị hoa mắt",  # dizzy
        "các anh hùng liệt sĩ đã anh dũng hy sinh",
        "em út nhà tôi, cô đơn lắm, ông trời ơi",
        "bà con mua hoa anh đào, chị hằng trên cung trăng",
        "cô hiền lắm, cô bảo em nộp bài, em như thế là sai",  # "hiền", "bảo", "như": words
        "chị trang điểm rồi đi, em thảo luận với nhóm",  # a name syllable and the next, one word
        "bài giảng còn lẫn lộn anh việt, con cháu việt nam",
        "mấy anh công an phường, các chị linh tinh",  # many people
        "một người đàn ông trung tuổi đi loanh quanh",  # "đàn ông", not "ông"
        "nghe hà anh tuấn hát",  # "anh" inside a name
        "ĐT Anh hòa may mắn",  # England drew
        "ông luật sư gọi, chị hà hơi thổi",
        "the nao duoc, anh lan ky qua nhe",  # typed without diacritics: "lần kỳ quá"
        "chi lan can, co lan bi nga",  # "chi", "co": also "chỉ", "có"
    ],
)
def test_ordinary_lower_case_speech_after_a_kinship_word_is_kept(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        ("chị mai ơi, đường ngập rồi", "chị […] ơi, đường ngập rồi"),
        ("chị mai nói đường ngập cả tuần", "chị […] nói đường ngập cả tuần"),
        ("anh nam ở quận 3 bị mất xe", "anh […] ở quận 3 bị mất xe"),
        ("cô thu bảo em nộp bài", "cô […] bảo em nộp bài"),
        ("anh thành cho biết sẽ sửa", "anh […] cho biết sẽ sửa"),
        ("chị vân ở hẻm 5 phản ánh", "chị […] ở hẻm 5 phản ánh"),
        ("anh bình ơi, cho em hỏi", "anh […] ơi, cho em hỏi"),
        ("ông nghĩa đã gửi đơn", "ông […] đã gửi đơn"),
        ("chị phương, tổ trưởng tổ 3, nói", "chị […], tổ trưởng tổ 3, nói"),
        ("Chú toàn ơi", "Chú […] ơi"),
        # Folded, "hà nói" (Hà said) is "ha noi", Hà Nội: written with diacritics, it is not.
        ("chị hà nói đường ngập", "chị […] nói đường ngập"),
    ],
)
def test_a_given_name_that_is_also_a_word_is_masked_where_the_words_around_say_so(written, masked):
    """ "chị mai" (tomorrow), "anh nam" (south), "cô thu" (to collect) came through to the
    brief whole: such syllables were never taken for a name in lower case."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        ("chị mai phản ánh đường ngập cả tuần", "chị […] phản ánh đường ngập cả tuần"),
        ("anh tài phàn nàn tiền điện tăng", "anh […] phàn nàn tiền điện tăng"),
        ("chị thu phản ảnh nước yếu", "chị […] phản ảnh nước yếu"),  # as often misspelt
        ("cô hiền trình bày hoàn cảnh", "cô […] trình bày hoàn cảnh"),
        ("anh nghĩa giải thích là hẻm ngập", "anh […] giải thích là hẻm ngập"),
        ("chị tâm xác nhận đã nộp hồ sơ", "chị […] xác nhận đã nộp hồ sơ"),
        ("chú quý kiến nghị làm lại cống", "chú […] kiến nghị làm lại cống"),
        # Many people, or a word of its own, before the same verbs: kept
        (
            "anh em nói, bà con bảo, chị em cho biết, cô giáo nói: chị mai phản ánh cả tuần",
            "anh em nói, bà con bảo, chị em cho biết, cô giáo nói: chị […] phản ánh cả tuần",
        ),
        (
            "anh em phản ánh, bà con phàn nàn, chị em đề nghị, cô giáo giải thích, anh thành "
            "phản ánh",
            "anh em phản ánh, bà con phàn nàn, chị em đề nghị, cô giáo giải thích, anh […] "
            "phản ánh",
        ),
        (  # meets the requirement; concentrates
            "anh đạt yêu cầu tuyển dụng, anh đạt đề nghị phường sửa đèn",
            "anh đạt yêu cầu tuyển dụng, anh […] đề nghị phường sửa đèn",
        ),
        (
            "chú tâm giải thích cho học sinh, chị tâm giải thích thủ tục",
            "chú tâm giải thích cho học sinh, chị […] giải thích thủ tục",
        ),
        (  # a hero, a king, the English language
            "anh hùng kiến nghị, ông hoàng giải thích, anh văn phản ánh, chị vân phản ánh",
            "anh hùng kiến nghị, ông hoàng giải thích, anh văn phản ánh, chị […] phản ánh",
        ),
    ],
)
def test_a_given_name_that_is_also_a_word_is_masked_before_what_a_post_reports_they_said(
    written, masked
):
    """ "chị mai phản ánh", "anh tài phàn nàn": only "nói", "bảo", "cho biết"… told a name that is
    also a word from the word, not how citizens' posts report what a neighbour said."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "chị mai mối cho anh ấy, em bình tĩnh nói, chúc anh thành công nhé",
        "em mai ở nhà, anh thắng ở vòng 2, trọng trách anh giao.",  # tomorrow; won; assigned
        "cô hiền, quan tâm đến lớp",  # kind
        "bà cô toàn chia sẻ kinh nghiệm",  # always
        "em nam, 20 tuổi",  # male
        "Du học sinh sang Anh quốc.",
        "sống như bà hoàng, con rồng cháu tiên",
        "sợ cô vi hỏi thăm",  # Covid-19
        "lẫn lộn anh việt, học anh văn.",  # English and Vietnamese
        "em khuyên bảo mãi, em như thế là sai",
        # One word to the segmenter, with the kinship word or the syllable after
        "nên chú trọng nói nghe nhiều, chú tâm hỏi xem",
        "cố vấn văn hóa của ông hoàng, khẳng định",
        "trẻ em nam cũng bị xâm hại",  # boys: "em" in "trẻ em"
    ],
)
def test_a_name_syllable_that_is_a_word_there_is_kept(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Giám đốc Sở Giao thông vận tải Trần Quang Lâm cho biết sẽ sửa. Sau đó, ông Lâm nói thêm",
        "Phó Chủ tịch UBND Quận 3, bà Nguyễn Thị Hoa, cho biết. Theo bà Hoa, nước đã rút",
        "ông Phan Văn Mãi, Chủ tịch UBND Thành phố, yêu cầu; sau đó ông Mãi thăm bà con",
    ],
)
def test_an_official_named_in_office_is_kept_when_named_again_by_given_name(text):
    """News name an official in full with their title once, then "ông Lâm": that was masked."""
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Tôi gửi đơn lên Chủ tịch phường nhưng bà Nguyễn Thị Hoa xây lấn, bà Hoa còn chửi",
            "Tôi gửi đơn lên Chủ tịch phường nhưng bà […] xây lấn, bà […] còn chửi",
        ),
        (
            "nhà ở đường Đinh La Thăng, hôm qua ông Thăng nói",
            "nhà ở đường Đinh La Thăng, hôm qua ông […] nói",
        ),
        (
            "Chủ tịch UBND Quận 3 Trần Văn Lâm đến; chị Lâm bán rau nói",
            "Chủ tịch UBND Quận 3 Trần Văn Lâm đến; chị […] bán rau nói",
        ),
    ],
)
def test_a_given_name_alone_is_kept_only_after_an_official_of_that_name(written, masked):
    """Not after a private person named near an office, a street named for someone, nor after
    "chị": an official is "ông" or "bà" in the news."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo; ông Mãi yêu cầu, còn bà Mãi bán hàng "
            "ở chợ than",
            "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo; ông Mãi yêu cầu, còn bà […] bán hàng "
            "ở chợ than",
        ),
        (
            "Phó Chủ tịch UBND Quận 3, bà Nguyễn Thị Hoa, cho biết. Theo bà Hoa, nước đã rút; ông "
            "Hoa ở hẻm 5 nói chưa",
            "Phó Chủ tịch UBND Quận 3, bà Nguyễn Thị Hoa, cho biết. Theo bà Hoa, nước đã rút; ông "
            "[…] ở hẻm 5 nói chưa",
        ),
    ],
)
def test_an_official_named_again_is_kept_only_as_the_man_or_woman_first_named(written, masked):
    """ "bà Mãi" after "Chủ tịch … Phan Văn Mãi" was kept as him: the given name alone decided."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Kính gửi Chủ tịch phường, chị Lan bán hàng ở chợ bị đuổi",
            "Kính gửi Chủ tịch phường, chị […] bán hàng ở chợ bị đuổi",
        ),
        (
            "Chủ tịch UBND Thành phố Phan Văn Mãi, chị Mãi bán hàng ở chợ",
            "Chủ tịch UBND Thành phố Phan Văn Mãi, chị […] bán hàng ở chợ",
        ),
        (  # the title is the previous sentence's
            "Tôi gửi đơn lên Chủ tịch UBND Phường Bến Thành. Bà Lan ở chợ chưa được trả lời",
            "Tôi gửi đơn lên Chủ tịch UBND Phường Bến Thành. Bà […] ở chợ chưa được trả lời",
        ),
        (  # a title after the name is theirs, whatever the kinship word
            "anh Phan Văn Hải - Chủ tịch Hội Nông dân xã cho biết, chị Lụa ở Hàm Rồng, chị Mơ bán",
            "anh Phan Văn Hải - Chủ tịch Hội Nông dân xã cho biết, chị […] ở Hàm Rồng, chị […] bán",
        ),
    ],
)
def test_a_title_before_a_kinship_word_other_than_ong_or_ba_is_someone_elses(written, masked):
    """News name an official "ông", "bà": "Chủ tịch phường, chị Lan …" kept Lan as the official,
    as did a title in the sentence before, or a capitalised name and a comma before "chị"."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Nước ngập từ ngày 27-12. Ông Huỳnh Văn Tư ở tổ 5 than phiền",
            "Nước ngập từ ngày 27-12. Ông […] ở tổ 5 than phiền",
        ),
        (
            "Đơn gửi UBND Phường 5. Chị Lan bán rau bị đuổi",
            "Đơn gửi UBND Phường 5. Chị […] bán rau bị đuổi",
        ),
    ],
)
def test_a_number_that_ends_a_sentence_is_no_house_number_before_a_street(written, masked):
    """ "27-12. Ông …" read as "12 Bà Lê Chân", a house number and a street named for someone:
    the name after a date or a ward's number at a sentence's end came through whole ("số 12 Bà
    Lê Chân" stays a street: see the house numbers' tests)."""
    assert scrub(written) == masked


def test_a_person_of_history_whose_name_holds_a_place_word_is_kept_whole():
    """ "Kiệt" (an alley) ended the name: "ông Võ Văn Kiệt" became "ông […] Kiệt"."""
    assert scrub("Thủ tướng bấy giờ (ông Võ Văn Kiệt) giao xe") == (
        "Thủ tướng bấy giờ (ông Võ Văn Kiệt) giao xe"
    )


@pytest.mark.parametrize(
    "written, masked",
    [
        ("chị Lụa bán rau ở chợ", "chị […] bán rau ở chợ"),
        ("hôm qua anh Tèo chạy xe ôm", "hôm qua anh […] chạy xe ôm"),
        ("nhờ bác Dần coi giùm cái cống", "nhờ bác […] coi giùm cái cống"),
    ],
)
def test_a_given_name_not_among_the_common_ones_is_masked(written, masked):
    """Only the given names on the list were masked alone: "chị Lụa" came through."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Đảng quang vinh, bác Hồ vĩ đại",  # a family name alone: a person of history
        "ông Trời ơi, ông Táo về trời",  # legend
        "mấy anh Tây ba lô",
        "ông Trump nói, em Sam này chạy êm",  # no diacritics: foreign, or a phone
        "ông Bôgôchencô, ông Sơ-len cho biết",  # transcribed foreign names
        "cô Hiệu trưởng dặn, ông Cục trưởng nói",  # offices
        "Chúc Anh Hưởng Tết Vui Vẻ",  # every word capitalised
        "anh Ơi, chị Hôm nay đẹp quá",
        "con cháu Lào sang học",
    ],
)
def test_capitalised_words_after_a_kinship_word_that_are_no_given_name_are_kept(text):
    assert scrub(text) == text


def test_an_office_mentioned_earlier_does_not_shield_a_neighbour():
    """A title not next to the name is someone else's."""
    assert scrub("Tôi gửi đơn lên Chủ tịch phường nhưng bà Nguyễn Thị Hoa vẫn xây lấn") == (
        "Tôi gửi đơn lên Chủ tịch phường nhưng bà […] vẫn xây lấn"
    )


@pytest.mark.parametrize(
    "written",
    [
        "(028) 3829 6052",
        "028.3829.6052",
        "028-3829-6052",
        "(08) 3829 6052",
        "+84 (0) 909 999 888",
        "+84 28 3829 6052",
        "(+84) 909-999-888",
        "+84909999888",
        "0909.123.456",
        "0909 12 34 56",
        "090 912 3456",
        "0168 123 4567",
        "84912345678",
        "0084 912 345 678",
        "0912  345  678",
        "0912\t345\t678",
        "0912 - 345 - 678",
    ],
)
def test_phone_numbers_as_vietnamese_write_them_are_masked(written):
    assert scrub(f"Gọi {written}.") == "Gọi [số điện thoại]."


@pytest.mark.parametrize(
    "text",
    [
        "năm 2025",
        "12.500 đồng",
        "1,2 tỷ",
        "1.090.123.456 đồng",
        "12 000 000 đồng",
        "ngày 27/11/2026",
        "ngày 01/12/2026 lúc 07.30",
        "3.000 hộ dân",
        "0,5 tỷ",
        "0 ca",
        "8412 người",
        "ngày 05/09/2024 lúc 08:30",
        "1.500.000 đồng",
        "năm 1990 1991 1992",
        "mã 0123 4567 89",  # a 10-digit number with 01 was never a phone number
    ],
)
def test_ordinary_numbers_are_not_taken_for_phone_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "row",
    [
        "0.10 0.11 0.12 0.13",
        "tỉ lệ 0,10 0,11 0,12 0,13",
        "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9",
        "0.12 0.34 0.56 0.78 0.90",
        "0 1 0 2 0 3 0 4 0 5",
        "0 12 34 56 78 9",
        "05 06 07 08 09",
        "ngày 01.12.2024 02.12.2024",
        "01.10 02.11 03.12",
        "12/2024 0 1 2 3 4 5 6 7 8 9",
    ],
)
def test_a_row_of_decimals_or_figures_is_no_phone_number(row):
    """A quoted table's row adds up to as many digits as a phone number; it was masked (or cut,
    "[số điện thoại].13") though no one writes a phone number so."""
    assert scrub(f"Bảng: {row}, gọi 0909 123 456") == f"Bảng: {row}, gọi [số điện thoại]"


# The two tests below guard against a hang, not a speed target (that is bench/'s): their inputs
# took minutes before the fix and well under a second after it, so a bound of HANG seconds
# separates the two on any machine however loaded.
HANG = 30


def test_a_long_row_of_decimals_is_scrubbed_in_linear_time():
    """Each group skipped read the rest of the row again: 50,000 decimals took four minutes."""
    row = "0.12 " * 50_000
    started = time.perf_counter()
    assert scrub(f"{row}gọi 0903123456") == f"{row}gọi [số điện thoại]"
    assert time.perf_counter() - started < HANG


def test_two_numbers_joined_by_a_slash_are_both_masked():
    assert scrub("Gọi 0912345678/0987654321") == "Gọi [số điện thoại]/[số điện thoại]"


def test_a_count_after_a_phone_number_and_a_second_number_are_told_apart():
    assert scrub("gọi 0903123456 3 lần, 0909111222 0909333444") == (
        "gọi [số điện thoại] 3 lần, [số điện thoại] [số điện thoại]"
    )


def test_a_table_of_figures_in_a_quote_is_read_not_a_crash():
    """Hundreds of small numbers in a row (a pasted table: "0 0 1 0 …") are one phone candidate
    of as many digit groups: the brief ran out of stack on them (RecursionError)."""
    figures = "0 " * 1500
    assert scrub(f"Bảng: {figures}gọi 0903123456") == f"Bảng: {figures}gọi [số điện thoại]"


def test_a_long_word_without_an_address_is_scrubbed_in_linear_time():
    """A pasted token of 100,000 characters took a minute: the e-mail pattern was tried at each
    of its characters and ran to the word's end each time."""
    token = "x" * 400_000  # about sixteen minutes before the fix
    started = time.perf_counter()
    assert scrub(f"mã {token} a.b@example.invalid") == f"mã {token} [email]"
    assert time.perf_counter() - started < HANG


@pytest.mark.parametrize(
    "written, masked",
    [
        ("CCCD 079201001234 của tôi", "CCCD [mã số cá nhân] của tôi"),
        ("số CCCD: 079 201 001 234.", "số CCCD: [mã số cá nhân]."),
        ("Căn cước công dân số 079201001234", "Căn cước công dân số [mã số cá nhân]"),
        ("chứng minh thư 025 123 456", "chứng minh thư [mã số cá nhân]"),
        ("CMND 025123456", "CMND [mã số cá nhân]"),
        ("hộ chiếu B1234567", "hộ chiếu [mã số cá nhân]"),
        ("STK 0071001234567 Vietcombank", "STK [mã số cá nhân] Vietcombank"),
        ("số tài khoản: 0071-0012-34567", "số tài khoản: [mã số cá nhân]"),
        ("MST 0301234567", "MST [mã số cá nhân]"),
        ("mã hồ sơ 079201001234", "mã hồ sơ [mã số cá nhân]"),  # a CCCD's 12 digits, unnamed
        ("nhắn @nguyen_van-a.", "nhắn @[…]."),
        ("theo @hoa.nguyen nói", "theo @[…] nói"),
        ("vào facebook.com/nguyenvana xem", "vào [liên kết] xem"),
        ("zalo.me/0912345678", "[liên kết]"),
    ],
)
def test_identity_papers_accounts_handles_and_profile_links_are_masked(written, masked):
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "written, masked",
    [
        ("STK ACB 12345678", "STK ACB [mã số cá nhân]"),  # eight digits, the bank between
        ("số tài khoản MB Bank: 0071 0012 3456", "số tài khoản MB Bank: [mã số cá nhân]"),
        ("Số TK: 0071 0012 34567 - Vietcombank", "Số TK: [mã số cá nhân] - Vietcombank"),
        ("chủ tài khoản: Nguyễn Văn An", "chủ tài khoản: […]"),
        ("tên TK NGUYEN VAN AN", "tên TK […]"),
        ("CTK Trần Thị Bích.", "CTK […]."),
        ("mã định danh cá nhân 0792 0100 1234", "mã định danh cá nhân [mã số cá nhân]"),
        ("cho mượn 079 201 001 234 làm hồ sơ", "cho mượn [mã số cá nhân] làm hồ sơ"),
        ("gửi nguyenvana @ gmail.com", "gửi [email]"),
        ("gửi nguyenvana(at)gmail.com", "gửi [email]"),
        ("gửi nguyenvana [at] gmail.com", "gửi [email]"),
    ],
)
def test_accounts_and_their_holders_cards_and_spelt_out_addresses_are_masked(written, masked):
    """A bank's name between "STK" and an account of fewer than nine digits, the holder's name,
    a CCCD grouped as on the card without its name, an address spelt out: all came through."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "tài khoản 3 lần",
        "tổng 1234567890 đồng",
        "năm 2025 có 123456 người",
        "tài khoản Zalo bị khóa",
        "tổng 123 456 789 012 đồng",
    ],
)
def test_amounts_and_counts_are_not_taken_for_identity_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        ("nhà ở số 12 đường Lê Lợi bị ngập", "nhà ở số [số nhà] đường Lê Lợi bị ngập"),
        ("nhà 12/3 Nguyễn Trãi bị ngập", "nhà [số nhà] Nguyễn Trãi bị ngập"),
        ("tôi ở 45 Lê Lợi", "tôi ở [số nhà] Lê Lợi"),
        ("số 12/3A hẻm 45 Nguyễn Trãi", "số [số nhà] hẻm 45 Nguyễn Trãi"),
        ("số nhà 45, tổ 3", "số nhà [số nhà], tổ 3"),
        ("số 12 Bà Lê Chân", "số [số nhà] Bà Lê Chân"),  # the street named for her kept
        ("số 12 đường số 9", "số [số nhà] đường số 9"),
    ],
)
def test_house_numbers_are_masked_and_the_street_kept(written, masked):
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "nhà ở hẻm 12 đường Nguyễn Huệ",
        "Phường 5 Quận 3 ngập",
        "đường số 9 ngập",
        "ngày 12/3 Nguyễn Văn Bình đến",
        "hôm 12/3 Sở GTVT kiểm tra",
        "xe buýt số 19 Bến Thành",
        "có 45 Hộ Dân",
        "số 12 người",
        "Quốc lộ 1A Bình Chánh",
        "Điều 12 Luật Đất đai",
        "Nghị định số 13/2023/NĐ-CP",
        "XIN 1 ĐĂNG KÝ",  # in capitals
        "mua 1 Android TV Box",
        "I <3 Đà Nẵng",
        "năm 2022 Việt Nam",
        "nguyên 1 đường trầy dài",  # a scratch
    ],
)
def test_alleys_wards_roads_dates_and_counts_are_not_taken_for_house_numbers(text):
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written",
    ["51F-123.45", "59-X1 234.56", "59X1-234.56", "51F12345", "51LD-12345", "29a-123.45"],
)
def test_licence_plates_are_masked(written):
    assert scrub(f"xe {written} chạy ẩu") == "xe [biển số xe] chạy ẩu"


@pytest.mark.parametrize(
    "text",
    [
        "lúc 12h 2024",
        "lớp 12A1 2024",
        "Quận 12 A 1234",
        "từ 15h30-16h00",
        "12.500 đồng",
        "dùng con TV 43J5500",  # a model, run together like a plate
    ],
)
def test_hours_classes_and_amounts_are_not_taken_for_licence_plates(text):
    assert scrub(text) == text


def _printed_text(ctx: dict) -> str:
    """The text WeasyPrint lays out for the PDF (brief.pdf writes these very pages)."""
    from weasyprint import HTML

    def texts(box):
        if getattr(box, "text", None):
            yield box.text
        for child in getattr(box, "children", []):
            yield from texts(child)

    pages = HTML(string=render_to_string("monitor/brief_pdf.html", ctx)).render().pages
    return " ".join(t for page in pages for t in texts(page._page_box))


def test_the_brief_shows_no_private_name_on_screen_or_in_the_pdf(client, analyst, heard):
    client.force_login(analyst)
    response = client.get(reverse("monitor_brief"))
    assert len(response.context["quotes"]) == len(POSTS)  # every post is quoted
    screen = BeautifulSoup(response.content.decode(), "html.parser").get_text(" ")
    today = timezone.localdate()
    printed = _printed_text(
        brief.context(analysis.Period(today - datetime.timedelta(days=6), today))
    )
    for shown in (screen, printed):
        shown = " ".join(shown.split())
        assert not [name for name in NAMES if name.lower() in shown.lower()]
        assert "bà […]" in shown and "chau […]" in shown and "ten em la […]" in shown
        for kept in ("Phan Văn Mãi", "đường Nguyễn Huệ", "phường Bến Thành", "duong Le Loi"):
            assert kept in shown

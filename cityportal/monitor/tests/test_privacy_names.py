"""A private person's name masked in the brief's quotes: a full name after a self-introduction, a
kinship word or a job, with or without diacritics; a given name alone, in lower case, not among the
common ones, or one that is also a word where the words around say it is a name; ordinary words,
places and capitalised words after a kinship word kept."""

import pytest

from cityportal.monitor.privacy import scrub


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


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Chú Khởi bán bánh mì đầu hẻm bị phạt oan.",
            "Chú […] bán bánh mì đầu hẻm bị phạt oan.",
        ),
        (
            "Đường ngập cả tuần rồi. Cô Thắm tổ trưởng nói sẽ báo lên phường.",
            "Đường ngập cả tuần rồi. Cô […] tổ trưởng nói sẽ báo lên phường.",
        ),
        (
            "Nước ngập cả tuần rồi. Bác Dần gác cổng cũng than.",
            "Nước ngập cả tuần rồi. Bác […] gác cổng cũng than.",
        ),
        ("Khổ quá! Chị Lụa bán rau bị đuổi.", "Khổ quá! Chị […] bán rau bị đuổi."),
        ("Ai chịu? Anh Tèo chạy xe ôm bị mất xe.", "Ai chịu? Anh […] chạy xe ôm bị mất xe."),
        ("Kính gửi phường,\nChú Khởi bị phạt oan.", "Kính gửi phường,\nChú […] bị phạt oan."),
        ("“Chú Khởi bị phạt oan”, bà con kể.", "“Chú […] bị phạt oan”, bà con kể."),
        ("Bà con kể: Chú Khởi bị phạt oan.", "Bà con kể: Chú […] bị phạt oan."),
        ("Hỏi ai cũng lắc đầu. Chú Khởi.", "Hỏi ai cũng lắc đầu. Chú […]."),
        # Two syllables: "Kiệt" is also an alley in Huế and Đà Nẵng
        ("Anh Tuấn Kiệt ở hẻm 5 bị mất xe.", "Anh […] ở hẻm 5 bị mất xe."),
        ("hôm qua anh Tuấn Kiệt bị mất xe", "hôm qua anh […] bị mất xe"),
        ("nhờ anh Kiệt sửa điện", "nhờ anh […] sửa điện"),
        # Typed without diacritics, a common given name (Khôi) is told by its shape
        ("Chu Khoi ban banh mi bi phat oan.", "Chu […] ban banh mi bi phat oan."),
    ],
)
def test_a_given_name_after_a_kinship_word_that_begins_a_sentence_is_masked(written, masked):
    """ "Chú Khởi bán bánh mì": a kinship word capitalised as a sentence's first word read like
    one in a text that capitalises every word, and a given name not among the common ones after
    it came through whole; so did "Kiệt" (also an alley) of "anh Tuấn Kiệt"."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Chú ý: đường Lê Lợi cấm xe từ 20h.",
        "Cô đơn quá.",
        "Anh em mình góp tiền sửa cống.",
        "Bác sĩ khám rất kỹ.",
        "Em bé bị lạc ở chợ.",
        "Bà Rịa – Vũng Tàu giờ thuộc TP.HCM.",
        "Ông Tổ nghề may được thờ ở đây.",
        "Mưa lớn. Bà Điểm ngập nặng! Bà Chiểu kẹt xe.",
        "Ông Trời ơi! Ông Địa phù hộ.",
        "Cô Tô đẹp lắm.",  # an island: a family name alone
        "Bà Nà đông khách.",  # the hills near Đà Nẵng
        "Hết giờ. Bà Con Phản Ánh Nhiều",  # title case
        "Ông Phan Văn Mãi, Chủ tịch UBND Thành phố, yêu cầu.",
        "Chủ tịch UBND Thành phố Phan Văn Mãi chỉ đạo. Ông Mãi yêu cầu sửa.",
        "Giám đốc Sở Giao thông vận tải Trần Quang Khởi cho biết. Ông Khởi nói thêm.",
        "Ông Khởi, Chủ tịch UBND Phường 5, cho biết sẽ sửa.",
    ],
)
def test_ordinary_words_places_and_officials_after_a_kinship_word_that_begins_a_sentence_are_kept(
    text,
):
    assert scrub(text) == text


def test_a_given_name_after_a_sentence_start_is_kept_only_for_the_official_first_named():
    """ "Bà Khởi" after "Chủ tịch … Trần Văn Khởi" is someone else: an official is kept only
    as the man or woman first named (see test_privacy_officials)."""
    assert scrub("Chủ tịch UBND Quận 3 Trần Văn Khởi đến. Bà Khởi bán rau nói chưa.") == (
        "Chủ tịch UBND Quận 3 Trần Văn Khởi đến. Bà […] bán rau nói chưa."
    )


@pytest.mark.parametrize(
    "text",
    [
        "chu y an toan, co the bi phat",
        "anh em trong xom, chi co 2 nguoi",
        "bac si kham, em be khoc",
        "chu khoi benh roi, bac dan ky lam",  # "chú khỏi bệnh", "bác dặn": not Khởi nor Dần
    ],
)
def test_words_typed_in_lower_case_without_diacritics_after_a_kinship_word_are_kept(text):
    """Without diacritics every syllable of a given name is also a word ("khoi" is khỏi, "dan"
    dặn): a name there is told only by pairs news seldom write otherwise (see
    test_privacy_folded_names)."""
    assert scrub(text) == text


@pytest.mark.parametrize(
    "written, masked",
    [
        (
            "Anh Khởi Nguyên sửa xe đầu hẻm tính giá cắt cổ",
            "Anh […] sửa xe đầu hẻm tính giá cắt cổ",
        ),
        ("hôm qua chị Diệp Chi ở tổ 5 bị giật túi", "hôm qua chị […] ở tổ 5 bị giật túi"),
        ("nhờ chú Khởi Tâm sửa điện", "nhờ chú […] sửa điện"),  # a common given name second
        ("chị Thu Lụa bán rau ở chợ", "chị […] bán rau ở chợ"),  # or first
        ("bác Dần Hải gác cổng", "bác […] gác cổng"),
        ("bà Tư Lụa bán bánh canh", "bà […] bán bánh canh"),  # a birth order first
        ("hỏi anh Khởi Lụa thì biết", "hỏi anh […] thì biết"),  # neither a common one
        ("ông Khởi Nguyên nói hẻm ngập", "ông […] nói hẻm ngập"),
        (
            "Mất điện cả ngày. Chú Khởi Nguyên bán bánh mì cũng than.",
            "Mất điện cả ngày. Chú […] bán bánh mì cũng than.",
        ),
    ],
)
def test_a_two_syllable_given_name_not_among_the_common_ones_is_masked_whole(written, masked):
    """ "Anh Khởi Nguyên sửa xe": after a kinship word, a given name of two syllables, the first
    not among the common ones, came through whole (only "chị Lụa" alone was masked)."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "Chú Bộ Đội giúp dân chống lũ.",  # who someone is, as one word
        "Anh Thanh Niên tình nguyện dọn rác.",
        "Em Gái Mưa hay quá.",  # a song
        "Ông Ba Mươi về làng.",  # the tiger of folk tales
        "Anh Ngữ Quốc tế khai giảng lớp mới.",  # English
        "Bà Tám Chuyện là trang tin lá cải.",  # gossip
        "Anh Hùng Núp đánh Pháp.",  # a hero
        "chuyện bà Trưng Trắc đánh giặc",  # a person of history
        "Ông Ích Khiêm kẹt xe.",  # a street
        "Bà Thiên Hậu được thờ ở Chợ Lớn.",
        "Ông Khởi Nguyên, Giám đốc Sở Xây dựng, cho biết sẽ sửa.",  # an official
        "Chúc Anh Khởi Nguyên Vui",  # every word capitalised
        "Hôm qua Anh Khởi Nguyên đến",
    ],
)
def test_two_capitalised_words_after_a_kinship_word_that_are_no_name_are_kept(text):
    assert scrub(text) == text

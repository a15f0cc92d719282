"""A private person's full name that no word announces ("hôm qua Nguyễn Văn Tuấn ở tổ 5 bị mất
xe", a friend tagged in a comment) masked by its shape; streets named for people, places and
schools named for them, people of history, officials with their title and public figures with
their calling kept."""

import pytest

from cityportal.monitor.privacy import scrub


@pytest.mark.parametrize(
    "written, masked",
    [
        ("hôm qua Nguyễn Văn Tuấn ở tổ 5 bị mất xe", "hôm qua […] ở tổ 5 bị mất xe"),
        ("Trần Thị Hoa bán rau ở chợ Bến Thành bị đuổi", "[…] bán rau ở chợ Bến Thành bị đuổi"),
        ("Lê Thị Bích Hồng vô đây coi nè", "[…] vô đây coi nè"),  # a friend tagged
        ("gặp nguyễn văn tuấn ở chợ", "gặp […] ở chợ"),
        ("hom qua nguyen van tuan o to 5 bi mat xe", "hom qua […] o to 5 bi mat xe"),
        (
            "Phụ cấp nào không đóng BHXH? Võ Minh Khuê (quận 1) thắc mắc",
            "Phụ cấp nào không đóng BHXH? […] (quận 1) thắc mắc",
        ),
    ],
)
def test_a_full_name_that_nothing_announces_is_masked(written, masked):
    """Only names after "tôi là", "chị", "bác sĩ"… were read: a full name alone came through."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "kẹt xe Lê Văn Sỹ quá",  # a street named for a person, named bare
        "ngập ở nguyen van troi",
        "Huỳnh Tấn Phát ngập sâu sau mưa",
        "trường THPT Nguyễn Thị Minh Khai",
        "Trường Nguyễn Văn Cừ khai giảng",
        "đường Huỳnh Văn Bánh ngập",
        "Chủ tịch UBND TP Phan Văn Mãi cho biết",  # an official with their title
        "trao quà của Thủ tướng Chính phủ Nguyễn Xuân Phúc",
        "Phó Thống đốc Đào Minh Tú: các ngân hàng đang tìm khách",
        "Hoa hậu Đặng Thu Thảo đẹp mê hồn",  # a public figure by their calling
        "tay vợt Lý Hoàng Nam vào chung kết",
        "Đội Tuyển Nguyễn Văn Toàn Ghi Bàn",  # a title-case headline
        "NSNH từ thị trường, khi màu vàng nhuốm cánh đồng thì mùa thu hoạch",  # words
        "danh sách 230 sinh viên văn bằng 1",
    ],
)
def test_streets_schools_officials_public_figures_and_words_are_kept(text):
    assert scrub(text) == text


def test_a_street_after_a_house_number_keeps_its_name():
    assert scrub("nhà ở 12 Nguyễn Văn Trỗi") == "nhà ở [số nhà] Nguyễn Văn Trỗi"

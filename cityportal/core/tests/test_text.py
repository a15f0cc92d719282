import unicodedata

import pytest

from cityportal.core.text import fold, normalize, slugify_vi


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Thủ Đức", "thu duc"),
        ("Hồ Chí Minh", "ho chi minh"),
        ("ĐẠI HỘI", "dai hoi"),
        ("Nguyễn Thị Minh Khai", "nguyen thi minh khai"),
        ("hoà", "hoa"),
        ("hòa", "hoa"),
        ("thuỷ", "thuy"),
    ],
)
def test_fold_strips_every_diacritic_and_d_bar(text, folded):
    assert fold(text) == folded


def test_decomposed_input_normalises_to_composed():
    decomposed = unicodedata.normalize("NFD", "Thành phố")
    assert decomposed != "Thành phố"
    assert normalize(decomposed) == "Thành phố"
    assert fold(decomposed) == "thanh pho"


def test_slug_is_typeable_ascii():
    assert slugify_vi("Thành phố Thủ Đức: đô thị sáng tạo!") == "thanh-pho-thu-duc-do-thi-sang-tao"
    assert slugify_vi("???") == "bai-viet"
    assert len(slugify_vi("Đường " * 50, max_length=30)) <= 30

import unicodedata

import pytest

from cityportal.core.text import (
    canonical_tone,
    fold,
    fold_chars,
    has_diacritics,
    normalize,
    slugify_vi,
    words,
)


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


# Every Vietnamese vowel with every tone (none, huyền, sắc, hỏi, ngã, nặng), in both cases.
VOWELS = {"a": "aăâ", "e": "eê", "i": "i", "o": "oôơ", "u": "uư", "y": "y"}
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@pytest.mark.parametrize("base", sorted(VOWELS))
def test_fold_table_every_vowel_with_every_tone(base):
    for vowel in VOWELS[base]:
        for tone in TONES:
            letter = unicodedata.normalize("NFC", vowel + tone)
            assert len(letter) == 1, letter  # a precomposed letter exists for every pair
            assert fold(letter) == base, letter
            assert fold(letter.upper()) == base, letter.upper()
            assert fold(unicodedata.normalize("NFD", letter)) == base
    assert fold("đĐ") == "dd"


def test_both_tone_placements_are_one_word():
    assert words("Hoà bình") == words("Hòa bình") == ["hòa", "bình"]
    assert words("THUỶ LỢI") == words("thủy lợi") == ["thủy", "lợi"]
    assert words("hoè") == words("hòe") == ["hòe"]
    # Not the convention-dependent pairs: left alone.
    assert words("quý hoàng thuyền khoẻ") == ["quý", "hoàng", "thuyền", "khỏe"]
    assert canonical_tone("qúy") == "qúy"


def test_words_split_on_punctuation_and_never_keep_syntax():
    assert words('TP.HCM "NEAR" (x*) -y Đồng_Nai 😀 東京') == [
        "tp", "hcm", "near", "x", "y", "đồng", "nai", "東京",
    ]  # fmt: skip
    assert words(unicodedata.normalize("NFD", "Thủ Đức")) == ["thủ", "đức"]


def test_fold_chars_keeps_offsets():
    text = "Ủy ban nhân dân Thủ Đức"
    assert fold_chars(text) == "uy ban nhan dan thu duc"
    assert len(fold_chars(text)) == len(text)
    assert len(fold_chars(unicodedata.normalize("NFD", text))) == len(text)
    assert has_diacritics("Thủ") and not has_diacritics("thu DUC")

"""Word segmentation joins the syllables of a word and drops punctuation."""

from cityportal.nlp.tokenize import words


def test_multi_syllable_words_are_joined():
    found = words("Thành phố Hồ Chí Minh đang xây dựng thêm tuyến xe buýt, người dân rất vui mừng.")
    assert found[:4] == ["Thành_phố", "Hồ_Chí_Minh", "đang", "xây_dựng"]
    assert "vui_mừng" in found and "," not in found and "." not in found


def test_empty_and_odd_input():
    assert words("") == [] and words("   ") == [] and words("?!...") == []
    assert words(None) == []
    assert words("thành phố") == ["thành_phố"]
    # Decomposed input (some phones) gives the same words as composed input.
    import unicodedata

    text = "Ủy ban nhân dân quận"
    assert words(unicodedata.normalize("NFD", text)) == words(text)

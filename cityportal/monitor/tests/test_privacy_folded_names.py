"""A given name typed without diacritics after a kinship word typed so, in a post typed without
any ("anh tuan o quan 5"): masked where news name someone by that pair far more often than they
write the ordinary words it also spells (lexicon.FOLDED_CALLED, counted by bench/privacy.py);
kept where the next word makes it one of those words, after "các", "mấy", and for the pairs that
are as often speech ("chi hong biet" is chị hông biết)."""

import pytest

from cityportal.monitor.privacy import scrub


@pytest.mark.parametrize(
    "written, masked",
    [
        ("anh tuan o quan 5 sua xe gia re", "anh […] o quan 5 sua xe gia re"),
        ("hom qua chi thao ban rau bi giut tui", "hom qua chi […] ban rau bi giut tui"),
        ("Ong tuan noi hem ngap ca tuan", "Ong […] noi hem ngap ca tuan"),
        ("ba loan ban tap hoa dau hem than mat dien", "ba […] ban tap hoa dau hem than mat dien"),
        ("chi phuong o to 3 phan anh rac ton dong", "chi […] o to 3 phan anh rac ton dong"),
        ("nho ong nghia sua giup, cam on ong nghia", "nho ong […] sua giup, cam on ong […]"),
    ],
)
def test_a_given_name_typed_without_diacritics_after_a_kinship_word_is_masked(written, masked):
    """Typed on a phone, "anh tuan o quan 5" came through to the brief whole: no syllable
    without diacritics was taken for a name after a kinship word ("anh tuan" may be anh tuần)."""
    assert scrub(written) == masked


@pytest.mark.parametrize(
    "text",
    [
        "anh tuan sau ghe lai nhe",  # tuần sau: next week
        "co ba phuong an de chon",  # ba phương án: three options
        "ong tuan thu luat giao thong di",  # tuân thủ: obey
        "ong kim loai bi ri set",  # ống kim loại: a metal pipe
        "cac anh tuan tra di ngang hem",  # many people
        "chi hong biet hoi ai",  # hông: the South's không
        "ba mai ve que",  # mai: tomorrow
        "em an com chua",  # em ăn: never a pair of the list
        "ong tuan, giam doc so giao thong van tai, cho biet se sua",  # an official in office
        "Anh tuần sau ghé lại nhé",  # typed with diacritics
    ],
)
def test_ordinary_words_typed_without_diacritics_after_a_kinship_word_are_kept(text):
    assert scrub(text) == text


def test_a_folded_pair_is_read_only_where_the_text_around_is_typed_without_diacritics():
    """In a post typed with diacritics, "ong tuan" is not how its writer types "ông Tuấn": the
    folded pair says nothing there."""
    text = "Hôm qua nuôi ong tuan ra khỏi tổ hết"
    assert scrub(text) == text
    assert scrub("hom qua ong tuan noi hem ngap") == "hom qua ong […] noi hem ngap"

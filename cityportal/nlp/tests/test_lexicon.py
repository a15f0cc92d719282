"""Sentiment's lexicon block: hand-written polar words counted in the text as `mark_negation`
writes it, a negated word counting for the other side, folded spellings matched where a text is
typed without diacritics."""

import numpy as np

from cityportal.nlp import classifier, lexicon, reading


def hits(text: str) -> tuple[int, int]:
    """(positive, negative) hits, through the same views as the model's."""
    return lexicon.polarity(reading.mark_negation(reading.prepare(text)))


def test_polar_words_are_counted_longest_entry_first():
    assert hits("Thầy dạy tốt, rất nhiệt tình") == (2, 0)
    assert hits("đường ngập, kẹt xe cả buổi, bức xúc") == (0, 3)
    assert hits("thái độ tồi tệ") == (0, 1)  # one entry, not "tồi" and "tệ"
    assert hits("mở cửa lúc 7 giờ") == (0, 0)


def test_a_negated_word_counts_for_the_other_side():
    assert hits("chưa hài lòng") == (0, 1)
    assert hits("không còn ngập nữa, cảm ơn phường") == (2, 0)
    assert hits("cán bộ tận tình, không hề gây khó dễ") == (2, 0)
    # The scope ends at the contrast word: "nhiệt tình" after it is read as written.
    assert hits("giảng không hay lắm nhưng nhiệt tình") == (1, 0)
    assert hits("ko tốt") == (0, 1)  # chat spellings of the negators too
    # "không khí" (air) and "hết lòng" (wholeheartedly) are words, not negations.
    assert hits("không khí ô nhiễm, bụi bặm") == (0, 2)
    assert hits("cán bộ hết lòng, tận tình") == (1, 0)


def test_citizens_complaints_and_relief_said_without_a_polar_word():
    # A fault that lasts, stated plainly, and relief: the citizens' register the corpora lack.
    assert hits("Nộp hồ sơ từ tháng 8, hẹn 15 ngày, giờ vẫn chưa có") == (0, 1)
    assert hits("bao giờ mới xong hay để dân ăn bụi tới Tết?") == (0, 2)
    assert hits("cột điện nghiêng từ tháng trước") == (0, 1)
    assert hits("nộp online, khỏi phải chạy lên phường, tiện") == (2, 0)
    assert hits("ket xe hoai khong bot, bao gio moi xong") == (0, 3)


def test_an_entry_half_inside_a_negation_scope_is_not_read_as_either():
    # "chen lấn" split by the scope's end (five words): neither flipped nor counted as written.
    assert hits("không a b c d chen lấn") == (0, 0)
    assert hits("không a b c chen lấn") == (1, 0)


def test_folded_spellings_count_in_texts_typed_without_diacritics():
    assert hits("ket xe kinh khung qua, that vong") == (0, 3)
    assert hits("nhan vien nhiet tinh, rat hai long") == (2, 0)
    assert hits("khong con ngap nua") == (1, 0)
    # One-syllable words whose folded spelling is another common word are left out there
    # ("toi" is "tôi", "hoi" "hỏi"), and counted only with their diacritics.
    assert hits("toi hoi cho lam giay to") == (0, 0)
    assert hits("thái độ tồi, phòng hôi") == (0, 2)
    # So are phrases whose folded spelling is mostly another one: "nhung nhieu" is "nhưng
    # nhiều" far more often than "nhũng nhiễu", "mai khong" is "mai (tomorrow) không".
    assert hits("re nhung nhieu nguoi khong biet") == (0, 0)
    assert hits("mai khong di duoc") == (0, 0)
    assert hits("cán bộ nhũng nhiễu, chờ mãi không thấy") == (0, 2)
    # A text with diacritics is read by the diacritic spellings only.
    assert hits("thủ tục nhanh, hai long") == (0, 0)


def test_every_entry_kept_from_folded_matching_is_an_entry():
    # A misspelt or dropped entry left in NOT_FOLDED would silently guard nothing.
    entries = {
        entry
        for text in (lexicon.NEGATIVE, lexicon.POSITIVE, lexicon.NEUTRAL)
        for entry in lexicon._entries(text)
    }
    assert set(lexicon._entries(lexicon.NOT_FOLDED)) <= entries
    assert ("nhung", "nhieu") not in lexicon.TABLES[True]


def test_phrases_naming_a_plain_thing_are_not_counted():
    assert hits("dự án chống ngập đang thi công") == (0, 0)
    assert hits("du an chong ngap dang thi cong") == (0, 0)


def test_the_block_holds_log_counts_scaled_by_the_recipe_not_normalised():
    spec = classifier._lexicon("negated", 2.0)
    texts = ["tốt, nhiệt tình, hài lòng", "ngập", "", None]
    (block,) = classifier.feature_blocks(texts, [spec])
    assert block.shape == (4, 2)
    expected = np.log1p([[3, 0], [0, 1], [0, 0], [0, 0]])
    np.testing.assert_allclose(block.toarray(), expected, rtol=1e-6)
    weighed = classifier.weigh([block], idf=np.full(2, 5.0, np.float32), features=[spec])
    np.testing.assert_allclose(weighed.toarray(), 2 * expected, rtol=1e-6)

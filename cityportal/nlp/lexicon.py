"""A small Vietnamese polarity lexicon, read as a feature block of sentiment's (two columns: how
many positive and negative words a text holds, `classifier.RECIPES`).

Source: hand-written for this project (CityPortal, 2026-11-28; 2026-11-29 the phrases of a
complaint that lasts or a wait, "vẫn chưa", "bao giờ mới", "phải chờ", and of relief, "đỡ",
"khỏi phải", "tiện"), not taken from any published lexicon. Two kinds of words: general ones that the training corpora (students' feedback, product
reviews, social posts) use often ("tệ", "hài lòng", "nhiệt tình"), from which the linear experts
learn one weight per column; and words of citizens' complaints and praise that those corpora
hardly use ("ngập", "kẹt xe", "nhũng nhiễu", "thông thoáng"), which share that weight. A word
in a negation's scope (`reading.mark_negation`'s "neg_" prefix) counts for the other side:
"không còn ngập" is a positive hit, "chưa hài lòng" a negative one.

Texts typed without any diacritic are matched against the entries' folded spellings ("ket xe",
"hai long"); an entry whose folded spelling is mostly another word ("hôi" → "hoi", as "hỏi";
"nhũng nhiễu" → "nhung nhieu", as "nhưng nhiều") is matched only with its diacritics.
"""

import re

import numpy as np

from cityportal.core.text import fold

NEGATIVE = """
tệ | tệ hại | tồi | tồi tệ | kém | yếu kém | kém chất lượng | dở | chán | chán nản | nhàm chán |
thất vọng | bực | bực mình | bực bội | khó chịu | bức xúc | bức bối | ức chế | phẫn nộ | tức giận |
phàn nàn | than phiền | than thở | kêu ca | chê | buồn | lo lắng | lo ngại | sợ | hoang mang |
khổ | khổ sở | vất vả | mệt | mệt mỏi | nản | chậm | chậm trễ | chậm chạp | trễ | trễ hẹn |
hư | hư hỏng | hỏng | lỗi | sai | sai sót | sai phép | trái phép | kinh khủng | khủng khiếp |
tồi tàn | xấu | bẩn | dơ | hôi | hôi thối | bốc mùi | ồn | ồn ào | đắt | đắt đỏ | chặt chém |
phiền | phiền phức | phiền hà | bất tiện | bất cập | bất công | vô lý | khó khăn | khó hiểu |
khó nghe | khó dễ | gây khó | làm khó | rườm rà | đùn đẩy | nhũng nhiễu | hách dịch | quan liêu |
cửa quyền | thờ ơ | vô cảm | vô trách nhiệm | tắc trách | cẩu thả | qua loa | lãng phí |
thất thoát | tham nhũng | tiêu cực | gian lận | lừa đảo | lừa | ăn chặn | vòi vĩnh | bôi trơn |
nguy hiểm | tai nạn | thiệt hại | nghiêm trọng | trầm trọng | nhức nhối | bế tắc | đình trệ |
bỏ dở | bỏ hoang | xuống cấp | ổ gà | ổ voi | sụt lún | sạt lở | ngập | ngập úng | ngập lụt |
úng | thành sông | chết máy | ùn tắc | tắc đường | tắc nghẽn | kẹt xe | kẹt cứng | quá tải |
chen lấn | lấn chiếm | ô nhiễm | bụi bặm | mù mịt | bừa bãi | nhếch nhác | lộn xộn | mất trật tự |
mất điện | mất nước | trộm | cướp | giật đồ | ế ẩm | thất nghiệp | tuỳ tiện | tùy tiện |
vẫn chưa | vẫn không | vẫn y nguyên | y nguyên | vẫn như cũ | mãi không | mãi chưa | hoài không |
bao giờ mới | khi nào mới | chừng nào mới | tới giờ vẫn | đến nay vẫn | lần nào cũng | chờ mãi |
đợi mãi | phải chờ | phải xếp hàng | té | té xe | té ngã | gãy | bể | vỡ | sập | nứt | rò rỉ |
nghiêng | đông nghẹt | chật chội | chật kín | thưa thớt | vắng tanh | bỏ trống | ăn bụi | mùi khét |
khét | cáu gắt | gắt gỏng | quát | làm lơ | ngó lơ | phớt lờ | làm ngơ | im luôn | tăng giá |
tăng vọt | đội giá | cắt cổ | oan | phạt oan | ế | cực khổ | mỏi | tốn | tốn kém | chịu trận |
chịu cảnh | khốn khổ | dự án treo | quy hoạch treo | sự cố | ngộ độc | hỏa hoạn | cháy nổ
"""

POSITIVE = """
tốt | rất tốt | tuyệt | tuyệt vời | xuất sắc | hài lòng | ưng ý | vui | vui vẻ | mừng | phấn khởi |
hạnh phúc | thích | yêu thích | khen | đáng khen | hoan nghênh | cảm ơn | cám ơn | biết ơn |
cảm kích | ấn tượng | nhiệt tình | tận tình | tận tâm | chu đáo | tâm huyết | chuyên nghiệp |
thân thiện | lịch sự | niềm nở | hòa nhã | hoà nhã | dễ thương | dễ hiểu | dễ chịu | dễ dàng |
nhanh chóng | nhanh gọn | kịp thời | đúng hẹn | đúng giờ | dứt điểm | hiệu quả | hữu ích |
bổ ích | thuận tiện | tiện lợi | thuận lợi | suôn sẻ | hợp lý | minh bạch | an toàn | yên tâm |
tin tưởng | sạch sẽ | sạch đẹp | xanh sạch | gọn gàng | ngăn nắp | thông thoáng | thoáng mát |
mát mẻ | khang trang | rộng rãi | bằng phẳng | hiện đại | văn minh | đẹp | tiến bộ | cải thiện |
ủng hộ | tuyệt hảo | chỉn chu |
tiện | rất tiện | đỡ | thoải mái | mát | mát rượi | nhân văn | quy củ | ổn | ổn hẳn | trơn tru |
êm | rõ ràng | nhẹ nhõm | an tâm | yên ổn | trong lành | thông xe | hoàn thành |
khỏi phải | khỏi cần | cuối cùng cũng | sạch | sạch hẳn | tử tế | đàng hoàng | kỹ lưỡng |
nhanh nhẹn | sáng sủa
"""

# Phrases that hold a polar word but name a plain thing ("dự án chống ngập"): matched so that
# their words are not counted.
NEUTRAL = """
chống ngập | chống ùn tắc | chống kẹt xe | chống ô nhiễm | chống tham nhũng | chống trộm |
phòng chống
"""

# Entries matched only with their diacritics: folded, each is mostly another word or phrase.
# The one-syllable ones and "phải chờ" ("phải cho"), "mãi không" ("mai không", tomorrow) were
# written so; the phrases below them were counted (2026-11-29): at most 60 % of their folded
# spelling's occurrences, in 6,000 news articles and 16,000 feedback and social sentences typed
# with diacritics, are the entry ("nhung nhieu" is mostly "nhưng nhiều", "bo do" "bộ đồ"), and
# the other reading does not share its sign ("lam kho" is "làm khó" or "làm khổ": kept). Kept
# too: "lich su", "lịch sử" in news but "lịch sự" (polite) in citizens' posts about staff.
NOT_FOLDED = """
tệ | tồi | kém | dở | chán | bực | chê | buồn | sợ | khổ | mệt | nản | chậm | trễ | hư | hỏng | lỗi |
xấu | bẩn | dơ | hôi | ồn | đắt | phiền | úng | lừa | trộm | cướp | té | gãy | bể | vỡ | sập | nứt |
quát | khét | ế | mỏi | tốn | tiện | đỡ | mát | ổn | êm | sạch | mừng |
phải chờ | mãi không | mãi chưa | chờ mãi |
khổ sở | tồi tàn | đắt đỏ | khó dễ | nhũng nhiễu | cửa quyền | vô cảm | ăn chặn | bỏ dở | ổ voi |
quá tải | mất nước | y nguyên | bỏ trống | làm lơ | đội giá | cắt cổ | chịu trận | thờ ơ |
hoà nhã | hòa nhã | an tâm | thông xe | khỏi cần
"""

LONGEST = 3  # syllables in the longest entry
_NEG = "neg_"
_WORD = re.compile(r"\w+")
# Any Latin letter with a diacritic (and đ): a text with none is read by the folded spellings.
_DIACRITIC = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


def _entries(text: str) -> list[tuple[str, ...]]:
    return [tuple(e.split()) for e in (p.strip() for p in text.split("|")) if e]


def _table(folded: bool) -> dict[tuple[str, ...], int]:
    """Entry (its syllables) → +1 positive, -1 negative, 0 neither, in diacritic or folded
    spelling."""
    table, not_folded = {}, set(_entries(NOT_FOLDED))
    for sign, text in ((-1, NEGATIVE), (1, POSITIVE), (0, NEUTRAL)):
        for entry in _entries(text):
            if folded:
                if entry in not_folded:
                    continue
                entry = tuple(fold(w) for w in entry)
            table[entry] = sign
    return table


TABLES = {False: _table(False), True: _table(True)}
# The words an entry starts with, plain or in a negation's scope: most words are neither, and
# are passed over with one look-up.
STARTS = {
    folded: frozenset(w for e in table for w in (e[0], _NEG + e[0]))
    for folded, table in TABLES.items()
}
assert max(len(e) for e in TABLES[False]) == LONGEST


def polarity(negated_text: str) -> tuple[int, int]:
    """(positive hits, negative hits) in a text as `mark_negation` writes it, longest entries
    first, each word counted once; a hit whose words are in a negation's scope counts for the
    other side."""
    words = _WORD.findall(negated_text)
    folded = _DIACRITIC.search(negated_text) is None  # typed without diacritics
    table, starts = TABLES[folded], STARTS[folded]
    positive = negative = 0
    i, n = 0, len(words)
    while i < n:
        if words[i] not in starts:
            i += 1
            continue
        negated = words[i].startswith(_NEG)
        size = 0
        for length in range(min(LONGEST, n - i), 0, -1):
            span = words[i : i + length]
            # An entry counts as written only if its words are all inside the scope or all out.
            if negated:
                if not all(w.startswith(_NEG) for w in span):
                    continue
                span = [w[len(_NEG) :] for w in span]
            elif any(w.startswith(_NEG) for w in span):
                continue
            sign = table.get(tuple(span))
            if sign is not None:
                size = length
                break
        if not size:
            i += 1
            continue
        if sign:
            if (sign > 0) != negated:
                positive += 1
            else:
                negative += 1
        i += size
    return positive, negative


def block(negated_texts: list[str]):
    """A sparse matrix (texts × 2): log(1 + positive hits), log(1 + negative hits)."""
    from scipy import sparse

    counts = np.array([polarity(t) for t in negated_texts], np.float32).reshape(-1, 2)
    return sparse.csr_matrix(np.log1p(counts))

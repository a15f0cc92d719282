"""How the classifier reads a text before hashing it: prepared (`prepare`), its negation scope
marked (`mark_negation`), and each view of a batch computed once (`view`). The lexicon, the word
vectors and the weak news labels read texts the same way."""

import re

from cityportal.core.text import URL, fold, normalize

_REPEAT = re.compile(r"(.)\1{2,}")  # "quáaaaa" → "quáa"
_SPACE = re.compile(r"\s+")


def prepare(text: str) -> str:
    """NFC, lower case, links replaced, letters repeated for emphasis cut to two, one space."""
    text = URL.sub(" url ", normalize(text).lower())
    return _SPACE.sub(" ", _REPEAT.sub(r"\1\1", text)).strip()


# Negators, chat spellings included, and the words that end a negation's scope besides
# punctuation: "nhưng", "mà", "tuy nhiên" start a clause of its own.
NEGATORS = frozenset(
    "không chẳng chả chưa đừng chớ hết thiếu ko k hok hông kg khong kh chua".split()
)
CONTRAST = frozenset(("nhưng", "mà", "nhung", "tuy"))
# Words that begin with a negator's syllable but negate nothing: "không khí" (air), "hết lòng"
# (wholeheartedly), "thiếu nhi" (children). Without these, "không khí ô nhiễm" read as praise.
NOT_NEGATING = {
    "không": frozenset("gian khí quân phận trung lưu".split()),
    "khong": frozenset("gian khi quan phan trung luu".split()),
    "hết": frozenset("sức lòng mình".split()),
    "thiếu": frozenset("nhi niên tá tướng úy uý nữ".split()),
    "chả": frozenset("giò cá lụa".split()),
}
NEGATION_SCOPE = 5  # words marked after a negator: chosen out of fold (sentiment's model card)
_TOKEN = re.compile(r"\w+|[^\w\s]")
_NEGATOR = re.compile(r"(?<!\w)(?:" + "|".join(sorted(NEGATORS)) + r")(?!\w)")


def mark_negation(prepared: str) -> str:
    """The prepared text with the words a negator flips prefixed "neg_" (up to NEGATION_SCOPE of
    them, until punctuation or a contrast word): "không còn ngập nữa, cảm ơn" → "không neg_còn
    neg_ngập neg_nữa , cảm ơn", so "neg_hài neg_lòng" is a feature of its own."""
    if not _NEGATOR.search(prepared):  # most texts have no negator: kept as they are
        return prepared
    out, left = [], 0
    tokens = _TOKEN.findall(prepared)
    for i, token in enumerate(tokens):
        if not token[0].isalnum() or token in CONTRAST:
            left = 0
        elif token in NEGATORS:
            after = tokens[i + 1] if i + 1 < len(tokens) else ""
            if after not in NOT_NEGATING.get(token, ()):
                left = NEGATION_SCOPE
        elif left > 0:
            token, left = "neg_" + token, left - 1
        out.append(token)
    return " ".join(out)


# Each view is computed once per batch; "folded" and "negated" start from "text".
VIEWS = {
    "text": (None, prepare),
    "folded": ("text", fold),  # abuse and chat are often typed without accents
    "negated": ("text", mark_negation),  # sentiment's words, negation scope marked
}
# Views that leave most texts as they are (`_hashed` reuses one's block for the other).
SIMILAR = {"negated": ("text",), "text": ("negated",)}


def view(name: str, texts: list[str], shared: dict) -> list[str]:
    """Every text seen through view `name`, computed once per batch (kept in `shared`)."""
    key = ("view", name)
    if key not in shared:
        source, function = VIEWS[name]
        inputs = texts if source is None else view(source, texts, shared)
        shared[key] = [function(text) for text in inputs]
    return shared[key]


def as_texts(texts) -> list[str]:
    """None (a post with no text) read as the empty text."""
    return [t if isinstance(t, str) else "" for t in texts]

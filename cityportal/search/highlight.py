"""Marking the reader's words in titles and snippets. Matching is done on folded text, so "thu
duc" marks "Thủ Đức"; `fold_chars` keeps offsets, so the marks land on the original letters."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cityportal.core.text import fold, fold_chars, normalize

_WORD = re.compile(r"[^\W_]+")


def query_phrases(query) -> list[tuple[str, ...]]:
    """Every alternative of every clause, folded, longest first: a synonym like "thành phố thủ
    đức" is marked only where the whole name appears, not wherever "thành" does."""
    phrases = {
        tuple(fold(w) for w in alternative)
        for clause in query.clauses
        for alternative in clause.alternatives
    }
    return sorted(phrases, key=len, reverse=True)


def _spans(text: str, phrases) -> list[tuple[int, int]]:
    found = list(_WORD.finditer(fold_chars(text)))
    folded = [m.group() for m in found]
    spans, i = [], 0
    while i < len(found):
        for phrase in phrases:
            if tuple(folded[i : i + len(phrase)]) == phrase:
                spans += [m.span() for m in found[i : i + len(phrase)]]
                i += len(phrase)
                break
        else:
            i += 1
    return spans


def _mark(text: str, spans) -> SafeString:
    out, position = [], 0
    for start, end in spans:
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def highlight(text: str, query) -> SafeString:
    text = normalize(text)
    return _mark(text, _spans(text, query_phrases(query)))


def snippet(texts: list[str], query, length: int = 240) -> SafeString:
    """About `length` characters around the first of the reader's words in the first text that
    has one (lead, then body), with every such word marked."""
    targets = query_phrases(query)
    texts = [normalize(t) for t in texts if t]
    for text in texts:
        spans = _spans(text, targets)
        if spans:
            break
    else:
        return mark_safe(escape(_clip(texts[0], 0, length))) if texts else mark_safe("")
    first = spans[0][0]
    start = 0 if first < length // 3 else text.rfind(" ", 0, first - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text):
        end = text.rfind(" ", start, end) if " " in text[start:end] else end
    inside = [(s - start, e - start) for s, e in spans if s >= start and e <= end]
    marked = _mark(text[start:end], inside)
    return mark_safe(("… " if start else "") + marked + (" …" if end < len(text) else ""))


def _clip(text: str, start: int, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text.rfind(" ", start, start + length)
    return text[start : cut if cut > start else start + length] + " …"

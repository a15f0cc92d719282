"""Marking the reader's words in titles and snippets. Matching is done on folded text, so "thu
duc" marks "Thủ Đức"; `fold_chars` keeps offsets, so the marks land on the original letters."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cityportal.core.text import fold, fold_chars, normalize


def pattern(query) -> re.Pattern | None:
    """Every alternative of every clause, folded, as whole words, longest first: a synonym like
    "thành phố thủ đức" is marked only where the whole name appears, not wherever "thành" does."""
    phrases = {
        tuple(fold(w) for w in alternative)
        for clause in query.clauses
        for alternative in clause.alternatives
    }
    if not phrases:
        return None
    alternatives = sorted(
        (r"[\W_]+".join(re.escape(w) for w in p) for p in phrases), key=len, reverse=True
    )
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _mark(text: str, spans) -> SafeString:
    out, position = [], 0
    for start, end in spans:
        out += [escape(text[position:start]), "<mark>", escape(text[start:end]), "</mark>"]
        position = end
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def highlight(text: str, query) -> SafeString:
    text = normalize(text)
    found = pattern(query)
    spans = [m.span() for m in found.finditer(fold_chars(text))] if found else []
    return _mark(text, spans)


def snippet(texts: list[str], query, length: int = 240) -> SafeString:
    """About `length` characters around the first of the reader's words in the first text that
    has one (lead, then body), with every such word marked."""
    found = pattern(query)
    texts = [normalize(t) for t in texts if t]
    for text in texts:
        at = _first_match(text, found) if found else None
        if at is not None:
            break
    else:
        return mark_safe(escape(_clip(texts[0], length))) if texts else mark_safe("")
    start = 0 if at < length // 3 else text.rfind(" ", 0, at - length // 4) + 1
    end = min(len(text), start + length)
    if end < len(text) and " " in text[start:end]:
        end = text.rfind(" ", start, end)
    part = text[start:end]
    marked = _mark(part, [m.span() for m in found.finditer(fold_chars(part))])
    return mark_safe(("… " if start else "") + marked + (" …" if end < len(text) else ""))


def _first_match(text: str, found: re.Pattern, chunk: int = 2000) -> int | None:
    """Where the first match starts, folding only as far as needed: bodies run to 20,000
    characters, and the reader's words are usually near the top."""
    for offset in range(0, len(text), chunk):
        # Overlap the next chunk so a name across the boundary is still found.
        match = found.search(fold_chars(text[offset : offset + chunk + 100]))
        if match and match.start() < chunk:
            return offset + match.start()
    return None


def _clip(text: str, length: int) -> str:
    if len(text) <= length:
        return text
    cut = text.rfind(" ", 0, length)
    return text[: cut if cut > 0 else length] + " …"

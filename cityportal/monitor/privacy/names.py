"""Private people's names in citizens' posts, found without a fetched NER model."""

import re

from cityportal.core.text import fold, has_diacritics

from .lexicon import (
    ADVERBS,
    BIRTH_ORDER,
    CALLINGS,
    CLEAR_FAMILY,
    FAMILY,
    FOLDED_CALLED,
    FOLDED_ORDINARY,
    GIVEN,
    INTRODUCING,
    KIN,
    KIN_EXACT,
    KIN_PLACES,
    KIN_WORDS,
    LOWER_FAMILY,
    LOWER_GIVEN,
    MAN_OR_WOMAN,
    MANY,
    MIDDLE,
    NAME_SIGNS,
    NAMING,
    NOT_CALLED,
    NOT_PEOPLE,
    OFFICE_HONORIFICS,
    ORDINARY_AFTER,
    OWNERS,
    PLACE_WORDS,
    PREDICATES,
    PUBLIC,
    RELATIVES,
    SECOND,
    STOP,
    SUBJECT_SIGNS,
    WORDLIKE_NAMES,
    listed,
)
from .officials import in_office, official_named_before
from .places import begins_with_place, name_before_place

# Private people's names. No NER model may be fetched, so a name is found by what announces it
# (a self-introduction, a kinship word or honorific) and by its shape (a common family name
# first, or every syllable a common name syllable); see _name_length and scrub.
MASKED_NAME = "[…]"


def _loose(phrase: str) -> str:
    """A phrase as a pattern that also matches it typed without diacritics."""
    return r"[ \t]+".join(
        "".join(c if fold(c) == c else f"[{c}{fold(c)}]" for c in word) for word in phrase.split()
    )


def _either(phrases: list[str], loose: bool = True) -> str:
    phrases = sorted(phrases, key=len, reverse=True)  # "tôi tên là" before "tôi tên"
    return "|".join(_loose(p) if loose else r"[ \t]+".join(p.split()) for p in phrases)


_TRIGGER = re.compile(
    rf"(?<!\w)(?:(?P<naming>{_either(NAMING)})|(?P<introducing>{_either(INTRODUCING)})"
    rf"|(?P<relative>(?:{_either(RELATIVES)})[ \t]+(?:{_either(OWNERS)}))"
    rf"|(?P<calling>{_either(CALLINGS)})"  # before "bác": "bác sĩ" is a calling
    rf"|(?P<kin>{_either(KIN_EXACT.split('|'), loose=False)}|{_either(KIN)}))(?!\w)"
    # A reader's signature, as question columns print it: "…không? – Nguyễn Tuấn Khang (…)".
    r"|(?P<signed>(?:^|(?<=[.?!…]))[ \t]*[–—-](?=[ \t]))",
    re.I | re.M,
)
_AFTER = {
    "naming": re.compile(r"[ \t]*[:\-–]?[ \t]*"),
    "introducing": re.compile(r"[ \t]+"),
    "relative": re.compile(
        rf"[ \t]*,?[ \t]*(?:{_loose('là')}[ \t]+)?"
        rf"(?:(?P<named>{_loose('tên')})(?:[ \t]+{_loose('là')})?[ \t]*:?[ \t]*)?",
        re.I,
    ),
    "kin": re.compile(r"[ \t]+"),
    "calling": re.compile(r"[ \t]+"),
    "signed": re.compile(r"[ \t]+"),
}
_WORD = re.compile(r"[^\W\d_]+")
_RUN = re.compile(r"[^\W\d_]+(?:[ \t]+[^\W\d_]+){0,4}")
# A place word ends a name in capitals, but for one that is also a name syllable ("anh Tuấn
# Kiệt"; "kiệt" is an alley in Huế and Đà Nẵng).
_ENDS_NAME = STOP - GIVEN[0]
_CLOSED = re.compile(r"[ \t]*(?:[,.;:!?)…\n]|$)")
_SIGNATURE_END = re.compile(r"[ \t]*(?:[(,.;\n]|$)")
# Before a kinship word, a place or business named for someone ("đường Bà Huyện Thanh Quan",
# "12 Bà Lê Chân"); not a number that ends a sentence ("ngày 27-12. Ông Cường …").
_PLACE_BEFORE = re.compile(
    rf"(?:^|[^\w])(?:{_either(PLACE_WORDS, loose=False)}|\d(?:[\w/.\-]*[\w/\-])?)[ \t]*$",
    re.I,
)


def _known(words: list[str], known: frozenset[str]) -> bool:
    folded = [fold(w) for w in words]
    return any(" ".join(folded[:n]) in known for n in range(1, len(folded) + 1))


def _name_length(words: list[str], mode: str, closed: bool, addressed: bool = True) -> int:
    """How many of the words after a trigger are a private person's name (0: none).

    In capitals: up to four syllables, not a place word or abbreviation; after "tên" any of
    them, after "tôi là" or a kinship word two or more that start with a family name or are
    all common name syllables ("tôi là Người dân Quận 1" is no name), after "tôi là" one
    common given name that ends the clause ("Tôi là Hoa, …"), and after a kinship word a given
    name or what the South calls by birth order alone ("chị Lan", "chú Ba", "cô Sáu Mai"): the
    capital tells it from the ordinary words that follow one ("anh em", "chị ấy", "bà con").
    In lower case (typed on a phone): a family name and common name syllables after it ("toi
    la nguyen van an"; a family name that is also another word, "le", "ho", "to", only with a
    middle name after it), after a kinship word only with "văn" or "thị" second; after "tên" a
    given name alone will do."""
    if words[0][0].isupper():
        name = []
        for word in words[:4]:
            acronym = word.isupper() and len(word) > 1 and word.isascii()
            if not word[0].isupper() or word.lower() in _ENDS_NAME:
                break
            if acronym and not (listed(word, FAMILY) or listed(word, GIVEN)):
                break
            name.append(word)
        # People of history whole, not as far as a place word in their name ("Võ Văn Kiệt")
        if not name or _known(words[:4], PUBLIC):
            return 0
        if mode == "naming":
            return len(name)
        if mode == "signed":  # a full name, family name first, and nothing else
            return len(name) if len(name) >= 2 and listed(name[0], FAMILY) else 0
        if begins_with_place(name):
            return 0
        shaped = listed(name[0], FAMILY) or all(listed(w, GIVEN) for w in name)
        if len(name) >= 2 and shaped:
            return len(name)
        if mode == "kin":  # in title case, not capitals: "BA GIA NAY" is "bà già nay"
            called = all(
                w[1:].islower() and (listed(w, GIVEN) or listed(w, BIRTH_ORDER)) for w in name
            )
            return len(name) if called and addressed else 0
        alone = mode == "introducing" and closed and len(name) == 1
        return 1 if alone and listed(name[0], GIVEN) else 0
    if mode == "signed":  # signatures are written in capitals
        return 0
    first_ok = listed(words[0], FAMILY) or (mode == "naming" and listed(words[0], GIVEN))
    if not first_ok:
        return 0
    n = 1
    while n < min(4, len(words)) and words[n].islower() and listed(words[n], GIVEN):
        n += 1
    if _known(words[:n], PUBLIC) or (mode != "naming" and begins_with_place(words[:n])):
        return 0
    if mode == "naming":
        return n
    # Typed without diacritics "ho", "to", "le" are also "họ", "tổ", "lễ": "toi la to dan pho".
    clear = not words[0].isascii() or fold(words[0]) in CLEAR_FAMILY
    middle = n >= 3 and fold(words[1]) in MIDDLE
    honorific = mode in ("kin", "calling")
    if honorific and fold(words[1] if n > 1 else "") not in MAN_OR_WOMAN:
        return 0
    return n if (middle or (clear and n >= 2 and not honorific)) else 0


def _public_or_place(text: str, start: int, end: int, title_before: bool = True) -> bool:
    """A kinship word that is part of a place's or business's name, or an official named in
    their public role (a title just before, if `title_before`, or just after the name)."""
    if _PLACE_BEFORE.search(text[max(0, start - 25) : start]):
        return True
    if text[start].isupper() and _known(fold(text[start:end]).split(), KIN_PLACES):
        return True
    return in_office(text, start, end, title_before)


_UNACCENTED_KIN = frozenset(fold(k) for k in KIN) - frozenset(KIN)  # "ong", "chi", "co"…


def _addressing(text: str, kin: re.Match, given: str, done: int) -> tuple[bool, int | None]:
    """Whether a kinship word announces a given name alone after it, and where a full name it
    stands inside begins (its family name), if it does.

    Not when it is a name's middle syllable after another ("Việt Nam Anh Hùng"), nor typed
    without its diacritics before a name typed with them ("phải chi Nhật" is "if only Japan",
    "chi" no "chị"), nor before a nickname that is no one's ("cô Vy")."""
    if fold(f"{kin[0]} {given}") in NOT_PEOPLE:
        return False, None
    if kin[0].lower() in _UNACCENTED_KIN and not given.isascii():
        return False, None
    if not kin[0][0].isupper():
        return True, None
    names, at = [], kin.start()  # the capitalised words just before it, nearest first
    for word in reversed(list(_WORD.finditer(text, max(done, at - 60), at))):
        title = word[0][0].isupper() and word[0][1:].islower()
        if not title or word.end() == at or text[word.end() : at].strip(" \t"):
            break
        names.append(word)
        at = word.start()
    families = [w for w in names if listed(w[0], FAMILY)]
    if families:  # "Đoàn Anh Thư", "Nguyễn Hoàng Anh Tú": all of it a name
        return True, families[-1].start()
    return not (names and (listed(names[0][0], GIVEN) or listed(names[0][0], BIRTH_ORDER))), None


def _many(before: str, kin: str) -> bool:
    """Whether the word before a kinship word makes it many people or a word of its own."""
    return before.lower() in MANY or f"{before} {kin}".lower() == "con cháu"


def _given_in_lower_case(text: str, kin: re.Match, words: list[str]) -> int:
    """How many of the lower-case words after a kinship word are a given name ("chị lan", "cô
    minh hiếu"): a name syllable seldom an ordinary word there, nor one with the next word,
    after a kinship word typed with its diacritics ("chi", "co", "ong" are also other words)
    that stands for one person ("mấy anh", "các chị") and is no name's middle ("bùi anh
    tuấn"). Typed without diacritics ("lan", "hoa") only in text typed with them: "anh tuan"
    may be "anh tuần"."""
    if kin[0].lower() in _UNACCENTED_KIN or kin[0].lower() not in KIN:
        return 0
    name = []
    for i, word in enumerate(words[:2]):
        after = words[i + 1].lower() if i + 1 < len(words) else ""
        if f"{word.lower()} {after}" in ORDINARY_AFTER:
            break
        # Second, also what is seldom a name alone ("chị hương giang") or capitalised ("cô minh Hiếu")
        second = i and (word in SECOND or (word[0].isupper() and listed(word, GIVEN)))
        if not (word in LOWER_GIVEN or second):
            break
        name.append(word)
    if not name and _called_by_name(text, kin, words):
        name = words[:1]
    if not name or f"{kin[0].lower()} {name[0]}" in KIN_WORDS:
        return 0
    before = _WORD.findall(text, max(0, kin.start() - 30), kin.start())
    if before and text[kin.start() - 1] in " \t":
        word = before[-1]
        if _many(word, kin[0]) or word in LOWER_FAMILY:
            return 0
        if word[0].isupper() and (listed(word, FAMILY) or listed(word, GIVEN)):
            return 0  # "Quỳnh Anh thế"
    if begins_with_place(words[: len(name) + 1]):  # "anh hà nội", "em bình dương"
        return 0
    # Typed without diacritics, a name is told from a word by the words next to it: "anh lan ky
    # qua nhe" is "anh lần kỳ quá nhé", "cô lan của mình" a name.
    around = words[len(name) : len(name) + 2] or before[-2:]
    if all(w.isascii() for w in name) and not has_diacritics(" ".join(around)):
        return 0
    return len(name)


_ORDINARY_AFTER_FOLDED = frozenset(fold(pair) for pair in ORDINARY_AFTER)
_MANY_FOLDED = frozenset(fold(word) for word in MANY)


def _given_typed_folded(text: str, kin: re.Match, words: list[str]) -> int:
    """1 for a given name typed without diacritics after a kinship word typed so, in a stretch
    of text with none ("anh tuan o quan 5 sua xe", "chi thao ban rau"): only a pair that news
    name someone by most of the time (FOLDED_CALLED), not the first syllable of a word ("ba
    phuong an", "ong phuong hoang") or a place ("ong ha noi"), not after "cac", "may" (many
    people) or a family name (a full name's middle, "nguyen anh tuan")."""
    word = words[0]
    said = kin[0].lower() if _starts_sentence(text, kin.start()) else kin[0]
    if not (said.islower() and word.islower() and f"{said} {word}" in FOLDED_CALLED):
        return 0
    end = text.index(word, kin.end()) + len(word)
    if has_diacritics(text[max(0, kin.start() - 40) : end + 40]):
        return 0
    pair = " ".join(words[:2])
    if (
        pair in FOLDED_ORDINARY
        or fold(pair) in _ORDINARY_AFTER_FOLDED
        or begins_with_place(words[:2])
    ):
        return 0
    before = _WORD.findall(text, max(0, kin.start() - 30), kin.start())
    if before and (before[-1].lower() in _MANY_FOLDED or listed(before[-1], FAMILY)):
        return 0
    return 1


def _called_by_name(text: str, kin: re.Match, words: list[str]) -> bool:
    """Whether a name syllable that is also a common word, typed in lower case after a kinship
    word, is a name there ("chị mai ơi", "anh nam ở quận 3", "chị phương, tổ trưởng"): followed
    by what follows a name and seldom that word (see NAME_SIGNS), and read as a word of its own
    by the word segmenter, not one with the kinship word ("anh hùng", "trẻ em nam") nor with the
    next syllable ("chị mai mối"). The segmenter is run only then, on the words around."""
    word = words[0]
    if word not in WORDLIKE_NAMES or fold(f"{kin[0]} {word}") in NOT_PEOPLE:
        return False
    end = text.index(word, kin.end()) + len(word)
    after = " ".join(words[1:3]).lower()
    if word in ADVERBS:
        signed = after.startswith("ơi")
    else:
        signed = after.split(" ")[0] in NAME_SIGNS or after in NAME_SIGNS
    if not signed and word not in PREDICATES:
        signed = after.split(" ")[0] in SUBJECT_SIGNS
        closed = len(words) == 1 and bool(_CLOSED.match(text, end))
        signed = signed or (closed and word != "nam")
    return signed and _apart(text, kin, end)


def _apart(text: str, kin: re.Match, end: int) -> bool:
    """Whether the segmenter reads the kinship word and the syllable after it, which ends at
    `end`, as two words of their own: not one with a neighbour ("trẻ em nam", "chú trọng", "ông
    hoàng", "chị mai mối")."""
    from cityportal.nlp.tokenize import tokens  # pyvi: its model loads on first use (a second)

    word = text[kin.end() : end].strip()
    before = text[max(0, kin.start() - 20) : kin.start()]
    if kin.start() > 20 and not text[kin.start() - 21].isspace():
        before = before.partition(" ")[2]  # no syllable cut in two
    after = _RUN.match(text, end)
    window = [before.strip(), kin[0], word, *(after[0].split()[:3] if after else [])]
    found = [t.lower().split("_") for t in tokens(" ".join(window))]
    return any(
        a == [kin[0].lower()] and b == [word.lower()]
        for a, b in zip(found, found[1:], strict=False)
    )


def _starts_sentence(text: str, at: int) -> bool:
    """Whether a sentence, line or quotation begins at `at` ("… rồi. Cô Thắm", "kể: Chú Khởi",
    "“Chú Khởi")."""
    before = text[:at].rstrip(" \t\"“‘'([*•–—-")
    return not before or before[-1] in ".!?…:\n"


def _given_not_listed(text: str, kin: re.Match, words: list[str]) -> int:
    """How many capitalised words after a kinship word in lower case, or first in a sentence
    ("Chú Khởi bán…"), are an unlisted given name (see _unlisted_name_length)."""
    said = kin[0]
    if said == said.capitalize() and _starts_sentence(text, kin.start()):
        said = said.lower()  # elsewhere a capital is a text's that capitalises every word
    if not (said in KIN and said not in _UNACCENTED_KIN):
        return 0
    n = _unlisted_name_length(kin[0], words)
    if not n or _known(words[:4], PUBLIC):
        return 0
    if re.compile(rf"[ \t]+{_either([' '.join(words[:n])], False)}-\w").match(text, kin.end()):
        return 0  # "ông Sơ-len": a foreign name transcribed
    if _known([kin[0], *words[:n]], KIN_PLACES) or begins_with_place(words[: n + 1]):
        return 0
    before = _WORD.findall(text, max(0, kin.start() - 30), kin.start())
    if before and _many(before[-1], kin[0]):
        return 0  # many people
    # Every word capitalised ("Chúc Anh Hưởng Tết"); not after a name and a comma ("… Phan Văn
    # Mãi, chị Mãi bán hàng")
    if before and before[-1][0].isupper() and text[: kin.start()].rstrip().endswith(before[-1]):
        return 0
    return n


def _unlisted_name_length(kin: str, words: list[str]) -> int:
    """1 for a given name alone ("chị Lụa"); 2 for two capitalised syllables, one at least no
    common given name ("anh Khởi Nguyên", "chị Thu Lụa", "bà Tư Lụa"); 0 for a family name first
    ("bà Lê Chân"), an office ("cô Hiệu trưởng"), a word ("Chú Bộ Đội"), a title's words."""
    name = words[:2] if len(words) > 1 and words[1][0].isupper() else words[:1]
    after = words[len(name)] if len(words) > len(name) else ""
    if listed(words[0], FAMILY) or after[:1].isupper() or after == "trưởng":
        return 0
    if len(name) == 1:
        return int(_may_be_called(name[0]))
    common = [listed(w, GIVEN) or listed(w, BIRTH_ORDER) for w in name]
    if all(common) or f"{kin} {name[0]}".lower() in KIN_WORDS:  # _name_length kept "bà Hòa Bình"
        return 0
    shaped = all(
        _may_be_called(w) or (known and w[1:].islower() and w.lower() not in NOT_CALLED)
        for w, known in zip(name, common, strict=True)
    )
    return 2 if shaped and _syllables_apart([kin, *name], words[2:4]) else 0


def _relatives_given_name(words: list[str]) -> int:
    """1 for a relative's given name alone in mid-sentence, capitalised ("Con gái tôi là Trâm
    học lớp 3") or a common one typed in lower case with diacritics ("vợ tôi là hạnh bán rau"),
    and no word's first syllable ("Chồng tôi là Công an", "con tôi là sinh viên")."""
    word = words[0]
    if word[0].isupper():
        alone = word[1:].islower() and (len(words) == 1 or not words[1][0].isupper())
        given = alone and listed(word, GIVEN) and not begins_with_place(words[:2])
    else:
        given = word in LOWER_GIVEN and has_diacritics(word)
    return int(given and _syllables_apart(words[:1], words[1:3]))


def _syllables_apart(syllables: list[str], after: list[str]) -> bool:
    """Whether the segmenter reads, in lower case, a kinship word and each syllable after it as
    a word of its own: not "chú tâm" (Chú Tâm Học), "tài xế", "bộ đội", "tí hon"."""
    from cityportal.nlp.tokenize import tokens  # pyvi: its model loads on first use (a second)

    read = tokens(" ".join([*syllables, *after]).lower())
    return read[: len(syllables)] == [s.lower() for s in syllables]


def _may_be_called(word: str) -> bool:
    """Whether a capitalised word is a Vietnamese syllable, with diacritics and at most seven
    letters ("anh Sam", "ông Bôgôchencô" are abroad), and may be a name (not "ông Trời")."""
    vietnamese = word[1:].islower() and 2 <= len(word) <= 7 and has_diacritics(word)
    return vietnamese and word.lower() not in NOT_CALLED | STOP


def mask_names(text: str) -> str:
    """Private people's names replaced by "[…]", the words that announced them kept ("bà […]"),
    so the quote still reads."""
    out, done, officials = [], 0, {}
    for trigger in _TRIGGER.finditer(text):
        if trigger.start() < done:  # inside a name just masked ("Nguyễn Tuấn Anh")
            continue
        mode = trigger.lastgroup
        after = _AFTER[mode].match(text, trigger.end())
        if not after:  # the word ends the text or its line ("cảm ơn anh.")
            continue
        if mode == "relative":
            mode = "naming" if after["named"] else "introducing"
        run = _RUN.match(text, after.end())
        if not run:
            continue
        words = run[0].split()
        # A name before a place ("chị Lụa Quận 5"); not a family name alone ("anh Nguyễn Bình
        # Dương" is a full name)
        cut, place_end = name_before_place(text, run) if mode != "signed" else (0, 0)
        if cut == 1 and listed(words[0], FAMILY):
            cut, place_end = 0, 0
        # A lone name closed by the clause's end ("Tôi là Hoa, …") or by a place ("Tôi là Hoa
        # Gò Vấp.")
        closed = cut == 1 or (not cut and len(words) == 1 and bool(_CLOSED.match(text, run.end())))
        words = words[:cut] if cut else words
        addressed, begin = True, None
        if mode == "kin":
            addressed, begin = _addressing(text, trigger, words[0], done)
        n = _name_length(words, mode, closed, addressed)
        if not n and trigger.lastgroup == "relative":
            n = _relatives_given_name(words)
        if not n and mode == "kin":
            lower = words[0].islower()
            n = (_given_in_lower_case if lower else _given_not_listed)(text, trigger, words)
            if not n and lower:
                n = _given_typed_folded(text, trigger, words)
        if not n:
            continue
        end = run.start() + [w.end() for w in _WORD.finditer(run[0])][n - 1]
        if mode == "signed" and not _SIGNATURE_END.match(text, end):
            continue  # "– Nguyễn Văn Linh nói…": a sentence, not a signature
        start = trigger.start() if begin is None else begin
        # A title before a name is the name's after "ông", "bà" (as news name an official) or a
        # kinship word that is the name's own syllable ("Thứ trưởng Chu Phạm Ngọc Hiển"); after
        # "chị", "anh"… it is someone else's ("Kính gửi Chủ tịch phường, chị Lan bán hàng").
        honorific = trigger[0].lower() in OFFICE_HONORIFICS or not trigger[0].islower()
        title_before = mode != "kin" or begin is not None or honorific
        # An official's title after the place: "Ông Khởi Thủ Đức, Chủ tịch UBND …"
        if mode in ("kin", "calling", "signed") and _public_or_place(
            text, start, max(end, place_end), title_before
        ):
            continue
        if mode == "kin" and n == 1:
            if official_named_before(text, trigger[0], words[0], start, officials):
                continue
        out += [text[done : run.start() if begin is None else begin], MASKED_NAME]
        done = end
    return "".join(out) + text[done:]

"""Names typed without diacritics after a kinship word: the list the quotes' masking reads, and
how well it reads.

    .venv/bin/python bench/privacy.py            # figures (make bench-privacy)
    .venv/bin/python bench/privacy.py --derive   # the list, as lexicon.FOLDED_CALLED holds it

Typed on a phone, "anh tuan o quan 5" may be anh Tuấn or anh tuần, "em an com" is em ăn cơm.
News, written with diacritics and capitals, tell which: for each kinship word and common given
name, folded ("anh tuan"), how often the words that fold to them are a kinship word and a
capitalised given name. The pairs that are a name at least NAME_SHARE of the time (smoothed),
seen MIN_SEEN times or more, are the list. Counted in baomoi 2017's bodies and VNTC's training
articles; read on tc201805's headlines and sapos (2018, never counted) and on social posts
(UIT-VSMEC, ViHSD, UIT-VSFC), each folded whole as a phone user types them."""

import argparse
import csv
import difflib
import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cityportal.core.text import fold  # noqa: E402
from cityportal.monitor.privacy import mask_names  # noqa: E402
from cityportal.monitor.privacy.lexicon import FAMILY, GIVEN, KIN  # noqa: E402

DATA = ROOT.parent / "shared" / "data"
NAME_SHARE = 0.85
MIN_SEEN = 10
ORDINARY_SEEN = 3
# Typed without diacritics, also words people say far more than news write them: "hông" (the
# South's "không": "chi hong biet"), "hả" ("ong ha?"), "mai" (tomorrow: "ba mai ve").
SPOKEN = frozenset({"hong", "ha", "mai"})
_WORD = re.compile(r"[^\W\d_]+")
_TOKEN = re.compile(r"\[…\]|[^\W\d_]+")
_KIN_FOLDED = frozenset(fold(k) for k in KIN)


def _named(kin: str, given: str) -> bool:
    """Whether a written pair is a kinship word and a capitalised common given name."""
    return (
        kin.lower() in KIN
        and given[0].isupper()
        and given[1:].islower()
        and given.lower() in GIVEN[0]
    )


def _pairs(text: str):
    """(folded kinship word and name syllable, folded word after, whether written as a name,
    whether the name syllable is written in lower case)."""
    words = _WORD.findall(text)
    for kin, given, after in zip(words, words[1:], [*words[2:], ""], strict=False):
        if fold(kin) in _KIN_FOLDED and fold(given) in GIVEN[1]:
            yield f"{fold(kin)} {fold(given)}", fold(after), _named(kin, given), given.islower()


def _news():
    with gzip.open(DATA / "news/baomoi-2017/articles.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line).get("body") or ""
    with gzip.open(DATA / "news/vntc/train.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            yield json.loads(line).get("text") or ""


def derive() -> tuple[list[str], list[str]]:
    """The pairs that are a name (FOLDED_CALLED) and, after one of them, the words that make
    its name syllable an ordinary word as often as not, seen ORDINARY_SEEN times or more
    (FOLDED_ORDINARY: "ba phuong an" is ba phương án, "ong tuan thu" ông tuân thủ)."""
    named, seen, ordinary, seen_after = Counter(), Counter(), Counter(), Counter()
    for text in _news():
        for pair, after, is_name, lower in _pairs(text):
            seen[pair] += 1
            named[pair] += is_name
            seen_after[pair, after] += 1
            ordinary[pair, after] += lower
    called = {
        pair
        for pair, times in seen.items()
        if times >= MIN_SEEN
        and named[pair] / (times + 2) >= NAME_SHARE
        and pair.split()[1] not in SPOKEN
    }
    words = {
        f"{pair.split()[1]} {after}"
        for (pair, after), times in seen_after.items()
        if pair in called and times >= ORDINARY_SEEN and ordinary[pair, after] / times >= 0.5
    }
    return sorted(called), sorted(words)


_STREET_RUN = re.compile(
    r"(?<!\w)(?:đường|Đường|phố|Phố|hẻm|Hẻm|ngõ)[ \t]+([^\W\d_]+(?:[ \t]+[^\W\d_]+){1,3})"
)


def streets() -> list[str]:
    """Streets named for a person, folded ("nguyen van troi", "le van sy"): the capitalised
    words after "đường", "phố", "hẻm" in the same news, a common family name first, three
    syllables or four (two-syllable names are never read as a full name; privacy/streets.txt)."""
    found = set()
    for text in _news():
        for run in _STREET_RUN.finditer(text):
            words = []
            for word in run[1].split():
                if not (word[0].isupper() and word[1:].islower()):
                    break
                words.append(word)
            if len(words) >= 3 and words[0].lower() in FAMILY[0]:
                found.add(fold(" ".join(words[:4])))
    return sorted(found)


def _masked(text: str) -> set[int]:
    """Indices of the words of `text` that mask_names replaced."""
    before, after = _WORD.findall(text), _TOKEN.findall(mask_names(text))
    gone = set()
    for op, i1, i2, _, _ in difflib.SequenceMatcher(
        None, before, after, autojunk=False
    ).get_opcodes():
        if op in ("replace", "delete"):
            gone.update(range(i1, i2))
    return gone


def _read(texts) -> tuple[int, int, int, int, Counter]:
    """Texts folded whole, masked: (texts, names after a kinship word, of them masked, ordinary
    words masked, which)."""
    n = names = found = wrong = 0
    wrongly = Counter()
    for text in texts:
        words = _WORD.findall(text)
        folded = " ".join(fold(w) for w in words)
        masked = _masked(folded)
        n += 1
        for i, (kin, given) in enumerate(zip(words, words[1:], strict=False)):
            if _named(kin, given):
                names += 1
                found += i + 1 in masked
        for i in masked:
            # Written in lower case and no name syllable: "tuần", "ăn" (a lower-case "tuấn" may
            # be a name typed so)
            if words[i].islower() and words[i] not in GIVEN[0] | FAMILY[0]:
                wrong += 1
                wrongly[" ".join(words[max(0, i - 1) : i + 2]).lower()] += 1
    return n, names, found, wrong, wrongly


def _tc201805():
    with gzip.open(DATA / "news/tc201805/tc201805.jsonl.gz", "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            text = f"{row.get('title') or ''}. {row.get('sapo') or ''}"
            words = _WORD.findall(text)
            if any(_named(*pair) for pair in zip(words, words[1:], strict=False)):
                yield text


def _social():
    with open(DATA / "emotion/uit-vsmec/train_nor_811.csv", encoding="utf-8") as f:
        yield from (row["Sentence"] for row in csv.DictReader(f))
    for path in sorted((DATA / "toxicity").rglob("*train*.csv")):
        with open(path, encoding="utf-8") as f:
            yield from (row.get("free_text") or "" for row in csv.DictReader(f))
    yield from (DATA / "sentiment/uit-vsfc/train/sents.txt").read_text("utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--derive", action="store_true", help="print the lists and stop")
    parser.add_argument(
        "--streets", action="store_true", help="print streets.txt (streets named for a person)"
    )
    args = parser.parse_args()
    if not (DATA / "news").is_dir():
        sys.exit(f"bench/privacy.py reads the news and social corpora under {DATA}: not found")
    if args.streets:
        print("# Streets named for a person, folded: bench/privacy.py --streets (never edit)")
        print("\n".join(streets()))
        return
    if args.derive:
        called, ordinary = derive()
        print("FOLDED_CALLED:", "|".join(called))
        print("FOLDED_ORDINARY:", "|".join(ordinary))
        return
    for label, texts in (
        ("tc201805 headlines with a named person", _tc201805()),
        ("social posts", _social()),
    ):
        n, names, found, wrong, wrongly = _read(texts)
        print(
            f"{label}, folded whole: {n:,} texts, {names:,} names after a kinship word, "
            f"{found:,} masked ({found / max(names, 1):.3f}); words no name as written masked: {wrong:,}"
        )
        print("   most often:", ", ".join(f"{k} ×{v}" for k, v in wrongly.most_common(8)))
    print("reproduce: make bench-privacy  (.venv/bin/python bench/privacy.py)")


if __name__ == "__main__":
    main()

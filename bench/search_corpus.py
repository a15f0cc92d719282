"""The search benchmark's corpus, queries and scoring (bench/search.py runs them).

The corpus is ../shared/data/news, read in place (never copied into the repository)."""

import gzip
import json
import random
import re
import statistics
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT.parent / "shared" / "data" / "news"
CORPORA = {
    "vntc": NEWS / "vntc" / "train.jsonl.gz",
    "baomoi": NEWS / "baomoi-2017" / "articles.jsonl.gz",
    "tc201805": NEWS / "tc201805" / "tc201805.jsonl.gz",
}
SEED = 20261126
# The end of VNTC's first sentence: ". ", "! ", "? " or a newline.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_TOKEN = re.compile(r"[^\W_]+")
MAX_VNTC_TITLE = 200


# --- corpus -----------------------------------------------------------------------------------


def vntc_split(text: str) -> tuple[str, str]:
    """VNTC has no title field: the title runs into the text. Take the first sentence (or line),
    cut at a word boundary near MAX_VNTC_TITLE characters; the rest is the body."""
    text = text.strip()
    match = _SENTENCE_END.search(text)
    end = match.start() if match else len(text)
    if end > MAX_VNTC_TITLE:
        end = text.rfind(" ", 0, MAX_VNTC_TITLE)
        end = end if end > 0 else MAX_VNTC_TITLE
    return text[:end].strip(), text[end:].strip()


def read_corpus() -> list[tuple[str, str, str, str, str]]:
    """(key, section, title, lead, body) of every document, in a fixed order."""
    docs = []
    for name, path in CORPORA.items():
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                if name == "vntc":
                    title, body = vntc_split(item["text"])
                    lead = ""
                else:
                    title, lead, body = item["title"], item.get("sapo", ""), item.get("body", "")
                if not title.strip():
                    continue
                docs.append((f"{name}:{item['id']}", item.get("label", name), title, lead, body))
    return docs


def slice_corpus(docs, limit):
    """An even random slice of every corpus rather than the first N lines of the first one."""
    if not limit or limit >= len(docs):
        return docs
    rng = random.Random(SEED)
    return [docs[i] for i in sorted(rng.sample(range(len(docs)), limit))]


def title_key(title: str) -> str:
    from cityportal.core.text import words

    return " ".join(words(title))


def make_queries(docs, count: int) -> list[dict]:
    """`count` queries from titles with diacritics: a window of 1-6 words; every other one folded."""
    from cityportal.core.text import fold, has_diacritics

    rng = random.Random(SEED)
    queries = []
    while len(queries) < count:
        key, _, title, _, _ = docs[rng.randrange(len(docs))]
        tokens = _TOKEN.findall(title)
        if not tokens:
            continue
        length = min(rng.randint(1, 6), len(tokens))
        start = rng.randint(0, len(tokens) - length)
        text = " ".join(tokens[start : start + length])
        if not has_diacritics(text):
            continue  # both classes come from the same accented windows
        folded = len(queries) % 2 == 1
        queries.append(
            {
                "text": fold(text) if folded else text,
                "folded": folded,
                "words": length,
                "key": key,
                "title": title_key(title),
            }
        )
    return queries


# --- scoring ------------------------------------------------------------------------------


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def summarize(times, hits, queries) -> dict:
    def block(indices):
        if not indices:
            return None
        ms = [times[i] * 1000 for i in indices]
        return {
            "n": len(indices),
            "p50": statistics.median(ms),
            "p95": percentile(ms, 95),
            "max": max(ms),
            "success": sum(hits[i] for i in indices) / len(indices),
        }

    everything = range(len(queries))
    return {
        "all": block(list(everything)),
        "accented": block([i for i in everything if not queries[i]["folded"]]),
        "folded": block([i for i in everything if queries[i]["folded"]]),
        "by_words": {
            n: block([i for i in everything if queries[i]["words"] == n]) for n in range(1, 7)
        },
        "by_words_folded": {
            n: block([i for i in everything if queries[i]["words"] == n and queries[i]["folded"]])
            for n in range(1, 7)
        },
    }

"""Readers for the labelled corpora under ../shared/data that train the models, and the hook for
operators' own labels. Nothing here is copied into the repository: the files are read in place."""

import csv
import gzip
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from cityportal.nlp import LABELS


class DataMissing(Exception):
    """A corpus file the training needs is not there."""


@dataclass
class Corpus:
    """Training rows (text, label name) and named dev sets for one task; for a task whose model
    routes to experts, the domain (expert) of each training row."""

    train: list[tuple[str, str]] = field(default_factory=list)
    dev: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)  # "name: rows" lines for the model card
    domains: list[str] = field(default_factory=list)  # one per training row, or none
    # Unlabelled texts to learn word vectors from, for a model that reads them (a function:
    # they are read only then).
    unlabelled: Callable[[], Iterable[str]] | None = None


def default_data() -> Path:
    return Path(settings.BASE_DIR).parent / "shared" / "data"


def _need(*paths: Path) -> None:
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise DataMissing(", ".join(missing))


def _key(text: str) -> str:
    """Texts that differ only in spacing or case count as the same text."""
    return " ".join(text.lower().split())


# Sentiment ---------------------------------------------------------------------------------

_VSFC = {"0": "negative", "1": "neutral", "2": "positive"}
_VLSP = {"NEG": "negative", "NEU": "neutral", "POS": "positive"}
_AIVIVN = {"0": "positive", "1": "negative"}
# UIT-VSMEC's emotions as sentiment; Surprise is left out, its rows are praise, complaint or plain
# astonishment alike.
_VSMEC = {
    "Enjoyment": "positive",
    "Sadness": "negative",
    "Fear": "negative",
    "Anger": "negative",
    "Disgust": "negative",
    "Other": "neutral",
}


def read_vsfc(folder: Path) -> list[tuple[str, str]]:
    """UIT-VSFC: sents.txt and sentiments.txt, line-aligned."""
    sents, labels = folder / "sents.txt", folder / "sentiments.txt"
    _need(sents, labels)
    texts = sents.read_text(encoding="utf-8").splitlines()
    ids = labels.read_text(encoding="utf-8").split()
    if len(texts) != len(ids):
        raise ValueError(f"{folder}: {len(texts)} sentences but {len(ids)} labels")
    return [(text, _VSFC[i]) for text, i in zip(texts, ids, strict=True)]


def read_vlsp(path: Path) -> list[tuple[str, str]]:
    """VLSP 2016: text<TAB>POS|NEG|NEU; the files carry stray BOMs mid-file, not only at the start."""
    _need(path)
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.replace("\ufeff", "").strip()
        if not line:
            continue
        text, _, label = line.rpartition("\t")
        if label.strip() not in _VLSP:
            raise ValueError(f"{path}:{number}: unknown label {label!r}")
        rows.append((text.strip(), _VLSP[label.strip()]))
    return rows


def read_aivivn(path: Path) -> list[tuple[str, str]]:
    """AIVIVN 2019 product reviews: id,comment,label with 0 positive, 1 negative (no neutral)."""
    _need(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [(row["comment"] or "", _AIVIVN[row["label"]]) for row in csv.DictReader(f)]


def read_vsmec(path: Path) -> list[tuple[str, str]]:
    """UIT-VSMEC social posts: index,Emotion,Sentence, the emotions mapped to sentiment (_VSMEC)."""
    _need(path)
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [
            (row["Sentence"] or "", _VSMEC[row["Emotion"]])
            for row in csv.DictReader(f)
            if row["Emotion"] in _VSMEC
        ]


# The corpora hold hardly any citizen's question or city announcement, and the reviews expert read
# most of those as complaints. Sentences that open VNTC's home-news documents, labelled by the
# polarity lexicon (no hit: neutral; hits of one side only: that side; both: left out), teach a
# fourth expert the register of reports and announcements, in which a statement is neutral
# unless its words lean. A third of them are folded, as citizens often type. Sections, sizes and
# folding chosen out of fold (the sentiment model card).
NEWS_SECTIONS = ("Chinh tri Xa hoi", "Doi song", "Kinh doanh", "Suc khoe", "Van hoa")
NEWS_PER_LABEL, NEWS_SEED = 1000, 20261129
NEWS_OPENING = 4  # sentences read from each document's start
# A sentence ends at . ! ? before a capital; VNTC glues "title (NLĐ)- lead", the tag splits too.
_SENTENCE = re.compile(r"(?<=[.!?])\s*(?=[A-ZĐÀ-Ỹ])|\s\(\w{2,12}\)\s*-+\s*")


def news_sentences(path: Path, per_label: int = NEWS_PER_LABEL) -> list[tuple[str, str]]:
    """Up to `per_label` weakly labelled sentences (text, label) per sentiment label from the
    VNTC file at `path` (see NEWS_SECTIONS above), every third one folded."""
    from cityportal.core.text import fold
    from cityportal.nlp.lexicon import polarity
    from cityportal.nlp.reading import mark_negation, prepare

    pools = {label: [] for label in LABELS["sentiment"]}
    for text, section in read_vntc(path):
        if section not in NEWS_SECTIONS:
            continue
        for sentence in _SENTENCE.split(text)[:NEWS_OPENING]:
            sentence = sentence.strip()
            if not 6 <= len(sentence.split()) <= 35:
                continue
            positive, negative = polarity(mark_negation(prepare(sentence)))
            if positive and negative:
                continue
            label = "positive" if positive else "negative" if negative else "neutral"
            pools[label].append(sentence)
    rows = []
    for label, pool in pools.items():
        random.Random(NEWS_SEED).shuffle(pool)
        rows += [(text, label) for text in pool[:per_label]]
    return [(fold(text) if i % 3 == 0 else text, label) for i, (text, label) in enumerate(rows)]


def sentiment(data: Path) -> Corpus:
    from cityportal.nlp import vectors

    root = data / "sentiment"
    vsfc_train, vsfc_dev = read_vsfc(root / "uit-vsfc/train"), read_vsfc(root / "uit-vsfc/dev")
    vlsp = root / "vlsp2016"
    vlsp_train = read_vlsp(vlsp / "SA-2016.train.tsv")
    vlsp_dev = read_vlsp(vlsp / "SA-2016.dev.tsv") + read_vlsp(vlsp / "SA-2016.dev_test.tsv")
    # Every row of VLSP's dev files is also in its train file: held out here, or dev means nothing.
    held = {_key(text) for text, _ in vlsp_dev}
    vlsp_train = [row for row in vlsp_train if _key(row[0]) not in held]
    aivivn = read_aivivn(root / "aivivn-2019/train.csv")
    vsmec = data / "emotion/uit-vsmec"
    social, social_dev = (
        read_vsmec(vsmec / "train_nor_811.csv"),
        read_vsmec(vsmec / "valid_nor_811.csv"),
    )
    news = news_sentences(data / "news/vntc/train.jsonl.gz")
    news_counts = Counter(label for _, label in news)
    return Corpus(
        train=vsfc_train + vlsp_train + aivivn + social + news,
        # Students' feedback, product reviews, social posts and news each have their own expert.
        domains=["feedback"] * len(vsfc_train)
        + ["reviews"] * (len(vlsp_train) + len(aivivn))
        + ["social"] * len(social)
        + ["news"] * len(news),
        dev={"uit-vsfc": vsfc_dev, "vlsp2016": vlsp_dev, "uit-vsmec": social_dev},
        sources=[
            f"UIT-VSFC train: {len(vsfc_train)} rows (dev {len(vsfc_dev)})",
            f"VLSP 2016 train: {len(vlsp_train)} rows, after leaving out the rows of its dev "
            f"files (dev + dev_test: {len(vlsp_dev)} rows)",
            f"AIVIVN 2019 train: {len(aivivn)} rows (no dev)",
            f"UIT-VSMEC train: {len(social)} rows mapped to sentiment, Surprise left out "
            f"(valid {len(social_dev)})",
            f"VNTC news sentences labelled by the polarity lexicon: {len(news)} rows "
            f"({news_counts['negative']} negative, {news_counts['neutral']} neutral, "
            f"{news_counts['positive']} positive)",
        ],
        # The feedback expert's network starts from word vectors learnt from these.
        unlabelled=lambda: vectors.corpus_texts(data),
    )


# Topic -------------------------------------------------------------------------------------

DEV_SHARE, DEV_SEED = 0.1, 20261126


def read_vntc(path: Path) -> list[tuple[str, str]]:
    _need(path)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [(doc["text"], doc["label"]) for doc in map(json.loads, f)]


def split_dev(rows, share=DEV_SHARE, seed=DEV_SEED):
    """A stratified dev split cut from train with a fixed seed. Exact-duplicate texts are dropped
    first (VNTC repeats documents), so no text sits in both halves."""
    seen, by_label = set(), {}
    for text, label in rows:
        key = _key(text)
        if key not in seen:
            seen.add(key)
            by_label.setdefault(label, []).append((text, label))
    rng, train, dev = random.Random(seed), [], []
    for label in sorted(by_label):
        group = by_label[label]
        rng.shuffle(group)
        cut = round(len(group) * share)
        dev += group[:cut]
        train += group[cut:]
    return train, dev, len(rows) - len(seen)


# The short-text expert learns each training article's opening at these lengths (in words), and
# at most RECENT_PER_LABEL of baomoi.com's 2017 headlines and sapos per section.
OPENINGS, RECENT_PER_LABEL = (30, 60), 3000


def opening(text: str, words: int) -> str:
    return " ".join(text.split()[:words])


def recent_short_news(path: Path, articles: list[tuple[str, str]], per_label=RECENT_PER_LABEL):
    """Today's short news, labelled across views: a linear SVM fitted on VNTC's training
    `articles` reads each baomoi.com article of 2017 whole (the register it knows); where exactly
    one section claims it (one-vs-rest score above zero), its headline and sapo get that section.
    At most `per_label` per section, drawn with a fixed seed."""
    from cityportal.nlp.fitting import linear_scores

    _need(path)
    with gzip.open(path, "rt", encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    whole = [f"{doc['title']}\n{doc['sapo']}\n{doc['body']}" for doc in docs]
    scores = linear_scores("topic", articles, whole, C=2.0)  # the articles' expert's C
    claimed = (scores > 0).sum(axis=1) == 1
    by_label = {}
    for doc, row, sure in zip(docs, scores, claimed, strict=True):
        if sure:
            label = LABELS["topic"][int(row.argmax())]
            by_label.setdefault(label, []).append((f"{doc['title']}\n{doc['sapo']}", label))
    rng, rows = random.Random(DEV_SEED), []
    for label in sorted(by_label):
        rng.shuffle(by_label[label])
        rows += by_label[label][:per_label]
    return rows


def vntc_split(data: Path):
    """VNTC's training file split as `split_dev` does: (train, dev, rows read, duplicates dropped).
    The benchmark reads its dev this way, without the short rows `topic` labels (a minute)."""
    rows = read_vntc(data / "news/vntc/train.jsonl.gz")
    unknown = {label for _, label in rows} - set(LABELS["topic"])
    if unknown:
        raise ValueError(f"VNTC: unexpected labels {sorted(unknown)}")
    train, dev, dropped = split_dev(rows)
    return train, dev, len(rows), dropped


def topic(data: Path) -> Corpus:
    from cityportal.core.text import fold

    train, dev, read, dropped = vntc_split(data)
    openings = [(opening(text, n), label) for n in OPENINGS for text, label in train]
    recent = recent_short_news(data / "news/baomoi-2017/articles.jsonl.gz", train)
    # Citizens on a phone often type without diacritics: each short row is learnt spelt both ways
    # (folded, such posts read as Vi tinh, the section of English words; the model card).
    short = openings + recent
    short += [(fold(text), label) for text, label in short]
    return Corpus(
        train=train + short,
        # Whole articles, and short texts: the model routes by length (RECIPES["topic"]).
        domains=["articles"] * len(train) + ["short"] * len(short),
        dev={"vntc": dev},
        sources=[
            f"VNTC train: {read} documents, {dropped} exact duplicates dropped, "
            f"split {len(train)} train / {len(dev)} dev (stratified, seed {DEV_SEED})",
            f"their openings of {' and '.join(map(str, OPENINGS))} words: {len(openings)} rows",
            f"baomoi.com 2017 headlines with their sapo, labelled by an SVM of those articles "
            f"reading the whole article, where one section alone claims it: {len(recent)} rows",
            f"each of those short rows also without diacritics: {len(short) // 2} rows",
        ],
    )


# Toxicity ----------------------------------------------------------------------------------

_VIHSD = {"0": "clean", "1": "offensive", "2": "hate"}


def read_vihsd(path: Path) -> list[tuple[str, str]]:
    """ViHSD: free_text,label_id (0 clean, 1 offensive, 2 hate)."""
    _need(path)
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not {"free_text", "label_id"} <= set(reader.fieldnames or ()):
            raise ValueError(f"{path}: expected columns free_text,label_id")
        for row in reader:
            if row["label_id"] not in _VIHSD:
                raise ValueError(f"{path}: unknown label_id {row['label_id']}")
            rows.append((row["free_text"] or "", _VIHSD[row["label_id"]]))
    return rows


def vihsd(folder: Path, data: Path | None = None) -> Corpus:
    """ViHSD from the folder holding its train.csv and dev.csv; with the shared data folder
    `data`, word vectors are learnt from the unlabelled texts there (`vectors.corpus_texts`)."""
    from cityportal.nlp import vectors

    train, dev = read_vihsd(folder / "train.csv"), read_vihsd(folder / "dev.csv")
    unlabelled = (lambda: vectors.corpus_texts(data)) if data else None
    return Corpus(
        train=train,
        dev={"vihsd": dev},
        sources=[f"ViHSD train: {len(train)} rows"],
        unlabelled=unlabelled,
    )


def toxicity(data: Path) -> Corpus:
    return vihsd(data / "toxicity/vihsd", data)


READERS = {"sentiment": sentiment, "topic": topic, "toxicity": toxicity}


def load(task: str, data: Path | None = None) -> Corpus:
    """The corpus for `task` from `data` (by default ../shared/data beside the repository)."""
    return READERS[task](Path(data or default_data()))


# Operators' own labels ---------------------------------------------------------------------


def extra_labels(task: str) -> tuple[list[str], list[str]]:
    """Labelled texts kept by the portal itself, added to training: the callable named by
    `settings.NLP_EXTRA_LABELS[task]` (a dotted path) returns (texts, label names). Empty when
    none is registered; labels outside the task's set are an error, not silently dropped."""
    path = getattr(settings, "NLP_EXTRA_LABELS", {}).get(task)
    if not path:
        return [], []
    texts, labels = import_string(path)()
    texts, labels = list(texts), list(labels)
    wrong = sorted(set(labels) - set(LABELS[task]))
    if wrong or len(texts) != len(labels):
        raise ValueError(f"{path}: {len(texts)} texts, {len(labels)} labels, unknown {wrong}")
    return texts, labels

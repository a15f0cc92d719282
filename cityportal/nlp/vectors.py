"""Word vectors learnt here from unlabelled Vietnamese text, so a model knows that words it never
saw labelled ("ngu", "óc chó", "đần") sit near ones it did: a text's mean vector is one more
feature block (the toxicity model reads it).

PPMI + truncated SVD (Levy & Goldberg 2014; Levy, Goldberg & Dagan 2015): syllables seen at least
MIN_COUNT times; co-occurrence within WINDOW syllables on a line, weighted 1/distance; positive
pointwise mutual information with context-distribution smoothing (alpha 0.75); a randomised SVD,
rows U·√S. Numpy, scipy and scikit-learn only; no model is downloaded. The vectors (VOCABULARY
most frequent syllables × DIMENSIONS, float16) travel inside the model that reads them.

Corpus: baomoi-2017 (title, sapo, body), tc201805 (title, sapo), VNTC's training split, and the
training texts of ViHSD, UIT-VSMEC and the sentiment corpora (short social texts three times, so
they weigh against the news). Never a dev or test text."""

import csv
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

VOCABULARY = 20_000
DIMENSIONS = 50
WINDOW = 5
MIN_COUNT = 5
COMPONENTS = 100  # of the SVD; the first DIMENSIONS are kept
SOCIAL_REPEATS = 3


def corpus_texts(data: Path) -> Iterator[str]:
    """The unlabelled texts under the shared data folder `data`, those that are there."""
    from cityportal.nlp import datasets

    for path, parts in (
        (data / "news/baomoi-2017/articles.jsonl.gz", ("title", "sapo", "body")),
        (data / "news/tc201805/tc201805.jsonl.gz", ("title", "sapo")),
    ):
        if path.is_file():
            with gzip.open(path, "rt", encoding="utf-8") as lines:
                for record in map(json.loads, lines):
                    yield from (record.get(part) or "" for part in parts)
    vntc = data / "news/vntc/train.jsonl.gz"
    if vntc.is_file():
        train, _, _ = datasets.split_dev(datasets.read_vntc(vntc))
        yield from (text for text, _ in train)
    social = []
    vihsd = data / "toxicity/vihsd/train.csv"
    if vihsd.is_file():
        social += [text for text, _ in datasets.read_vihsd(vihsd)]
    vsmec = data / "emotion/uit-vsmec/train_nor_811.csv"
    if vsmec.is_file():
        with vsmec.open(encoding="utf-8-sig", newline="") as f:
            social += [row.get("Sentence") or "" for row in csv.DictReader(f)]
    try:
        corpus = datasets.sentiment(data)
        # Its social rows are UIT-VSMEC's, read above.
        social += [
            text
            for (text, _), domain in zip(corpus.train, corpus.domains, strict=True)
            if domain != "social"
        ]
    except datasets.DataMissing:
        pass
    for _ in range(SOCIAL_REPEATS):
        yield from social


def build(texts: Iterable[str], vocabulary: int = VOCABULARY, dimensions: int = DIMENSIONS):
    """(words, vectors float16 words × dimensions) from raw texts, split into lines and read as
    the classifier reads them (`reading.prepare`, its token pattern)."""
    from scipy import sparse
    from sklearn.utils.extmath import randomized_svd

    from cityportal.nlp.classifier import TOKEN_PATTERN
    from cityportal.nlp.reading import prepare

    token = re.compile(TOKEN_PATTERN)
    lines = [
        words
        for text in texts
        for line in (text or "").split("\n")
        if len(words := token.findall(prepare(line))) > 1
    ]
    counts = Counter(word for words in lines for word in words)
    words = [w for w, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])) if n >= MIN_COUNT]
    index = {word: i for i, word in enumerate(words)}
    size = len(words)
    # One id per token, -1 outside the vocabulary; lines kept apart by their number.
    ids = np.fromiter((index.get(w, -1) for ws in lines for w in ws), np.int64)
    line_of = np.repeat(np.arange(len(lines)), [len(ws) for ws in lines])
    del lines
    cooccurrence = sparse.csr_matrix((size, size), dtype=np.float32)
    for distance in range(1, WINDOW + 1):
        a, b = ids[:-distance], ids[distance:]
        near = (a >= 0) & (b >= 0) & (line_of[:-distance] == line_of[distance:])
        pairs, n = np.unique(a[near] * size + b[near], return_counts=True)
        part = sparse.csr_matrix(
            ((n / distance).astype(np.float32), (pairs // size, pairs % size)), shape=(size, size)
        )
        cooccurrence = cooccurrence + part + part.T
    m = cooccurrence.tocoo()
    rows = np.asarray(m.sum(axis=1)).ravel()
    contexts = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    pmi = np.log(m.data * contexts.sum() / (rows[m.row] * contexts[m.col]))
    keep = pmi > 0
    ppmi = sparse.csr_matrix(
        (pmi[keep].astype(np.float32), (m.row[keep], m.col[keep])), shape=(size, size)
    )
    vectors = np.zeros((min(vocabulary, size), dimensions), np.float32)
    components = min(COMPONENTS, size - 1)
    if components > 0 and ppmi.nnz:
        u, s, _ = randomized_svd(ppmi, components, n_iter=5, random_state=0)
        found = (u * np.sqrt(s))[:vocabulary, :dimensions]
        vectors[:, : found.shape[1]] = found
    return words[:vocabulary], vectors.astype(np.float16)


class WordVectors:
    """Vectors by word; `mean` gives each text's normalised mean of its words' unit vectors."""

    def __init__(self, words, vectors):
        self.words = list(words)
        self.index = {word: i for i, word in enumerate(self.words)}
        matrix = np.asarray(vectors, np.float32)
        self.vectors = np.asarray(vectors, np.float16)  # as stored
        self.unit = matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-6)

    @property
    def dimensions(self) -> int:
        return self.unit.shape[1]

    def mean(self, prepared_texts: list[str]):
        """A sparse matrix (texts × dimensions) of the l2-normalised sums of the texts' word
        vectors; a text with no known word is a zero row."""
        from scipy import sparse

        from cityportal.nlp.classifier import TOKEN_PATTERN

        token = re.compile(TOKEN_PATTERN)
        rows, cols = [], []
        for row, text in enumerate(prepared_texts):
            for word in token.findall(text):
                if (col := self.index.get(word)) is not None:
                    rows.append(row)
                    cols.append(col)
        counts = sparse.csr_matrix(
            (np.ones(len(rows), np.float32), (rows, cols)),
            shape=(len(prepared_texts), len(self.words)),
        )
        sums = np.asarray(counts @ self.unit)
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        norms[norms == 0] = 1
        return sparse.csr_matrix(sums / norms)

"""The linear text classifier behind every task (sentiment, topic, toxicity): hashed n-grams of a
few views of the text → one linear layer → softmax.

Hashing keeps no vocabulary, so a task's artifact is its weights (`models/<task>.npz`, float16)
and its recipe (`models/<task>.json`: feature blocks, labels, temperature, training counts).
Training fits a class-balanced linear model (SVM or logistic regression, per task) three times
on two thirds of the rows to get out-of-fold scores for all of them, tunes a softmax temperature
(so scores read as probabilities) and, for toxicity, per-class offsets (for macro-F1) on those,
then fits on all rows. See `models/MODEL_CARD_<task>.md` before relying on a model.
"""

import json
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cityportal.core.text import URL, fold, normalize
from cityportal.nlp import LABELS

MODEL_DIR = Path(__file__).resolve().parent / "models"
FORMAT = 2
FOLDS = 3  # for tuning the class offsets and the temperature on out-of-fold scores

_REPEAT = re.compile(r"(.)\1{2,}")  # "quáaaaa" → "quáa"
_SPACE = re.compile(r"\s+")
_TOKEN = r"(?u)\b\w+\b"  # single letters count: "m", "t", "đ" are common in abuse and slang


def prepare(text: str) -> str:
    """NFC, lower case, links replaced, letters repeated for emphasis cut to two, one space."""
    text = URL.sub(" url ", normalize(text).lower())
    return _SPACE.sub(" ", _REPEAT.sub(r"\1\1", text)).strip()


def _segmented(text: str) -> str:
    from cityportal.nlp.tokenize import segment

    return segment(prepare(text))


VIEWS = {
    "text": prepare,
    "folded": lambda text: fold(prepare(text)),  # abuse and chat are often typed without accents
    "words": _segmented,  # pyvi's words: "thành_phố" is one feature, not two syllables
}


# Per task: the feature blocks (each hashes one view into its own columns, counts log-scaled
# where "sublinear"), whether to weigh columns by inverse document frequency, the loss (a linear
# SVM unless "logistic"), its C, and whether to tune per-class offsets.
# Chosen on dev (see the model cards); sizes keep each artifact within 1-3 MB.
def _block(view, analyzer, ngrams, bits):
    return {
        "view": view,
        "analyzer": analyzer,
        "ngram_range": list(ngrams),
        "n_features": 2**bits,
        "sublinear": True,
    }


RECIPES = {
    "sentiment": {
        "features": [
            _block("text", "char_wb", (2, 5), 17),
            _block("words", "word", (1, 2), 16),
            _block("folded", "word", (1, 2), 16),
        ],
        "idf": True,
        "C": 0.3,
    },
    "topic": {"features": [_block("text", "word", (1, 2), 17)], "idf": True, "C": 2.0},
    "toxicity": {
        "features": [
            _block("text", "char_wb", (2, 5), 17),
            _block("text", "word", (1, 2), 16),
            _block("folded", "word", (1, 2), 16),
        ],
        "idf": True,
        "loss": "logistic",
        "C": 2.0,
        "offsets": True,
    },
}


def vectorizers(features):
    """One stateless HashingVectorizer per feature block (the same at training and use)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return [
        HashingVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            n_features=spec["n_features"],
            preprocessor=VIEWS[spec["view"]],
            lowercase=False,
            token_pattern=(r"\S+" if spec["view"] == "words" else _TOKEN)
            if spec["analyzer"] == "word"
            else None,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
        for spec in features
    ]


def hashed_counts(texts, vecs, features) -> list:
    """Each block's hashed counts, log-scaled where the block says "sublinear" (long news would
    otherwise be ruled by its commonest words)."""
    texts = [t if isinstance(t, str) else "" for t in texts]
    blocks = []
    for vec, spec in zip(vecs, features, strict=True):
        block = vec.transform(texts)
        if spec.get("sublinear"):
            np.log1p(block.data, out=block.data)
        blocks.append(block)
    return blocks


def weigh(blocks, idf=None):
    """Blocks side by side, weighted by inverse document frequency where the model has it and
    l2-normalised block by block (so no view drowns the others)."""
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    start = 0
    for block in blocks:
        if idf is not None:
            block.data *= idf[start + block.indices]
        normalize(block, copy=False)
        start += block.shape[1]
    return hstack(blocks, format="csr")


def inverse_document_frequency(blocks) -> np.ndarray:
    """Smoothed idf of every hashed column, from the training rows."""
    rows = blocks[0].shape[0]
    df = np.concatenate([np.bincount(b.indices, minlength=b.shape[1]) for b in blocks])
    return (np.log((1 + rows) / (1 + df)) + 1).astype(np.float32)


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class Model:
    """Weights (n_features × classes), bias (offsets included) and the recipe for the features."""

    task: str
    weights: np.ndarray
    bias: np.ndarray
    labels: tuple
    features: list
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)
    idf: np.ndarray | None = None  # per hashed column, for recipes that weigh by it

    def __post_init__(self):
        self._vecs = vectorizers(self.features)

    def scores(self, texts) -> np.ndarray:
        X = weigh(hashed_counts(texts, self._vecs, self.features), self.idf)
        return X @ self.weights + self.bias

    def probabilities(self, texts) -> np.ndarray:
        return softmax(self.scores(texts) * self.temperature)

    def classify(self, texts) -> list[tuple[str, float]]:
        texts = list(texts)
        if not texts:
            return []
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        return [(self.labels[i], round(float(p[i]), 4)) for i, p in zip(best, probs, strict=True)]

    def paths(self, directory: Path) -> tuple[Path, Path]:
        return Path(directory) / f"{self.task}.npz", Path(directory) / f"{self.task}.json"

    def save(self, directory: Path) -> tuple[Path, Path]:
        Path(directory).mkdir(parents=True, exist_ok=True)
        npz, recipe = self.paths(directory)
        arrays = {"weights": self.weights.astype(np.float16), "bias": self.bias}
        if self.idf is not None:
            arrays["idf"] = self.idf.astype(np.float16)
        np.savez_compressed(npz, **arrays)
        spec = {
            "format": FORMAT,
            "task": self.task,
            "labels": list(self.labels),
            "features": self.features,
            "temperature": self.temperature,
        }
        recipe.write_text(
            json.dumps({**spec, **self.meta}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        return npz, recipe

    @classmethod
    def load(cls, task: str, directory: Path = MODEL_DIR) -> "Model":
        npz, recipe = Path(directory) / f"{task}.npz", Path(directory) / f"{task}.json"
        spec = json.loads(recipe.read_text(encoding="utf-8"))
        if spec.get("format") != FORMAT:
            raise ValueError(f"{recipe}: unknown format {spec.get('format')}")
        with np.load(npz) as arrays:
            weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
            bias = arrays["bias"].astype(np.float32)
            idf = arrays["idf"].astype(np.float32) if "idf" in arrays else None
        own = ("format", "task", "labels", "features", "temperature")
        meta = {k: v for k, v in spec.items() if k not in own}
        labels, features = tuple(spec["labels"]), spec["features"]
        model = cls(task, weights, bias, labels, features, spec["temperature"], meta, idf)
        if weights.shape != (sum(f["n_features"] for f in model.features), len(model.labels)):
            raise ValueError(f"{npz}: weights do not match the recipe")
        return model


def _fit(X, y, n_classes: int, C: float, loss: str = "svm"):
    """A class-balanced linear model as (weights, bias) with a column for every class, even one
    missing from y (its bias is so low that it is never chosen): a one-vs-rest linear SVM, or a
    multinomial logistic regression where the recipe says "logistic"."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    weights = np.zeros((X.shape[1], n_classes), np.float32)
    bias = np.full(n_classes, -1e4, np.float32)
    present = np.unique(y)
    if len(present) < 2:  # nothing to separate: always the one class seen
        bias[present] = 0
        return weights, bias
    if loss == "logistic":
        fitted = LogisticRegression(C=C, class_weight="balanced", max_iter=1000).fit(X, y)
    else:
        fitted = LinearSVC(C=C, class_weight="balanced").fit(X, y)
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(present) == 2:  # sklearn keeps one row, for classes_[1]
        coef, intercept = np.vstack([-coef, coef]) / 2, np.array([-intercept[0], intercept[0]]) / 2
    for row, cls in enumerate(fitted.classes_):
        weights[:, cls], bias[cls] = coef[row], intercept[row]
    return weights, bias


def _tune(scores: np.ndarray, y: np.ndarray, tune_offsets: bool) -> tuple[np.ndarray, float]:
    """Per-class offsets that raise macro-F1 on held-out scores, if the recipe asks (they helped
    toxicity's rare classes; on the sentiment union they trade UIT-VSFC for VLSP), then the
    temperature that minimises the log-loss, so a score reads as a probability."""
    from sklearn.metrics import f1_score

    best = f1_score(y, scores.argmax(1), average="macro")
    offsets, sweeps = np.zeros(scores.shape[1], np.float32), 2 if tune_offsets else 0
    for _ in range(sweeps):  # coordinate ascent over a coarse grid
        for cls in range(scores.shape[1]):
            for step in np.linspace(-0.6, 0.6, 25):
                trial = offsets.copy()
                trial[cls] = step
                f1 = f1_score(y, (scores + trial).argmax(1), average="macro")
                if f1 > best + 1e-4:
                    best, offsets = f1, trial
    shifted = scores + offsets
    rows = np.arange(len(y))
    temps = np.geomspace(0.3, 30, 41)
    losses = [-np.log(softmax(shifted * t)[rows, y] + 1e-9).mean() for t in temps]
    return offsets, float(temps[int(np.argmin(losses))])


def train(task: str, texts, labels, *, C: float | None = None, seed: int = 0, meta=None) -> Model:
    """Fit the model of `task` on texts and their label names (each one of LABELS[task])."""
    recipe = RECIPES[task]
    C = recipe["C"] if C is None else C
    names = LABELS[task]
    y = np.array([names.index(label) for label in labels])
    blocks = hashed_counts(texts, vectorizers(recipe["features"]), recipe["features"])
    idf = inverse_document_frequency(blocks) if recipe.get("idf") else None
    X = weigh(blocks, idf)
    loss = recipe.get("loss", "svm")
    offsets, temperature = np.zeros(len(names), np.float32), 1.0
    if np.bincount(y, minlength=len(names)).min() >= FOLDS * 5:  # enough of each class to tune
        # Out-of-fold scores for every row: tuning on all of them is steadier than on a tenth.
        fold = np.random.default_rng(seed).integers(0, FOLDS, len(y))
        scores = np.zeros((len(y), len(names)), np.float32)
        for k in range(FOLDS):
            w, b = _fit(X[fold != k], y[fold != k], len(names), C, loss)
            scores[fold == k] = np.asarray(X[fold == k] @ w) + b
        offsets, temperature = _tune(scores, y, recipe.get("offsets", False))
    weights, bias = _fit(X, y, len(names), C, loss)
    meta = {"loss": loss, "C": C, "offsets": [round(float(o), 3) for o in offsets], **(meta or {})}
    features = recipe["features"]
    return Model(task, weights, bias + offsets, names, features, temperature, meta, idf)


_models: dict[str, Model] = {}
_lock = threading.Lock()


def get_model(task: str) -> Model:
    """The shipped model of `task`, loaded once per process (threads share it; it is read-only)."""
    if task not in LABELS:
        raise ValueError(f"unknown task {task!r}; one of {', '.join(LABELS)}")
    model = _models.get(task)
    if model is None:
        with _lock:
            model = _models.get(task)
            if model is None:
                model = _models[task] = Model.load(task, MODEL_DIR)
    return model


def classify(task: str, texts) -> list[tuple[str, float]]:
    """(label, probability of that label) for each text, in order; None counts as empty text."""
    if isinstance(texts, str):
        raise TypeError("classify takes a list of texts")
    return get_model(task).classify(texts)

"""Toxicity of readers' comments: clean / offensive / hate, as a hint for moderators.

The model is linear: hashed character n-grams and word uni/bigrams of the normalised text (with a
diacritic-free copy of the words, since abuse is often typed without accents) feed a
multinomial logistic regression. Hashing keeps no vocabulary, so the shipped artifact is just the
weights (`models/toxicity.npz`, float16) and the feature recipe (`models/toxicity.json`);
`manage.py train_moderation_model` rebuilds both. See `models/MODEL_CARD.md` before relying on it:
a score flags a comment for a human, it never decides alone.
"""

import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from cityportal.core.text import fold, normalize

LABELS = ("clean", "offensive", "hate")
MODEL_DIR = Path(__file__).resolve().parent / "models"
FORMAT = 1

# The feature recipe. Each block hashes one view of the text into its own columns; the total
# stays at 2**18 columns so the weights fit in about a megabyte.
FEATURES = [
    {"view": "text", "analyzer": "char_wb", "ngram_range": [2, 5], "n_features": 2**17},
    {"view": "text", "analyzer": "word", "ngram_range": [1, 2], "n_features": 2**16},
    {"view": "folded", "analyzer": "word", "ngram_range": [1, 2], "n_features": 2**16},
]

_URL = re.compile(r"https?://\S+|www\.\S+", re.I)
_REPEAT = re.compile(r"(.)\1{2,}")  # "quáaaaa" → "quáaa" → "quáa"
_SPACE = re.compile(r"\s+")
_TOKEN = r"(?u)\b\w+\b"  # single letters count: "m", "t", "đ" are common in abuse


def prepare(text: str) -> str:
    """NFC, lower case, links replaced, letters repeated for emphasis cut to two, one space."""
    text = _URL.sub(" url ", normalize(text).lower())
    return _SPACE.sub(" ", _REPEAT.sub(r"\1\1", text)).strip()


def _view(name: str):
    if name == "text":
        return prepare
    if name == "folded":
        return lambda text: fold(prepare(text))
    raise ValueError(f"unknown text view {name!r}")


def vectorizers(features=FEATURES):
    """One stateless HashingVectorizer per feature block (the same at training and use)."""
    from sklearn.feature_extraction.text import HashingVectorizer

    return [
        HashingVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            n_features=spec["n_features"],
            preprocessor=_view(spec["view"]),
            lowercase=False,
            token_pattern=_TOKEN if spec["analyzer"] == "word" else None,
            alternate_sign=False,
            norm="l2",
            dtype=np.float32,
        )
        for spec in features
    ]


def featurize(texts, vecs):
    """The feature matrix: every block's hashed counts side by side, each block l2-normalised."""
    from scipy.sparse import hstack

    texts = [t or "" for t in texts]
    return hstack([v.transform(texts) for v in vecs], format="csr")


@dataclass
class Model:
    """Weights (n_features × classes) and the recipe to rebuild the features."""

    weights: np.ndarray
    bias: np.ndarray
    labels: tuple
    features: list
    meta: dict

    def __post_init__(self):
        self._vecs = vectorizers(self.features)

    def probabilities(self, texts) -> np.ndarray:
        logits = featurize(texts, self._vecs) @ self.weights + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def classify(self, texts) -> list[tuple[str, float]]:
        texts = list(texts)
        if not texts:
            return []
        probs = self.probabilities(texts)
        best = probs.argmax(axis=1)
        return [(self.labels[i], round(float(p[i]), 4)) for i, p in zip(best, probs, strict=True)]

    def save(self, directory: Path) -> tuple[Path, Path]:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        npz, card = directory / "toxicity.npz", directory / "toxicity.json"
        np.savez_compressed(
            npz, weights=self.weights.astype(np.float16), bias=self.bias.astype(np.float32)
        )
        spec = {"format": FORMAT, "labels": list(self.labels), "features": self.features}
        card.write_text(
            json.dumps({**spec, **self.meta}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )
        return npz, card

    @classmethod
    def load(cls, directory: Path = MODEL_DIR) -> "Model":
        directory = Path(directory)
        spec = json.loads((directory / "toxicity.json").read_text(encoding="utf-8"))
        if spec.get("format") != FORMAT:
            raise ValueError(f"{directory / 'toxicity.json'}: unknown format {spec.get('format')}")
        with np.load(directory / "toxicity.npz") as arrays:
            weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
            bias = arrays["bias"].astype(np.float32)
        meta = {k: v for k, v in spec.items() if k not in ("format", "labels", "features")}
        model = cls(weights, bias, tuple(spec["labels"]), spec["features"], meta)
        if weights.shape != (sum(f["n_features"] for f in model.features), len(model.labels)):
            raise ValueError(f"{directory / 'toxicity.npz'}: weights do not match the recipe")
        return model


def train(texts, labels, *, features=FEATURES, C: float = 4.0, meta=None) -> Model:
    """Fit a class-balanced multinomial logistic regression; labels are indexes into LABELS."""
    from sklearn.linear_model import LogisticRegression

    vecs = vectorizers(features)
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=1000, solver="lbfgs")
    y = np.asarray(labels)
    clf.fit(featurize(texts, vecs), y)
    # A training set missing a class still yields a 3-class model: that class is never chosen.
    weights = np.zeros((sum(f["n_features"] for f in features), len(LABELS)), np.float32)
    bias = np.full(len(LABELS), -1e4, np.float32)
    coef, intercept = clf.coef_, clf.intercept_
    if len(clf.classes_) == 2:  # binary: sklearn keeps one row, for classes_[1]
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    for row, cls in enumerate(clf.classes_):
        weights[:, int(cls)] = coef[row]
        bias[int(cls)] = intercept[row]
    return Model(weights, bias, LABELS, features, {"C": C, **(meta or {})})


_model: Model | None = None
_lock = threading.Lock()


def get_model() -> Model:
    """The shipped model, loaded once per process (gunicorn threads share it; it is read-only)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = Model.load(MODEL_DIR)
    return _model


def classify(texts) -> list[tuple[str, float]]:
    """(label, probability of that label) for each text, in order: "clean", "offensive" or "hate"."""
    if isinstance(texts, str):
        raise TypeError("classify takes a list of texts")
    return get_model().classify(texts)

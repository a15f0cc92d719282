"""The linear text classifier behind every task (sentiment, topic, toxicity): hashed n-grams of a
few views of the text → one linear layer → softmax.

Hashing keeps no vocabulary, so a task's artifact is its weights (`models/<task>.npz`, float16)
and its recipe (`models/<task>.json`: feature blocks, labels, temperature, training counts).
Training fits a class-balanced linear model (SVM or logistic regression, per task) three times
on two thirds of the rows to get out-of-fold scores for all of them, tunes a softmax temperature
(so scores read as probabilities) and, for toxicity, per-class offsets (for macro-F1) on those,
then fits on all rows. Sentiment routes: a router and one such model per domain (students'
feedback, product reviews) share one weight matrix, so it is still one product per batch.
Toxicity adds a block of mean word vectors (`vectors`, learnt here from unlabelled text and kept
in its artifact) and decides in two stages (clean or not, then which kind), two columns whose
scores make the three classes' log-probabilities.
`classify_many` runs several tasks over one batch and computes the feature blocks they share
once. See `models/MODEL_CARD_<task>.md` before relying on a model.
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
FORMAT = 4  # 4: word-vector blocks ("words", "vectors" arrays), two-stage models ("offsets")
READS = (3, 4)  # 3 (no pyvi views, routed experts) is 4 without its two additions
FOLDS = 3  # for tuning the class offsets, the temperature and routing on out-of-fold scores

_REPEAT = re.compile(r"(.)\1{2,}")  # "quáaaaa" → "quáa"
_SPACE = re.compile(r"\s+")
TOKEN_PATTERN = r"(?u)\b\w+\b"  # single letters count: "m", "t", "đ" are common in abuse and slang


def prepare(text: str) -> str:
    """NFC, lower case, links replaced, letters repeated for emphasis cut to two, one space."""
    text = URL.sub(" url ", normalize(text).lower())
    return _SPACE.sub(" ", _REPEAT.sub(r"\1\1", text)).strip()


# Each view is computed once per batch; "folded" starts from "text".
VIEWS = {
    "text": (None, prepare),
    "folded": ("text", fold),  # abuse and chat are often typed without accents
}


# Per task: the feature blocks (each hashes one view into its own columns, counts log-scaled
# where "sublinear"), whether to weigh columns by inverse document frequency, the loss (a linear
# SVM unless "logistic"), its C, and whether to tune per-class offsets. A recipe with "experts"
# fits one model per domain of its training rows (C each) and a router (C "router_C") that
# sends each text to the expert of the domain it looks like.
# Chosen as the model cards say; sizes keep each artifact within 1-3 MB.
def _block(view, analyzer, ngrams, bits):
    return {
        "view": view,
        "analyzer": analyzer,
        "ngram_range": list(ngrams),
        "n_features": 2**bits,
        "sublinear": True,
    }


def _word_vectors(view, scale, dimensions):
    """The mean word vector of the view's words (`vectors.WordVectors`, carried by the model),
    times `scale` against the hashed blocks' unit length."""
    return {"view": view, "analyzer": "vectors", "n_features": dimensions, "scale": scale}


# Sentiment and toxicity read the same blocks, so classify_many hashes a batch once for both.
SHORT_TEXT = [
    _block("text", "char_wb", (2, 5), 17),
    _block("text", "word", (1, 2), 16),
    _block("folded", "word", (1, 2), 16),
]
RECIPES = {
    "sentiment": {
        "features": SHORT_TEXT,
        "idf": True,
        "experts": {"feedback": 0.3, "reviews": 0.3},
        "router_C": 1.0,
    },
    "topic": {"features": [_block("text", "word", (1, 2), 17)], "idf": True, "C": 2.0},
    "toxicity": {
        "features": [*SHORT_TEXT, _word_vectors("text", 0.5, 50)],
        "idf": True,
        "loss": "logistic",
        # Clean or not (C1), then hate or offensive among the rest (C2): the rare classes are
        # told apart by a model that sees only them.
        "stages": {"C1": 8.0, "C2": 1.0},
        "offsets": True,
    },
}


def _key(spec) -> str:
    return json.dumps(spec, sort_keys=True)


_vectorizers: dict = {}


def vectorizer(spec):
    """The stateless HashingVectorizer of a feature block (the same at training and use), one per
    distinct block in the process, whichever models use it."""
    from sklearn.feature_extraction.text import HashingVectorizer

    key = _key(spec)
    if key not in _vectorizers:
        _vectorizers[key] = HashingVectorizer(
            analyzer=spec["analyzer"],
            ngram_range=tuple(spec["ngram_range"]),
            n_features=spec["n_features"],
            lowercase=False,  # the view is already prepared
            token_pattern=TOKEN_PATTERN if spec["analyzer"] == "word" else None,
            alternate_sign=False,
            norm=None,
            dtype=np.float32,
        )
    return _vectorizers[key]


def view(name: str, texts: list[str], shared: dict) -> list[str]:
    """Every text seen through view `name`, computed once per batch (kept in `shared`)."""
    key = ("view", name)
    if key not in shared:
        source, function = VIEWS[name]
        inputs = texts if source is None else view(source, texts, shared)
        shared[key] = [function(text) for text in inputs]
    return shared[key]


def hashed_counts(texts, features, shared: dict | None = None, vectors=None) -> list:
    """Each block's hashed counts, log-scaled where the block says "sublinear" (long news would
    otherwise be ruled by its commonest words), or its mean word vectors (from `vectors`, the
    model's). Models that classify the same batch pass the same `shared` dict, so a view or
    block that several of them use is computed once."""
    shared = {} if shared is None else shared
    texts = [t if isinstance(t, str) else "" for t in texts]
    blocks = []
    for spec in features:
        if spec["analyzer"] == "vectors":  # the model's own vectors: not shared
            blocks.append(vectors.mean(view(spec["view"], texts, shared)))
            continue
        key = ("block", _key(spec))
        if key not in shared:
            block = vectorizer(spec).transform(view(spec["view"], texts, shared))
            if spec.get("sublinear"):
                np.log1p(block.data, out=block.data)
            shared[key] = block
        blocks.append(shared[key].copy())  # weigh() scales its blocks in place
    return blocks


def weigh(blocks, idf=None, features=()):
    """Blocks side by side, weighted by inverse document frequency where the model has it and
    l2-normalised block by block (so no view drowns the others); a word-vector block (already
    of unit length) is scaled as its recipe says."""
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    start = 0
    for block, spec in zip(blocks, features or [{}] * len(blocks), strict=True):
        if spec.get("analyzer") == "vectors":
            block.data *= spec["scale"]
        else:
            if idf is not None:
                block.data *= idf[start + block.indices]
            normalize(block, copy=False)
        start += block.shape[1]
    return hstack(blocks, format="csr")


def inverse_document_frequency(blocks) -> np.ndarray:
    """Smoothed idf of every column, from the training rows (word-vector columns, in nearly
    every row, get about 1; `weigh` does not read them)."""
    rows = blocks[0].shape[0]
    df = np.concatenate([np.bincount(b.indices, minlength=b.shape[1]) for b in blocks])
    return (np.log((1 + rows) / (1 + df)) + 1).astype(np.float32)


def _log_sigmoid(z):
    return -np.logaddexp(0, -z)


def stage_scores(scores: np.ndarray) -> np.ndarray:
    """A two-stage model's two columns (first class or not; then the last class or the middle
    one) as log-probabilities of its three classes."""
    first, second = scores[:, 0], scores[:, 1]
    rest = _log_sigmoid(first)
    return np.stack(
        [_log_sigmoid(-first), rest + _log_sigmoid(-second), rest + _log_sigmoid(second)], axis=1
    )


def softmax(logits: np.ndarray) -> np.ndarray:
    logits = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(logits)
    return exp / exp.sum(axis=1, keepdims=True)


@dataclass
class Model:
    """Weights (n_features × classes, or × the router's columns then each expert's classes), bias
    (offsets included) and the recipe for the features."""

    task: str
    weights: np.ndarray
    bias: np.ndarray
    labels: tuple
    features: list
    temperature: float = 1.0
    meta: dict = field(default_factory=dict)
    idf: np.ndarray | None = None  # per hashed column, for recipes that weigh by it
    experts: tuple = ()  # names of the domain experts, if the model routes (see RECIPES)
    vectors: object = None  # vectors.WordVectors, for a recipe with a word-vector block
    offsets: np.ndarray | None = None  # per class, of a two-stage model (others: in the bias)

    def scores(self, texts, shared: dict | None = None) -> np.ndarray:
        blocks = hashed_counts(texts, self.features, shared, self.vectors)
        X = weigh(blocks, self.idf, self.features)
        scores = np.asarray(X @ self.weights) + self.bias
        if self.offsets is not None:
            return stage_scores(scores) + self.offsets
        if not self.experts:
            return scores
        # One product gives the router's columns, then each expert's: keep the chosen expert's.
        route = scores[:, : len(self.experts)].argmax(axis=1)
        by_expert = scores[:, len(self.experts) :].reshape(len(scores), len(self.experts), -1)
        return by_expert[np.arange(len(scores)), route]

    def columns(self) -> int:
        """How many weight columns the recipe implies: router and experts, or one per label."""
        if self.offsets is not None:
            return 2
        return len(self.experts) * (1 + len(self.labels)) or len(self.labels)

    def probabilities(self, texts, shared: dict | None = None) -> np.ndarray:
        return softmax(self.scores(texts, shared) * self.temperature)

    def classify(self, texts, shared: dict | None = None) -> list[tuple[str, float]]:
        texts = list(texts)
        if not texts:
            return []
        probs = self.probabilities(texts, shared)
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
        if self.vectors is not None:
            arrays["words"] = np.array(self.vectors.words, dtype=str)
            arrays["vectors"] = self.vectors.vectors
        if self.offsets is not None:
            arrays["offsets"] = self.offsets.astype(np.float32)
        np.savez_compressed(npz, **arrays)
        spec = {
            "format": FORMAT,
            "task": self.task,
            "labels": list(self.labels),
            "features": self.features,
            "temperature": self.temperature,
            **({"routes_to": list(self.experts)} if self.experts else {}),
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
        if spec.get("format") not in READS:
            raise ValueError(f"{recipe}: unknown format {spec.get('format')}")
        with np.load(npz) as arrays:
            weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
            bias = arrays["bias"].astype(np.float32)
            idf = arrays["idf"].astype(np.float32) if "idf" in arrays else None
            offsets = arrays["offsets"] if "offsets" in arrays else None
            words = None
            if "vectors" in arrays:
                from cityportal.nlp.vectors import WordVectors

                words = WordVectors(arrays["words"].tolist(), arrays["vectors"])
        own = ("format", "task", "labels", "features", "temperature", "routes_to")
        meta = {k: v for k, v in spec.items() if k not in own}
        labels, features, experts = tuple(spec["labels"]), spec["features"], spec.get("routes_to")
        model = cls(
            task,
            weights,
            bias,
            labels,
            features,
            spec["temperature"],
            meta,
            idf,
            tuple(experts or ()),
            words,
            offsets,
        )
        if weights.shape != (sum(f["n_features"] for f in model.features), model.columns()):
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
        fitted = LogisticRegression(
            C=C, class_weight="balanced", max_iter=1000, random_state=0
        ).fit(X, y)
    else:
        fitted = LinearSVC(C=C, class_weight="balanced", random_state=0).fit(X, y)
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


def _out_of_fold(X, y, n_classes: int, C: float, loss: str, seed: int) -> np.ndarray:
    """Scores of every row by models fitted on the other folds."""
    fold = np.random.default_rng(seed).integers(0, FOLDS, len(y))
    scores = np.zeros((len(y), n_classes), np.float32)
    for k in range(FOLDS):
        w, b = _fit(X[fold != k], y[fold != k], n_classes, C, loss)
        scores[fold == k] = np.asarray(X[fold == k] @ w) + b
    return scores


def _fit_tuned(X, y, n_classes: int, C: float, loss: str, offsets: bool, seed: int):
    """`_fit` on all rows, the offsets (if asked) and temperature tuned on out-of-fold scores of
    every row (steadier than a held-out tenth): weights, bias + offsets, offsets, temperature and
    the tuned out-of-fold scores (None when some class is too rare to tune on)."""
    tuned, temperature, held_out = np.zeros(n_classes, np.float32), 1.0, None
    if np.bincount(y, minlength=n_classes).min() >= FOLDS * 5:
        scores = _out_of_fold(X, y, n_classes, C, loss, seed)
        tuned, temperature = _tune(scores, y, offsets)
        held_out = (scores + tuned) * temperature
    weights, bias = _fit(X, y, n_classes, C, loss)
    return weights, bias + tuned, tuned, temperature, held_out


def _first_expert_offset(routes: np.ndarray, held_out: np.ndarray, y, d) -> float:
    """How far to favour the first expert (the domain of the portal's own texts) when routing, so
    that texts the router is unsure of ("tạm được", "good") go there: the offset on its router
    score that raises the mean over domains of the macro-F1 of routed out-of-fold predictions."""
    from sklearn.metrics import f1_score

    rows, first = np.arange(len(y)), np.eye(1, routes.shape[1])[0]

    def quality(offset):
        predicted = held_out[rows, (routes + offset * first).argmax(axis=1)].argmax(axis=1)
        return np.mean([f1_score(y[d == i], predicted[d == i], average="macro") for i in set(d)])

    return float(max(np.linspace(0, 1, 21), key=quality))  # the smallest of equals


def train(
    task: str, texts, labels, *, domains=None, seed: int = 0, meta=None, vectors=None
) -> Model:
    """Fit the model of `task` on texts and their label names (each one of LABELS[task]); for a
    recipe with experts, `domains` names each row's expert (one of the recipe's); for one with a
    word-vector block, `vectors` are the `vectors.WordVectors` it keeps and reads."""
    recipe = RECIPES[task]
    names = LABELS[task]
    y = np.array([names.index(label) for label in labels])
    blocks = hashed_counts(texts, recipe["features"], vectors=vectors)
    idf = inverse_document_frequency(blocks) if recipe.get("idf") else None
    X = weigh(blocks, idf, recipe["features"])
    if "experts" in recipe:
        return _train_experts(task, X, y, domains, idf, meta, seed, vectors)
    if "stages" in recipe:
        return _train_stages(task, X, y, idf, vectors, meta, seed)
    loss, C = recipe.get("loss", "svm"), recipe["C"]
    weights, bias, tuned, temperature, _ = _fit_tuned(
        X, y, len(names), C, loss, recipe.get("offsets", False), seed
    )
    meta = {"loss": loss, "C": C, "offsets": [round(float(o), 3) for o in tuned], **(meta or {})}
    return Model(
        task, weights, bias, names, recipe["features"], temperature, meta, idf, (), vectors
    )


def _fit_stages(X, y, C1: float, C2: float):
    """Two class-balanced logistic regressions as (weights n × 2, bias 2): the first class or
    not, on every row; the last class or the middle one, on the rows not of the first."""
    first, second = _fit(X, (y > 0).astype(int), 2, C1, "logistic")
    rest = y > 0
    last, middle = _fit(X[rest], (y[rest] == 2).astype(int), 2, C2, "logistic")
    # _fit gives a column per class, half the margin each: their difference is the margin.
    weights = np.stack([first[:, 1] - first[:, 0], last[:, 1] - last[:, 0]], axis=1)
    return weights, np.array([second[1] - second[0], middle[1] - middle[0]], np.float32)


def _train_stages(task, X, y, idf, vectors, meta, seed) -> Model:
    """A two-stage model (see RECIPES["toxicity"]): offsets and temperature tuned on the
    out-of-fold log-probabilities of every row, then fitted on all of them."""
    recipe, names = RECIPES[task], LABELS[task]
    C1, C2 = recipe["stages"]["C1"], recipe["stages"]["C2"]
    fold = np.random.default_rng(seed).integers(0, FOLDS, len(y))
    scores = np.zeros((len(y), len(names)), np.float32)
    for k in range(FOLDS):
        w, b = _fit_stages(X[fold != k], y[fold != k], C1, C2)
        scores[fold == k] = stage_scores(np.asarray(X[fold == k] @ w) + b)
    offsets, temperature = _tune(scores, y, recipe.get("offsets", False))
    weights, bias = _fit_stages(X, y, C1, C2)
    meta = {
        "loss": "logistic",
        **recipe["stages"],
        "offsets": [round(float(o), 3) for o in offsets],
        **(meta or {}),
    }
    return Model(
        task, weights, bias, names, recipe["features"], temperature, meta, idf, (), vectors, offsets
    )


def _train_experts(task, X, y, domains, idf, meta, seed, vectors=None) -> Model:
    """One model per domain on its rows, and a router that sends each text to the expert of the
    domain it looks like, in one weight matrix: the router's columns, then each expert's."""
    recipe, names = RECIPES[task], LABELS[task]
    experts, loss = list(recipe["experts"]), recipe.get("loss", "svm")
    if domains is None or len(domains) != len(y):
        raise ValueError(f"{task}: every training row needs its domain, one of {experts}")
    d = np.array([experts.index(domain) for domain in domains])
    # Each expert's scores of the rows it did not learn from: out of fold for its own domain's.
    held_out = np.zeros((len(y), len(experts), len(names)), np.float32)
    columns, biases, about, tunable = [], [], [], True
    for i, (name, C) in enumerate(recipe["experts"].items()):
        rows = d == i
        w, b, _, temperature, own = _fit_tuned(
            X[rows], y[rows], len(names), C, loss, recipe.get("offsets", False), seed
        )
        # The temperature goes into the weights: each expert reads as probabilities on its own.
        columns.append(w * temperature)
        biases.append(b * temperature)
        held_out[~rows, i] = np.asarray(X[~rows] @ columns[-1]) + biases[-1]
        if own is None:
            tunable = False
        else:
            held_out[rows, i] = own
        about.append({"name": name, "rows": int(rows.sum()), "C": C, "temperature": temperature})
    router_C = recipe["router_C"]
    router_w, router_b = _fit(X, d, len(experts), router_C)
    first = 0.0
    if tunable:
        routes = _out_of_fold(X, d, len(experts), router_C, "svm", seed)
        first = _first_expert_offset(routes, held_out, y, d)
        router_b[0] += first
    weights = np.hstack([router_w, *columns])
    bias = np.concatenate([router_b, *biases])
    routing = {"experts": about, "router_C": router_C, "first_expert_offset": first}
    meta = {"loss": loss, **routing, **(meta or {})}
    return Model(
        task, weights, bias, names, recipe["features"], 1.0, meta, idf, tuple(experts), vectors
    )


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
    return classify_many({task: texts})[task]


def classify_many(batches: dict) -> dict[str, list[tuple[str, float]]]:
    """`classify` for several tasks at once: {task: texts} → {task: results}. Tasks given equal
    lists of texts share their views and feature blocks (sentiment and toxicity hash the same
    ones), so each block of a batch is computed once whichever models read it."""
    results, batches_seen = {}, []  # (texts, the views and blocks computed from them)
    for task, texts in batches.items():
        if isinstance(texts, str):
            raise TypeError("classify takes a list of texts")
        model, texts = get_model(task), list(texts)
        shared = next((done for seen, done in batches_seen if seen == texts), None)
        if shared is None:
            shared = {}
            batches_seen.append((texts, shared))
        results[task] = model.classify(texts, shared)
    return results

"""The linear text classifier behind every task (sentiment, topic, toxicity): hashed n-grams of a
few views of the text → one linear layer → softmax.

Hashing keeps no vocabulary, so a task's artifact is its weights (`models/<task>.npz`, float16)
and its recipe (`models/<task>.json`: feature blocks, labels, temperature, training counts).
The weights come from `fitting` (a class-balanced linear model per task, its temperature and
offsets tuned out of fold). Sentiment routes: a router and one such model per domain (students'
feedback, product reviews, social posts, news sentences) share one weight matrix, so it is still one
product per batch; for the texts sent to the feedback expert, a small convolutional network (`convnet`)
is blended in.
Toxicity adds a block of mean word vectors (`vectors`, learnt here from unlabelled text and kept
in its artifact) and decides in two stages (clean or not, then which kind), two columns whose
scores make the three classes' log-probabilities, into which such a network is blended too.
`classify_many` runs several tasks over one batch and computes the feature blocks they share
once. How a text is read before hashing (prepared, negation marked, views): `reading`. See
`models/MODEL_CARD_<task>.md` before relying on a model.
"""

import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from cityportal.nlp import LABELS, lexicon
from cityportal.nlp.convnet import ConvNet
from cityportal.nlp.reading import SIMILAR, as_texts, view

MODEL_DIR = Path(__file__).resolve().parent / "models"
FORMAT = 8  # 8: a lexicon block ("analyzer": "lexicon", `lexicon`) may be in the recipe
# 7: weights stored as a bitmap of the non-zero ones and their values
# 6: networks after the first ("net1_*", …; their vocabulary the first's if unsaved)
# 5: one convolutional network blended in ("net_*" arrays, "net_blend"); 4 (word vectors, two
# stages) is 5 without the network; 3 is 4 without those.
READS = (3, 4, 5, 6, 7, 8)

TOKEN_PATTERN = r"(?u)\b\w+\b"  # single letters count: "m", "t", "đ" are common in abuse and slang


# Per task: the feature blocks (each hashes one view into its own columns, counts log-scaled
# where "sublinear"), whether to weigh columns by inverse document frequency, the loss (a linear
# SVM unless "logistic"), its C, and whether to tune per-class offsets. A recipe with "experts"
# fits one model per domain of its training rows (C each) and a router (C "router_C") that
# sends each text to the expert of the domain it looks like, or, with "route_words", by length.
# Chosen as the model cards say; sizes keep each artifact within 1-5 MB.
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


def _lexicon(view, scale):
    """Positive and negative hits of `lexicon` in the view (log-scaled counts, a word in a
    negation's scope counting for the other side), times `scale` against the hashed blocks'
    unit length."""
    return {"view": view, "analyzer": "lexicon", "n_features": 2, "scale": scale}


# Sentiment and toxicity share two of these blocks, so classify_many hashes them once for both.
SHORT_TEXT = [
    _block("text", "char_wb", (2, 5), 17),
    _block("text", "word", (1, 2), 16),
    _block("folded", "word", (1, 2), 16),
]
RECIPES = {
    "sentiment": {
        # Toxicity's blocks, the words read with their negation scope marked (`mark_negation`),
        # and the hits of a polarity lexicon (`lexicon`): civic words unseen in training share
        # the weight the general ones earn. Scale chosen out of fold (model card).
        "features": [
            SHORT_TEXT[0],
            _block("negated", "word", (1, 2), 16),
            SHORT_TEXT[2],
            _lexicon("negated", 0.5),
        ],
        "idf": True,
        "experts": {"feedback": 0.3, "reviews": 0.3, "social": 0.3, "news": 0.3},
        "router_C": 1.0,
        # Social posts (UIT-VSMEC) go to their expert only when the router is sure: short
        # neutral feedback sentences look like them. Margin chosen out of fold (model card).
        "route_margins": {"social": 0.5},
        # The news expert learnt from sentences the lexicon found no polar word in that such a
        # sentence is neutral; citizens state faults plainly ("3 ngày rồi chưa ai đến thu"), so
        # its neutral score is lowered for them. Chosen on the civic sets (model card).
        "expert_offsets": {"news": {"neutral": -2.0}},
        # Most citizens' posts are routed to the news expert (the model card's held-out civic
        # sets: 150 of 180), so the portal's own labels, analysts' corrections of such posts,
        # train that one (`training.train_and_write`).
        "own_labels": "news",
        # A convolutional network over the words (`convnet`) learns the first expert's rows
        # (students' feedback, the nearest to citizens'); its log-probabilities are blended into
        # that expert's at weight "blend". Settings and weight chosen out of fold (model card).
        "net": {"dimensions": 50, "filters": 64, "epochs": 3, "blend": 0.6},
    },
    "topic": {
        "features": [_block("text", "word", (1, 2), 17)],
        "idf": True,
        # Full articles and short texts (a headline with its sapo, a post) each have an expert:
        # 2007's articles teach little about today's short news. A text of fewer than
        # "route_words" words, or typed without diacritics, goes to the second (`route_short`).
        "experts": {"articles": 2.0, "short": 2.0},
        "route_words": 80,
    },
    "toxicity": {
        "features": [*SHORT_TEXT, _word_vectors("text", 0.5, 50)],
        "idf": True,
        "loss": "logistic",
        # Clean or not (C1), then hate or offensive among the rest (C2): the rare classes are
        # told apart by a model that sees only them.
        "stages": {"C1": 8.0, "C2": 1.0},
        "offsets": True,
        # A network blended in as sentiment's: out of fold +0.009 macro-F1 over the linear
        # model alone (five fold seeds). Three averaged gain 0.002 more, within the noise, for
        # three times the cost (the pipeline's classify stage ×0.6): the model card's table.
        "net": {"dimensions": 50, "filters": 64, "epochs": 3, "blend": 0.4},
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


def feature_blocks(texts, features, shared: dict | None = None, vectors=None) -> list:
    """Each block's hashed counts, log-scaled where the block says "sublinear" (long news would
    otherwise be ruled by its commonest words), or its mean word vectors (from `vectors`, the
    model's). Models that classify the same batch pass the same `shared` dict, so a view or
    block that several of them use is computed once."""
    shared = {} if shared is None else shared
    texts = as_texts(texts)
    blocks = []
    for spec in features:
        if spec["analyzer"] == "vectors":  # the model's own vectors: not shared
            blocks.append(vectors.mean(view(spec["view"], texts, shared)))
            continue
        if spec["analyzer"] == "lexicon":
            blocks.append(lexicon.block(view(spec["view"], texts, shared)))
            continue
        blocks.append(_hashed(spec, texts, shared).copy())  # weigh() scales it in place
    return blocks


def _hashed(spec, texts: list[str], shared: dict):
    """A hashed block, once per batch. Of two views that differ in few texts ("negated" and its
    source "text"), the second one's block is the first's with only the differing texts' rows
    hashed anew: the same numbers, and sentiment and toxicity together hash the words once."""
    key = ("block", _key(spec))
    if key in shared:
        return shared[key]
    strings = view(spec["view"], texts, shared)
    for other in SIMILAR.get(spec["view"], ()):
        done = shared.get(("block", _key({**spec, "view": other})))
        if done is None:
            continue
        others = view(other, texts, shared)
        differ = np.array([a != b for a, b in zip(strings, others, strict=True)], bool)
        if differ.any():
            from scipy.sparse import vstack

            same, changed = np.flatnonzero(~differ), np.flatnonzero(differ)
            fresh = _hash(spec, [strings[i] for i in changed])
            order = np.argsort(np.concatenate([same, changed]), kind="stable")
            done = vstack([done[same], fresh], format="csr")[order]
        shared[key] = done
        return done
    shared[key] = _hash(spec, strings)
    return shared[key]


def _hash(spec, strings: list[str]):
    block = vectorizer(spec).transform(strings)
    if spec.get("sublinear"):
        np.log1p(block.data, out=block.data)
    return block


def weigh(blocks, idf=None, features=()):
    """Blocks side by side, weighted by inverse document frequency where the model has it and
    l2-normalised block by block (so no view drowns the others); a word-vector block (already
    of unit length) and a lexicon block are scaled as their recipe says."""
    from scipy.sparse import hstack
    from sklearn.preprocessing import normalize

    start = 0
    for block, spec in zip(blocks, features or [{}] * len(blocks), strict=True):
        if spec.get("analyzer") in ("vectors", "lexicon"):
            block.data *= spec["scale"]
        else:
            if idf is not None:
                block.data *= idf[start + block.indices]
            normalize(block, copy=False)
        start += block.shape[1]
    return hstack(blocks, format="csr")


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


# Below this many letters outside ASCII a word, a text reads as typed without diacritics. Written
# news has about one a word (VNTC dev: median 0.94, 1 article in 100 below 0.69, 1 in 1,000 below
# 0.17); folded, 1 in 1,000 has above 0.07 (quotes, dashes); teencode the monitor spells out
# ("ko" → "không") puts a few back. Counted by encoding, in C: a word count costs more.
FOLDED_SHARE = 0.3


def route_short(texts, bound: int) -> np.ndarray:
    """For a model whose router counts words: 1 (the second expert, of short texts) for each text
    of fewer than `bound` words or typed mostly without diacritics, else 0. The first expert
    learnt whole articles as written; folded, they read as the section of English words."""
    routes = []
    for text in as_texts(texts):
        words = len(text.split())
        accented = len(text) - len(text.encode("ascii", "ignore"))
        routes.append(words < bound or accented < FOLDED_SHARE * words)
    return np.array(routes, dtype=int)


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
    nets: tuple = ()  # convnet.ConvNet(s), for a recipe that blends them in
    net_blend: float = 0.0  # the networks' weight in the blend of log-probabilities
    route_words: int | None = None  # routed by length, not by the router (`route_short`)

    def scores(self, texts, shared: dict | None = None) -> np.ndarray:
        """The linear part's scores (networks, if any, are blended in by `probabilities`)."""
        return self._routed_scores(texts, shared)[0]

    def _routed_scores(self, texts, shared) -> tuple[np.ndarray, np.ndarray | None]:
        """The linear scores, and for a model with experts the expert each text went to."""
        blocks = feature_blocks(texts, self.features, shared, self.vectors)
        X = weigh(blocks, self.idf, self.features)
        scores = np.asarray(X @ self.weights) + self.bias
        if self.offsets is not None:
            return stage_scores(scores) + self.offsets, None
        if not self.experts:
            return scores, None
        # One product gives the router's columns, then each expert's: keep the chosen expert's.
        if self.route_words:
            route = route_short(texts, self.route_words)
        else:
            route = scores[:, : len(self.experts)].argmax(axis=1)
        by_expert = scores[:, len(self.experts) :].reshape(len(scores), len(self.experts), -1)
        return by_expert[np.arange(len(scores)), route], route

    def columns(self) -> int:
        """How many weight columns the recipe implies: router and experts, or one per label."""
        if self.offsets is not None:
            return 2
        return len(self.experts) * (1 + len(self.labels)) or len(self.labels)

    def probabilities(self, texts, shared: dict | None = None) -> np.ndarray:
        shared = {} if shared is None else shared
        scores, route = self._routed_scores(texts, shared)
        probs = softmax(scores * self.temperature)
        if not self.nets:
            return probs
        # A routed model's network learnt the first expert's domain: it reads the texts sent
        # there. The "text" view is the one scoring has just prepared for this batch.
        rows = np.arange(len(probs)) if route is None else np.flatnonzero(route == 0)
        if len(rows):
            prepared = view("text", as_texts(texts), shared)
            chosen = [prepared[i] for i in rows]
            nets = np.mean([np.log(softmax(n.logits(chosen)) + 1e-9) for n in self.nets], axis=0)
            blend = self.net_blend * nets + (1 - self.net_blend) * np.log(probs[rows] + 1e-9)
            probs[rows] = softmax(blend)
        return probs

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
        # An expert's weights are zero for the hashed columns its rows never fill: stored as a
        # bitmap and the other values, the routed model's file is a seventh smaller.
        weights = self.weights.astype(np.float16)
        filled = weights != 0
        arrays = {
            "weights_shape": np.array(weights.shape),
            "weights_filled": np.packbits(filled),
            "weights_values": weights[filled],
            "bias": self.bias,
        }
        if self.idf is not None:
            arrays["idf"] = self.idf.astype(np.float16)
        if self.vectors is not None:
            arrays["words"] = np.array(self.vectors.words, dtype=str)
            arrays["vectors"] = self.vectors.vectors
        if self.offsets is not None:
            arrays["offsets"] = self.offsets.astype(np.float32)
        for i, net in enumerate(self.nets):
            own_words = i == 0 or net.words != self.nets[0].words
            arrays.update(net.arrays(f"net{i or ''}_", words=own_words))
        np.savez_compressed(npz, **arrays)
        spec = {
            "format": FORMAT,
            "task": self.task,
            "labels": list(self.labels),
            "features": self.features,
            "temperature": self.temperature,
            **({"routes_to": list(self.experts)} if self.experts else {}),
            **({"net_blend": self.net_blend} if self.nets else {}),
            **({"route_words": self.route_words} if self.route_words else {}),
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
            if "weights_filled" in arrays:
                shape = tuple(arrays["weights_shape"])
                filled = np.unpackbits(arrays["weights_filled"], count=int(np.prod(shape)))
                weights = np.zeros(shape, np.float32)
                weights[filled.reshape(shape).astype(bool)] = arrays["weights_values"]
            else:
                weights = np.ascontiguousarray(arrays["weights"], dtype=np.float32)
            bias = arrays["bias"].astype(np.float32)
            idf = arrays["idf"].astype(np.float32) if "idf" in arrays else None
            offsets = arrays["offsets"] if "offsets" in arrays else None
            words = None
            if "vectors" in arrays:
                from cityportal.nlp.vectors import WordVectors

                words = WordVectors(arrays["words"].tolist(), arrays["vectors"])
            nets = [ConvNet.from_arrays(arrays, "net_")] if "net_words" in arrays else []
            while nets and f"net{len(nets)}_out" in arrays:
                prefix = f"net{len(nets)}_"
                own = f"{prefix}words" in arrays  # else the first network's vocabulary
                words = arrays[f"{prefix}words"].tolist() if own else nets[0].words
                nets.append(ConvNet.from_arrays(arrays, prefix, words))
        own = (
            "format",
            "task",
            "labels",
            "features",
            "temperature",
            "routes_to",
            "net_blend",
            "route_words",
        )
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
            tuple(nets),
            spec.get("net_blend", 0.0),
            spec.get("route_words"),
        )
        if weights.shape != (sum(f["n_features"] for f in model.features), model.columns()):
            raise ValueError(f"{npz}: weights do not match the recipe")
        if (not nets) != ("net_blend" not in spec):
            raise ValueError(f"{recipe}: a network needs its blend weight, and the reverse")
        return model


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


def load_models(directory: Path = MODEL_DIR) -> None:
    """Make every task's model in `directory` the process's own, all loaded before any is
    swapped (bench/monitor.py measures two sets of models in turns in one process)."""
    models = {task: Model.load(task, directory) for task in LABELS}
    with _lock:
        _models.update(models)


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

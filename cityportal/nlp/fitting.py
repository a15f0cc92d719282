"""Fitting a task's model (`classifier.Model`) on labelled texts: a class-balanced linear model
(SVM or logistic regression, per task), fitted three times on two thirds of the rows to get
out-of-fold scores for all of them, on which a softmax temperature and, where the recipe asks,
per-class offsets and the routing are tuned; then fitted on all rows. Two-stage recipes fit
their two stages the same way. `training` writes the result and its model card."""

import numpy as np

from cityportal.nlp import LABELS, convnet
from cityportal.nlp.classifier import (
    RECIPES,
    Model,
    feature_blocks,
    softmax,
    stage_scores,
    weigh,
)
from cityportal.nlp.reading import as_texts, view

FOLDS = 3  # for tuning the class offsets, the temperature and routing on out-of-fold scores


def inverse_document_frequency(blocks) -> np.ndarray:
    """Smoothed idf of every column, from the training rows (word-vector columns, in nearly
    every row, get about 1; `weigh` does not read them)."""
    rows = blocks[0].shape[0]
    df = np.concatenate([np.bincount(b.indices, minlength=b.shape[1]) for b in blocks])
    return (np.log((1 + rows) / (1 + df)) + 1).astype(np.float32)


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


def linear_scores(task: str, labelled: list[tuple[str, str]], texts: list[str], C: float):
    """Scores of `texts` (a column per label of `task`) by a class-balanced linear SVM of the
    task's features fitted on the `labelled` (text, label) rows, without tuning: a plain model
    that labels unlabelled text for training (`datasets.recent_short_news`)."""
    features = RECIPES[task]["features"]
    blocks = feature_blocks([text for text, _ in labelled], features)
    idf = inverse_document_frequency(blocks) if RECIPES[task].get("idf") else None
    names = LABELS[task]
    y = np.array([names.index(label) for _, label in labelled])
    weights, bias = _fit(weigh(blocks, idf, features), y, len(names), C)
    return np.asarray(weigh(feature_blocks(texts, features), idf, features) @ weights) + bias


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
    """How far to favour the first expert (students' feedback) when routing, so that short texts
    the router is unsure of ("tạm được", "good") go there: the offset on its router score that
    raises the mean over domains of the macro-F1 of routed out-of-fold predictions."""
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
    shared = {}  # the views feature_blocks prepares, which the network reads too
    blocks = feature_blocks(texts, recipe["features"], shared, vectors=vectors)
    idf = inverse_document_frequency(blocks) if recipe.get("idf") else None
    X = weigh(blocks, idf, recipe["features"])
    # The model keeps the vectors only if a block reads them; a network only starts from them.
    reads = any(spec["analyzer"] == "vectors" for spec in recipe["features"])
    kept = vectors if reads else None
    if "experts" in recipe:
        model = _train_experts(task, X, y, domains, idf, meta, seed, kept)
    elif "stages" in recipe:
        model = _train_stages(task, X, y, idf, kept, meta, seed)
    else:
        loss, C = recipe.get("loss", "svm"), recipe["C"]
        weights, bias, tuned, temperature, _ = _fit_tuned(
            X, y, len(names), C, loss, recipe.get("offsets", False), seed
        )
        offsets = [round(float(o), 3) for o in tuned]
        meta = {"loss": loss, "C": C, "offsets": offsets, **(meta or {})}
        model = Model(
            task, weights, bias, names, recipe["features"], temperature, meta, idf, (), kept
        )
    if "net" in recipe:
        prepared = view("text", as_texts(texts), shared)
        _train_net(model, recipe, prepared, y, domains, vectors, seed)
    return model


def _train_net(model: Model, recipe, prepared: list[str], y, domains, vectors, seed) -> None:
    """The recipe's networks (one unless it says "networks"; seeds from `seed` on) and blend
    weight, on the model; a routed model's network learns the first expert's rows, the texts it
    will read."""
    settings = dict(recipe["net"])
    model.net_blend = settings.pop("blend")
    count = settings.pop("networks", 1)
    rows = np.arange(len(y))
    if "experts" in recipe:
        rows = rows[np.array(domains) == next(iter(recipe["experts"]))]
    model.nets = tuple(
        convnet.train(
            [prepared[i] for i in rows],
            y[rows],
            len(model.labels),
            vectors=vectors,
            seed=seed + n,
            **settings,
        )
        for n in range(count)
    )
    model.meta["net"] = recipe["net"]


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


def _fit_router(recipe, X, y, d, held_out, experts, tunable: bool, seed: int):
    """The router's weights and bias, learnt to tell the experts' domains apart, and what the
    model card says of it."""
    router_C = recipe["router_C"]
    router_w, router_b = _fit(X, d, len(experts), router_C)
    # An expert with a margin is chosen only when its router score leads by more than that.
    margins = np.array([recipe.get("route_margins", {}).get(name, 0.0) for name in experts])
    router_b -= margins
    first = 0.0
    if tunable:
        routes = _out_of_fold(X, d, len(experts), router_C, "svm", seed) - margins
        first = _first_expert_offset(routes, held_out, y, d)
        router_b[0] += first
    routing = {"router_C": router_C, "first_expert_offset": first}
    if margins.any():
        routing["route_margins"] = dict(zip(experts, margins.tolist(), strict=True))
    return router_w, router_b, routing


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
        offsets = recipe.get("expert_offsets", {}).get(name, {})
        shift = np.array([offsets.get(label, 0.0) for label in names], np.float32)
        biases.append(b * temperature + shift)
        held_out[~rows, i] = np.asarray(X[~rows] @ columns[-1]) + biases[-1]
        if own is None:
            tunable = False
        else:
            held_out[rows, i] = own + shift
        about.append({"name": name, "rows": int(rows.sum()), "C": C, "temperature": temperature})
    if "route_words" in recipe:
        # Routed by length (`classifier.route_short`): the router's columns stay empty.
        router_w = np.zeros((X.shape[1], len(experts)), np.float32)
        router_b = np.zeros(len(experts), np.float32)
        routing = {"experts": about}
    else:
        router_w, router_b, routing = _fit_router(recipe, X, y, d, held_out, experts, tunable, seed)
        routing = {"experts": about, **routing}
    weights = np.hstack([router_w, *columns])
    bias = np.concatenate([router_b, *biases])
    if "expert_offsets" in recipe:
        routing["expert_offsets"] = recipe["expert_offsets"]
    meta = {"loss": loss, **routing, **(meta or {})}
    model = Model(
        task, weights, bias, names, recipe["features"], 1.0, meta, idf, tuple(experts), vectors
    )
    model.route_words = recipe.get("route_words")
    return model

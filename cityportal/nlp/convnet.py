"""A small convolutional network over a text's words (Kim 2014): word embeddings, filters one,
two and three words wide, the largest response of each filter anywhere in the text, one linear
layer. It reads word order and near-synonyms that hashed n-grams cannot ("không hề tốt", a
misspelt insult), so its log-probabilities, blended with the linear model's, lift the rarer
classes (see the model cards).

Trained here with numpy alone (forward and backward by hand, Adam): the network is a few
matrix products, and scikit-learn has no convolutional layer, while a deep-learning framework
would add hundreds of MB to install for this one layer. Embeddings start from the word vectors
learnt from unlabelled text (`vectors`), so words seen only there still land near their kin.
"""

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

WIDTHS = (1, 2, 3)
TOKEN = re.compile(r"\w+|[^\w\s]")  # punctuation kept: "!!!" and ":(" carry feeling
PAD, UNKNOWN = 0, 1


def tokens(prepared: str, max_len: int) -> list[str]:
    return TOKEN.findall(prepared)[:max_len]


@dataclass
class ConvNet:
    """Vocabulary (rows 0 and 1: padding, unknown), embeddings (words × dimensions), per width
    the filters (width·dimensions × filters) and their bias, and the output layer."""

    words: list
    embeddings: np.ndarray
    filters: list
    biases: list
    out: np.ndarray
    out_bias: np.ndarray
    max_len: int = 80

    def __post_init__(self):
        self.index = {word: i for i, word in enumerate(self.words)}

    def ids(self, token_lists) -> tuple[np.ndarray, np.ndarray]:
        """Word ids (texts × longest, PAD after the end) and each text's length (≥ 1: an empty
        text is one unknown word)."""
        rows = [[self.index.get(w, UNKNOWN) for w in words] or [UNKNOWN] for words in token_lists]
        lengths = np.array([len(r) for r in rows])
        ids = np.zeros((len(rows), int(lengths.max(initial=1))), np.int64)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
        return ids, lengths

    def _pool(self, e, lengths, keep=None):
        """Each filter's largest response over the positions a text has: (pooled, argmax, the
        windows) per width; `keep` is a dropout mask on the embeddings while training."""
        if keep is not None:
            e = e * keep
        B, L, D = e.shape
        padded = np.concatenate([e, np.zeros((B, max(WIDTHS) - 1, D), e.dtype)], axis=1)
        outside = np.arange(L)[None, :] >= lengths[:, None]
        layers = []
        for k, W, b in zip(WIDTHS, self.filters, self.biases, strict=True):
            windows = np.concatenate([padded[:, j : j + L] for j in range(k)], axis=2)
            h = np.maximum(windows @ W + b, 0)
            h[outside] = -1.0  # below any ReLU output: never the maximum
            at = h.argmax(axis=1)
            layers.append((np.take_along_axis(h, at[:, None, :], axis=1)[:, 0], at, windows))
        return layers

    def logits(self, prepared_texts, batch: int = 64) -> np.ndarray:
        """Class logits of each text (texts × classes), in order; batches of similar lengths
        (64: each batch's responses stay in the CPU cache; 256 ran 15-25% slower).
        A window's response is the sum of its words' responses to the filter's slices, so each
        distinct word of a batch is multiplied once, not once per window it sits in (training's
        `_pool` keeps the windows, for the gradients). ReLU after the maximum, not before: the
        same number, as both are monotone."""
        texts = list(prepared_texts)
        result = np.zeros((len(texts), self.out.shape[1]), np.float32)
        D, F, widest = self.embeddings.shape[1], self.filters[0].shape[1], max(WIDTHS)
        pieces = [(k, j) for k in WIDTHS for j in range(k)]
        slices = np.concatenate(
            [self.filters[WIDTHS.index(k)][j * D : (j + 1) * D] for k, j in pieces], axis=1
        )
        # Padding reads as zeros (as in training), but a window that starts on it never wins.
        starts = np.concatenate([np.full(F, j == 0) for _, j in pieces])
        order = np.argsort([len(t) for t in texts], kind="stable")
        for first in range(0, len(texts), batch):
            chosen = order[first : first + batch]
            ids, _ = self.ids([tokens(texts[i], self.max_len) for i in chosen])
            B, L = ids.shape
            ids = np.concatenate([ids, np.full((B, widest - 1), PAD)], axis=1)
            distinct, where = np.unique(ids, return_inverse=True)
            table = self.embeddings[distinct] @ slices
            table[0] = np.where(starts, -1e4, 0)  # distinct[0] is PAD: every batch is padded
            responses = table[where.reshape(ids.shape)]
            pooled, column = [], 0
            for k, b in zip(WIDTHS, self.biases, strict=True):
                h = responses[:, :L, column : column + F]
                for j in range(1, k):
                    h = h + responses[:, j : j + L, column + j * F : column + (j + 1) * F]
                column += k * F
                pooled.append(np.maximum(h.max(axis=1) + b, 0))
            result[chosen] = np.concatenate(pooled, axis=1) @ self.out + self.out_bias
        return result

    def arrays(self, prefix: str, words: bool = True) -> dict:
        """The network as named arrays for an .npz (float16 weights; see `from_arrays`);
        without its vocabulary where another network's, stored beside it, is the same."""
        arrays = {f"{prefix}words": np.array(self.words, dtype=str)} if words else {}
        arrays |= {
            f"{prefix}embeddings": self.embeddings.astype(np.float16),
            f"{prefix}out": self.out.astype(np.float16),
            f"{prefix}out_bias": self.out_bias.astype(np.float32),
            f"{prefix}max_len": np.array(self.max_len),
        }
        for k, W, b in zip(WIDTHS, self.filters, self.biases, strict=True):
            arrays[f"{prefix}filters{k}"] = W.astype(np.float16)
            arrays[f"{prefix}bias{k}"] = b.astype(np.float32)
        return arrays

    @classmethod
    def from_arrays(cls, arrays, prefix: str, words: list | None = None) -> "ConvNet":
        """The network saved by `arrays`; `words`, its vocabulary if saved without it."""

        def read(name):
            return np.ascontiguousarray(arrays[prefix + name], dtype=np.float32)

        return cls(
            words if words is not None else arrays[f"{prefix}words"].tolist(),
            read("embeddings"),
            [read(f"filters{k}") for k in WIDTHS],
            [read(f"bias{k}") for k in WIDTHS],
            read("out"),
            read("out_bias"),
            int(arrays[f"{prefix}max_len"]),
        )


class _Adam:
    def __init__(self, params, rate: float):
        self.params, self.rate, self.step = params, rate, 0
        self.m = [np.zeros_like(p) for p in params]
        self.v = [np.zeros_like(p) for p in params]

    def update(self, grads, beta1=0.9, beta2=0.999, eps=1e-8):
        self.step += 1
        scale = self.rate * np.sqrt(1 - beta2**self.step) / (1 - beta1**self.step)
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= scale * m / (np.sqrt(v) + eps)


def train(
    prepared_texts,
    y: np.ndarray,
    n_classes: int,
    *,
    vectors=None,
    filters: int = 128,
    dimensions: int = 100,
    epochs: int = 2,
    batch: int = 64,
    rate: float = 2e-3,
    balance: float = 0.5,
    max_len: int = 80,
    min_count: int = 2,
    unseen: int = 5000,
    seed: int = 0,
) -> ConvNet:
    """A network fitted on prepared texts and class ids y: cross-entropy with class weights
    (n / (classes · count)) ** balance, dropout 0.25 on embeddings and 0.5 before the output,
    `epochs` passes in batches of texts of similar length. With `vectors`
    (`vectors.WordVectors`), their words join the vocabulary (see `unseen`) and their unit vectors
    start the first dimensions of the embeddings."""
    rng = np.random.default_rng(seed)
    texts = [tokens(t, max_len) for t in prepared_texts]
    counts = Counter(w for t in texts for w in t)
    # Of the vectors' words (most frequent first), the first `unseen` and any other that is in
    # the training texts: a word training never sees keeps its starting vector, so storing
    # many of those costs size for little.
    known = list(vectors.words) if vectors is not None else []
    kept = [i for i, w in enumerate(known) if i < unseen or w in counts]
    words = ["<pad>", "<unk>"] + [known[i] for i in kept]
    seen = set(words)
    words += [w for w, n in sorted(counts.items()) if n >= min_count and w not in seen]
    E = rng.normal(0, 0.1, (len(words), dimensions)).astype(np.float32)
    E[PAD] = 0
    if kept:
        d = min(dimensions, vectors.dimensions)
        E[2 : 2 + len(kept), :d] = vectors.unit[kept, :d]
    net = ConvNet(
        words,
        E,
        [
            rng.uniform(-1, 1, (k * dimensions, filters)).astype(np.float32)
            / np.sqrt(k * dimensions)
            for k in WIDTHS
        ],
        [np.zeros(filters, np.float32) for _ in WIDTHS],
        rng.uniform(-1, 1, (len(WIDTHS) * filters, n_classes)).astype(np.float32)
        / np.sqrt(len(WIDTHS) * filters),
        np.zeros(n_classes, np.float32),
        max_len,
    )
    frequency = np.bincount(y, minlength=n_classes).clip(min=1)
    class_weight = ((len(y) / (n_classes * frequency)) ** balance).astype(np.float32)
    params = [net.embeddings, *net.filters, *net.biases, net.out, net.out_bias]
    adam = _Adam(params, rate)
    by_length = np.argsort([len(t) for t in texts], kind="stable")
    batches = [by_length[i : i + batch] for i in range(0, len(by_length), batch)]
    for _ in range(epochs):
        for chosen in rng.permutation(len(batches)):
            rows = batches[chosen]
            ids, lengths = net.ids([texts[i] for i in rows])
            _, grads = _gradients(net, ids, lengths, y[rows], class_weight, rng)
            adam.update(grads)
            net.embeddings[PAD] = 0
    return net


def _gradients(net: ConvNet, ids, lengths, y, class_weight, rng) -> tuple[float, list]:
    """The weighted cross-entropy of one batch (dropout masks drawn from `rng`) and its
    gradients, in `train`'s order of parameters."""
    B, L = ids.shape
    D, F = net.embeddings.shape[1], net.filters[0].shape[1]
    keep = (rng.random((B, L, D)) >= 0.25).astype(np.float32) / 0.75
    e = net.embeddings[ids]
    layers = net._pool(e, lengths, keep)
    pooled = np.concatenate([p for p, _, _ in layers], axis=1)
    dropped = (rng.random(pooled.shape) >= 0.5).astype(np.float32) / 0.5
    h = pooled * dropped
    logits = h @ net.out + net.out_bias
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    p /= p.sum(axis=1, keepdims=True)
    w = class_weight[y]
    loss = float(-(w * np.log(p[np.arange(B), y] + 1e-12)).sum() / w.sum())
    d_logits = p
    d_logits[np.arange(B), y] -= 1
    d_logits *= (w / w.sum())[:, None]
    d_out, d_out_bias = h.T @ d_logits, d_logits.sum(axis=0)
    d_pooled = (d_logits @ net.out.T) * dropped
    d_padded = np.zeros((B, L + max(WIDTHS) - 1, D), np.float32)
    d_filters, d_biases = [], []
    rows = np.arange(B)[:, None]
    for i, (k, (value, at, windows)) in enumerate(zip(WIDTHS, layers, strict=True)):
        g = d_pooled[:, i * F : (i + 1) * F] * (value > 0)  # ReLU, and padding never wins
        picked = windows[rows, at]  # B × F × k·D: the window each filter's maximum read
        d_filters.append(np.einsum("bfi,bf->if", picked, g))
        d_biases.append(g.sum(axis=0))
        d_windows = g[:, :, None] * net.filters[i].T[None]  # B × F × k·D
        for j in range(k):
            _add_rows(
                d_padded.reshape(-1, D),
                (rows * d_padded.shape[1] + at + j).ravel(),
                d_windows[:, :, j * D : (j + 1) * D].reshape(-1, D),
            )
    d_e = (d_padded[:, :L] * keep).reshape(-1, D)
    d_embeddings = np.zeros_like(net.embeddings)
    _add_rows(d_embeddings, ids.ravel(), d_e)
    return loss, [d_embeddings, *d_filters, *d_biases, d_out, d_out_bias]


def _add_rows(target: np.ndarray, at: np.ndarray, values: np.ndarray) -> None:
    """target[at[i]] += values[i], repeats summed: a sparse product over the rows touched, where
    np.add.at would take most of the training time."""
    from scipy import sparse

    touched, row = np.unique(at, return_inverse=True)
    gather = sparse.csr_matrix(
        (np.ones(len(at), np.float32), (row, np.arange(len(at)))), shape=(len(touched), len(at))
    )
    target[touched] += gather @ values

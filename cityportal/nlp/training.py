"""Retraining one task's model: fit on a corpus plus the portal's own labels, score every dev set,
write the artifact and the score table of its model card. Used by `train_models` and
`train_moderation_model`."""

import re
import time
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from cityportal.nlp import LABELS, classifier, fitting, vectors
from cityportal.nlp.datasets import Corpus

_TABLE = re.compile(r"(<!-- scores:start -->\n).*?(<!-- scores:end -->)", re.S)


def card_path(directory: Path, task: str) -> Path:
    return Path(directory) / f"MODEL_CARD_{task}.md"


def score(task: str, true: list[str], predicted: list[str]) -> tuple[dict, str]:
    """Accuracy, macro- and weighted-F1, and a Markdown table with one row per class."""
    from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

    labels = list(LABELS[task])
    precision, recall, f1, support = precision_recall_fscore_support(
        true, predicted, labels=labels, zero_division=0
    )
    figures = {
        "accuracy": accuracy_score(true, predicted),
        "macro_f1": f1_score(true, predicted, labels=labels, average="macro", zero_division=0),
        "weighted_f1": f1_score(
            true, predicted, labels=labels, average="weighted", zero_division=0
        ),
    }
    figures = {k: round(float(v), 4) for k, v in figures.items()}  # as stored and printed
    lines = [
        "| class | precision | recall | F1 | dev rows |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for i, label in enumerate(labels):
        lines.append(
            f"| {label} | {precision[i]:.3f} | {recall[i]:.3f} | {f1[i]:.3f} | {support[i]} |"
        )
    lines.append(f"| **macro average** | | | **{figures['macro_f1']:.3f}** | {sum(support)} |")
    lines.append(f"| weighted average | | | {figures['weighted_f1']:.3f} | |")
    lines.append(f"| accuracy | | | {figures['accuracy']:.3f} | |")
    return figures, "\n".join(lines) + "\n"


def needs_vectors(task: str) -> bool:
    """Whether the recipe reads word vectors, or starts a network's embeddings from them."""
    recipe = classifier.RECIPES[task]
    return "net" in recipe or any(f["analyzer"] == "vectors" for f in recipe["features"])


def word_vectors(corpus: Corpus, texts) -> vectors.WordVectors:
    """Vectors learnt from the corpus's unlabelled texts, or lacking those from `texts`."""
    return vectors.WordVectors(*vectors.build(corpus.unlabelled() if corpus.unlabelled else texts))


def train_and_write(
    task: str,
    corpus: Corpus,
    extra: dict[str, tuple[list[str], list[str]]],
    output: Path,
    say: Callable[[str], None] = print,
    today: str | None = None,
    words: vectors.WordVectors | None = None,
) -> tuple[classifier.Model, dict]:
    """Fit `task` on corpus.train plus each named extra (texts, labels), score on corpus.dev,
    save to `output` with the card's score table (dated `today`, by default the local date);
    returns the model and its dev figures. A recipe reading word vectors keeps `words`, or
    learns them from corpus.unlabelled (or, lacking that, from the training texts)."""
    today = today or timezone.localdate().isoformat()
    texts = [text for text, _ in corpus.train]
    labels = [label for _, label in corpus.train]
    # The portal's own labels are citizens' texts: the expert that civic text is routed to learns
    # them (the recipe's "own_labels"; else the first domain's).
    # A model routed by length learns each of them in the expert its length sends it to.
    recipe = classifier.RECIPES[task]
    domains = list(corpus.domains) or None
    own = recipe.get("own_labels", domains[0] if domains else None)
    counts = {"train_rows": len(texts)}
    for name, (extra_texts, extra_labels) in extra.items():
        texts += extra_texts
        labels += extra_labels
        if domains and "route_words" in recipe:
            routes = classifier.route_short(extra_texts, recipe["route_words"])
            domains += [list(recipe["experts"])[route] for route in routes]
        elif domains:
            domains += [own] * len(extra_texts)
        counts[f"{name}_rows"] = len(extra_texts)
    extras = "".join(f" + {len(t)} {name.replace('_', ' ')}" for name, (t, _) in extra.items())
    started = time.monotonic()
    if needs_vectors(task):
        if words is None:
            say(f"{task}: learning word vectors from unlabelled text…")
            words = word_vectors(corpus, texts)
        counts["vector_words"] = len(words.words)
    else:
        words = None
    say(f"{task}: training on {len(corpus.train)} corpus rows{extras}…")
    model = fitting.train(
        task, texts, labels, domains=domains, meta={**counts, "trained": today}, vectors=words
    )
    seconds = time.monotonic() - started
    figures, tables = {}, []
    for name, rows in corpus.dev.items():
        predicted = [label for label, _ in model.classify([text for text, _ in rows])]
        figures[name], table = score(task, [label for _, label in rows], predicted)
        tables.append(f"**{name}** dev ({len(rows)} rows):\n\n{table}")
    model.meta["dev"] = figures
    npz, _ = model.save(output)
    block = (
        f"Trained {today} on {len(corpus.train)} corpus rows{extras} "
        f"({'; '.join(corpus.sources)}).\n\n" + "\n".join(tables)
    )
    card = write_card(Path(output), task, block)
    for table in tables:
        say(table)
    summary = ", ".join(
        f"{name} macro-F1 {f['macro_f1']:.3f} weighted-F1 {f['weighted_f1']:.3f} "
        f"accuracy {f['accuracy']:.3f}"
        for name, f in figures.items()
    )
    say(
        f"{task}: {summary}; trained in {seconds:.0f} s; wrote {npz} "
        f"({npz.stat().st_size / 1e6:.2f} MB) and {card}."
    )
    return model, figures


def write_card(output: Path, task: str, block: str) -> Path:
    """Put the score block between the card's markers; a card missing from `output` starts as a
    copy of the shipped one, so a retrained model keeps its description."""
    card = card_path(output, task)
    source = card if card.is_file() else card_path(classifier.MODEL_DIR, task)
    text = source.read_text(encoding="utf-8") if source.is_file() else f"# Model card: {task}\n"
    if _TABLE.search(text):
        text = _TABLE.sub(lambda m: m.group(1) + block + m.group(2), text)
    else:
        text += f"\n## Dev scores\n\n<!-- scores:start -->\n{block}<!-- scores:end -->\n"
    card.write_text(text, encoding="utf-8")
    return card

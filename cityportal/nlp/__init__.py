"""Natural-language processing shared by the apps: small models trained from labelled data and
shipped as compact artifacts under `models/`, loaded lazily and never downloaded at run time.

    from cityportal import nlp
    nlp.classify("sentiment", ["Cán bộ phường hướng dẫn rất nhiệt tình"])  # [("positive", 0.98)]
    nlp.classify_many({"sentiment": texts, "toxicity": texts})  # shared features, computed once
    nlp.LABELS["topic"]  # VNTC's ten topics, e.g. "Kinh doanh"

`sentiment` reads opinion in short texts, `topic` sorts news into VNTC's ten sections and
`toxicity` flags readers' comments for moderators; `tokenize.words` segments Vietnamese words.
"""

LABELS: dict[str, tuple[str, ...]] = {
    "sentiment": ("negative", "neutral", "positive"),
    "topic": (
        "Chinh tri Xa hoi",
        "Doi song",
        "Khoa hoc",
        "Kinh doanh",
        "Phap luat",
        "Suc khoe",
        "The gioi",
        "The thao",
        "Van hoa",
        "Vi tinh",
    ),
    "toxicity": ("clean", "offensive", "hate"),
}
TASKS = tuple(LABELS)


def classify(task: str, texts) -> list[tuple[str, float]]:
    """(label, probability of that label) for each text, in order. The model of `task` is loaded
    on first use (numpy and scikit-learn stay out of processes that never classify)."""
    from cityportal.nlp.classifier import classify

    return classify(task, texts)


def classify_many(batches: dict) -> dict[str, list[tuple[str, float]]]:
    """{task: texts} → {task: [(label, probability)]}: several tasks over one batch, the feature
    blocks they share computed once (see `classifier.classify_many`)."""
    from cityportal.nlp.classifier import classify_many

    return classify_many(batches)

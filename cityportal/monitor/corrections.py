"""Analysts' corrections as training labels: `manage.py train_models` reads them through
`settings.NLP_EXTRA_LABELS`, so the models learn from the desk's judgement over time."""

from .models import Item


def _labels(field: str) -> tuple[list[str], list[str]]:
    # Only the stories the desk counts: a skipped item (not Vietnamese, empty) would teach the
    # models a language they never read, and a story's copies would weigh its wording twice.
    rows = Item.objects.stories().exclude(**{field: ""}).values_list("title", "text", field)
    texts = [f"{title}. {text}" if title else text for title, text, _ in rows]
    return texts, [label for _, _, label in rows]


def sentiment_labels() -> tuple[list[str], list[str]]:
    return _labels("corrected_sentiment")


def topic_labels() -> tuple[list[str], list[str]]:
    return _labels("corrected_topic")


def toxicity_labels() -> tuple[list[str], list[str]]:
    return _labels("corrected_toxicity")

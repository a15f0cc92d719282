"""Toxicity of readers' comments: clean / offensive / hate, as a hint for moderators.

A thin face over the shared classifier (`cityportal.nlp.classifier`, task "toxicity"), kept for
the feedback app and gunicorn's preload. See `models/MODEL_CARD_toxicity.md` before relying on
it: a score flags a comment for a human, it never decides alone.
"""

from cityportal.nlp import LABELS as _LABELS
from cityportal.nlp import classifier
from cityportal.nlp.classifier import Model

TASK = "toxicity"
LABELS = _LABELS[TASK]


def get_model() -> Model:
    """The shipped model, loaded once per process (gunicorn threads share it; it is read-only)."""
    return classifier.get_model(TASK)


def classify(texts) -> list[tuple[str, float]]:
    """(label, probability of that label) for each text, in order: "clean", "offensive" or "hate"."""
    return classifier.classify(TASK, texts)


def moderation_labels() -> tuple[list[str], list[str]]:
    """Moderators' decisions on comments: spam or rejected → offensive, approved → clean."""
    from cityportal.feedback.models import Comment

    S = Comment.Status
    mapping = {S.SPAM: "offensive", S.REJECTED: "offensive", S.APPROVED: "clean"}
    rows = Comment.objects.filter(status__in=list(mapping)).values_list("body", "status")
    return [body for body, _ in rows], [mapping[status] for _, status in rows]

"""The reasons a comment is held for a moderator. Nothing here drops a comment: suspicious ones
wait in the queue. (Cleaning what readers type is `core.text.clean_text`, rate limits are
`core.throttle`.)"""

import re

from django.conf import settings

from cityportal.core.text import fold

from .models import BlockedWord

# A whole link, so that "https://tphcm.chinhphu.vn/a" counts once, not for its scheme and its
# domain: with a scheme or "www.", up to the next space; else a bare domain and its path.
_LINK = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|vn|info|xyz|top)\b\S*", re.I
)


def _words(text: str) -> str:
    """Words separated by one space: the comment's, and a moderator's phrase the same way, so
    "đ.m" or "ba  que" as typed in the list match the words in a comment."""
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def hold_reasons(name: str, body: str) -> list[str]:
    """Why a comment should wait for a moderator even where comments show at once."""
    reasons = []
    links = len(_LINK.findall(body))
    if links > settings.FEEDBACK_MAX_LINKS:
        reasons.append(f"{links} liên kết")
    text = f" {_words(fold(name))} {_words(fold(body))} "
    blocked = [
        word.phrase
        for word in BlockedWord.objects.only("phrase", "phrase_folded")
        if (phrase := _words(word.phrase_folded)) and f" {phrase} " in text
    ]
    if blocked:
        reasons.append("từ bị chặn: " + ", ".join(blocked))
    from cityportal.nlp.toxicity import classify  # loads the model on first use only

    label, score = classify([f"{name}\n{body}"])[0]
    if label != "clean" and score >= settings.FEEDBACK_TOXICITY_THRESHOLD:
        kind = "ngôn từ thù ghét" if label == "hate" else "ngôn từ xúc phạm"
        reasons.append(f"{kind} ({score:.2f})")
    return reasons

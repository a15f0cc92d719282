"""Protection against abuse: cleaning what readers type, rate limits, and the reasons a comment is
held for a moderator. Nothing here drops a comment: suspicious ones wait in the queue."""

import re
import unicodedata

from django.conf import settings

from cityportal.core.text import INVISIBLE, fold

from .models import BlockedWord

# Zero-width and bidi control characters: invisible, used to dodge filters or spoof text.
_LINK = re.compile(r"https?://|www\.|\b[\w-]+\.(com|net|org|vn|info|xyz|top)\b", re.I)


def clean_text(text: str) -> str:
    """NFC, without invisible characters, with at most two blank lines in a row."""
    text = INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return re.sub(r"\n{3,}", "\n\n", text.replace("\r\n", "\n")).strip()


def email_problem(email: str) -> str | None:
    """Why an address is refused: a domain mixing Latin letters with look-alikes from other
    scripts ("ехample.vn" with Cyrillic е and х). Django's EmailField already refuses a
    non-ASCII name before the @."""
    domain = email.rpartition("@")[2]
    try:
        domain.encode("idna")
    except UnicodeError:
        return "Tên miền của địa chỉ email không hợp lệ."
    scripts = {unicodedata.name(ch, "").split(" ")[0] for ch in domain if ch.isalpha()}
    if len(scripts - {"LATIN"}) and "LATIN" in scripts:
        return "Tên miền của địa chỉ email trộn chữ Latinh với chữ khác."
    return None


def hold_reasons(name: str, body: str) -> list[str]:
    """Why a comment should wait for a moderator even where comments show at once."""
    reasons = []
    links = len(_LINK.findall(body))
    if links > settings.FEEDBACK_MAX_LINKS:
        reasons.append(f"{links} liên kết")
    text = f" {fold(name)} {fold(body)} "
    blocked = [
        word.phrase
        for word in BlockedWord.objects.only("phrase", "phrase_folded")
        if f" {word.phrase_folded} " in re.sub(r"[^\w]+", " ", text)
    ]
    if blocked:
        reasons.append("từ bị chặn: " + ", ".join(blocked))
    from cityportal.nlp.toxicity import classify  # loads the model on first use only

    label, score = classify([f"{name}\n{body}"])[0]
    if label != "clean" and score >= settings.FEEDBACK_TOXICITY_THRESHOLD:
        kind = "ngôn từ thù ghét" if label == "hate" else "ngôn từ xúc phạm"
        reasons.append(f"{kind} ({score:.2f})")
    return reasons

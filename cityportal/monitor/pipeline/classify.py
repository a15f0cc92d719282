"""Stage 4: sentiment, topic and toxicity from the shared NLP models (`cityportal.nlp`), run on a
whole batch at once (the models are linear: one sparse product per batch) and in one call, so the
feature blocks the models share are computed once per batch."""

from django.conf import settings

from cityportal import nlp

# The portal's content groups (section slugs) for VNTC's ten news topics. Override with
# settings.MONITOR_TOPIC_SECTIONS.
TOPIC_SECTIONS = {
    "Chinh tri Xa hoi": "kinh-te-xa-hoi",
    "Doi song": "kinh-te-xa-hoi",
    "Khoa hoc": "kinh-te-xa-hoi",
    "Kinh doanh": "kinh-te-xa-hoi",
    "Phap luat": "an-ninh-trat-tu",
    "Suc khoe": "kinh-te-xa-hoi",
    "The gioi": "doi-ngoai",
    "The thao": "van-hoa",
    "Van hoa": "van-hoa",
    "Vi tinh": "kinh-te-xa-hoi",
}


def section_for(topic: str) -> str:
    mapping = getattr(settings, "MONITOR_TOPIC_SECTIONS", None) or TOPIC_SECTIONS
    return mapping.get(topic, "")


# Sentiment and toxicity read the opening of a long text (a news article's title and lead):
# they were trained on sentences and comments, the lead carries the article's tone, and word
# segmentation of a whole article costs a hundred times a comment's. Topic reads everything.
LEAD_CHARS = 400


def lead(text: str) -> str:
    if len(text) <= LEAD_CHARS:
        return text
    return text[:LEAD_CHARS].rsplit(" ", 1)[0]


def classify(texts: list[str]) -> list[dict]:
    """One dict of labels and scores per text, in order."""
    if not texts:
        return []
    leads = [lead(t) for t in texts]  # the same list as texts when every text is short
    found = nlp.classify_many({"sentiment": leads, "topic": texts, "toxicity": leads})
    sentiment, topic, toxicity = found["sentiment"], found["topic"], found["toxicity"]
    return [
        {
            "sentiment": s[0],
            "sentiment_score": s[1],
            "topic": t[0],
            "topic_score": t[1],
            "section": section_for(t[0]),
            "toxicity": x[0],
            "toxicity_score": x[1],
        }
        for s, t, x in zip(sentiment, topic, toxicity, strict=True)
    ]

"""What the monitoring desk heard: items with the labels it reads them by, grouped into stories
(clusters of near-duplicates)."""

import datetime
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.text import Truncator

from cityportal.core.models import AdministrativeUnit
from cityportal.core.pseudonyms import pseudonym
from cityportal.core.text import fold

from .sources import Source

SENTIMENTS = [("negative", "tiêu cực"), ("neutral", "trung lập"), ("positive", "tích cực")]
TOXICITY = [("clean", "bình thường"), ("offensive", "xúc phạm"), ("hate", "thù ghét")]
# VNTC's ten news topics (the labels of `cityportal.nlp`'s topic model) and their names.
TOPIC_NAMES = {
    "Chinh tri Xa hoi": "Chính trị - Xã hội",
    "Doi song": "Đời sống",
    "Khoa hoc": "Khoa học",
    "Kinh doanh": "Kinh doanh",
    "Phap luat": "Pháp luật",
    "Suc khoe": "Sức khỏe",
    "The gioi": "Thế giới",
    "The thao": "Thể thao",
    "Van hoa": "Văn hóa",
    "Vi tinh": "Vi tính",
}
TOPICS = list(TOPIC_NAMES.items())

# The label as the desk reads it: an analyst's correction wins over the model's.
SENTIMENT_READ = Coalesce(NullIf(F("corrected_sentiment"), Value("")), F("sentiment"))
TOPIC_READ = Coalesce(NullIf(F("corrected_topic"), Value("")), F("topic"))
TOXICITY_READ = Coalesce(NullIf(F("corrected_toxicity"), Value("")), F("toxicity"))


def author_hash(author_id: str) -> str:
    """A keyed hash of a social-media author id: the same author counts once, and the id itself
    (personal data under Decree 13/2023) is never stored."""
    if not author_id:
        return ""
    return pseudonym("monitor.author", str(author_id).strip())


class Cluster(models.Model):
    """One story: near-duplicate items (a wire story syndicated 40 times) counted once, with
    their combined reach."""

    first_item = models.ForeignKey(
        "Item", null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    signature = models.BinaryField(editable=False)  # MinHash of the first item
    size = models.PositiveIntegerField(default=1)
    reach = models.PositiveIntegerField(default=0)  # items + reactions
    first_seen = models.DateTimeField(default=timezone.now, db_index=True)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "câu chuyện"
        verbose_name_plural = "câu chuyện"

    def __str__(self) -> str:
        return f"câu chuyện {self.pk} ({self.size} bản)"


class ClusterBand(models.Model):
    """An LSH band of a cluster's MinHash: items sharing a band are candidate duplicates, found
    with one indexed query in any database (no in-memory index to keep in step across workers)."""

    band = models.BigIntegerField(db_index=True)
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="bands")

    def __str__(self) -> str:
        return f"{self.band} → {self.cluster_id}"


_REGEX_SPECIAL = set("\\.^$|?*+()[]{}")
_WORD_EDGE = "[^a-z0-9]"  # folded text: Vietnamese letters are a-z by now


def _whole_word(term: str) -> str:
    """A regex for folded `term` between non-word characters, read alike by SQLite (Python's re)
    and PostgreSQL (ARE: no \\b there): only the basic syntax both share."""
    body = "".join(f"\\{c}" if c in _REGEX_SPECIAL else c for c in term)
    start = f"(^|{_WORD_EDGE})" if term[0].isalnum() else ""
    end = f"($|{_WORD_EDGE})" if term[-1].isalnum() else ""
    return start + body + end


class ItemQuerySet(models.QuerySet):
    def processed(self):
        return self.filter(status=Item.Status.PROCESSED)

    def stories(self):
        """Each story once: the first item of its cluster (volume counts these)."""
        return self.processed().filter(is_primary=True)

    def between(self, start: datetime.date, end: datetime.date):
        """Items published from `start` to `end` inclusive (local dates)."""
        return self.filter(published_on__gte=start, published_on__lte=end)

    def with_sentiment(self, label: str):
        """Items the desk reads as `label` (an analyst's correction wins)."""
        return self.alias(sentiment_read=SENTIMENT_READ).filter(sentiment_read=label)

    def with_topic(self, label: str):
        return self.alias(topic_read=TOPIC_READ).filter(topic_read=label)

    def with_toxicity(self, label: str):
        return self.alias(toxicity_read=TOXICITY_READ).filter(toxicity_read=label)

    def civil(self):
        """Items not read as offensive or hateful: fit to quote to leadership."""
        return self.alias(toxicity_read=TOXICITY_READ).exclude(
            toxicity_read__in=("offensive", "hate")
        )

    def search(self, query: str):
        """Items whose title or text contains `query`, typed with or without diacritics (the
        folded text is what the pipeline stores for matching)."""
        folded = " ".join(fold(query).split())
        return self.filter(Q(title__icontains=query.strip()) | Q(text_folded__contains=folded))

    def matching_terms(self, terms):
        """Items whose folded text contains any of `terms` (with or without diacritics) as whole
        words: "Quận 1" is not "Quận 10", nor "Q.1" "Q.12"."""
        query = Q()
        for term in terms:
            if term := " ".join(fold(term).split()):
                # The plain substring test first (cheap on every database), then the regex.
                query |= Q(text_folded__contains=term) & Q(text_folded__regex=_whole_word(term))
        return self.filter(query) if query else self.none()

    def for_watchlist(self, watchlist):
        """The items `watchlist` follows: its terms' and its places'. One with neither (a row
        older than the rule in Watchlist.clean) follows nothing, not the whole city."""
        terms, unit_ids = watchlist.term_list(), watchlist.unit_ids()
        if not terms and not unit_ids:
            return self.none()
        items = self
        if terms:
            items = items.matching_terms(terms)
        if unit_ids:
            # A subquery, not a join: an item named with two of the places still counts once.
            tagged = Item.places.through.objects.filter(administrativeunit_id__in=unit_ids)
            items = items.filter(pk__in=tagged.values("item_id"))
        return items


class Item(models.Model):
    """Something said about the city: a news article, a social post, a comment, an idea."""

    class Status(models.TextChoices):
        PENDING = "pending", "Chờ xử lý"
        PROCESSED = "processed", "Đã phân tích"
        SKIPPED = "skipped", "Bỏ qua"  # empty or not Vietnamese: kept, never counted

    class Kind(models.TextChoices):
        ARTICLE = "article", "Bài báo"
        POST = "post", "Bài đăng mạng xã hội"
        COMMENT = "comment", "Bình luận trên cổng"
        ENQUIRY = "enquiry", "Góp ý, câu hỏi trên cổng"
        NOTE = "note", "Ghi nhận thủ công"

    source = models.ForeignKey(
        Source, verbose_name="nguồn", on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField("loại", max_length=10, choices=Kind.choices, default=Kind.ARTICLE)
    # (source, key) is unique: polling a feed twice or uploading a file again adds nothing.
    key = models.CharField(max_length=64, editable=False)
    url = models.URLField("đường dẫn", max_length=1000, blank=True)
    title = models.CharField("tiêu đề", max_length=500, blank=True)
    text = models.TextField("nội dung")
    author_hash = models.CharField(max_length=32, blank=True, editable=False)
    reactions = models.PositiveIntegerField("lượt tương tác", default=0)
    published_at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True)
    published_on = models.DateField(db_index=True, editable=False)
    fetched_at = models.DateTimeField(default=timezone.now, editable=False)

    status = models.CharField(
        "trạng thái", max_length=10, choices=Status.choices, default=Status.PENDING
    )
    skip_reason = models.CharField(max_length=200, blank=True)
    text_folded = models.TextField(blank=True, editable=False)
    language = models.CharField(max_length=8, blank=True)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="items"
    )
    # The first item of its cluster: the story as counted (its copies add reach, not volume).
    is_primary = models.BooleanField("câu chuyện (bản đầu tiên)", default=True, db_index=True)
    sentiment = models.CharField("sắc thái", max_length=10, choices=SENTIMENTS, blank=True)
    sentiment_score = models.FloatField(null=True, blank=True)
    topic = models.CharField(
        "chủ đề (VNTC)", max_length=40, choices=TOPICS, blank=True, db_index=True
    )
    topic_score = models.FloatField(null=True, blank=True)
    section = models.CharField("nhóm nội dung", max_length=80, blank=True, db_index=True)
    toxicity = models.CharField("độc hại", max_length=10, choices=TOXICITY, blank=True)
    toxicity_score = models.FloatField(null=True, blank=True)
    places = models.ManyToManyField(
        AdministrativeUnit, verbose_name="địa bàn", blank=True, related_name="+"
    )
    articles = models.ManyToManyField("news.ArticlePage", blank=True, related_name="+")
    # An analyst's correction: shown instead of the model's label and used to retrain it.
    corrected_sentiment = models.CharField(
        "sắc thái (hiệu chỉnh)", max_length=10, choices=SENTIMENTS, blank=True
    )
    corrected_topic = models.CharField(
        "chủ đề (hiệu chỉnh)", max_length=40, choices=TOPICS, blank=True
    )
    corrected_toxicity = models.CharField(
        "độc hại (hiệu chỉnh)", max_length=10, choices=TOXICITY, blank=True
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "mục theo dõi"
        verbose_name_plural = "mục theo dõi"
        ordering = ["-published_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="item_once_per_source")
        ]
        # Every count of stories by day, sentiment or topic (the dashboard, spikes, the quarterly
        # report over a million items) reads this index alone, never the rows with their text.
        indexes = [
            models.Index(
                fields=[
                    "status",
                    "published_on",  # before is_primary, which Django writes bare: SQLite
                    # seeks only on "= value" terms, then a range
                    "is_primary",
                    "sentiment",
                    "corrected_sentiment",
                    "topic",
                    "corrected_topic",
                    "cluster",
                ],
                name="item_story_counts",
            )
        ]

    def __str__(self) -> str:
        """The title, or the text's opening cut at a word with "…" (lists and choosers)."""
        return self.title or Truncator(" ".join(self.text.split())).words(18, truncate="…")

    def save(self, *args, **kwargs):
        self.save_prepare()
        super().save(*args, **kwargs)

    def save_prepare(self) -> None:
        """What save() derives, for bulk_create too (which skips save())."""
        self.published_on = timezone.localdate(self.published_at)

    @staticmethod
    def make_key(*parts) -> str:
        return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()

    @property
    def label_sentiment(self) -> str:
        """The sentiment as the desk reads it: an analyst's correction wins over the model's
        (SENTIMENT_READ says the same in SQL)."""
        return self.corrected_sentiment or self.sentiment

    @property
    def label_topic(self) -> str:
        return self.corrected_topic or self.topic

    @property
    def label_toxicity(self) -> str:
        return self.corrected_toxicity or self.toxicity

    @property
    def sentiment_name(self) -> str:
        """The sentiment as read, in words ("tiêu cực"), for lists and exports."""
        return dict(SENTIMENTS).get(self.label_sentiment, "")

    @property
    def topic_name(self) -> str:
        return TOPIC_NAMES.get(self.label_topic, self.label_topic)

    @property
    def toxicity_name(self) -> str:
        return dict(TOXICITY).get(self.label_toxicity, "")

    # Their headings where the admin shows them (the inspect view, exports).
    sentiment_name.fget.short_description = "sắc thái"
    topic_name.fget.short_description = "chủ đề"
    toxicity_name.fget.short_description = "độc hại"

"""The search index: one row per public thing (article, series, section, page, place, and the
datasets, answers and events of later apps), written by each app's `search_sources`, and what
readers searched for."""

import re

from django.db import models
from django.db.models import F
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit
from cityportal.core.text import fold, words


class Document(models.Model):
    class Kind(models.TextChoices):
        ARTICLE = "article", "Bài viết"
        SERIES = "series", "Chuyên đề"
        SECTION = "section", "Chuyên mục"
        PAGE = "page", "Trang thông tin"
        PLACE = "place", "Địa bàn"
        DATASET = "dataset", "Dữ liệu"
        QUESTION = "question", "Hỏi đáp"
        EVENT = "event", "Sự kiện"

    # "<app_label>.<model>:<pk>" of the thing indexed, so re-indexing replaces its row.
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, db_index=True)
    title = models.TextField()
    lead = models.TextField(blank=True)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=1000)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    section = models.CharField(max_length=100, blank=True, db_index=True)
    places = models.ManyToManyField(AdministrativeUnit, blank=True, related_name="+")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mục tìm kiếm"
        verbose_name_plural = "chỉ mục tìm kiếm"

    def __str__(self) -> str:
        return self.title


class IndexSweep(models.Model):
    """How far the index sweep (`search.sweep`) has checked: one row, moved forward by whichever
    sweep claims the next stretch of time, so two running at once do not both do it."""

    swept_to = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"{self.swept_to}"


_TERM_SPLIT = re.compile(r"[,;\n]+")


class SynonymGroup(models.Model):
    """Names that mean the same thing to a reader: a search for any of them finds them all."""

    terms = models.TextField(
        "các cách gọi",
        help_text="Cách nhau bằng dấu phẩy hoặc xuống dòng, ví dụ: TP.HCM, TPHCM, HCM, "
        "Thành phố Hồ Chí Minh, Sài Gòn",
    )
    note = models.CharField("ghi chú", max_length=255, blank=True)

    class Meta:
        verbose_name = "nhóm từ đồng nghĩa"
        verbose_name_plural = "từ đồng nghĩa và viết tắt"
        ordering = ["pk"]

    def __str__(self) -> str:
        return ", ".join(self.term_list())

    def term_list(self) -> list[str]:
        return [t.strip() for t in _TERM_SPLIT.split(self.terms) if t.strip()]

    def phrases(self) -> list[tuple[str, ...]]:
        """Each name as a tuple of words, without duplicates: ("tp", "hcm"), ("sài", "gòn")…"""
        seen = []
        for term in self.term_list():
            phrase = tuple(words(term))
            if phrase and phrase not in seen:
                seen.append(phrase)
        return seen


class SearchTermQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(day__gte=day)

    def top(self):
        return (
            self.values("query")
            .annotate(searches=models.Sum("searches"), misses=models.Sum("misses"))
            .order_by("-searches", "query")
        )

    def without_results(self):
        return self.top().filter(misses__gt=0).order_by("-misses", "query")


class SearchTerm(models.Model):
    """How often a query (folded, so "Thủ Đức" and "thu duc" count together) was searched on a
    day, and how often it found nothing."""

    day = models.DateField(default=timezone.localdate)
    query = models.CharField(max_length=200)
    searches = models.PositiveIntegerField(default=0)
    misses = models.PositiveIntegerField(default=0)

    objects = SearchTermQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "query"], name="search_term_day")]

    def __str__(self) -> str:
        return self.query

    @classmethod
    def record(cls, text: str, found: int) -> None:
        query = " ".join(fold(w) for w in words(text))[:200]
        if not query:
            return
        term, _ = cls.objects.get_or_create(day=timezone.localdate(), query=query)
        cls.objects.filter(pk=term.pk).update(
            searches=F("searches") + 1, misses=F("misses") + (0 if found else 1)
        )


class Term(models.Model):
    """The words of indexed titles and the words leads and bodies use most, with how many
    documents use them, for "did you mean" (`index.refresh_vocabulary`)."""

    word = models.CharField(max_length=100, primary_key=True)
    documents = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.word

"""The newsroom's page tree: home, sections (content groups), articles, series (chuyên đề), pages."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Prefetch, Window
from django.db.models.functions import Length, RowNumber, Substr
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from cityportal.core.models import AdministrativeUnit

from .blocks import BodyBlock

PAGE_SIZE = 20


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ArticleQuerySet(PageQuerySet):
    def published(self):
        return self.live().public().order_by("-published_at", "-pk")

    def for_listing(self):
        """What a list of articles shows: cover image, section, series, in a fixed number of queries."""
        from wagtail.images import get_image_model

        return self.select_related("cover_image", "series").prefetch_related(
            Prefetch(
                "cover_image__renditions",
                queryset=get_image_model().get_rendition_model().objects.all(),
            )
        )

    def in_places(self, unit_ids):
        return self.filter(places__in=unit_ids).distinct()

    def latest_per_section(self, per_section: int):
        """The newest `per_section` articles under each section, in one query."""
        ranked = self.annotate(
            parent_path=Substr("path", 1, Length("path") - Page.steplen),
            rank=Window(
                RowNumber(),
                partition_by=Substr("path", 1, Length("path") - Page.steplen),
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
        )
        return ranked.filter(rank__lte=per_section)


class ArticleManager(PageManager.from_queryset(ArticleQuerySet)):
    pass


class HomePage(Page):
    intro = models.TextField("giới thiệu", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["news.SectionPage", "news.SeriesIndexPage", "news.StandardPage"]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "trang chủ"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = ArticlePage.objects.published().for_listing()
        context["featured"] = list(articles.filter(featured=True)[:3])
        featured_ids = [a.pk for a in context["featured"]]
        context["latest"] = list(articles.exclude(pk__in=featured_ids)[:8])
        sections = list(SectionPage.objects.child_of(self).live().in_menu().order_by("path"))
        by_section = {}
        for article in articles.latest_per_section(4):
            by_section.setdefault(article.parent_path, []).append(article)
        context["section_blocks"] = [(s, by_section.get(s.path, [])) for s in sections]
        context["series_list"] = list(SeriesPage.objects.live().order_by("-first_published_at")[:4])
        return context


class SectionPage(Page):
    """A content group of the programme (nhóm nội dung), e.g. Kinh tế - Xã hội."""

    intro = RichTextField("giới thiệu", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"

    def articles(self):
        return ArticlePage.objects.published().child_of(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, self.articles())
        return context


class SeriesIndexPage(Page):
    """Chuyên đề: the list of thematic series."""

    intro = models.TextField("giới thiệu", blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["news.HomePage"]
    subpage_types = ["news.SeriesPage"]
    max_count = 1

    class Meta:
        verbose_name = "danh sách chuyên đề"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["series_list"] = (
            SeriesPage.objects.child_of(self).live().select_related("cover_image")
            .order_by("-first_published_at")
        )
        return context


class SeriesPage(Page):
    """Chuyên đề: a thematic series grouping articles from any section."""

    intro = RichTextField("giới thiệu", blank=True, features=["bold", "italic", "link"])
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover_alt = models.CharField("mô tả ảnh (alt)", max_length=255, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], "Ảnh đại diện"),
    ]
    parent_page_types = ["news.SeriesIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "chuyên đề"
        verbose_name_plural = "chuyên đề"

    def clean(self):
        super().clean()
        require_alt(self)

    def articles(self):
        return ArticlePage.objects.published().filter(series=self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["page_obj"] = paginate(request, self.articles())
        return context


class ArticlePage(Page):
    sapo = models.TextField("sapo", help_text="Đoạn dẫn in đậm dưới tiêu đề")
    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True)
    byline = models.CharField("tác giả", max_length=255, blank=True)
    published_at = models.DateTimeField("thời gian đăng", default=timezone.now, db_index=True)
    source_name = models.CharField(
        "nguồn", max_length=255, blank=True, help_text="Ví dụ: Nhân dân điện tử"
    )
    source_url = models.URLField("địa chỉ bài gốc", max_length=1000, blank=True)
    cover_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cover_alt = models.CharField("mô tả ảnh (alt)", max_length=255, blank=True)
    series = models.ForeignKey(
        "news.SeriesPage", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name="chuyên đề",
    )
    places = ParentalManyToManyField(
        AdministrativeUnit, blank=True, related_name="articles", verbose_name="địa bàn"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name="từ khóa")
    featured = models.BooleanField("nổi bật", default=False)
    # Where an imported article came from, so importing it again updates it instead of copying it.
    import_source = models.CharField(max_length=100, blank=True, editable=False)
    import_key = models.CharField(max_length=1000, blank=True, editable=False)

    objects = ArticleManager()

    content_panels = Page.content_panels + [
        FieldPanel("sapo"),
        MultiFieldPanel([FieldPanel("cover_image"), FieldPanel("cover_alt")], "Ảnh đại diện"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("byline"), FieldPanel("published_at"), FieldPanel("source_name"),
             FieldPanel("source_url")],
            "Tác giả và nguồn",
        ),
        MultiFieldPanel(
            [FieldPanel("series"), FieldPanel("places"), FieldPanel("tags"), FieldPanel("featured")],
            "Phân loại",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("sapo"),
        index.SearchField("body"),
        index.FilterField("published_at"),
    ]
    parent_page_types = ["news.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"
        indexes = [models.Index(fields=["import_source", "import_key"], name="article_import_key")]

    def clean(self):
        super().clean()
        require_alt(self)

    def related_articles(self, limit: int = 4):
        """Same series first, then shared places or tags, then the same section."""
        base = ArticlePage.objects.published().exclude(pk=self.pk).for_listing()
        picked: list[ArticlePage] = []
        candidates = []
        if self.series_id:
            candidates.append(base.filter(series_id=self.series_id))
        place_ids = [p.pk for p in self.places.all()]
        tag_ids = [t.pk for t in self.tags.all()]
        if place_ids or tag_ids:
            candidates.append(
                base.filter(models.Q(places__in=place_ids) | models.Q(tagged_items__tag_id__in=tag_ids))
                .distinct()
            )
        candidates.append(base.sibling_of(self, inclusive=False))
        for queryset in candidates:
            for article in queryset.exclude(pk__in=[a.pk for a in picked])[: limit - len(picked)]:
                picked.append(article)
            if len(picked) >= limit:
                break
        return picked

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["related"] = self.related_articles()
        context["section"] = self.get_parent()
        return context


class StandardPage(Page):
    """Giới thiệu, Liên hệ…"""

    body = StreamField(BodyBlock(), verbose_name="nội dung", blank=True)
    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["news.HomePage", "news.StandardPage"]
    subpage_types = ["news.StandardPage"]

    class Meta:
        verbose_name = "trang thông tin"


def require_alt(page):
    if page.cover_image_id and not page.cover_alt.strip():
        raise ValidationError({"cover_alt": "Ảnh cần có mô tả (alt) cho người đọc dùng trình đọc màn hình."})


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("trang"))

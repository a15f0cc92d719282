"""Articles published in the quarter, by content group, series, place and origin."""

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from cityportal.contributions.models import Submission
from cityportal.news.models import ArticlePage, SectionPage, SeriesPage

from ..quarters import local_bounds
from . import KPI, Result, Row, register

PUBLISHED = (
    "Bài viết có thời gian đăng (ngày giờ bạn đọc thấy trên bài) trong quý, tính theo ngày giờ "
    "Việt Nam; chỉ tính bài đã được xuất bản, kể cả bài đã gỡ sau đó; bài đặt thêm ở chuyên mục "
    "khác (bí danh) chỉ tính một lần, ở chuyên mục gốc."
)


def published(start, end):
    """Articles by their editorial date, not by when the page went live here: an imported
    archive went live on the day of the import but belongs to the quarter it was published in.
    A draft never published has a `published_at` too (its default) and is left out, and so is an
    alias (the article shown in a second section), which would count it twice."""
    since, until = local_bounds(start, end)
    return ArticlePage.objects.filter(
        published_at__gte=since,
        published_at__lt=until,
        first_published_at__isnull=False,
        alias_of__isnull=True,
    )


def _total(start, end) -> Result:
    return Result(published(start, end).count())


def _sections() -> dict[str, str]:
    return dict(SectionPage.objects.order_by("path").values_list("slug", "title"))


def _by_section(start, end) -> Result:
    counts = dict(
        published(start, end)
        .order_by()  # Page's default ordering by path would split the groups
        .annotate(parent_path=Substr("path", 1, Length("path") - Page.steplen))
        .values_list("parent_path")
        .annotate(n=Count("pk"))
        .values_list("parent_path", "n")
    )
    rows = [
        Row(slug, title, counts.get(path, 0))
        for path, slug, title in SectionPage.objects.order_by("path").values_list(
            "path", "slug", "title"
        )
    ]
    return Result(sum(counts.values()), rows)


def _series() -> dict[str, str]:
    return dict(SeriesPage.objects.order_by("title").values_list("slug", "title"))


def _by_series(start, end) -> Result:
    counts = (
        published(start, end)
        .exclude(series=None)
        .values("series__slug", "series__title")
        .annotate(n=Count("pk"))
        .order_by("-n", "series__title")
    )
    rows = [Row(r["series__slug"], r["series__title"], r["n"]) for r in counts]
    return Result(sum(r.value for r in rows), rows)


def _by_place(start, end) -> Result:
    """Places as tagged: an article of September 2025 tagged with a pre-reform district counts
    under that district, named with the date it ceased ("(đến 06/2025)")."""
    from cityportal.core.models import AdministrativeUnit

    # Read from the tags themselves (one row per article and place): `exclude(places=None)`
    # on the articles made PostgreSQL compare every tagged article with every untagged one.
    tags = ArticlePage.places.through.objects.filter(
        articlepage__in=published(start, end).values("pk")
    )
    counts = dict(
        tags.order_by()
        .values_list("administrativeunit")
        .annotate(n=Count("articlepage"))
        .values_list("administrativeunit", "n")
    )
    units = AdministrativeUnit.objects.filter(pk__in=counts).select_related("parent")
    rows = sorted(
        (Row(u.slug, str(u), counts[u.pk]) for u in units), key=lambda r: (-r.value, r.label)
    )
    return Result(tags.values("articlepage").distinct().count(), rows)


def _by_origin(start, end) -> Result:
    from_agency = Exists(Submission.objects.filter(article=OuterRef("pk")))
    counts = published(start, end).aggregate(
        total=Count("pk"), contributed=Count("pk", filter=Q(from_agency))
    )
    return Result(
        counts["total"],
        [
            Row("own", "Ban biên tập tự thực hiện", counts["total"] - counts["contributed"]),
            Row("contribution", "Từ bài cộng tác của cơ quan", counts["contributed"]),
        ],
    )


register(
    KPI(
        "articles_published",
        "content",
        "Tổng số tin, bài đăng",
        PUBLISHED,
        "bài",
        _total,
    )
)
register(
    KPI(
        "articles_by_section",
        "content",
        "Tin, bài theo chuyên mục (nhóm nội dung)",
        PUBLISHED + " Chuyên mục là trang cha của bài.",
        "bài",
        _by_section,
        row_header="Chuyên mục",
        chart=True,
        in_summary=False,
        scopes=_sections,
    )
)
register(
    KPI(
        "articles_by_series",
        "content",
        "Tin, bài theo chuyên đề",
        PUBLISHED + " Chỉ tính bài thuộc một chuyên đề; tổng là số bài thuộc chuyên đề nào đó.",
        "bài",
        _by_series,
        row_header="Chuyên đề",
        total_label="Số bài thuộc chuyên đề",
        scopes=_series,
    )
)
register(
    KPI(
        "articles_by_place",
        "content",
        "Tin, bài theo địa bàn",
        PUBLISHED + " Địa bàn đúng như bài được gắn (đơn vị trước hoặc sau sắp xếp hành chính "
        "1/7/2025); một bài gắn nhiều địa bàn được tính ở mỗi địa bàn, tổng là số bài có "
        "gắn địa bàn.",
        "bài",
        _by_place,
        plannable=False,
        ranking=True,
        row_header="Địa bàn",
        total_label="Số bài có gắn địa bàn",
        chart=True,
    )
)
register(
    KPI(
        "articles_by_origin",
        "content",
        "Tin, bài theo nguồn",
        PUBLISHED + " Bài từ cộng tác là bài được tạo khi tiếp nhận bài gửi của một cơ quan "
        "(bàn cộng tác); còn lại do ban biên tập thực hiện hoặc nhập từ nguồn khác.",
        "bài",
        _by_origin,
        row_header="Nguồn",
        in_summary=False,
        scopes=lambda: {"own": "Ban biên tập tự thực hiện", "contribution": "Từ bài cộng tác"},
    )
)

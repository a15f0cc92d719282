"""Page views from the portal's own beacon (pageviews.py) and the most read articles."""

from django.db.models import Sum
from django.db.models.functions import Coalesce
from wagtail.models import Page

from cityportal.news.models import ArticlePage

from ..models import PageViewDay
from . import KPI, Result, Row, register

COUNTED = (
    "Lượt xem do chính Cổng đếm: mỗi lần trình duyệt mở trang gửi một tín hiệu ẩn danh (không "
    "cookie, không lưu địa chỉ IP hay trình duyệt; bỏ qua máy thu thập tự động), cộng theo ngày."
)
TOP = 10


def _views(start, end):
    return PageViewDay.objects.filter(day__gte=start, day__lte=end)


def _total(start, end) -> Result:
    return Result(_views(start, end).aggregate(n=Sum("views"))["n"] or 0)


def _top_articles(start, end) -> Result:
    articles = _views(start, end).filter(page__in=ArticlePage.objects.values("pk"))
    # Sums by page id first, titles for the ten only (grouping by the title too joined every
    # article's page row). An alias (the article shown in a second section) is the same
    # article: its views go to the original, which is listed once.
    original = Coalesce("page__alias_of_id", "page_id")
    top = list(
        articles.values(article=original).annotate(n=Sum("views")).order_by("-n", "article")[:TOP]
    )
    ids = [r["article"] for r in top]
    titles = dict(Page.objects.filter(pk__in=ids).values_list("pk", "title"))
    return Result(
        articles.aggregate(n=Sum("views"))["n"] or 0,
        [Row(str(r["article"]), titles[r["article"]], r["n"]) for r in top],
    )


register(
    KPI(
        "page_views",
        "audience",
        "Tổng lượt xem trang",
        COUNTED + " Mọi trang của Cổng (trang chủ, chuyên mục, bài viết…).",
        "lượt",
        _total,
    )
)
register(
    KPI(
        "top_articles",
        "audience",
        f"Lượt xem bài viết và {TOP} bài được xem nhiều nhất",
        COUNTED + " Tổng là lượt xem mọi bài viết trong quý (bài đăng trước quý vẫn được tính).",
        "lượt",
        _top_articles,
        plannable=False,
        ranking=True,
        row_header="Bài viết",
        total_label="Mọi bài viết",
        value_header="Lượt xem",
        chart=True,
    )
)

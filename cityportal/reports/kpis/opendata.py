"""Open data: datasets published, and datasets given a new version of a table, in the quarter."""

from django.db.models import Exists, OuterRef

from cityportal.opendata.models import Dataset, ResourceVersion

from ..quarters import local_bounds
from . import KPI, Result, register


def _published(start, end) -> Result:
    since, until = local_bounds(start, end)
    return Result(
        Dataset.objects.public().filter(created_at__gte=since, created_at__lt=until).count()
    )


def _updated(start, end) -> Result:
    since, until = local_bounds(start, end)
    new_version = ResourceVersion.objects.filter(
        resource__dataset=OuterRef("pk"), created_at__gte=since, created_at__lt=until
    )
    return Result(
        Dataset.objects.public().filter(created_at__lt=since).filter(Exists(new_version)).count()
    )


register(
    KPI(
        "datasets_published",
        "opendata",
        "Bộ dữ liệu mới công bố",
        "Bộ dữ liệu công khai được tạo trong quý.",
        "bộ",
        _published,
    )
)
register(
    KPI(
        "datasets_updated",
        "opendata",
        "Bộ dữ liệu được cập nhật",
        "Bộ dữ liệu công khai tạo từ trước quý, có phiên bản bảng số liệu mới tải lên trong quý.",
        "bộ",
        _updated,
    )
)

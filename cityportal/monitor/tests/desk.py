"""What the desk's admin tests share: today, the posts the `heard` fixture stores (it reads the
test module's POSTS) and the items a filtered list shows."""

from django.urls import reverse
from django.utils import timezone


def today():
    """Read when a test runs, not when its module is imported: a run that crosses midnight in
    Hồ Chí Minh City (17:00 UTC) otherwise dates its alerts the day before."""
    return timezone.localdate()


POSTS = [
    "Đường Nguyễn Hữu Cảnh quận Bình Thạnh lại ngập sâu, người dân bức xúc, liên hệ 0903123456",
    "Cảm ơn phường Bến Thành đã sửa đèn đường rất nhanh, rất hài lòng",
    "Ùn tắc giao thông nghiêm trọng ở Quận 1 giờ cao điểm, mail cho tôi: a.b@example.invalid",
    "Thành phố khởi công cầu Cần Giờ, người dân huyện Cần Giờ phấn khởi",
]


def listed(client, **query) -> set[str]:
    """Keys of the items the admin list shows for `query`."""
    page = client.get(reverse("monitor_item:index"), query)
    assert page.status_code == 200
    return {i.key for i in page.context["object_list"]}

"""Demo data for the monitoring desk: sources, two watchlists and a month of hand-written posts
with a flooding spike in the last days, analysed by the real pipeline. Idempotent.

The feed sources are real newspapers' RSS addresses but are left inactive: the demo machine may
have no internet, and the desk switches them on."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from cityportal.monitor import pipeline
from cityportal.monitor.models import Item, Source, Watchlist
from cityportal.monitor.sources import portal
from cityportal.monitor.sources.store import store

FEEDS = [
    ("Tuổi Trẻ – Thời sự", "https://tuoitre.vn/rss/thoi-su.rss"),
    ("VnExpress – Thời sự", "https://vnexpress.net/rss/thoi-su.rss"),
    ("Người Lao Động – Thời sự", "https://nld.com.vn/rss/thoi-su.rss"),
]
ROUTINE = [
    "Cảm ơn phường Bến Thành đã sửa đèn đường rất nhanh, người dân rất hài lòng",
    "Thủ tục cấp giấy phép xây dựng ở Quận 3 giờ làm online tiện lợi, không phải chờ lâu",
    "Xe buýt số 19 hay trễ chuyến, mong thành phố tăng thêm chuyến giờ cao điểm",
    "Công viên mới ở TP Thủ Đức rộng và sạch, cuối tuần nhiều gia đình đưa con ra chơi",
    "Bệnh viện quận Gò Vấp đông quá, chờ khám cả buổi sáng mới tới lượt",
    "Lễ hội áo dài năm nay tổ chức rất đẹp, khách du lịch đến Sài Gòn đông vui",
    "Giá điện tăng làm các hộ kinh doanh nhỏ ở Quận 5 lo lắng",
    "Tuyến metro số 1 chạy êm, đúng giờ, đi làm từ Thủ Đức vào Quận 1 nhanh hơn hẳn",
]
FLOOD = [
    "Đường Nguyễn Hữu Cảnh quận Bình Thạnh lại ngập sâu sau cơn mưa chiều, xe chết máy hàng loạt",
    "Mưa lớn gây ngập nặng ở Quận 7 và huyện Nhà Bè, người dân bức xúc vì năm nào cũng vậy",
    "Triều cường dâng cao, nhiều tuyến đường ở Quận 8 ngập nước, học sinh phải nghỉ học",
    "Chống ngập mãi không xong, tiền đầu tư nhiều mà đường vẫn thành sông mỗi khi mưa",
    "Ngập nước ở TP Thủ Đức làm kẹt xe kéo dài trên xa lộ Hà Nội suốt hai tiếng",
]
WATCHLISTS = [
    ("Chống ngập", "chong-ngap", "ngập\nngập nước\ntriều cường\nchống ngập"),
    ("Metro và giao thông công cộng", "metro", "metro\nxe buýt\ntàu điện"),
]
DAYS = 30


class Command(BaseCommand):
    help = (
        "Load demo sources, watchlists and a month of posts for the monitoring desk (idempotent)."
    )

    def handle(self, *args, **options):
        for name, url in FEEDS:
            Source.objects.get_or_create(url=url, defaults={"name": name, "active": False})
        for name, slug, terms in WATCHLISTS:
            Watchlist.objects.get_or_create(slug=slug, defaults={"name": name, "terms": terms})
        source, _ = Source.objects.get_or_create(
            name="Nhóm cư dân (dữ liệu mẫu)", kind=Source.Kind.UPLOAD, defaults={"active": False}
        )
        today = timezone.localdate()
        rows = []
        for back in range(DAYS):
            day = today - datetime.timedelta(days=back)
            texts = [ROUTINE[(back + n) % len(ROUTINE)] for n in range(3 + back % 3)]
            if back < 3:  # the last three days: a rain storm
                texts += FLOOD * (3 - back)
            for n, text in enumerate(texts):
                moment = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(7 + n % 14))
                )
                rows.append(
                    Item(
                        source=source,
                        kind=Item.Kind.POST,
                        key=Item.make_key("demo", day.isoformat(), n),
                        text=f"{text} ({day:%d/%m})" if back >= 3 else text,
                        published_at=moment,
                        reactions=(n * 7) % 50,
                    )
                )
        new = store(rows)
        synced = portal.sync()
        counts = pipeline.process_pending()
        self.stdout.write(
            f"Monitor demo: {new} posts added, {synced['new']} portal comments, analysed {counts}"
        )

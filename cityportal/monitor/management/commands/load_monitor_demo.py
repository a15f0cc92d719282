"""Demo data for the monitoring desk: sources, two watchlists and a month of hand-written posts
with a flooding spike in the last days, then a post every few days back six months (the quarterly
report's last closed quarter), analysed by the real pipeline. Idempotent.

The feed sources are real newspapers' RSS addresses but are left inactive: the demo machine may
have no internet, and the desk switches them on."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from cityportal.monitor import pipeline
from cityportal.monitor.analysts import ANALYSTS, LEADERS
from cityportal.monitor.models import Item, Source, Watchlist
from cityportal.monitor.sources import portal
from cityportal.monitor.sources.store import store
from cityportal.news.demo import demo_users

# The desk's two roles, to try the monitor as each (password as the newsroom's demo users).
USERS = [("chuyenvien", ANALYSTS, "Chuyên viên Demo"), ("lanhdao", LEADERS, "Lãnh đạo Demo")]

FEEDS = [
    ("Tuổi Trẻ – Thời sự", "https://tuoitre.vn/rss/thoi-su.rss"),
    ("VnExpress – Thời sự", "https://vnexpress.net/rss/thoi-su.rss"),
    ("Người Lao Động – Thời sự", "https://nld.com.vn/rss/thoi-su.rss"),
]
# Everyday talk, put together from parts so that no two days say quite the same thing.
ISSUES = [
    "đèn đường được sửa rất nhanh",
    "thủ tục cấp giấy phép xây dựng giờ làm trực tuyến",
    "xe buýt hay trễ chuyến vào giờ cao điểm",
    "công viên mới rộng và sạch sẽ",
    "bệnh viện đông, chờ khám cả buổi sáng",
    "lễ hội áo dài thu hút đông khách du lịch",
    "giá điện tăng làm hộ kinh doanh nhỏ lo lắng",
    "tuyến metro số 1 chạy êm và đúng giờ",
    "rác thải để bừa bãi trên vỉa hè",
    "trường học mới khánh thành đúng hẹn",
]
PLACES = [
    "Quận 3",
    "Quận 5",
    "Quận Gò Vấp",
    "TP Thủ Đức",
    "Quận 10",
    "phường Bến Thành",
    "huyện Củ Chi",
    "Quận Tân Bình",
    "Quận 12",
    "huyện Bình Chánh",
]
VOICES = [
    "người dân rất hài lòng",
    "mong thành phố sớm có giải pháp",
    "nhiều người phàn nàn trên mạng",
    "chính quyền địa phương đã tiếp thu ý kiến",
    "cư dân đề nghị kiểm tra lại",
    "ai cũng khen ngợi",
    "tình trạng kéo dài đã lâu",
    "bà con phấn khởi",
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
DAYS = 30  # a post or more every day
EARLIER_DAYS = 190  # before that, every third day


class Command(BaseCommand):
    help = (
        "Load demo sources, watchlists and six months of posts for the monitoring desk "
        "(idempotent)."
    )

    def handle(self, *args, **options):
        demo_users(USERS)
        for name, url in FEEDS:
            Source.objects.get_or_create(url=url, defaults={"name": name, "active": False})
        for name, slug, terms in WATCHLISTS:
            Watchlist.objects.get_or_create(slug=slug, defaults={"name": name, "terms": terms})
        source, _ = Source.objects.get_or_create(
            name="Nhóm cư dân (dữ liệu mẫu)", kind=Source.Kind.UPLOAD, defaults={"active": False}
        )
        today = timezone.localdate()
        rows = []
        for back in [*range(DAYS), *range(DAYS, EARLIER_DAYS, 3)]:
            day = today - datetime.timedelta(days=back)
            texts = [
                f"Ở {PLACES[(back + 7 * n) % len(PLACES)]}, {ISSUES[(3 * back + n) % len(ISSUES)]}, "
                f"{VOICES[(5 * back + n) % len(VOICES)]}"
                for n in range(3 + back % 3)
            ]
            if back < 3:  # the last three days: a rain storm
                texts += FLOOD * (3 - back)
            for n, text in enumerate(texts):
                moment = timezone.make_aware(
                    datetime.datetime.combine(day, datetime.time(7 + n % 14))
                )
                # Today's posts: none later than now (a post from the future is a wrong column).
                moment = min(moment, timezone.now() - datetime.timedelta(minutes=n + 1))
                rows.append(
                    Item(
                        source=source,
                        kind=Item.Kind.POST,
                        key=Item.make_key("demo", day.isoformat(), n),
                        text=text,
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

"""Demo data for the monitoring desk: sources, two watchlists and six months of posts
(`cityportal.monitor.demo`: residents' posts every day for a month, then every third day, the
press's stories and a flooding spike in the last days), analysed by the real pipeline.
Idempotent: a later run adds only the days since the last.

The feed sources are real newspapers' RSS addresses but are left inactive: the demo machine may
have no internet, and the desk switches them on."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from cityportal.monitor import pipeline
from cityportal.monitor.analysts import ANALYSTS, LEADERS
from cityportal.monitor.demo import demo_posts
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
        rows = [
            Item(
                source=source,
                kind=Item.Kind.POST,
                key=Item.make_key(*post.key),
                text=post.text,
                published_at=post.published_at,
                reactions=post.reactions,
            )
            for post in demo_posts(timezone.localdate(), timezone.now(), DAYS, EARLIER_DAYS)
        ]
        new = store(rows)
        synced = portal.sync()
        counts = pipeline.process_pending()
        self.stdout.write(
            f"Monitor demo: {new} posts added, {synced['new']} portal comments, analysed {counts}"
        )

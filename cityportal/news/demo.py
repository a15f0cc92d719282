"""Demo content: the founding article, a dozen short articles, two series, pages and users.

Idempotent: a page or user that already exists (by slug or username) is left as it is. The
"recent" articles are dated back from the day the demo is loaded (about six months), so the
quarterly report's last closed quarter and the current one have news, not a page of zeros; a
reload weeks later adds a few articles for each week since the demo's latest (core.demo).
"""

import datetime
import io
import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from cityportal.core.demo import weekly_moments
from cityportal.core.models import AdministrativeUnit
from cityportal.core.places import load_hcmc_units

from .models import ArticlePage, SectionPage, SeriesIndexPage, SeriesPage, StandardPage
from .newsroom import EDITOR, EDITOR_IN_CHIEF, REPORTER, setup_newsroom

CONTENT = Path(__file__).parent / "demo_content"
# The demo logins' password on a machine of one's own; a site served under a public name
# needs DEMO_PASSWORD set, or gets no demo logins (a known password on a real portal).
DEMO_PASSWORD = "cityportal-demo"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1", "testserver"}
DEMO_USERS = [
    ("admin", None, "Quản trị"),
    ("phongvien", REPORTER, "Phóng viên Demo"),
    ("bientap", EDITOR, "Biên tập viên Demo"),
    ("tongbientap", EDITOR_IN_CHIEF, "Tổng biên tập Demo"),
]
# Simple generated pictures: demo content needs no downloads.
DEMO_IMAGES = [
    (
        "Toàn cảnh trung tâm Thành phố",
        "#a50f15",
        "Toàn cảnh khu trung tâm Thành phố Hồ Chí Minh (ảnh minh họa)",
    ),
    ("Khu đô thị mới phía Đông", "#0b4f8a", "Khu đô thị mới ở phía Đông Thành phố (ảnh minh họa)"),
    ("Lễ hội văn hóa", "#2e7d32", "Người dân tham gia lễ hội văn hóa (ảnh minh họa)"),
]
# How far back the readers' page views go: the last closed quarter and the current one.
VIEW_DAYS = 190
DEMO_BYLINE = "Ban Biên tập"  # the demo's articles, the founding one apart
WEEKLY_ARTICLE_DAYS = (0, 2, 4)  # Monday, Wednesday and Friday mornings
SEED_TITLE = (
    "Thành ủy TP Hồ Chí Minh và Cổng Thông tin điện tử Chính phủ ký Chương trình phối hợp "
    "truyền thông năm 2021"
)


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_password() -> str:
    """$DEMO_PASSWORD, else the known demo password, refused for a site with a public name."""
    if chosen := os.environ.get("DEMO_PASSWORD"):
        return chosen
    public = sorted(set(settings.ALLOWED_HOSTS) - LOCAL_HOSTS)
    if public:
        raise CommandError(
            f"ALLOWED_HOSTS names {', '.join(public)}: the demo logins would have the published "
            "password 'cityportal-demo'. Set DEMO_PASSWORD to a password of your own, or create "
            "users with 'manage.py createsuperuser' instead of loading the demo."
        )
    return DEMO_PASSWORD


def demo_users(users=DEMO_USERS) -> None:
    """(username, group name or None for a superuser, full name): created once, with the demo
    password; other apps' demos add their own roles this way."""
    User = get_user_model()
    if all(User.objects.filter(username=username).exists() for username, *_ in users):
        return
    password = demo_password()
    for username, group_name, full_name in users:
        if User.objects.filter(username=username).exists():
            continue
        first, _, last = full_name.rpartition(" ")
        user = User.objects.create_user(
            username,
            f"{username}@example.invalid",
            password,
            first_name=first,
            last_name=last,
            is_superuser=group_name is None,
            is_staff=group_name is None,
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))


def _images():
    Image = get_image_model()
    images = []
    for title, colour, _alt in DEMO_IMAGES:
        image = Image.objects.filter(title=title).first()
        if image is None:
            picture = PILImage.new("RGB", (1200, 675), colour)
            draw = ImageDraw.Draw(picture)
            draw.rectangle((60, 480, 1140, 615), fill="#ffffff")
            buffer = io.BytesIO()
            picture.save(buffer, "JPEG", quality=80)
            name = f"{title.lower().replace(' ', '-')}.jpg"
            image = Image(title=title, file=ImageFile(buffer, name=name))
            image.save()
        images.append(image)
    return images


def _body(paragraphs: list[str]) -> list[tuple[str, str]]:
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def _days_ago(days: int, hour: int) -> datetime.datetime:
    """`hour` o'clock local time, `days` before today (never later than now)."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now() - datetime.timedelta(minutes=5))


def _page_views(home, slugs: list[str], days: int = VIEW_DAYS) -> None:
    """Readers' views of the home page and the demo's articles over the last `days` days, as the
    beacon would have counted them: the report's audience figures and most read list have
    something to show. A day already counted is left as it is."""
    from cityportal.reports.models import PageViewDay

    today = timezone.localdate()
    pages = [(home.pk, today - datetime.timedelta(days=days))]
    pages += [
        (pk, timezone.localdate(published_at))
        for pk, published_at in ArticlePage.objects.live()
        .filter(alias_of=None, slug__in=slugs)
        .order_by("pk")
        .values_list("pk", "published_at")
    ]
    rows = []
    for rank, (page_id, since) in enumerate(pages):
        for back in range(days):
            day = today - datetime.timedelta(days=back)
            if day >= since:
                # Home most read, then fewer for each article; some days busier than others.
                views = max(1, 400 // (rank + 1) - back // 3) + (back * 7 + rank) % 13
                rows.append(PageViewDay(page_id=page_id, day=day, views=views))
    PageViewDay.objects.bulk_create(rows, ignore_conflicts=True)


def _weekly_articles(data: dict, sections: dict) -> int:
    """A few of the "weekly" articles for each week since the demo's latest, each about one of
    the "weekly_places": the home page and the sections have this week's news, not that of the
    day the demo was first loaded. Template and place follow the week number, so titles do not
    repeat within the weeks one reload adds, and the date in the slug keeps slugs apart."""
    demo = ArticlePage.objects.filter(byline=DEMO_BYLINE)
    latest = demo.order_by("-published_at").values_list("published_at", flat=True).first()
    templates = data["weekly"]
    units = {unit.slug: unit for unit in _places([slug for slug, _ in data["weekly_places"]])}
    places = [(units[slug], name) for slug, name in data["weekly_places"]]
    created = 0
    for week, slot, at in weekly_moments(latest, WEEKLY_ARTICLE_DAYS, 8):
        n = week * len(WEEKLY_ARTICLE_DAYS) + slot
        item = templates[n % len(templates)]
        place, name = places[n // len(templates) % len(places)]
        slug = f"{item['slug']}-{timezone.localdate(at).isoformat()}"
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        words = {"place": name, "Place": name[0].upper() + name[1:]}  # "xã Củ Chi", "Xã Củ Chi"
        article = ArticlePage(
            title=item["title"].format(**words),
            slug=slug,
            sapo=item["sapo"].format(**words),
            body=_body(item["body"]),
            published_at=at,
            byline=DEMO_BYLINE,
        )
        article.places.set([place])
        article.tags.add(*item["tags"])
        _publish_child(sections[item["section"]], article)
        created += 1
    return created


def _places(slugs):
    units = list(AdministrativeUnit.objects.filter(slug__in=slugs))
    missing = set(slugs) - {u.slug for u in units}
    if missing:
        raise ValueError(f"demo content names unknown places: {sorted(missing)}")
    return units


@transaction.atomic
def load_demo() -> dict[str, int]:
    load_hcmc_units()
    home = setup_newsroom()
    demo_users()
    images = _images()
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    data = json.loads((CONTENT / "articles.json").read_text(encoding="utf-8"))
    created = 0

    series_index = SeriesIndexPage.objects.get()
    series = {s.slug: s for s in SeriesPage.objects.all()}
    for item in data["series"]:
        if item["slug"] not in series:
            series[item["slug"]] = _publish_child(
                series_index,
                SeriesPage(title=item["title"], slug=item["slug"], intro=f"<p>{item['intro']}</p>"),
            )
            created += 1

    existing = set(ArticlePage.objects.values_list("slug", flat=True))
    seed_slug = "ky-chuong-trinh-phoi-hop-truyen-thong-nam-2021"
    if seed_slug not in existing:
        paragraphs = (CONTENT / "seed_article.txt").read_text(encoding="utf-8").split("\n\n")
        seed = ArticlePage(
            title=SEED_TITLE,
            slug=seed_slug,
            sapo=paragraphs[0].strip(),
            body=_body([p.strip() for p in paragraphs[1:]]),
            published_at=datetime.datetime.fromisoformat("2021-06-28T17:00:00+07:00"),
            source_name="Nhân dân điện tử",
            source_url="https://nhandan.vn/",
            series=series["chuong-trinh-phoi-hop-truyen-thong-2021"],
            featured=True,
            cover_image=images[0],
            cover_alt=DEMO_IMAGES[0][2],
        )
        seed.places.set(_places(["thanh-pho-ho-chi-minh"]))
        seed.tags.add("chương trình phối hợp", "truyền thông", "Cổng Thông tin điện tử Chính phủ")
        _publish_child(sections["kinh-te-xa-hoi"], seed)
        created += 1

    dated = [
        (item, datetime.datetime.fromisoformat(item["published_at"])) for item in data["articles"]
    ]
    dated += [(item, _days_ago(item["days_ago"], item["hour"])) for item in data["recent"]]
    for item, published_at in dated:
        if item["slug"] in existing:
            continue
        article = ArticlePage(
            title=item["title"],
            slug=item["slug"],
            sapo=item["sapo"],
            body=_body(item["body"]),
            published_at=published_at,
            byline=DEMO_BYLINE,
            featured=item.get("featured", False),
            series=series.get(item.get("series")),
        )
        if "image" in item:
            article.cover_image = images[item["image"]]
            article.cover_alt = DEMO_IMAGES[item["image"]][2]
        article.places.set(_places(item["places"]))
        article.tags.add(*item["tags"])
        _publish_child(sections[item["section"]], article)
        created += 1
    created += _weekly_articles(data, sections)

    for slug, title, text in [
        (
            "gioi-thieu",
            "Giới thiệu",
            "Chuyên trang Thành phố Hồ Chí Minh trên Cổng Thông tin điện tử Chính phủ đăng tải thông tin "
            "chính thức về tình hình phát triển kinh tế - xã hội, an ninh chính trị, trật tự an toàn xã hội, "
            "các hoạt động văn hóa, đối ngoại của Thành phố.",
        ),
        (
            "lien-he",
            "Liên hệ",
            "Ban Biên tập Chuyên trang Thành phố Hồ Chí Minh. Bạn đọc gửi thông tin, ý kiến qua mục "
            "Góp ý trên Chuyên trang.",
        ),
    ]:
        if not StandardPage.objects.filter(slug=slug).exists():
            _publish_child(
                home, StandardPage(title=title, slug=slug, body=_body([text]), show_in_menus=False)
            )
            created += 1
    _page_views(home, [seed_slug] + [item["slug"] for item, _ in dated])
    return {"created": created}

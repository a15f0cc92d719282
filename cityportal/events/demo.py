"""Demo events: the calendar under the home page, a talk that took place (with its summary
article), an upcoming seminar open for registration and the city's monthly press conferences.

Idempotent: a page that already exists (by slug) is left as it is. Times are relative to the day
the demo is first loaded, so there is something past, and talks held in the last closed quarter
for its report (past events every five weeks or so, back six months), with the people who
registered, came and covered them. Each load also adds this month's and next month's press
conference if missing (keyed by month), so a demo reloaded months later still has one ahead."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cityportal.core.models import AdministrativeUnit, Organisation
from cityportal.news.models import ArticlePage, HomePage, SectionPage
from cityportal.news.newsroom import setup_newsroom

from .models import Accreditation, EventIndexPage, EventPage, EventSpeaker, Registration

SUMMARY_SLUG = "tong-ket-toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh"


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _publish_child(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _index(home) -> tuple[EventIndexPage, int]:
    index = EventIndexPage.objects.child_of(home).first()
    if index:
        return index, 0
    page = EventIndexPage(
        title="Sự kiện",
        slug="su-kien",
        intro="Tọa đàm, hội thảo, họp báo và chương trình phát trực tuyến của Thành phố. "
        "Người dân có thể đăng ký tham dự và gửi câu hỏi tới diễn giả.",
        show_in_menus=True,
    )
    return _publish_child(home, page), 1


def _summary_article() -> ArticlePage | None:
    found = ArticlePage.objects.filter(slug=SUMMARY_SLUG).first()
    section = SectionPage.objects.filter(slug="chinh-sach-vao-cuoc-song").first()
    if found or section is None:
        return found
    return _publish_child(
        section,
        ArticlePage(
            title="Tổng kết tọa đàm: Chuyển đổi số trong cải cách hành chính",
            slug=SUMMARY_SLUG,
            sapo="Các đại biểu thống nhất đẩy mạnh dịch vụ công trực tuyến toàn trình, giảm "
            "giấy tờ cho người dân và doanh nghiệp.",
            published_at=_at(-29, 18),
            byline="Phóng viên Demo",
        ),
    )


def _ward(name: str):
    return AdministrativeUnit.objects.current().matching(name).order_by("level").first()


def _events(index, organiser) -> list[EventPage]:
    return [
        EventPage(
            title="Tọa đàm: Chuyển đổi số trong cải cách hành chính",
            slug="toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh",
            kind=EventPage.Kind.TALK,
            summary="Lãnh đạo các sở, ngành trao đổi về dịch vụ công trực tuyến toàn trình.",
            starts_at=_at(-30, 8, 30),
            ends_at=_at(-30, 11, 30),
            venue="Hội trường Ủy ban nhân dân Thành phố",
            address="86 Lê Thánh Tôn",
            unit=_ward("Sài Gòn"),
            organiser=organiser,
            online_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            accepts_registrations=False,  # kept as a record: it has taken place
            summary_article=_summary_article(),
        ),
        EventPage(
            title="Họp báo: Kết quả chống ngập mùa mưa",
            slug="hop-bao-ket-qua-chong-ngap-mua-mua",
            kind=EventPage.Kind.PRESS_CONFERENCE,
            summary="Sở Xây dựng thông tin kết quả vận hành trạm bơm, cống ngăn triều và các "
            "điểm ngập đã xử lý.",
            starts_at=_at(-65, 15),
            ends_at=_at(-65, 16, 30),
            venue="Trung tâm Báo chí Thành phố",
            organiser=organiser,
            accepts_registrations=False,
        ),
        EventPage(
            title="Tọa đàm: Người dân góp ý xây dựng đô thị xanh",
            slug="toa-dam-nguoi-dan-gop-y-xay-dung-do-thi-xanh",
            kind=EventPage.Kind.TALK,
            summary="Chuyên gia, người dân và đại diện các phường bàn về cây xanh, công viên và "
            "không gian công cộng.",
            starts_at=_at(-100, 8, 30),
            ends_at=_at(-100, 11),
            venue="Nhà Văn hóa Thanh niên",
            address="4 Phạm Ngọc Thạch",
            unit=_ward("Sài Gòn"),
            organiser=organiser,
            accepts_registrations=False,
        ),
        EventPage(
            title="Hội thảo: Phát triển du lịch cộng đồng",
            slug="hoi-thao-phat-trien-du-lich-cong-dong",
            kind=EventPage.Kind.SEMINAR,
            summary="Kinh nghiệm làm du lịch cộng đồng gắn với bảo vệ môi trường ở các xã ven đô.",
            starts_at=_at(-135, 8),
            ends_at=_at(-135, 11, 30),
            venue="Hội trường Ủy ban nhân dân Thành phố",
            address="86 Lê Thánh Tôn",
            organiser=organiser,
            accepts_registrations=False,
        ),
        EventPage(
            title="Hội thảo: Phát triển giao thông công cộng kết nối vùng",
            slug="hoi-thao-phat-trien-giao-thong-cong-cong-ket-noi-vung",
            kind=EventPage.Kind.SEMINAR,
            summary="Chuyên gia và người dân góp ý về mạng lưới metro, xe buýt và kết nối "
            "với các tỉnh lân cận.",
            starts_at=_at(14, 8),
            ends_at=_at(14, 11, 30),
            venue="Nhà Văn hóa Thanh niên",
            address="4 Phạm Ngọc Thạch",
            unit=_ward("Sài Gòn"),
            organiser=organiser,
            capacity=120,
        ),
    ]


SPEAKERS = {
    "toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh": [
        ("Nguyễn Văn A", "Giám đốc", "Sở Khoa học và Công nghệ"),
        ("Trần Thị B", "Phó Chánh Văn phòng", "Ủy ban nhân dân Thành phố"),
    ],
    "hoi-thao-phat-trien-giao-thong-cong-cong-ket-noi-vung": [
        ("Lê Văn C", "Phó Giám đốc", "Sở Xây dựng"),
        ("Phạm Thị D", "Tiến sĩ, chuyên gia quy hoạch", "Trường Đại học Bách khoa"),
    ],
}


# Past events: (registered, came, reporters accredited). A few more registered and cancelled.
ATTENDANCE = {
    "toa-dam-chuyen-doi-so-trong-cai-cach-hanh-chinh": (85, 64, 6),
    "hop-bao-ket-qua-chong-ngap-mua-mua": (0, 0, 14),
    "toa-dam-nguoi-dan-gop-y-xay-dung-do-thi-xanh": (120, 97, 4),
    "hoi-thao-phat-trien-du-lich-cong-dong": (60, 41, 3),
}
# Made-up people: a family name, a middle name and a given name, combined.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Huỳnh", "Phan"]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Khoa",
    "Linh",
    "Nam",
    "Phúc",
    "Quyên",
    "Tâm",
    "Vy",
]
OUTLETS = [
    "Báo Tuổi Trẻ",
    "Báo Thanh Niên",
    "Báo Người Lao Động",
    "Báo Sài Gòn Giải Phóng",
    "Báo Pháp Luật TP.HCM",
    "Đài Truyền hình TP.HCM",
    "Đài Tiếng nói Nhân dân TP.HCM",
    "Thông tấn xã Việt Nam",
]


def _person(event_number: int, n: int) -> tuple[str, str]:
    """A made-up name and its demo address, distinct within an event."""
    name = " ".join(
        (
            FAMILY[n % len(FAMILY)],
            MIDDLE[(n // len(FAMILY) + event_number) % len(MIDDLE)],
            GIVEN[(n * 5 + event_number) % len(GIVEN)],
        )
    )
    return name, f"nguoi-tham-du-{event_number}-{n}@example.invalid"


def _attendance(event: EventPage, event_number: int, counts=None) -> None:
    """Who registered for a past event (some cancelled), who came, and the reporters let in."""
    registered, came, reporters = counts or ATTENDANCE.get(event.slug, (0, 0, 0))
    desk = get_user_model().objects.filter(username="bientap").first()
    rows = []
    for n in range(registered + registered // 15):
        name, email = _person(event_number, n)
        signed_up = event.starts_at - datetime.timedelta(days=1 + n % 12, hours=n % 9)
        row = Registration(
            event=event,
            name=name,
            email=email,
            status=Registration.Status.CONFIRMED,
            created_at=signed_up,
        )
        if n >= registered:
            row.status, row.cancelled_at = Registration.Status.CANCELLED, signed_up
        elif n < came:
            row.checked_in_at = event.starts_at - datetime.timedelta(minutes=5 + n % 40)
        rows.append(row)
    Registration.objects.bulk_create(rows)
    Accreditation.objects.bulk_create(
        Accreditation(
            event=event,
            reporter_name=_person(event_number + 50, n)[0],
            outlet=OUTLETS[(n + event_number) % len(OUTLETS)],
            press_card_number=f"DEMO-{event_number:02d}{n:03d}",
            email=f"phong-vien-{event_number}-{n}@example.invalid",
            phone=f"0900 000 {event_number:01d}{n:02d}",
            status=Accreditation.Status.APPROVED,
            created_at=event.starts_at - datetime.timedelta(days=2, hours=n),
            decided_at=event.starts_at - datetime.timedelta(days=1),
            decided_by=desk,
        )
        for n in range(reporters)
    )


def _press_day(year: int, month: int) -> datetime.date:
    """The month's last Thursday: the demo's fixed day for the monthly press conference."""
    after = datetime.date(year + month // 12, month % 12 + 1, 1)
    return after - datetime.timedelta(days=(after.weekday() - 3) % 7 or 7)


def _press_conference(year: int, month: int, organiser) -> EventPage:
    """Họp báo định kỳ: the city informs the press of the month's economy and society."""
    starts_at = timezone.make_aware(
        datetime.datetime.combine(_press_day(year, month), datetime.time(15))
    )
    return EventPage(
        title=f"Họp báo cung cấp thông tin kinh tế - xã hội tháng {month}/{year}",
        slug=f"hop-bao-thong-tin-kinh-te-xa-hoi-thang-{month}-{year}",
        kind=EventPage.Kind.PRESS_CONFERENCE,
        summary="Thông tin định kỳ về tình hình kinh tế - xã hội của Thành phố trong tháng và "
        "trả lời câu hỏi của phóng viên.",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=1, minutes=30),
        venue="Trung tâm Báo chí Thành phố",
        organiser=organiser,
        online_url="https://www.youtube.com/@cityportal/live",
        accepts_registrations=False,  # the press accredits; the public watches online
    )


def _monthly_press_conferences(index, organiser) -> int:
    """This month's and next month's press conference, each added once (its slug names the
    month); one already over when added gets the reporters who covered it."""
    today = timezone.localdate()
    created = 0
    for ahead in (0, 1):
        year, month = divmod(today.year * 12 + today.month - 1 + ahead, 12)
        event = _press_conference(year, month + 1, organiser)
        if EventPage.objects.filter(slug=event.slug).exists():
            continue
        _publish_child(index, event)
        if event.ends_at <= timezone.now():
            _attendance(event, 10 + month, (0, 0, 10 + month % 5))
        created += 1
    return created


@transaction.atomic
def load_events_demo() -> dict[str, int]:
    home = HomePage.objects.first() or setup_newsroom()
    index, created = _index(home)
    organiser, _ = Organisation.objects.get_or_create(
        slug="van-phong-ubnd-tp",
        defaults={
            "name": "Văn phòng Ủy ban nhân dân Thành phố",
            "kind": Organisation.Kind.DEPARTMENT,
        },
    )
    for number, event in enumerate(_events(index, organiser)):
        if EventPage.objects.filter(slug=event.slug).exists():
            continue
        for order, (name, role, affiliation) in enumerate(SPEAKERS.get(event.slug, [])):
            event.speakers.add(
                EventSpeaker(sort_order=order, name=name, role=role, affiliation=affiliation)
            )
        _attendance(_publish_child(index, event), number)
        created += 1
    created += _monthly_press_conferences(index, organiser)
    return {"created": created}

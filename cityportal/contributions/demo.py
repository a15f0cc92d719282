"""Demo agency contributions: a contributor of each demo agency and what they sent over about
six months, reviewed, accepted, declined or still waiting, two of them published as articles.

Dated back from the day the demo is loaded, so the quarterly report's last closed quarter and the
current one have an agency scorecard. Idempotent: each demo submission has a fixed idempotency
key, and one already there is left as it is."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cityportal.core.demo import weekly_moments
from cityportal.core.models import Organisation
from cityportal.feedback.demo import demo_agencies
from cityportal.news.demo import demo_users
from cityportal.news.models import ArticlePage
from cityportal.news.newsroom import CONTRIBUTOR

from .models import Membership, Submission

# One contributor login per agency: (username, agency slug, full name).
CONTRIBUTORS = [
    ("sxd", "so-xay-dung", "Cộng tác viên Sở Xây dựng"),
    ("snnmt", "so-nong-nghiep-va-moi-truong", "Cộng tác viên Sở Nông nghiệp và Môi trường"),
    ("svhtt", "so-van-hoa-va-the-thao", "Cộng tác viên Sở Văn hóa và Thể thao"),
    ("phuongsaigon", "ubnd-phuong-sai-gon", "Cộng tác viên phường Sài Gòn"),
]
S = Submission.Status
# (key, days ago, agency slug, title, lead, outcome, hours to review, article slug if published)
SUBMISSIONS = [
    (
        "ket-qua-cham-soc-cay-xanh",
        4,
        "so-nong-nghiep-va-moi-truong",
        "Kết quả trồng và chăm sóc cây xanh đô thị",
        "Các phường trồng bổ sung cây xanh trên các tuyến đường mới.",
        S.SUBMITTED,
        None,
        None,
    ),
    (
        "lich-bao-tri-cau-duong",
        10,
        "so-xay-dung",
        "Lịch bảo trì cầu, đường cuối năm",
        "Thông báo phân luồng khi bảo trì một số cây cầu.",
        S.IN_REVIEW,
        5,
        None,
    ),
    (
        "chinh-trang-via-he-ben-thanh",
        22,
        "ubnd-phuong-sai-gon",
        "Chỉnh trang vỉa hè khu trung tâm",
        "Phường hoàn thành lát lại vỉa hè các tuyến phố chính.",
        S.PUBLISHED,
        3,
        "phuong-ben-thanh-chinh-trang-via-he",
    ),
    (
        "tuan-le-van-hoa",
        66,
        "so-van-hoa-va-the-thao",
        "Chương trình Tuần lễ Văn hóa – Du lịch",
        "Các hoạt động nghệ thuật, ẩm thực và triển lãm trong tuần lễ.",
        S.ACCEPTED,
        8,
        None,
    ),
    (
        "tram-bom-chong-ngap",
        48,
        "so-xay-dung",
        "Vận hành trạm bơm chống ngập mùa mưa",
        "Các trạm bơm và cống ngăn triều được vận hành 24/24 giờ.",
        S.ACCEPTED,
        26,
        None,
    ),
    (
        "quang-cao-su-kien-tu-nhan",
        75,
        "so-van-hoa-va-the-thao",
        "Giới thiệu chương trình biểu diễn của đơn vị tư nhân",
        "Thông tin quảng bá chương trình biểu diễn có bán vé.",
        S.DECLINED,
        30,
        None,
    ),
    (
        "an-toan-giao-thong-truong-hoc",
        88,
        "ubnd-phuong-sai-gon",
        "Bảo đảm an toàn giao thông trước cổng trường",
        "Công an phường phân luồng giờ tan trường.",
        S.ACCEPTED,
        4,
        None,
    ),
    (
        "quan-trac-moi-truong-quy",
        104,
        "so-nong-nghiep-va-moi-truong",
        "Kết quả quan trắc chất lượng không khí trong quý",
        "Chỉ số chất lượng không khí ở mức tốt và trung bình.",
        S.ACCEPTED,
        50,
        None,
    ),
    (
        "nong-nghiep-cong-nghe-cao-cu-chi",
        139,
        "so-nong-nghiep-va-moi-truong",
        "Nông nghiệp công nghệ cao ở xã Củ Chi",
        "Hợp tác xã ứng dụng tưới tiết kiệm, truy xuất nguồn gốc.",
        S.PUBLISHED,
        6,
        "xa-cu-chi-nong-nghiep-cong-nghe-cao",
    ),
    (
        "sua-chua-duong-thang-cu",
        150,
        "so-xay-dung",
        "Thông báo sửa chữa mặt đường",
        "Bản tin trùng nội dung đã đăng.",
        S.DECLINED,
        12,
        None,
    ),
    (
        "giai-the-thao-phuong",
        172,
        "ubnd-phuong-sai-gon",
        "Giải thể thao phong trào của phường",
        "Hơn 500 vận động viên tham gia các môn bóng đá, cầu lông.",
        S.ACCEPTED,
        20,
        None,
    ),
]
KEYS = uuid.UUID("6f0c7a52-3a57-4f4e-9d0e-2d1b7c0de000")  # namespace of the demo's keys


def _members(agencies: dict[str, Organisation]) -> dict[str, object]:
    demo_users([(username, CONTRIBUTOR, name) for username, _, name in CONTRIBUTORS])
    users = get_user_model().objects.in_bulk([u for u, *_ in CONTRIBUTORS], field_name="username")
    members = {}
    for username, slug, _ in CONTRIBUTORS:
        Membership.objects.get_or_create(user=users[username], organisation=agencies[slug])
        members[slug] = users[username]
    return members


def _submission(key: str, sent, agency, title, lead, outcome, hours, article, members) -> None:
    now = timezone.now()
    submission = Submission(
        organisation=agency,
        submitted_by=members[agency.slug],
        title=title,
        lead=lead,
        body=f"<p>{lead}</p>",
        idempotency_key=uuid.uuid5(KEYS, key),
        submitted_at=sent,
        status=outcome,
    )
    if hours is not None:
        submission.reviewed_at = min(sent + datetime.timedelta(hours=hours), now)
    if outcome in (S.ACCEPTED, S.PUBLISHED, S.DECLINED):
        submission.decided_at = submission.reviewed_at
    if outcome == S.DECLINED:
        submission.decline_reason = "Nội dung không thuộc phạm vi đăng tải của Chuyên trang."
    if outcome == S.PUBLISHED:
        submission.article = ArticlePage.objects.filter(slug=article).first()
        if submission.article is None:  # the newsroom demo is not loaded: not published
            submission.status = S.ACCEPTED
    submission.save()


def _weekly(agencies, members) -> int:
    """One of SUBMISSIONS sent again each Monday since the demo's latest (core.demo), then
    decided (as that one was, published ones only accepted) if the desk has had two days for
    it, else still waiting."""
    sent_by = Submission.objects.filter(submitted_by__in=members.values())
    latest = sent_by.order_by("-submitted_at").values_list("submitted_at", flat=True).first()
    created = 0
    for week, _, sent in weekly_moments(latest, (0,), 9):
        _, _, agency, title, lead, outcome, *_ = SUBMISSIONS[week % len(SUBMISSIONS)]
        waiting = sent > timezone.now() - datetime.timedelta(days=2)
        decided = S.DECLINED if outcome == S.DECLINED else S.ACCEPTED  # a declined one again
        outcome, hours = (S.SUBMITTED, None) if waiting else (decided, 24)
        key = f"tuan-{timezone.localdate(sent).isoformat()}"
        _submission(key, sent, agencies[agency], title, lead, outcome, hours, None, members)
        created += 1
    return created


@transaction.atomic
def load_contributions_demo() -> dict[str, int]:
    """The fixed submissions once, then one for each week since the demo's latest (a demo
    reloaded weeks later has recent contributions; one reloaded the same week gets none)."""
    agencies = demo_agencies()
    members = _members(agencies)
    created = 0
    for key, days_ago, agency, title, lead, outcome, hours, article in SUBMISSIONS:
        if Submission.objects.filter(idempotency_key=uuid.uuid5(KEYS, key)).exists():
            continue
        day = timezone.localdate() - datetime.timedelta(days=days_ago)
        sent = min(
            timezone.make_aware(datetime.datetime.combine(day, datetime.time(9))),
            timezone.now() - datetime.timedelta(hours=1),
        )
        _submission(key, sent, agencies[agency], title, lead, outcome, hours, article, members)
        created += 1
    return {"created": created + _weekly(agencies, members)}

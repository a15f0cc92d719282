"""Demo citizens' feedback: comments on the demo articles, and ideas and questions routed to an
agency, most of them answered.

Dated back from the day the demo is loaded (about six months), so the quarterly report's last
closed quarter and the current one have feedback to count. Idempotent: an entry already there
(same e-mail and text) is left as it is."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cityportal.core.demo import weekly_moments
from cityportal.core.models import Organisation
from cityportal.core.text import fold
from cityportal.news.models import ArticlePage

from .models import Comment, Enquiry

# The agencies that answer: (slug, name, kind); created if the portal has none of that slug.
AGENCIES = [
    ("so-xay-dung", "Sở Xây dựng", Organisation.Kind.DEPARTMENT),
    ("so-nong-nghiep-va-moi-truong", "Sở Nông nghiệp và Môi trường", Organisation.Kind.DEPARTMENT),
    ("so-van-hoa-va-the-thao", "Sở Văn hóa và Thể thao", Organisation.Kind.DEPARTMENT),
    ("ubnd-phuong-sai-gon", "Ủy ban nhân dân phường Sài Gòn", Organisation.Kind.LOCAL),
]
# (days ago, article slug, reader's name, comment): each after its article (see news' demo).
COMMENTS = [
    (
        1,
        "dich-vu-cong-truc-tuyen-toan-trinh-tang-manh",
        "Trần Minh",
        "Tôi nộp hồ sơ cấp đổi giấy phép lái xe trên mạng, ba ngày đã có kết quả, rất tiện.",
    ),
    (
        2,
        "dich-vu-cong-truc-tuyen-toan-trinh-tang-manh",
        "Lê Thu Hà",
        "Mong phường hướng dẫn thêm cho người lớn tuổi cách dùng tài khoản định danh.",
    ),
    (
        15,
        "phuong-ben-thanh-chinh-trang-via-he",
        "Nguyễn Văn Hùng",
        "Vỉa hè mới đẹp, nhưng cần giữ lối đi cho người đi bộ, đừng để xe máy lấn chiếm.",
    ),
    (
        30,
        "tang-cuong-phong-chong-ngap-mua-mua",
        "Phạm Thị Lan",
        "Đường trước nhà tôi vẫn ngập mỗi khi triều cường, đề nghị kiểm tra cống.",
    ),
    (
        38,
        "tang-cuong-phong-chong-ngap-mua-mua",
        "Võ Quốc Bảo",
        "Trạm bơm mới hoạt động tốt, năm nay khu tôi đỡ ngập hẳn.",
    ),
    (
        60,
        "tuan-le-van-hoa-du-lich-thanh-pho",
        "Đặng Mai",
        "Chương trình nghệ thuật ở phố đi bộ rất hay, gia đình tôi đi cả ba tối.",
    ),
    (
        80,
        "an-toan-giao-thong-khu-vuc-truong-hoc",
        "Huỳnh Tấn Phát",
        "Giờ tan trường trước cổng trường con tôi đã thông thoáng hơn nhiều.",
    ),
    (
        84,
        "an-toan-giao-thong-khu-vuc-truong-hoc",
        "Bùi Ngọc Anh",
        "Đề nghị bố trí thêm người hướng dẫn qua đường vào buổi sáng.",
    ),
    (
        100,
        "doan-cong-tac-thanh-pho-lam-viec-voi-doi-tac-quoc-te",
        "Trương Gia Huy",
        "Mong sớm có thêm tuyến xe buýt điện nối với các ga metro.",
    ),
    (
        130,
        "xa-cu-chi-nong-nghiep-cong-nghe-cao",
        "Ngô Thị Hồng",
        "Rau của hợp tác xã ngon và sạch, nên mở thêm điểm bán ở trung tâm.",
    ),
    (
        160,
        "kinh-te-thanh-pho-sau-sau-thang",
        "Lý Thành Công",
        "Doanh nghiệp nhỏ vẫn khó tiếp cận vốn vay, mong có thêm chính sách hỗ trợ.",
    ),
]
# (days ago, kind, topic, agency slug, title, text, reader's name, days to answer or None, answer)
ENQUIRIES = [
    (
        2,
        Enquiry.Kind.QUESTION,
        Enquiry.Topic.ADMIN,
        "ubnd-phuong-sai-gon",
        "Thủ tục chứng thực bản sao trực tuyến",
        "Tôi có thể chứng thực bản sao giấy tờ trực tuyến ở phường không, cần chuẩn bị gì?",
        "Hoàng Văn Nam",
        None,
        "",
    ),
    (
        12,
        Enquiry.Kind.IDEA,
        Enquiry.Topic.TRANSPORT,
        "so-xay-dung",
        "Thêm mái che tại các trạm xe buýt",
        "Nhiều trạm xe buýt chưa có mái che, người dân phải đứng nắng mưa chờ xe.",
        "Đỗ Thị Thu",
        6,
        "Sở Xây dựng đã đưa 120 trạm vào kế hoạch lắp mái che trong năm tới, ưu tiên tuyến đông khách.",
    ),
    (
        26,
        Enquiry.Kind.QUESTION,
        Enquiry.Topic.ENVIRONMENT,
        "so-nong-nghiep-va-moi-truong",
        "Lịch thu gom rác cồng kềnh",
        "Khu phố tôi muốn bỏ tủ, nệm cũ thì liên hệ ở đâu và vào ngày nào?",
        "Phan Quốc Toàn",
        4,
        "Người dân đăng ký với tổ thu gom của phường; rác cồng kềnh được thu vào thứ Bảy hằng tuần.",
    ),
    (
        45,
        Enquiry.Kind.IDEA,
        Enquiry.Topic.CULTURE,
        "so-van-hoa-va-the-thao",
        "Mở cửa bảo tàng vào buổi tối",
        "Đề nghị các bảo tàng mở cửa buổi tối cuối tuần để người đi làm có thể tham quan.",
        "Vũ Hải Yến",
        10,
        "Sở đã thí điểm mở cửa Bảo tàng Thành phố đến 21 giờ các tối thứ Bảy từ tháng này.",
    ),
    (
        70,
        Enquiry.Kind.QUESTION,
        Enquiry.Topic.URBAN,
        "so-xay-dung",
        "Xin phép sửa chữa nhà ở riêng lẻ",
        "Sửa mái và nâng nền nhà có cần xin giấy phép xây dựng không?",
        "Trịnh Văn Lợi",
        8,
        "Sửa chữa bên trong, không thay đổi kết cấu chịu lực thì không cần giấy phép; nâng nền cần liên hệ phường để được hướng dẫn.",
    ),
    (
        96,
        Enquiry.Kind.IDEA,
        Enquiry.Topic.ENVIRONMENT,
        "so-nong-nghiep-va-moi-truong",
        "Trồng thêm cây xanh trên các tuyến đường mới",
        "Các tuyến đường mới mở còn ít cây xanh, mùa nắng rất nóng.",
        "Mai Thanh Tâm",
        12,
        "Sở đã phối hợp các phường trồng bổ sung 3.000 cây xanh trên các tuyến đường mới trong quý.",
    ),
    (
        118,
        Enquiry.Kind.QUESTION,
        Enquiry.Topic.SOCIETY,
        "ubnd-phuong-sai-gon",
        "Đăng ký học lớp một trực tuyến",
        "Con tôi vào lớp một năm nay, phụ huynh đăng ký trực tuyến ở đâu?",
        "Cao Thị Bích",
        3,
        "Phụ huynh đăng ký trên cổng tuyển sinh đầu cấp của Thành phố bằng mã định danh của trẻ.",
    ),
    (
        140,
        Enquiry.Kind.IDEA,
        Enquiry.Topic.ORDER,
        "ubnd-phuong-sai-gon",
        "Lắp thêm camera an ninh ở hẻm",
        "Đề nghị lắp camera ở các hẻm nhỏ để phòng chống trộm cắp ban đêm.",
        "Tạ Minh Khoa",
        20,
        "Phường đã lắp 40 camera tại các hẻm theo đề xuất của người dân và tổ dân phố.",
    ),
    (
        168,
        Enquiry.Kind.QUESTION,
        Enquiry.Topic.ECONOMY,
        "so-xay-dung",
        "Thời gian hoàn thành dự án nâng cấp đường",
        "Dự án nâng cấp đường gần nhà tôi bao giờ hoàn thành?",
        "Lâm Gia Bảo",
        9,
        "Dự án dự kiến hoàn thành trong quý tới; nhà thầu đã được yêu cầu hoàn trả mặt bằng từng đoạn.",
    ),
]


# A reload tops up the weeks since the demo's latest entry, this many weeks back at most.
WEEKLY_COMMENT_DAYS = (1, 3, 5)  # Tuesday, Thursday, Saturday evenings
WEEKLY_ENQUIRY_DAYS = (0, 3)  # Monday and Thursday mornings
# Readers' comments that fit whichever article is the latest.
WEEKLY_COMMENTS = [
    "Cảm ơn Chuyên trang đã thông tin kịp thời, mong có thêm hướng dẫn cụ thể cho người dân.",
    "Đề nghị công khai tiến độ thực hiện để người dân theo dõi.",
    "Phường tôi đã làm theo, thủ tục nhanh hơn trước nhiều.",
    "Mong Thành phố sớm nhân rộng cách làm này ra các phường, xã khác.",
    "Bài viết rõ ràng, dễ hiểu. Xin hỏi người dân góp ý thêm ở đâu?",
    "Chủ trương đúng, quan trọng là kiểm tra việc thực hiện ở cơ sở.",
    "Gia đình tôi rất ủng hộ, hy vọng kết quả sẽ bền vững.",
]
# The demo's made-up readers, who come back with new comments and questions.
READERS = sorted({name for *_, name, _ in COMMENTS} | {entry[6] for entry in ENQUIRIES})


def _at(days_ago: int, hour: int = 9) -> datetime.datetime:
    """`hour` o'clock, `days_ago` days back, never later than now."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return min(moment, timezone.now() - datetime.timedelta(minutes=10))


def demo_agencies() -> dict[str, Organisation]:
    """The demo's answering agencies by slug, created where missing."""
    agencies = {}
    for slug, name, kind in AGENCIES:
        defaults = {"name": name, "kind": kind}
        agencies[slug] = Organisation.objects.get_or_create(slug=slug, defaults=defaults)[0]
    return agencies


def demo_email(name: str) -> str:
    """A reader's demo address, the same for the same name on every run."""
    return f"{fold(name).replace(' ', '.')}@example.invalid"


def _comment(article, name: str, body: str, at: datetime.datetime, desk) -> None:
    email = demo_email(name)
    Comment.objects.create(
        target=article,
        name=name,
        email=email,
        body=body,
        status=Comment.Status.APPROVED,
        created_at=at,
        moderated_at=at + datetime.timedelta(hours=1),
        moderated_by=desk,
    )


def _enquiry(entry: tuple, name: str, at: datetime.datetime, agencies, desk) -> None:
    """One of ENQUIRIES asked by `name` at `at`, answered if its answer is due by now."""
    kind, topic, agency, title, body, answer_days, answer = entry
    enquiry = Enquiry(
        kind=kind,
        topic=topic,
        title=title,
        body=body,
        name=name,
        email=demo_email(name),
        agency=agencies[agency],
        status=Enquiry.Status.ASSIGNED,
        created_at=at,
    )
    answered_at = enquiry.created_at + datetime.timedelta(days=answer_days or 0)
    if answer_days is not None and answered_at < timezone.now():
        enquiry.status, enquiry.answer = Enquiry.Status.PUBLISHED, answer
        enquiry.answered_at, enquiry.answered_by = answered_at, desk
    enquiry.save()


def _weekly_comments(desk) -> int:
    """A few readers' comments on the latest articles for each week since the demo's last."""
    demo = Comment.objects.filter(email__endswith="@example.invalid")
    latest = demo.order_by("-created_at").values_list("created_at", flat=True).first()
    created = 0
    for week, slot, at in weekly_moments(latest, WEEKLY_COMMENT_DAYS, 20):
        recent = ArticlePage.objects.live().filter(
            alias_of=None, published_at__lte=at - datetime.timedelta(hours=1)
        )
        articles = list(recent.order_by("-published_at")[:3])
        if not articles:
            continue
        body = WEEKLY_COMMENTS[(week * len(WEEKLY_COMMENT_DAYS) + slot) % len(WEEKLY_COMMENTS)]
        name = READERS[(week * 5 + slot) % len(READERS)]
        _comment(articles[(week + slot) % len(articles)], name, body, at, desk)
        created += 1
    return created


def _weekly_enquiries(agencies, desk) -> int:
    """A couple of ENQUIRIES asked again by other readers each week since the demo's last."""
    demo = Enquiry.objects.filter(email__endswith="@example.invalid")
    latest = demo.order_by("-created_at").values_list("created_at", flat=True).first()
    created = 0
    for week, slot, at in weekly_moments(latest, WEEKLY_ENQUIRY_DAYS, 10):
        _, kind, topic, agency, title, body, _, answer_days, answer = ENQUIRIES[
            (week * len(WEEKLY_ENQUIRY_DAYS) + slot) % len(ENQUIRIES)
        ]
        name = READERS[(week * 7 + slot + 3) % len(READERS)]
        entry = (kind, topic, agency, title, body, answer_days, answer)
        _enquiry(entry, name, at, agencies, desk)
        created += 1
    return created


@transaction.atomic
def load_feedback_demo() -> dict[str, int]:
    """The fixed entries once, then each week since the latest demo entry its own few (a demo
    reloaded weeks later has recent feedback; one reloaded the same week gets nothing new)."""
    agencies = demo_agencies()
    desk = get_user_model().objects.filter(username="bientap").first()
    slugs = {slug for _, slug, *_ in COMMENTS}
    articles = {a.slug: a for a in ArticlePage.objects.live().filter(slug__in=slugs)}
    created = {"comments": 0, "enquiries": 0}
    for days_ago, slug, name, body in COMMENTS:
        article = articles.get(slug)
        if article is None or Comment.objects.filter(email=demo_email(name), body=body).exists():
            continue
        at = max(_at(days_ago, 20), article.published_at + datetime.timedelta(hours=1))
        _comment(article, name, body, at, desk)
        created["comments"] += 1
    for days_ago, kind, topic, agency, title, body, name, answer_days, answer in ENQUIRIES:
        if Enquiry.objects.filter(email=demo_email(name), title=title).exists():
            continue
        entry = (kind, topic, agency, title, body, answer_days, answer)
        _enquiry(entry, name, _at(days_ago, 10), agencies, desk)
        created["enquiries"] += 1
    created["comments"] += _weekly_comments(desk)
    created["enquiries"] += _weekly_enquiries(agencies, desk)
    return created

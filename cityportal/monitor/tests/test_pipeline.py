"""The whole pipeline on a small batch: what is counted, what is skipped, what is linked."""

import datetime

import pytest
from django.utils import timezone

from cityportal import nlp
from cityportal.monitor import pipeline
from cityportal.monitor.models import Item, Source
from cityportal.monitor.sources import portal

NOW = timezone.make_aware(datetime.datetime(2026, 11, 20, 9))
WIRE = (
    "Thành phố Hồ Chí Minh khởi công tuyến metro số 2 Bến Thành Tham Lương với tổng vốn đầu tư "
    "hơn 47 nghìn tỉ đồng, dự kiến hoàn thành năm 2030, giảm ùn tắc cho Quận 1 và Quận Tân Bình"
)


@pytest.fixture
def source(db):
    return Source.objects.create(name="Báo", kind=Source.Kind.MANUAL)


def add(source, key, text, **fields):
    return Item.objects.create(source=source, key=key, text=text, published_at=NOW, **fields)


def test_a_batch_is_analysed_once_and_a_wire_story_counts_once(source):
    for n in range(40):  # one wire story, syndicated 40 times
        add(source, f"wire-{n}", f"({n}) {WIRE}", reactions=5)
    add(source, "flood", "Đường Nguyễn Hữu Cảnh lại ngập sâu, người dân rất bức xúc vì chờ mãi")
    add(source, "english", "The new metro line will open to passengers next year, officials said")
    add(source, "empty", "   <p></p> ")

    counts = pipeline.process_pending()

    assert counts == {"processed": 41, "skipped": 2, "duplicates": 39}
    assert pipeline.process_pending() == {"processed": 0, "skipped": 0, "duplicates": 0}
    stories = Item.objects.stories()
    assert stories.count() == 2
    wire = stories.get(key="wire-0")
    assert (wire.cluster.size, wire.cluster.reach) == (40, 40 * 6)
    assert {u.name for u in wire.places.all()} >= {"Quận 1", "Quận Tân Bình"}
    for item in Item.objects.processed():
        assert item.sentiment in nlp.LABELS["sentiment"]
        assert item.topic in nlp.LABELS["topic"]
        assert item.toxicity in nlp.LABELS["toxicity"]
        assert 0 <= item.sentiment_score <= 1
    assert Item.objects.get(key="english").skip_reason == "không phải tiếng Việt"
    assert Item.objects.get(key="empty").skip_reason == "không có nội dung"


def test_a_comment_typed_without_accents_is_counted_and_tagalog_is_not(source):
    add(source, "unaccented", "mat dien ca buoi chieu, nong chiu het noi")
    add(source, "teencode", "mik thay hem nay ngap wa troi lun a")
    add(source, "tagalog", "Ang bata ay kumain ng mga mangga at ng tinapay")

    assert pipeline.process_pending() == {"processed": 2, "skipped": 1, "duplicates": 0}
    assert {i.key for i in Item.objects.processed()} == {"unaccented", "teencode"}
    assert Item.objects.get(key="tagalog").skip_reason == "không phải tiếng Việt"


def test_portal_comments_and_ideas_come_in_without_personal_data(make_article, db, monkeypatch):
    from cityportal.feedback.models import Comment, Enquiry

    monkeypatch.setattr(portal, "CHUNK", 1)  # each id its own query: the chunked path runs

    article = make_article(title="Lấy ý kiến về quy hoạch công viên bờ sông Sài Gòn")
    approved = Comment.objects.create(
        target=article,
        name="Trần Thị B",
        email="b.tran@example.invalid",
        body="Ủng hộ quy hoạch công viên, mong thành phố làm sớm",
        status=Comment.Status.APPROVED,
    )
    Comment.objects.create(
        target=article,
        name="Spam",
        email="spam@example.invalid",
        body="mua thuốc giá rẻ",
        status=Comment.Status.SPAM,
    )
    Enquiry.objects.create(
        kind=Enquiry.Kind.IDEA,
        topic=Enquiry.Topic.URBAN,
        title="Thêm cây xanh đường Lê Lợi",
        body="Đề nghị trồng thêm cây xanh trên đường Lê Lợi, Quận 1",
        name="Lê Văn C",
        email="c.le@example.invalid",
        due_date=datetime.date(2026, 12, 20),
    )

    assert portal.sync() == {"new": 2, "removed": 0}
    assert portal.sync() == {"new": 0, "removed": 0}
    items = Item.objects.order_by("kind")
    assert [i.kind for i in items] == ["comment", "enquiry"]
    for item in items:
        stored = " ".join(str(v) for v in Item.objects.filter(pk=item.pk).values().first().values())
        assert "example.invalid" not in stored and "Trần" not in stored and "Lê Văn" not in stored

    # Rejected later (or erased at the reader's request): gone from the monitor on the next sync.
    Comment.objects.filter(pk=approved.pk).update(status=Comment.Status.REJECTED)
    assert portal.sync() == {"new": 0, "removed": 1}
    assert list(Item.objects.values_list("kind", flat=True)) == ["enquiry"]


def test_ideas_the_bot_trap_caught_are_not_heard_until_the_desk_clears_them(db):
    """They were copied into the monitor and counted, though the desk counts them nowhere."""
    from cityportal.feedback.models import Enquiry

    caught = Enquiry.objects.create(
        kind=Enquiry.Kind.IDEA,
        topic=Enquiry.Topic.URBAN,
        title="Vay tiền nhanh",
        body="Vay tiền nhanh không cần thế chấp, giải ngân trong ngày",
        name="x",
        email="x@example.invalid",
        status=Enquiry.Status.SUSPECT,
        due_date=datetime.date(2026, 12, 20),
    )
    assert portal.sync() == {"new": 0, "removed": 0}
    caught.status = Enquiry.Status.RECEIVED  # a person sent it after all (a browser's autofill)
    caught.save()
    assert portal.sync() == {"new": 1, "removed": 0}
    caught.status = Enquiry.Status.SUSPECT
    caught.save()
    assert portal.sync() == {"new": 0, "removed": 1}


def test_the_scheduled_portal_sync_waits_for_its_own_period(make_article, db):
    from cityportal.feedback.models import Comment

    article = make_article(title="Mở rộng đường Nguyễn Hữu Cảnh")
    assert portal.sync_if_due() == {"new": 0, "removed": 0}  # nothing yet; the period starts
    Comment.objects.create(
        target=article,
        name="Bạn đọc",
        email="bd@example.invalid",
        body="Mong đường sớm thông xe, kẹt quá",
        status=Comment.Status.APPROVED,
    )
    assert portal.sync_if_due()["new"] == 0  # within the portal source's 15 minutes
    later = portal.portal_source().next_fetch_at + datetime.timedelta(seconds=1)
    assert portal.sync_if_due(now=later)["new"] == 1


def test_a_second_portal_source_is_refused_with_a_message(client, db):
    from django.contrib.auth import get_user_model

    portal.portal_source()
    admin = get_user_model().objects.create_superuser("src", "src@example.invalid", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/monitor/sources/new/",
        {"name": "Cổng lần hai", "kind": "portal", "url": "", "poll_minutes": 15},
    )
    assert response.status_code == 200
    assert "Đã có một nguồn loại này" in response.content.decode()
    assert Source.objects.filter(kind=Source.Kind.PORTAL).count() == 1


def test_a_feed_on_the_servers_own_network_is_refused_when_saved(client, settings, db):
    """The poller never fetches it (feeds.checked_addresses): the analyst hears so at once, not
    from the source's first poll; a network the settings allow is taken."""
    from django.contrib.auth import get_user_model

    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = []
    admin = get_user_model().objects.create_superuser("src", "src@example.invalid", "pw")
    client.force_login(admin)

    def add(url):
        return client.post(
            "/admin/monitor/sources/new/",
            {"name": "Nguồn nội bộ", "kind": "feed", "url": url, "poll_minutes": 30},
        )

    for url in ["http://169.254.169.254/latest/meta-data/", "http://[::1]/rss"]:
        response = add(url)
        assert response.status_code == 200
        assert "là địa chỉ nội bộ hoặc dành riêng" in response.content.decode()
    assert not Source.objects.exists()

    settings.MONITOR_FETCH_PRIVATE_ADDRESSES = ["10.20.0.0/16"]
    assert add("http://10.20.1.5/rss.xml").status_code == 302
    assert Source.objects.get().url == "http://10.20.1.5/rss.xml"

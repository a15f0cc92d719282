"""Readers' personal data (Decree 13/2023): export, erasure on request, IP hashing and the
retention period; the admin page for data requests and the `personal_data` command."""

import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from cityportal.core.middleware import content_version
from cityportal.core.pseudonyms import pseudonym
from cityportal.feedback import privacy
from cityportal.feedback.models import Comment
from cityportal.feedback.tasks import personal_data_maintenance

S = Comment.Status
URL = "/admin/feedback/personal-data/"
PERSON = "Nguyen.Van.An@Example.invalid"


def ago(days: int, hours: int = 0) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days, hours=hours)


def denied(response) -> bool:
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture
def thread(make_comment):
    """An's comments (mixed-case address) in every state, among other readers' comments."""
    an = dict(name="Nguyễn Văn An", email=PERSON)
    answered = make_comment("An hỏi về tiến độ metro.", status=S.APPROVED, notify=True, **an)
    return {
        "answered": answered,
        "reply_to_an": make_comment(
            "Chị Bình trả lời An.", status=S.APPROVED, parent=answered, name="Lê Thị Bình"
        ),
        "lonely": make_comment(
            "An khen bài viết.", status=S.APPROVED, ip_address="203.0.113.7", **an
        ),
        "pending": make_comment(
            "An hỏi thêm, chờ duyệt.", **{**an, "email": "  " + PERSON.upper()}
        ),
        "spam": make_comment("An gửi nhầm.", status=S.SPAM, **an),
        "other": make_comment("Ý kiến của người khác.", status=S.APPROVED, name="Trần Cường"),
        "lookalike": make_comment(
            "Địa chỉ gần giống.", status=S.APPROVED, email="nguyen.van.an@example.invalid.vn"
        ),
    }


# --- Export -----------------------------------------------------------------------------------


def test_export_finds_exactly_one_persons_comments_and_is_json(thread, article):
    data = privacy.export_person("  nguyen.van.AN@example.INVALID ")
    data = json.loads(json.dumps(data))  # JSON-serialisable, round trip
    ids = {c["id"] for c in data["comments"]}
    assert ids == {thread[k].pk for k in ("answered", "lonely", "pending", "spam")}
    assert data["count"] == 4 and data["email"] == "nguyen.van.an@example.invalid"
    lonely = next(c for c in data["comments"] if c["id"] == thread["lonely"].pk)
    assert lonely["target"]["title"] == article.title
    assert lonely["target"]["url"].endswith(article.url)
    assert lonely["ip_address"] == "203.0.113.7" and lonely["ip_hashed"] is False
    assert lonely["status"] == "approved" and lonely["created_at"]
    answered = next(c for c in data["comments"] if c["id"] == thread["answered"].pk)
    assert answered["notify"] is True
    assert privacy.export_person("")["comments"] == []
    assert privacy.export_person("nobody@example.invalid")["count"] == 0


# --- Erasure ----------------------------------------------------------------------------------


def test_erasure_removes_the_person_and_keeps_others_replies(
    thread, article, client, django_capture_on_commit_callbacks
):
    page = client.get(article.url).content.decode()
    assert "Nguyễn Văn An" in page and "An khen bài viết." in page
    ModelLogEntry.objects.log_action(thread["lonely"], "feedback.approved")
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        count = privacy.erase_person(PERSON.lower(), by="test")
    assert count == 4
    assert content_version() > before

    # Nothing of An's left in any comment, nor in the history labels.
    for row in Comment.objects.values():
        text = json.dumps(row, default=str).lower()
        assert 'nguyen.van.an@example.invalid"' not in text
        assert "nguyễn văn an" not in text and "an khen" not in text
    assert not ModelLogEntry.objects.filter(label__icontains="Nguyễn Văn An").exists()

    answered = Comment.objects.get(pk=thread["answered"].pk)
    assert answered.name == privacy.ERASED_NAME and answered.body == privacy.ERASED_BODY
    assert answered.email == f"erased-{answered.pk}@invalid"
    assert answered.ip_address == "" and answered.notify is False
    assert answered.status == S.APPROVED
    for key in ("lonely", "pending", "spam"):
        assert not Comment.objects.filter(pk=thread[key].pk).exists()
    for key in ("reply_to_an", "other", "lookalike"):
        assert Comment.objects.filter(pk=thread[key].pk).exists()

    page = client.get(article.url).content.decode()
    assert "Nguyễn Văn An" not in page and "An hỏi về tiến độ" not in page
    assert "An khen bài viết." not in page
    assert "Chị Bình trả lời An." in page and privacy.ERASED_NAME in page
    assert "Ý kiến của người khác." in page

    assert privacy.erase_person(PERSON, by="test") == 0  # nothing left to erase


def test_erasure_keeps_a_comment_answered_further_down_the_thread(make_comment):
    an = dict(name="An", email="an@example.invalid", status=S.APPROVED)
    top = make_comment("Câu hỏi của An", **an)
    own_follow_up = make_comment("An bổ sung", parent=top, **an)
    make_comment("Người khác trả lời phần bổ sung", parent=own_follow_up, status=S.APPROVED)
    to_delete, to_anonymise = privacy.erasure_plan("AN@example.invalid")
    assert to_delete == [] and {c.pk for c in to_anonymise} == {top.pk, own_follow_up.pk}


def test_erasure_leaves_official_replies(make_comment):
    make_comment("Trả lời của cơ quan", email="bbt@example.invalid", official=True)
    assert privacy.erase_person("bbt@example.invalid", by="test") == 0
    assert Comment.objects.filter(official=True).count() == 1


# --- Retention --------------------------------------------------------------------------------


def test_old_ip_addresses_are_hashed_recent_ones_untouched(make_comment, settings):
    settings.FEEDBACK_IP_RETENTION_DAYS = 30
    old = make_comment(ip_address="198.51.100.1", created_at=ago(31))
    old_same_ip = make_comment(ip_address="198.51.100.1", created_at=ago(40))
    recent = make_comment(ip_address="198.51.100.2", created_at=ago(29))
    no_ip = make_comment(created_at=ago(60))

    assert privacy.hash_old_ips() == 2
    for comment in (old, old_same_ip, recent, no_ip):
        comment.refresh_from_db()
    assert old.ip_address == old_same_ip.ip_address == pseudonym("feedback.ip", "198.51.100.1")
    assert old.ip_hashed and old_same_ip.ip_hashed
    assert recent.ip_address == "198.51.100.2" and not recent.ip_hashed
    assert no_ip.ip_address == "" and not no_ip.ip_hashed

    assert privacy.hash_old_ips() == 0  # idempotent: a hash is not hashed again
    old.refresh_from_db()
    assert old.ip_address == pseudonym("feedback.ip", "198.51.100.1")
    assert privacy.hash_old_ips(days=10) == 1  # a shorter period reaches the recent one


def test_retention_purge(make_comment, settings, django_capture_on_commit_callbacks):
    settings.FEEDBACK_RETENTION_DAYS = 730
    old_public = make_comment(
        "Ý kiến cũ vẫn hiển thị",
        status=S.APPROVED,
        name="Phạm Dũng",
        email="dung@example.invalid",
        ip_address="198.51.100.9",
        notify=True,
        created_at=ago(731),
    )
    old_rejected = make_comment(status=S.REJECTED, created_at=ago(800))
    old_pending = make_comment(created_at=ago(731))
    old_official = make_comment(
        "Trả lời chính thức cũ", status=S.APPROVED, official=True, created_at=ago(900)
    )
    recent = make_comment(status=S.APPROVED, created_at=ago(729))
    before = content_version()

    with django_capture_on_commit_callbacks(execute=True):
        result = privacy.purge_expired()
    assert result == {"anonymised": 1, "deleted": 2}
    assert content_version() > before
    old_public.refresh_from_db()
    assert old_public.body == "Ý kiến cũ vẫn hiển thị"
    assert old_public.name == privacy.ERASED_NAME
    assert old_public.email == f"erased-{old_public.pk}@invalid"
    assert old_public.ip_address == "" and not old_public.notify
    assert not Comment.objects.filter(pk__in=[old_rejected.pk, old_pending.pk]).exists()
    official = Comment.objects.get(pk=old_official.pk)
    assert official.name == old_official.name and official.email == old_official.email
    assert Comment.objects.get(pk=recent.pk).email == recent.email

    assert privacy.purge_expired() == {"anonymised": 0, "deleted": 0}  # idempotent


def test_ideas_and_questions_keep_ips_and_senders_no_longer_than_the_consent_says(
    db, settings, private_storage, django_capture_on_commit_callbacks
):
    """The enquiry form's consent promises the same periods as comments', but the daily job
    only ever touched comments: an enquiry kept its sender's IP address, name, e-mail, phone
    and files for good."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cityportal.feedback.models import Enquiry, EnquiryAttachment

    settings.FEEDBACK_IP_RETENTION_DAYS, settings.FEEDBACK_RETENTION_DAYS = 30, 730

    def enquiry(title, days):
        return Enquiry.objects.create(
            kind="question",
            topic="khac",
            title=title,
            body="Nội dung",
            name="Lê Văn Tám",
            email="tam@example.invalid",
            phone="0909123456",
            ip_address="198.51.100.7",
            answer="Trả lời",
            status=Enquiry.Status.PUBLISHED,
            created_at=ago(days),
        )

    expired, old, recent = enquiry("Quá hạn", 731), enquiry("Cũ", 31), enquiry("Mới", 29)
    EnquiryAttachment.objects.create(
        enquiry=expired,
        file=SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0"),
        original_name="anh.jpg",
        content_type="image/jpeg",
        size=4,
    )
    stored = expired.attachments.get().file.name
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_maintenance.call()
    for e in (expired, old, recent):
        e.refresh_from_db()
    assert (expired.name, expired.email, expired.phone, expired.ip_address) == (
        privacy.ERASED_NAME,
        f"erased-{expired.pk}@invalid",
        "",
        "",
    )
    assert expired.title == "Quá hạn" and expired.answer == "Trả lời"  # the public Q&A stays
    assert not expired.attachments.exists() and not private_storage.exists(stored)
    assert old.ip_address == "" and old.email == "tam@example.invalid" and old.phone
    assert recent.ip_address == "198.51.100.7"
    assert privacy.expire_enquiries() == {
        "enquiry_ips_cleared": 0,
        "enquiries_anonymised": 0,
        "enquiry_files_deleted": 0,
    }


def test_daily_task_runs_both_and_is_scheduled(make_comment, settings):
    from django.conf import settings as django_settings

    assert ("cityportal.feedback.tasks.personal_data_maintenance", 86400) in (
        django_settings.PERIODIC_TASKS
    )
    make_comment(ip_address="198.51.100.3", created_at=ago(45))
    make_comment(status=S.SPAM, created_at=ago(1000))
    assert personal_data_maintenance.call() == {
        "ips_hashed": 1,
        "anonymised": 0,
        "deleted": 1,
        "enquiry_ips_cleared": 0,
        "enquiries_anonymised": 0,
        "enquiry_files_deleted": 0,
    }


# --- Admin ------------------------------------------------------------------------------------


def test_url():
    assert reverse("feedback_personal_data") == URL


def test_reporter_may_not_handle_data_requests(client, staff, thread):
    client.force_login(staff["reporter"])
    assert denied(client.get(URL))
    assert denied(client.post(URL, {"email": PERSON, "action": "export"}))
    assert denied(client.post(URL, {"email": PERSON, "action": "erase", "confirm": "yes"}))
    assert privacy.comments_of(PERSON).count() == 4


def test_editor_exports_as_a_download_and_it_is_logged(client, staff, thread):
    editor = staff["editor"]
    assert editor.has_perm("feedback.delete_comment")
    client.force_login(editor)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Xuất dữ liệu" in page.content.decode() and "Xóa dữ liệu" in page.content.decode()

    response = client.post(URL, {"email": PERSON.lower(), "action": "export"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["count"] == 4
    entry = ModelLogEntry.objects.get(action="feedback.personal_data_export")
    assert entry.user_id == editor.pk and entry.data["comments"] == 4
    assert PERSON.lower() not in json.dumps(entry.data).lower()

    assert client.post(URL, {"email": "không phải email", "action": "export"}).status_code == 200


def test_editor_erases_after_confirming(client, staff, thread, django_capture_on_commit_callbacks):
    client.force_login(staff["editor"])
    preview = client.post(URL, {"email": PERSON, "action": "erase"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Xác nhận xóa dữ liệu" in html
    assert "An khen bài viết." in html and "An hỏi về tiến độ metro." in html
    assert privacy.comments_of(PERSON).count() == 4  # nothing gone yet

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"email": PERSON, "action": "erase", "confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == URL
    assert not privacy.comments_of(PERSON).exists()
    assert Comment.objects.filter(name=privacy.ERASED_NAME).count() == 1
    entry = ModelLogEntry.objects.get(action="feedback.personal_data_erase")
    assert entry.data["deleted"] == 3 and entry.data["anonymised"] == 1
    assert "Đã xóa dữ liệu" in client.get(URL).content.decode()


def test_menu_item_only_for_those_with_the_permission(client, staff):
    client.force_login(staff["editor"])
    assert URL in client.get("/admin/").content.decode()
    client.force_login(staff["reporter"])
    assert URL not in client.get("/admin/").content.decode()


# --- Command ----------------------------------------------------------------------------------


def test_command_export_erase_maintain(thread, tmp_path, capsys):
    out = tmp_path / "an.json"
    call_command("personal_data", "export", PERSON, "--output", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["count"] == 4
    assert "Đã xuất 4 bình luận" in capsys.readouterr().err

    call_command("personal_data", "export", PERSON.upper())
    assert json.loads(capsys.readouterr().out)["count"] == 4

    with pytest.raises(CommandError, match="--yes"):
        call_command("personal_data", "erase", PERSON)
    assert privacy.comments_of(PERSON).count() == 4
    call_command("personal_data", "erase", PERSON, "--yes")
    assert "Erased 4 comment(s)" in capsys.readouterr().out
    assert not privacy.comments_of(PERSON).exists()

    call_command("personal_data", "maintain")
    out = capsys.readouterr().out
    assert "IP addresses hashed" in out and "Góp ý, câu hỏi: xóa IP của 0" in out

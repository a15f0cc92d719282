"""The moderation queue in the admin: listing, bulk actions, the official reply and its e-mails."""

import datetime
import json
import re
from email.utils import parseaddr
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from cityportal.core.middleware import content_version
from cityportal.feedback.models import BlockedWord, Comment
from cityportal.news.newsroom import EDITOR_IN_CHIEF

Status = Comment.Status
LIST_URL = "/admin/feedback/comments/"


def bulk_url(action, comments, next_url=LIST_URL):
    query = urlencode([("id", c.pk) for c in comments] + [("next", next_url)])
    return f"/admin/bulk/feedback/comment/{action}/?{query}"


def denied(response) -> bool:
    """Wagtail's admin answers PermissionDenied with a redirect to its dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


@pytest.fixture
def editor(client, staff):
    client.force_login(staff["editor"])
    return staff["editor"]


def test_urls_are_where_the_newsroom_expects_them():
    assert reverse("feedback_comments:list") == LIST_URL
    assert reverse("feedback_comments:reply", args=[7]) == "/admin/feedback/comments/7/reply/"
    assert reverse("feedback_blocked_words:list") == "/admin/feedback/blocked-words/"


def test_queue_lists_pending_first_newest_first(client, editor, make_comment, article):
    now = timezone.now()
    old_approved = make_comment(
        "Đã duyệt từ trước", status=Status.APPROVED, created_at=now - datetime.timedelta(days=1)
    )
    older = make_comment("Chờ duyệt cũ hơn", created_at=now - datetime.timedelta(hours=2))
    newer = make_comment(
        "Chờ duyệt mới nhất", created_at=now, held_because="Chứa từ bị chặn: “lừa đảo”"
    )
    newest_approved = make_comment("Vừa duyệt", status=Status.APPROVED, created_at=now)

    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(c.body) for c in (newer, older, newest_approved, old_approved)]
    assert positions == sorted(positions)
    assert "Chứa từ bị chặn" in html  # held_because
    assert f'href="{article.full_url}"' in html and article.title in html  # the target's page
    assert reverse("feedback_comments:reply", args=[newer.pk]) in html
    assert 'data-bulk-action-button=""' in html and "/admin/bulk/feedback/comment/approve/" in html

    pending = client.get(LIST_URL, {"status": Status.PENDING}).content.decode()
    assert newer.body in pending and old_approved.body not in pending


def test_staff_search_finds_a_reader_by_email(client, editor, make_comment):
    wanted = make_comment("Tìm theo email", email="nguoi.can.tim@example.invalid")
    other = make_comment("Không liên quan")
    html = client.get(LIST_URL, {"q": "nguoi.can.tim"}).content.decode()
    assert wanted.body in html and other.body not in html


def test_menu_counts_pending_comments(client, editor, make_comment):
    make_comment()
    make_comment()
    make_comment(status=Status.APPROVED)
    html = client.get("/admin/").content.decode()
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    sidebar = json.loads(props)
    text = json.dumps(sidebar, ensure_ascii=False)
    assert "Ý kiến bạn đọc" in text
    assert "Bình luận chờ duyệt (2)" in text and "Từ bị chặn" in text


@pytest.mark.parametrize(
    "action,status",
    [("approve", Status.APPROVED), ("reject", Status.REJECTED), ("spam", Status.SPAM)],
)
def test_bulk_actions_change_status_and_record_the_moderator(
    client, editor, make_comment, action, status
):
    chosen = [make_comment(), make_comment()]
    untouched = make_comment()

    confirm = client.get(bulk_url(action, chosen))
    assert confirm.status_code == 200
    assert chosen[0].body[:40] in confirm.content.decode()

    response = client.post(bulk_url(action, chosen))
    assert response.status_code == 302 and response["Location"] == LIST_URL
    for comment in chosen:
        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == editor
        assert timezone.now() - comment.moderated_at < datetime.timedelta(minutes=1)
    untouched.refresh_from_db()
    assert untouched.status == Status.PENDING and untouched.moderated_by is None


def test_editor_in_chief_may_moderate_too(client, staff, make_comment):
    staff["chief"].groups.set([Group.objects.get(name=EDITOR_IN_CHIEF)])
    client.force_login(staff["chief"])
    comment = make_comment()
    client.post(bulk_url("reject", [comment]))
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED and comment.moderated_by == staff["chief"]


def test_a_reporter_cannot_moderate(client, staff, make_comment):
    client.force_login(staff["reporter"])
    comment = make_comment()

    assert denied(client.post(bulk_url("approve", [comment])))
    assert denied(client.get(bulk_url("approve", [comment])))
    assert denied(client.get(LIST_URL))
    edit_url = reverse("feedback_comments:edit", args=[comment.pk])
    assert denied(client.post(edit_url, {"status": Status.APPROVED}))
    reply_url = reverse("feedback_comments:reply", args=[comment.pk])
    assert denied(client.post(reply_url, {"body": "Trả lời"}))

    comment.refresh_from_db()
    assert comment.status == Status.PENDING and comment.moderated_by is None
    assert Comment.objects.count() == 1


def test_edit_form_changes_status_as_a_moderation(client, editor, make_comment):
    comment = make_comment("Nội dung không được sửa trong trang duyệt")
    edit_url = reverse("feedback_comments:edit", args=[comment.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert comment.body in page.content.decode()
    assert reverse("feedback_comments:reply", args=[comment.pk]) in page.content.decode()

    response = client.post(
        edit_url,
        {"status": Status.APPROVED, "official": "on", "body": "Sửa lén", "name": "Tên khác"},
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Status.APPROVED and comment.official
    assert comment.moderated_by == editor and comment.moderated_at is not None
    assert comment.body == "Nội dung không được sửa trong trang duyệt"  # read-only
    assert comment.name != "Tên khác"


def test_comments_are_not_added_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert denied(client.get("/admin/feedback/comments/add/"))


def test_approving_bumps_the_page_cache_version(
    client, editor, make_comment, django_capture_on_commit_callbacks
):
    comment = make_comment()
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", [comment]))
    after_approval = content_version()
    assert after_approval > before

    # Rejecting a shown comment hides it again; re-rejecting changes nothing readers see.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("reject", [comment]))
    assert content_version() > after_approval
    hidden = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("spam", [comment]))
    assert content_version() == hidden


def test_approval_emails_only_readers_who_asked(
    client, editor, make_comment, article, smtp, django_capture_on_commit_callbacks
):
    wants = make_comment("Mong sớm có metro", notify=True, email="muon-biet@example.invalid")
    quiet = make_comment("Không cần báo", notify=False, email="im-lang@example.invalid")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", [wants, quiet]))

    assert [m[0] for m in smtp.messages] == [["muon-biet@example.invalid"]]
    text = smtp.messages[0][1]
    assert "đã được đăng" in text
    assert article.title in text and f"{article.full_url}#binh-luan-{wants.pk}" in text
    assert "im-lang@example.invalid" not in text

    # Approving again (already approved) sends nothing more; nor does hiding the comment and
    # showing it again: the reader was told it is published.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", [wants]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("reject", [wants]))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", [wants]))
    wants.refresh_from_db()
    assert wants.status == Comment.Status.APPROVED
    assert len(smtp.messages) == 1


def test_official_reply_is_approved_and_emails_the_commenter(
    client, editor, make_comment, article, smtp, settings, django_capture_on_commit_callbacks
):
    editor.first_name, editor.last_name = "Lan", "Nguyễn"
    editor.save()
    question = make_comment(
        "Khi nào tuyến metro số 2 chạy thử?",
        notify=True,
        email="hoi-metro@example.invalid",
        status=Status.APPROVED,
    )
    make_comment("Tôi cũng muốn biết", notify=True, email="nguoi-khac@example.invalid")
    reply_url = reverse("feedback_comments:reply", args=[question.pk])

    page = client.get(reply_url)
    assert page.status_code == 200 and question.body in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reply_url, {"body": "Dự kiến chạy thử vào năm 2030."})
    assert response.status_code == 302

    reply = Comment.objects.get(parent=question)
    assert reply.status == Status.APPROVED and reply.official
    assert reply.author == editor and reply.moderated_by == editor
    assert reply.name == "Lan Nguyễn"
    assert reply.email == parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    assert reply.target == article

    assert [m[0] for m in smtp.messages] == [["hoi-metro@example.invalid"]]
    text = smtp.messages[0][1]
    assert "Dự kiến chạy thử vào năm 2030." in text
    assert question.body in text
    assert article.title in text and f"{article.full_url}#binh-luan-{reply.pk}" in text
    for address in ("nguoi-khac@example.invalid", editor.email, reply.email):
        assert address not in text


def test_reply_to_a_pending_comment_approves_it(
    client, editor, make_comment, smtp, django_capture_on_commit_callbacks
):
    question = make_comment("Câu hỏi chưa duyệt", notify=True, email="cho@example.invalid")
    reply_url = reverse("feedback_comments:reply", args=[question.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reply_url, {"body": "Ban biên tập xin trả lời.", "approve_parent": "on"})
    question.refresh_from_db()
    assert question.status == Status.APPROVED and question.moderated_by == editor
    reply = Comment.objects.get(parent=question)
    assert reply.name == "Ban biên tập"  # the editor has no full name
    subjects = sorted(m[1].splitlines()[0].strip() for m in smtp.messages)
    assert len(subjects) == 2 and all(m[0] == ["cho@example.invalid"] for m in smtp.messages)
    assert subjects[0].startswith("Bình luận của bạn đã được đăng")
    assert subjects[1].startswith("Có trả lời cho bình luận của bạn")


def test_approved_readers_reply_emails_the_parent(
    client, editor, make_comment, smtp, django_capture_on_commit_callbacks
):
    parent = make_comment("Ý kiến gốc", notify=True, email="goc@example.invalid", status="approved")
    reply = make_comment("Tôi không đồng ý", parent=parent, email="phan-bien@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(bulk_url("approve", [reply]))
    assert [m[0] for m in smtp.messages] == [["goc@example.invalid"]]
    assert "Tôi không đồng ý" in smtp.messages[0][1]
    assert "phan-bien@example.invalid" not in smtp.messages[0][1]


def test_reply_at_the_deepest_level_sits_beside_it(client, editor, make_comment):
    top = make_comment(status=Status.APPROVED)
    middle = make_comment(parent=top, status=Status.APPROVED)
    deepest = make_comment(parent=middle, status=Status.APPROVED)
    client.post(reverse("feedback_comments:reply", args=[deepest.pk]), {"body": "Trả lời"})
    assert Comment.objects.get(official=True).parent == middle


def test_blocked_words_are_listed_and_added(client, editor):
    BlockedWord.objects.create(phrase="lừa đảo")
    html = client.get("/admin/feedback/blocked-words/").content.decode()
    assert "lừa đảo" in html
    response = client.post(
        "/admin/feedback/blocked-words/add/", {"phrase": "Cá Độ", "note": "cờ bạc"}
    )
    assert response.status_code == 302
    word = BlockedWord.objects.get(phrase="Cá Độ")
    assert word.phrase_folded == "ca do"


def test_moderation_is_in_the_comments_history(client, editor, make_comment):
    comment = make_comment()
    client.post(bulk_url("spam", [comment]))
    history = client.get(reverse("feedback_comments:history", args=[comment.pk]))
    assert history.status_code == 200
    assert "Đã đánh dấu bình luận là spam" in history.content.decode()


def test_deleting_a_shown_comment_bumps_the_page_cache_version(
    client, editor, make_comment, django_capture_on_commit_callbacks
):
    comment = make_comment(status=Status.APPROVED)
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("feedback_comments:delete", args=[comment.pk]))
    assert response.status_code == 302 and not Comment.objects.exists()
    assert content_version() > before


def test_a_comment_is_named_by_its_first_words_not_a_cut_word():
    """The moderation screen's heading read "Bạn đọc: Cho hỏi … Tôi tì": sixty characters,
    cut inside "tìm" and with no sign that the comment goes on."""
    comment = Comment(
        name="Bạn đọc",
        body="Cho hỏi ứng dụng dịch vụ công trực tuyến tải ở đâu ạ?\nTôi tìm mãi không thấy.",
    )
    assert str(comment) == "Bạn đọc: Cho hỏi ứng dụng dịch vụ công trực tuyến tải ở đâu ạ? Tôi…"
    assert str(Comment(name="An", body="Rất hay.")) == "An: Rất hay."

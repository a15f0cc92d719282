"""Questions from the public are comments on the event, moderated in the feedback queue; the
official answer is a staff reply, shown under the question once published."""

import datetime

from django.test import Client

from cityportal.feedback.models import Comment
from cityportal.feedback.threads import target_key


def test_question_waits_for_a_moderator_then_shows_with_the_official_answer(
    client, make_event, django_user_model
):
    event = make_event("Tọa đàm về y tế cơ sở")
    key = target_key(event)
    assert key == f"events.eventpage:{event.pk}"
    form = client.get(f"/binh-luan/{key}/")
    assert form.status_code == 200
    page = form.content.decode()  # asked as a question, not a comment
    assert "Câu hỏi gửi diễn giả của “Tọa đàm về y tế cơ sở”" in page
    assert ">Gửi câu hỏi</button>" in page and "bình luận" not in page.lower()
    response = client.post(
        f"/binh-luan/{key}/",
        {
            "name": "Phạm Thị Hỏi",
            "email": "hoi@example.invalid",
            "body": "Trạm y tế phường có khám ngoài giờ không?",
            "consent": "on",
        },
        REMOTE_ADDR="203.0.113.9",
        follow=True,
    )
    assert response.status_code == 200 and "sẽ hiển thị sau khi được duyệt" in response.text
    question = Comment.objects.get()
    assert question.status == Comment.Status.PENDING  # pre-moderated
    before = client.get(event.url).content.decode()
    assert "Trạm y tế phường" not in before
    # Called questions where they show, not comments.
    assert "Câu hỏi đã duyệt (0)" in before and ">Đặt câu hỏi</a>" in before
    assert "Bình luận (" not in before and "Viết bình luận" not in before

    # The moderators' queue names the event the question is about.
    moderator = django_user_model.objects.create_superuser("kiemduyet", "kd@example.invalid", "pw")
    moderation = Client()
    moderation.force_login(moderator)
    queue = moderation.get("/admin/feedback/comments/").content.decode()
    assert "Tọa đàm về y tế cơ sở" in queue

    question.status = Comment.Status.APPROVED
    question.save()
    Comment.objects.create(
        target=event,
        parent=question,
        name="Sở Y tế",
        email="soyte@example.invalid",
        body="Có, từ 17 giờ đến 20 giờ các ngày trong tuần.",
        status=Comment.Status.APPROVED,
        official=True,
    )
    html = client.get(event.url).content.decode()
    assert "Câu hỏi gửi diễn giả" in html
    assert "Trạm y tế phường có khám ngoài giờ không?" in html
    assert "Trả lời chính thức" in html and "từ 17 giờ đến 20 giờ" in html
    assert "hoi@example.invalid" not in html and "soyte@example.invalid" not in html


def test_questions_close_when_the_event_is_over_or_cancelled(client, make_event):
    """A question sent after the talk would wait in the queue for an answer nobody gives."""
    over = make_event("Tọa đàm tháng trước", starts_in=-datetime.timedelta(days=30))
    cancelled = make_event("Tọa đàm bị hủy", cancelled=True)
    for event, reason in ((over, "đã kết thúc"), (cancelled, "đã hủy")):
        page = client.get(event.url).content.decode()
        assert f"Sự kiện {reason}, không nhận thêm câu hỏi." in page  # the one reason that holds
        assert "Bạn có thể gửi câu hỏi" not in page and ">Đặt câu hỏi</a>" not in page
        url = f"/binh-luan/{target_key(event)}/"
        assert client.get(url).status_code == 403
        refused = client.post(
            url,
            {"name": "Lê Văn Muộn", "email": "muon@example.invalid", "body": "Còn hỏi được?"},
        )
        assert refused.status_code == 403
        assert f"Sự kiện {reason}, không nhận thêm câu hỏi." in refused.content.decode()
    assert not Comment.objects.exists()
    # Until it ends, questions are open.
    coming = make_event("Tọa đàm tuần sau")
    assert ">Đặt câu hỏi</a>" in client.get(coming.url).content.decode()


def test_a_question_too_long_is_called_a_question(client, make_event):
    event = make_event("Tọa đàm về nhà ở xã hội")
    response = client.post(
        f"/binh-luan/{target_key(event)}/",
        {"name": "Lê Văn Dài", "email": "dai@example.invalid", "body": "x" * 5200, "consent": "on"},
    )
    assert response.status_code == 400
    assert "Câu hỏi dài 5.200 ký tự, quá giới hạn 5.000 ký tự" in response.text
    assert "nhiều câu hỏi." in response.text and not Comment.objects.exists()

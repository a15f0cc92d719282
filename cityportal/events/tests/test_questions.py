"""Questions from the public are comments on the event, moderated in the feedback queue; the
official answer is a staff reply, shown under the question once published."""

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
    )
    assert response.status_code == 200
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

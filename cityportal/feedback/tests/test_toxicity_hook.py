"""The toxicity model holds an insulting comment for a moderator, even where comments show at
once; it never drops one."""

import pytest

from cityportal.feedback.models import Comment
from cityportal.feedback.threads import target_key

S = Comment.Status


@pytest.fixture
def article(make_article):
    article = make_article(title="Thành phố mở rộng tuyến buýt điện")
    section = article.get_parent().specific
    section.comment_moderation = "post"
    section.save()
    return article


def post(client, target, email, body):
    data = {"name": "Bạn đọc", "email": email, "body": body, "consent": "on"}
    return client.post(
        f"/binh-luan/{target_key(target)}/", data, REMOTE_ADDR="203.0.113.9", follow=True
    )


def test_an_insulting_comment_is_held_with_the_models_reason(client, article):
    assert (
        post(
            client, article, "a@example.invalid", "Mày là thằng ngu, câm mồm đi đồ óc chó"
        ).status_code
        == 200
    )
    assert (
        post(
            client, article, "b@example.invalid", "Tuyến buýt điện rất cần, cảm ơn thành phố."
        ).status_code
        == 200
    )
    held = Comment.objects.get(email="a@example.invalid")
    assert held.status == S.PENDING
    assert "ngôn từ thù ghét (" in held.held_because or "ngôn từ xúc phạm (" in held.held_because
    shown = Comment.objects.get(email="b@example.invalid")
    assert shown.status == S.APPROVED and shown.held_because == ""


def test_the_threshold_is_a_setting(client, article, settings):
    settings.FEEDBACK_TOXICITY_THRESHOLD = 1.01  # nothing reaches it: the model never holds
    post(client, article, "a@example.invalid", "Mày là thằng ngu, câm mồm đi đồ óc chó")
    assert Comment.objects.get().status == S.APPROVED

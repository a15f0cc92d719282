"""Posting a comment: required fields, moderation modes, the filters that hold a comment, rate
limits, replies, closed threads, and the cache-friendly form."""

import pytest

from cityportal.feedback.models import BlockedWord, Comment
from cityportal.feedback.threads import target_key

S = Comment.Status


@pytest.fixture
def article(make_article):
    return make_article(title="Thành phố mở rộng tuyến buýt điện")


def url(target):
    return f"/binh-luan/{target_key(target)}/"


def post(client, target, **fields):
    data = {
        "name": "Nguyễn Văn An",
        "email": "an@example.invalid",
        "body": "Tuyến buýt này rất cần cho người lao động.",
        "consent": "on",
        **fields,
    }
    ip = fields.pop("ip", "203.0.113.5")
    return client.post(url(target), data, REMOTE_ADDR=ip, follow=True)


def test_the_form_page_carries_csrf_and_marks_required_fields(client, article):
    response = client.get(url(article))
    html = response.content.decode()
    assert response.status_code == 200 and "csrftoken" in response.cookies
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert html.count('class="required"') == 4  # name, email, comment, consent
    assert "Email của bạn sẽ không được hiển thị công khai" in html
    assert "Nghị định 13/2023" in html
    # The article page itself stays cookie-free and cacheable.
    page = client.get(article.url)
    assert not page.cookies and "public" in page["Cache-Control"]


def test_the_email_privacy_note_is_said_once_beside_the_email_field(client, article):
    """QA at 360 px: the form's opening line and the email field's hint both said it, one under
    the other once the form opened."""
    html = client.get(url(article)).content.decode()
    assert html.count("không được hiển thị công khai") == 1
    assert 'id="id_email_helptext">Email của bạn sẽ không được hiển thị công khai.' in html


def test_missing_fields_are_explained_beside_each_field_and_kept(client, article):
    response = post(client, article, name="", email="", consent="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vui lòng nhập họ tên." in html and "Vui lòng nhập email." in html
    assert "Cần đồng ý với việc xử lý dữ liệu cá nhân" in html
    assert "Tuyến buýt này rất cần cho người lao động." in html  # what was typed is kept
    assert not Comment.objects.exists()


def test_pre_moderation_holds_and_post_moderation_shows(client, article):
    response = post(client, article)
    assert response.status_code == 200 and "sau khi được duyệt" in response.content.decode()
    first = Comment.objects.get()
    assert first.status == S.PENDING and first.target == article
    assert first.email == "an@example.invalid" and first.ip_address == "203.0.113.5"

    section = article.get_parent().specific
    section.comment_moderation = "post"
    section.save()
    post(client, article, email="binh@example.invalid", body="Đồng ý với ý kiến trên.")
    assert Comment.objects.get(email="binh@example.invalid").status == S.APPROVED


def test_suspicious_comments_are_held_never_dropped(client, article):
    section = article.get_parent().specific
    section.comment_moderation = "post"
    section.save()
    BlockedWord.objects.create(phrase="lừa đảo")
    post(client, article, body="Xem tại http://a.example, http://b.example và www.c.example")
    post(client, article, email="b@example.invalid", body="Đây là LUA DAO rõ ràng")
    post(client, article, email="c@example.invalid", website="http://spam.example")
    held = {c.email: c for c in Comment.objects.all()}
    assert held["an@example.invalid"].status == S.PENDING
    assert "3 liên kết" in held["an@example.invalid"].held_because
    assert held["b@example.invalid"].status == S.PENDING
    assert "lừa đảo" in held["b@example.invalid"].held_because
    assert held["c@example.invalid"].status == S.SPAM  # the honeypot: kept for moderators
    assert len(held) == 3


def test_a_blocked_phrase_typed_with_punctuation_or_two_spaces_still_holds(db):
    """A moderator's phrase was compared as typed with the comment's words, whose punctuation
    had become spaces: "đ.m" or "ba  que" in the list held nothing."""
    from cityportal.feedback.abuse import hold_reasons

    for phrase in ("đ.m", "ba  que", "!!!"):
        BlockedWord.objects.create(phrase=phrase)
    assert "từ bị chặn: đ.m" in hold_reasons("An", "Bọn Đ.M này")
    assert "từ bị chặn: ba  que" in hold_reasons("An", "Lũ ba que.")
    assert not any("từ bị chặn" in r for r in hold_reasons("An", "Tuyến buýt rất tốt!!!"))


@pytest.mark.parametrize(
    "body, links",
    [
        ("Xem https://tphcm.chinhphu.vn/a va https://hochiminhcity.gov.vn/b", 2),
        ("Nguồn: tphcm.chinhphu.vn/tin-tuc và www.sggp.org.vn", 2),
        ("https://a.vn/1 https://b.vn/2 http://c.com", 3),
        ("Tôi đồng ý. Cảm ơn.", 0),
    ],
)
def test_each_link_counts_once(client, article, settings, body, links):
    """A link's scheme and its domain are one link: two are allowed (FEEDBACK_MAX_LINKS)."""
    settings.FEEDBACK_MAX_LINKS = 2
    section = article.get_parent().specific
    section.comment_moderation = "post"
    section.save()
    post(client, article, body=body)
    comment = Comment.objects.get()
    assert (comment.status == S.APPROVED) == (links <= 2)
    assert (f"{links} liên kết" in comment.held_because) == (links > 2)


def test_rate_limits_answer_429_and_keep_the_text(client, article, settings):
    settings.FEEDBACK_RATE_PER_IP = (2, 600)
    assert post(client, article).status_code == 200
    assert post(client, article, email="x@example.invalid").status_code == 200
    response = post(client, article, email="y@example.invalid", body="Lần thứ ba")
    assert response.status_code == 429
    html = response.content.decode()
    assert "thử lại sau ít phút" in html and "Lần thứ ba" in html
    assert Comment.objects.count() == 2  # each accepted one stored once
    # Another reader is not affected; the same e-mail from elsewhere has its own limit.
    settings.FEEDBACK_RATE_PER_EMAIL = (1, 3600)
    assert post(client, article, email="z@example.invalid", ip="198.51.100.7").status_code == 200
    second = post(client, article, email="z@example.invalid", ip="198.51.100.8", body="Thêm ý")
    assert second.status_code == 429


def test_a_form_sent_twice_is_one_comment(client, article):
    """A reload of the thanks page, Back and send, a second tap: one comment for moderators."""
    sent = post(client, article)
    assert sent.redirect_chain == [(f"{url(article)}?gui=cho-duyet", 302)]
    assert "sẽ hiển thị sau khi được duyệt" in sent.content.decode()
    again = post(client, article, ip="198.51.100.9")  # the same text, the same address
    assert "sẽ hiển thị sau khi được duyệt" in again.content.decode()
    assert Comment.objects.count() == 1
    # Reloading the page a sent form landed on only reads it.
    assert "sau khi được duyệt" in client.get(f"{url(article)}?gui=cho-duyet").content.decode()
    assert Comment.objects.count() == 1
    # Another comment from the same reader, or the same words from another reader, are new.
    post(client, article, body="Nên có thêm trạm sạc ở bến xe.")
    post(client, article, email="khac@example.invalid")
    assert Comment.objects.count() == 3
    # The same words in reply to a comment are a reply, not the first comment again.
    first = Comment.objects.order_by("pk").first()
    first.status = S.APPROVED
    first.save()
    post(client, article, parent=first.pk)
    assert Comment.objects.filter(parent=first).count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"body": "x" * 100_000}, "Bình luận dài 100.000 ký tự, quá giới hạn 5.000 ký tự; hãy"),
        ({"email": "аdmin@example.invalid"}, "email không hợp lệ"),  # a Cyrillic а
        ({"email": "admin@ехample.vn"}, "trộn chữ Latinh"),  # Cyrillic е and х in the domain
        ({"body": "\u200b\u200c\u200d\ufeff"}, "Vui lòng nhập bình luận."),
    ],
)
def test_bad_input_is_refused_with_a_message(client, article, fields, message):
    response = post(client, article, **fields)
    assert response.status_code == 400 and message in response.content.decode()
    assert not Comment.objects.exists()


def test_html_is_stored_as_text_and_shown_escaped(client, article):
    post(client, article, body='<script>alert("x")</script> Tốt <b>lắm</b>\u200b!')
    comment = Comment.objects.get()
    assert comment.body == '<script>alert("x")</script> Tốt <b>lắm</b>!'  # invisible char gone
    comment.moderate(S.APPROVED, None)
    html = client.get(article.url).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_replies_need_a_visible_parent_and_stop_at_two_levels(client, article):
    top = Comment.objects.create(target=article, name="A", email="a@example.invalid", body="1")
    response = post(client, article, parent=top.pk)
    assert response.status_code == 400 and "không còn hiển thị" in response.content.decode()
    top.moderate(S.APPROVED, None)
    assert post(client, article, parent=top.pk, email="r1@example.invalid").status_code == 200
    reply = Comment.objects.get(email="r1@example.invalid")
    assert reply.parent == top
    reply.moderate(S.APPROVED, None)
    assert post(client, article, parent=reply.pk, email="r2@example.invalid").status_code == 200
    deepest = Comment.objects.get(email="r2@example.invalid")
    deepest.moderate(S.APPROVED, None)
    too_deep = post(client, article, parent=deepest.pk, email="r3@example.invalid")
    assert too_deep.status_code == 400 and "sâu hơn" in too_deep.content.decode()
    top.delete()  # a deleted comment takes its replies; replying to it is refused clearly
    gone = post(client, article, parent=reply.pk, email="r4@example.invalid")
    assert gone.status_code == 400


def test_closed_threads_and_unknown_targets(client, article, make_article):
    article.comments_open = False
    article.save_revision().publish()
    response = post(client, article)
    assert response.status_code == 403 and "đã đóng bình luận" in response.content.decode()
    assert client.get("/binh-luan/auth.user:1/").status_code == 404
    assert client.get("/binh-luan/news.articlepage:999999/").status_code == 404
    # Malformed ids for the key type are unknown targets too, not a 500.
    for key in ("opendata.dataset:1", "news.articlepage:99999999999999999999999"):
        assert client.get(f"/binh-luan/{key}/").status_code == 404
    draft = make_article(title="Bản nháp", publish=False)
    assert client.get(url(draft)).status_code == 404
    assert not Comment.objects.exists()


def test_the_fragment_is_just_the_form(client, article):
    html = client.get(url(article) + "?fragment=1&tra-loi=5").content.decode()
    assert html.lstrip().startswith('<div class="comment-form-box"') and "<html" not in html
    assert 'name="parent" value="5"' in html

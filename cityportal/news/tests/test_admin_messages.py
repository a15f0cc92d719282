"""An editor's mistakes in the article form are explained in Vietnamese."""

from django.urls import reverse
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from cityportal.core.text import slugify_vi


def test_a_taken_slug_and_a_past_expiry_are_explained_in_vietnamese(
    client, make_article, section, staff
):
    # Both came out in English: "The slug 'thong-bao-lich-tiep-dan' is already in use within the
    # parent page." and "Expiry date/time must be in the future."
    title = "Thông báo lịch tiếp dân"
    make_article(title)
    client.force_login(staff["editor"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.pop("places", None)
    data.update(
        {
            "title": title,
            "slug": slugify_vi(title),  # what the admin's slug field fills in from the title
            "sapo": "Lịch tiếp công dân tháng 7.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": rich_text("<p>Nội dung.</p>"),
            "body-0-deleted": "",
            "body-0-order": "0",
            "expire_at": "2021-07-01 08:00",
        }
    )
    response = client.post(add_url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["slug"] == [
        "Đường dẫn 'thong-bao-lich-tiep-dan' đã có trang khác dùng trong cùng mục; "
        "hãy chọn đường dẫn khác."
    ]
    assert errors["expire_at"] == ["Thời điểm hết hạn phải ở tương lai."]


def test_scheduling_an_article_is_offered_and_undone_in_vietnamese(client, make_article, staff):
    # The editor-in-chief's button read "Schedule to publish", then "Cancel scheduled publish".
    import datetime

    from django.utils import timezone

    article = make_article("Lịch tiếp dân tuần sau", publish=False)
    article.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = article.save_revision()
    client.force_login(staff["chief"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    html = client.get(edit_url).content.decode()
    assert "Lên lịch xuất bản" in html and "Schedule to publish" not in html

    revision.publish()
    html = client.get(edit_url).content.decode()
    assert "Hủy lịch xuất bản" in html and "Cancel scheduled publish" not in html
    history = client.get(reverse("wagtailadmin_pages:history", args=[article.pk]))
    text = history.content.decode()
    assert "Current draft" not in text and "Review this version" not in text
    assert "Bản nháp hiện tại" in text

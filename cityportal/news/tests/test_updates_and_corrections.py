"""An article republished with changes says "Cập nhật" and when; a correction note (đính chính)
is shown in its own box with its date; the page's metadata tells the same date."""

import datetime
import io
import json
import re

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.test.utils.form_data import querydict_from_html

from cityportal.core.templatetags.vi_format import vi_datetime
from cityportal.news.models import ArticlePage

FIRST = datetime.datetime(2025, 8, 4, 2, 0, tzinfo=datetime.UTC)  # 9:00 in Ho Chi Minh City


def publish_at(moment, article, **changes) -> ArticlePage:
    """An editor's next edit: from the latest revision, as the admin starts it."""
    with freeze_time(moment):
        page = article.get_latest_revision_as_object()
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
    return ArticlePage.objects.get(pk=article.pk)


def shown(client, article) -> dict:
    html = client.get(article.url).content.decode()
    meta = re.search(r'<p class="meta">(.*?)</p>', html).group(1)
    modified = re.search(r'property="article:modified_time" content="([^"]+)"', html).group(1)
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    box = re.search(r'<aside class="correction".*?</aside>', html, re.S)
    return {
        "meta": meta,
        "modified_time": datetime.datetime.fromisoformat(modified),
        "jsonld": json.loads(jsonld),
        "correction": box.group(0) if box else None,
    }


def first_edition(make_article, **fields) -> ArticlePage:
    with freeze_time(FIRST):
        return make_article("Thành phố mở thêm tuyến buýt điện", published_at=FIRST, **fields)


def test_a_change_republished_later_says_cap_nhat_with_its_time(client, make_article):
    article = first_edition(make_article)
    later = FIRST + datetime.timedelta(hours=3, minutes=20)
    article = publish_at(later, article, sapo="Sapo đã bổ sung số liệu hành khách.")
    page = shown(client, article)

    assert article.content_updated_at == later
    assert (
        f'Cập nhật: <time datetime="{timezone.localtime(later).isoformat()}" class="updated">'
        f"{vi_datetime(later)}</time>" in page["meta"]
    )
    assert "12:20" in vi_datetime(later)  # the page's own format, in the city's time
    assert page["modified_time"] == later
    assert datetime.datetime.fromisoformat(page["jsonld"]["dateModified"]) == later
    assert datetime.datetime.fromisoformat(page["jsonld"]["datePublished"]) == FIRST


def test_republishing_without_a_reader_visible_change_is_not_an_update(client, make_article):
    article = first_edition(make_article)
    # Settings and classification change; what the reader reads does not.
    article = publish_at(FIRST + datetime.timedelta(days=2), article, featured=True)
    page = shown(client, article)

    assert article.content_updated_at is None
    assert "Cập nhật" not in page["meta"]
    # Wagtail's last_published_at moved; the dates readers and search engines get did not.
    assert article.last_published_at > FIRST
    assert page["modified_time"] == FIRST
    assert page["jsonld"]["dateModified"] == page["jsonld"]["datePublished"]


def test_a_quick_fix_of_the_first_edition_is_not_announced(client, make_article):
    article = first_edition(make_article)
    article = publish_at(
        FIRST + datetime.timedelta(minutes=5), article, title="Thành phố mở thêm tuyến xe buýt điện"
    )
    assert article.content_updated_at is None
    assert "Cập nhật" not in shown(client, article)["meta"]


def test_an_update_is_kept_when_later_publications_change_nothing(client, make_article):
    article = first_edition(make_article)
    updated = FIRST + datetime.timedelta(hours=1)
    article = publish_at(updated, article, byline="Phóng viên B")
    # The next edit starts from the revision that went live: it carries the stamp.
    assert article.get_latest_revision_as_object().content_updated_at == updated
    article = publish_at(updated + datetime.timedelta(days=1), article, comments_open=False)
    assert article.content_updated_at == updated
    assert shown(client, article)["modified_time"] == updated


def test_a_body_saved_again_unchanged_is_not_an_update(client, make_article):
    article = first_edition(make_article, body=[("paragraph", "<p>Tuyến 150 chạy từ 5 giờ.</p>")])
    # The admin sends every block back with a new id when it is cut and pasted; same words.
    retyped = [("paragraph", "<p>Tuyến 150 chạy từ 5 giờ.</p>")]
    article = publish_at(FIRST + datetime.timedelta(hours=2), article, body=retyped)
    assert article.content_updated_at is None


def test_a_correction_is_shown_in_its_box_with_its_date_and_counts_as_an_update(
    client, make_article
):
    article = first_edition(make_article)
    assert shown(client, article)["correction"] is None

    # Even minutes after the first edition: a correction is always told.
    corrected = FIRST + datetime.timedelta(minutes=8)
    note = "Bài đã sửa giờ chạy chuyến đầu: 5 giờ 30, không phải 5 giờ."
    article = publish_at(corrected, article, correction=note)
    page = shown(client, article)

    assert article.correction_at == corrected == article.content_updated_at
    assert 'aria-labelledby="h-correction"' in page["correction"]
    assert '<h2 id="h-correction">Đính chính</h2>' in page["correction"]
    assert note in page["correction"]
    assert (
        f'<time datetime="{timezone.localtime(corrected).isoformat()}">{vi_datetime(corrected)}'
        in page["correction"]
    )
    assert "Cập nhật:" in page["meta"]
    assert page["modified_time"] == corrected

    # A later edit elsewhere keeps the correction's own date.
    later = FIRST + datetime.timedelta(days=1)
    article = publish_at(later, article, sapo="Sapo mới.")
    assert (article.correction_at, article.content_updated_at) == (corrected, later)

    # Taking the note out takes the box away.
    article = publish_at(later + datetime.timedelta(hours=1), article, correction="")
    assert article.correction_at is None
    assert shown(client, article)["correction"] is None


def test_an_editor_adds_a_correction_in_the_admin(client, make_article, staff):
    article = first_edition(make_article)
    client.force_login(staff["chief"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client.get(edit_url)
    assert 'name="correction"' in response.content.decode()
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.pop("places", None)
    # The body as the page's script posts it: empty, as this article's is.
    data.update({"body-count": "0", "correction": "Đã sửa tên tuyến.", "action-publish": "1"})
    with freeze_time(FIRST + datetime.timedelta(days=1)):
        response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert article.correction == "Đã sửa tên tuyến."
    assert article.correction_at == FIRST + datetime.timedelta(days=1)
    client.logout()
    assert "Đã sửa tên tuyến." in shown(client, article)["correction"]


def test_a_copy_is_a_new_article_neither_corrected_nor_imported(make_article, section):
    """Wagtail's copy kept the original's correction and its dates, and its import key, which
    the unique constraint refused: copying an imported article failed."""
    article = make_article(import_source="rss", import_key="https://bao.example/bai-1")
    publish_at(FIRST + datetime.timedelta(days=1), article, correction="Sửa tên phường.")

    copy = ArticlePage.objects.get(pk=article.pk).copy(
        to=section, update_attrs={"slug": "ban-sao", "title": "Bản sao"}
    )

    assert (copy.correction, copy.correction_at, copy.content_updated_at) == ("", None, None)
    assert (copy.import_source, copy.import_key) == ("", "")
    article.refresh_from_db()
    assert article.import_key == "https://bao.example/bai-1" and article.correction_at


def test_republishing_in_the_admin_keeps_the_seconds_the_picker_cannot_show(
    client, make_article, staff
):
    """The date-time pickers show minutes: an article dated 9:15:42 (an import's time) came back
    from its edit form as 9:15:00, moved in the feeds' order, and its expiry likewise."""
    dated = FIRST + datetime.timedelta(minutes=15, seconds=42)
    expires = FIRST + datetime.timedelta(days=400, seconds=30)
    with freeze_time(dated):
        article = make_article("Giờ đăng có giây", published_at=dated, expire_at=expires)
    client.force_login(staff["chief"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    response = client.get(edit_url)
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.pop("places", None)
    data.update({"body-count": "0", "action-publish": "1"})
    with freeze_time(FIRST + datetime.timedelta(days=1)):
        response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors

    article.refresh_from_db()
    assert article.last_published_at == FIRST + datetime.timedelta(days=1)  # it was republished
    assert (article.published_at, article.expire_at) == (dated, expires)
    assert article.content_updated_at is None

    # A minute typed in the picker is still taken as typed.
    data["published_at"] = "2025-08-04 09:20"
    with freeze_time(FIRST + datetime.timedelta(days=2)):
        response = client.post(edit_url, data)
    assert response.status_code == 302, response.context["form"].errors
    article.refresh_from_db()
    assert article.published_at == FIRST + datetime.timedelta(minutes=20)


def backfill(*args) -> str:
    out = io.StringIO()
    call_command("backfill_update_dates", *args, stdout=out)
    return out.getvalue()


def test_articles_published_before_update_dates_get_theirs_from_their_history(client, make_article):
    """Articles updated before content_updated_at existed (news 0007) said nothing of it until
    their next update. Their history is replayed with the rule publishing applies."""
    article = first_edition(make_article)
    article = publish_at(FIRST + datetime.timedelta(minutes=5), article, title="Sửa lỗi chính tả")
    updated = FIRST + datetime.timedelta(hours=3)
    article = publish_at(updated, article, body=[("paragraph", "<p>Tuyến 150 chạy từ 5 giờ.</p>")])
    # Retyped with new block ids, then a setting: readers read the same.
    article = publish_at(
        updated + datetime.timedelta(hours=1),
        article,
        body=[("paragraph", "<p>Tuyến 150 chạy từ 5 giờ.</p>")],
    )
    article = publish_at(FIRST + datetime.timedelta(days=2), article, featured=True)
    assert article.content_updated_at == updated  # what publishing said
    with freeze_time(FIRST):
        quick, settings_only, once, dated = (
            make_article(title, published_at=FIRST)
            for title in ("Sửa nhanh", "Chỉ đổi cài đặt", "Đăng một lần", "Đã có ngày cập nhật")
        )
    publish_at(FIRST + datetime.timedelta(minutes=10), quick, sapo="Sapo sửa trong 15 phút đầu.")
    publish_at(FIRST + datetime.timedelta(days=3), settings_only, comments_open=False)
    # Dated by publishing since 0007: left as it is, whatever the history says.
    publish_at(FIRST + datetime.timedelta(days=5), dated, sapo="Sapo mới.")
    kept = FIRST + datetime.timedelta(days=6)
    ArticlePage.objects.filter(pk=dated.pk).update(content_updated_at=kept)
    # As the articles were before 0007, the live revision's copy too.
    ArticlePage.objects.filter(pk=article.pk).update(content_updated_at=None)
    revision = article.live_revision
    revision.content["content_updated_at"] = None
    revision.save(update_fields=["content"])

    out = backfill("--dry-run")
    assert f"{article.pk} {article.title}: 2025-08-04 12:00" in out
    assert "1 of 3 republished articles without an update date would be dated" in out
    assert ArticlePage.objects.get(pk=article.pk).content_updated_at is None

    assert "1 of 3 republished articles without an update date dated." in backfill()
    dates = dict(ArticlePage.objects.values_list("pk", "content_updated_at"))
    assert dates == {
        article.pk: updated,
        quick.pk: None,
        settings_only.pk: None,
        once.pk: None,
        dated.pk: kept,
    }
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.get_latest_revision_as_object().content_updated_at == updated
    assert shown(client, article)["modified_time"] == updated

    assert "0 of 2 republished articles" in backfill()  # again: nothing changes
    assert dict(ArticlePage.objects.values_list("pk", "content_updated_at")) == dates

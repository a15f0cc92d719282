"""The editorial workflow through the admin: a reporter submits, an editor reviews, the
editor-in-chief approves and the article goes live; a rejection carries its comment back."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from wagtail.models import PageLogEntry, WorkflowState
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from cityportal.core.text import slugify_vi
from cityportal.news.models import ArticlePage


def submit_new_article(client, section, title, action="action-submit", **fields):
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    response = client.get(add_url)
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.pop("places", None)  # a multiple select with nothing chosen sends nothing
    data.update(
        {
            "title": title,
            "slug": slugify_vi(title),  # what the admin's slug field fills in as the title is typed
            "sapo": "Sapo do phóng viên viết.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": rich_text("<p>Nội dung bài viết.</p>"),
            "body-0-deleted": "",
            "body-0-order": "0",
            action: "1",
            **fields,
        }
    )
    response = client.post(add_url, data)
    if response.status_code != 302:
        errors = response.context["form"].errors if response.context else None
        pytest.fail(f"the add form was rejected: {errors}")
    return ArticlePage.objects.get(title=title)


def act(client, article, action, comment=""):
    state = WorkflowState.objects.active().get(
        base_content_type__isnull=False, object_id=str(article.pk)
    )
    task_state = state.current_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[article.pk, action, task_state.pk])
    response = client.post(url, {"comment": comment})
    assert response.status_code in (200, 302), response.content.decode()[:2000]
    return task_state


def test_reporter_submits_editor_and_chief_approve_then_it_is_live(client, section, staff):
    client.force_login(staff["reporter"])
    article = submit_new_article(client, section, "Phường mới vận hành ổn định")
    assert article.slug == "phuong-moi-van-hanh-on-dinh"
    assert not article.live
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == "in_progress"
    assert state.current_task_state.task.name == "Biên tập viên duyệt"

    # The reporter may not approve their own article.
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[article.pk, "approve", state.current_task_state.pk],
    )
    response = client.post(url, {"comment": ""})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    state.refresh_from_db()
    assert state.current_task_state.status == "in_progress"
    assert state.current_task_state.task.name == "Biên tập viên duyệt"

    client.force_login(staff["editor"])
    act(client, article, "approve", "Đã biên tập")
    state.refresh_from_db()
    assert state.current_task_state.task.name == "Tổng biên tập phê duyệt"
    article.refresh_from_db()
    assert not article.live

    client.force_login(staff["chief"])
    act(client, article, "approve", "Duyệt đăng")
    state.refresh_from_db()
    article.refresh_from_db()
    assert state.status == "approved"
    assert article.live
    client.logout()
    assert client.get(article.url).status_code == 200
    actions = set(PageLogEntry.objects.filter(page=article).values_list("action", flat=True))
    assert {
        "wagtail.create",
        "wagtail.workflow.start",
        "wagtail.workflow.approve",
        "wagtail.publish",
    } <= actions


def test_rejection_returns_the_article_with_the_comment(client, section, staff):
    client.force_login(staff["reporter"])
    article = submit_new_article(client, section, "Bài cần sửa")
    client.force_login(staff["editor"])
    task_state = act(client, article, "reject", "Sapo quá dài, cần rút gọn")
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "Sapo quá dài, cần rút gọn"
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.status == "needs_changes"
    article.refresh_from_db()
    assert not article.live


@pytest.mark.parametrize(
    ("who", "publish", "edit_others", "submit"),
    [("reporter", False, False, True), ("editor", False, True, True), ("chief", True, True, True)],
)
def test_permissions_per_group(make_article, staff, who, publish, edit_others, submit):
    article = make_article("Bài của người khác", publish=False)
    perms = article.permissions_for_user(staff[who])
    assert perms.can_publish() is publish
    assert perms.can_edit() is edit_others
    assert perms.can_submit_for_moderation() is submit
    assert article.get_parent().permissions_for_user(staff[who]).can_add_subpage()


def test_reporter_cannot_publish_directly_from_the_editor(client, section, staff):
    client.force_login(staff["reporter"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    html = client.get(add_url).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html


def test_revisions_can_be_compared_and_restored(client, make_article, staff):
    article = make_article("Tiêu đề ban đầu")
    first = article.latest_revision
    article.title = "Tiêu đề đã sửa"
    article.save_revision(user=staff["chief"]).publish()
    second = article.latest_revision
    client.force_login(staff["chief"])
    compare = reverse(
        "wagtailadmin_pages:revisions_compare", args=[article.pk, first.pk, second.pk]
    )
    response = client.get(compare)
    assert response.status_code == 200
    html = response.content.decode()
    # The comparison marks the words that changed.
    assert "ban đầu" in html and "đã sửa" in html
    assert 'class="deletion"' in html and 'class="addition"' in html
    revert = reverse("wagtailadmin_pages:revisions_revert", args=[article.pk, first.pk])
    assert client.get(revert).status_code == 200
    restored = first.as_object()
    restored.save_revision(user=staff["chief"]).publish()
    article.refresh_from_db()
    assert article.title == "Tiêu đề ban đầu"


def test_approving_from_the_edit_page_without_changes_moves_the_article_on(client, section, staff):
    """The editor reads the article in its edit page and presses "Phê chuẩn" there: with
    nothing changed, no new revision may be saved, since that would restart the review
    (WAGTAIL_WORKFLOW_REQUIRE_REAPPROVAL_ON_EDIT) and the article would never go out."""
    client.force_login(staff["reporter"])
    article = submit_new_article(client, section, "Phường mới tiếp dân ngày thứ Bảy")
    # An imported article's time has seconds, which the admin's picker does not show.
    revision = article.latest_revision
    revision.content["published_at"] = article.published_at.replace(second=37).isoformat()
    revision.content["dated_on_publish"] = False  # a date someone set, not one left blank
    revision.save(update_fields=["content"])
    revisions = article.revisions.count()
    paragraph = article.body.stream_block.child_blocks["paragraph"]
    edit_url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    def approve_in_editor(who):
        client.force_login(staff[who])
        html = client.get(edit_url).content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        data.pop("places", None)
        data.update(  # what the page's script posts for the body as it stands
            {
                "body-count": "1",
                "body-0-type": "paragraph",
                "body-0-value": paragraph.get_form_state(article.body[0].value),
                "body-0-deleted": "",
                "body-0-order": "0",
                "body-0-id": article.body[0].id,
                "action-workflow-action": "true",
                "workflow-action-name": "approve",
            }
        )
        response = client.post(edit_url, data)
        assert response.status_code == 302, response.content.decode()[:2000]

    approve_in_editor("editor")
    state = WorkflowState.objects.get(object_id=str(article.pk))
    assert state.current_task_state.task.name == "Tổng biên tập phê duyệt"
    approve_in_editor("chief")
    state.refresh_from_db()
    article.refresh_from_db()
    assert state.status == "approved" and article.live
    assert article.revisions.count() == revisions


def test_an_article_left_undated_is_dated_when_it_goes_live(client, section, staff):
    """Begun on Monday, approved on Wednesday: listed with Wednesday's news, not Monday's."""
    monday = timezone.now() - datetime.timedelta(days=2)
    with freeze_time(monday):
        client.force_login(staff["reporter"])
        add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
        html = client.get(add_url).content.decode()
        assert querydict_from_html(html, form_id="page-edit-form")["published_at"] == ""
        article = submit_new_article(client, section, "Phường mở điểm tiếp dân buổi tối")
    assert article.dated_on_publish
    client.force_login(staff["editor"])
    act(client, article, "approve")
    client.force_login(staff["chief"])
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.live and not article.dated_on_publish
    assert article.published_at == article.first_published_at > monday + datetime.timedelta(days=1)
    # The editor's next edit starts from the same date.
    assert article.get_latest_revision_as_object().published_at == article.published_at
    html = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    shown = querydict_from_html(html, form_id="page-edit-form")["published_at"]
    assert shown == timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M")


def test_an_undated_article_scheduled_to_go_live_reads_that_time_until_it_does(
    client, section, staff
):
    """The preview and the draft showed the moment the form was last saved."""
    client.force_login(staff["reporter"])
    go_live = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%d %H:%M")
    article = submit_new_article(client, section, "Bài hẹn giờ đăng", go_live_at=go_live)
    draft = article.get_latest_revision_as_object()
    assert draft.dated_on_publish
    assert timezone.localtime(draft.published_at).strftime("%Y-%m-%d %H:%M") == go_live


def test_a_date_typed_by_the_reporter_is_kept(client, section, staff):
    client.force_login(staff["reporter"])
    article = submit_new_article(
        client, section, "Bài có ngày đăng định sẵn", published_at="2026-01-15 08:00"
    )
    assert not article.dated_on_publish
    client.force_login(staff["editor"])
    act(client, article, "approve")
    client.force_login(staff["chief"])
    act(client, article, "approve")
    article.refresh_from_db()
    assert article.live
    assert timezone.localtime(article.published_at).strftime("%d/%m/%Y %H:%M") == "15/01/2026 08:00"


def test_a_new_article_can_be_previewed_before_it_is_first_saved(client, section, staff):
    """The reporter's first "Xem trước" comes before any save: the page then has no id yet,
    and the events it might sum up were looked up by it, which failed (the preview showed an
    error instead of the article)."""
    client.force_login(staff["reporter"])
    add_url = reverse("wagtailadmin_pages:add", args=["news", "articlepage", section.pk])
    data = querydict_from_html(client.get(add_url).content.decode(), form_id="page-edit-form")
    data.pop("places", None)
    data.update(
        {
            "title": "Bài chưa lưu lần nào",
            "slug": "bai-chua-luu-lan-nao",
            "sapo": "Sapo xem trước.",
            "body-count": "1",
            "body-0-type": "paragraph",
            "body-0-value": rich_text("<p>Nội dung xem trước.</p>"),
            "body-0-deleted": "",
            "body-0-order": "0",
        }
    )
    checked = client.post(add_url + "preview/", data)
    assert checked.json() == {"is_valid": True, "is_available": True}
    response = client.get(add_url + "preview/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Bài chưa lưu lần nào</h1>" in html and "Nội dung xem trước." in html
    assert not ArticlePage.objects.filter(title="Bài chưa lưu lần nào").exists()

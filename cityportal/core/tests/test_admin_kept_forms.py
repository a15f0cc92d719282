"""What an editor typed is not lost when their sign-in ended for idleness: the page form they
sent is kept for them alone, offered back on that page once they sign in again, to send once
(draft stays draft, publish stays publish) or discard; never a form that carries a password."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import querydict_from_html, rich_text

from cityportal.core.kept_forms import SIGNED_OUT_FROM
from cityportal.core.models import AdministrativeUnit, KeptForm
from cityportal.feedback.models import BlockedWord
from cityportal.news.models import ArticlePage

from .conftest import PASSWORD
from .test_admin_idle_timeout import IDLE_VI, NOT_SAVED_VI, move_back

KEPT_VI = "được giữ lại cho bạn trong 2 giờ"
OFFER_VI = "khi phiên đăng nhập vừa hết, chưa được lưu"
FILES_VI = "Không giữ lại được các tệp đã đính kèm"
NOT_KEPT_VI = "sau khi đăng nhập, bạn sẽ trở lại trang đó để nhập lại"
WILL_SAVE_DRAFT_VI = "Gửi lại sẽ lưu bản nháp (nút đã bấm: “Lưu bản nháp”), không xuất bản."
WILL_PUBLISH_VI = "Gửi lại sẽ xuất bản ngay (nút đã bấm: “Xuất bản”)."


def sign_in(client, username, next_url=None):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    response = client.post("/admin/login/", data)
    assert response.status_code == 302
    return response


@pytest.fixture
def signed_in(client, editor):
    sign_in(client, editor.username)
    return client


def edit_form(client, article, **changes):
    """The article's edit form as the browser would send it, with the editor's changes."""
    edit = reverse("wagtailadmin_pages:edit", args=[article.pk])
    data = querydict_from_html(client.get(edit).content.decode(), form_id="page-edit-form")
    data.pop("places", None)
    for name, value in changes.items():
        data.setlist(name, value if isinstance(value, list) else [value])
    return edit, data


def send(client, url, data: QueryDict, **extra):
    """POST `data` with every value of a repeated name (the test client's encoding of a
    QueryDict keeps the last one)."""
    return client.post(url, {name: data.getlist(name) for name in data}, **extra)


def typed(title: str) -> dict:
    return {
        "title": title,
        "body-count": "1",
        "body-0-type": "paragraph",
        "body-0-value": rich_text(f"<p>{title}: đoạn gõ sau khi hết phiên.</p>"),
        "body-0-deleted": "",
        "body-0-order": "0",
    }


def sent_after_the_timeout(client, article, **extra):
    """Open the editor, walk away 45 minutes, then type and send: the sign-in page's text."""
    edit, data = edit_form(client, article, **typed("Bản tin chiều"), **extra)
    move_back(client, 45 * 60)
    response = send(client, edit, data)
    assert response["Location"] == f"/admin/login/?next={edit}"
    return edit, client.get(response["Location"]).content.decode()


def offered_form(client, edit):
    """The page's offer, and what its form sends, as a browser does: every hidden input in
    order, repeated names each (Wagtail's querydict_from_html keeps one value a name)."""
    page = client.get(edit)
    assert page.status_code == 200
    html = page.content.decode()
    if OFFER_VI not in html:
        return None
    form = WagtailTestUtils.get_soup(html).find("form", id="kept-form-resend")
    assert form["action"] == edit and form["method"] == "post"
    sent = QueryDict(mutable=True)
    for field in form.find_all("input"):
        sent.appendlist(field["name"], field.get("value", ""))
    assert [b.get("name") for b in form.find_all("button")] == [None]
    return html, sent


def what_sending_again_does(html: str) -> str:
    (said,) = WagtailTestUtils.get_soup(html).select(".kept-form-action")
    return said.get_text(strip=True)


def test_a_page_sent_after_the_timeout_is_offered_back_and_sending_it_again_saves_a_draft(
    signed_in, editor, make_article
):
    article = make_article(title="Bản tin sáng")
    revisions = article.revisions.count()
    edit, sign_in_page = sent_after_the_timeout(signed_in, article)
    assert IDLE_VI in sign_in_page and NOT_SAVED_VI in sign_in_page and KEPT_VI in sign_in_page
    assert article.revisions.count() == revisions  # not saved: kept aside

    assert sign_in(signed_in, editor.username, edit)["Location"] == edit
    html, resent = offered_form(signed_in, edit)
    assert f'action="{edit}"' in html and "Gửi lại" in html and "Bỏ đi" in html
    assert what_sending_again_does(html) == WILL_SAVE_DRAFT_VI
    assert resent["title"] == "Bản tin chiều"
    assert "action-publish" not in resent  # "save draft" was pressed: a draft it stays

    response = send(signed_in, edit, resent)
    assert response.status_code == 302
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.revisions.count() == revisions + 1
    draft = article.get_latest_revision_as_object()
    assert draft.title == "Bản tin chiều"
    assert "đoạn gõ sau khi hết phiên" in str(draft.body)
    assert article.title == "Bản tin sáng" and article.has_unpublished_changes  # not published

    # Once: not offered again, and nothing kept any more.
    assert offered_form(signed_in, edit) is None
    assert not KeptForm.objects.exists()


def test_publish_sent_after_the_timeout_publishes_when_sent_again(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    edit, _ = sent_after_the_timeout(signed_in, article, **{"action-publish": "action-publish"})
    assert Page.objects.get(pk=article.pk).title == "Bản tin sáng"
    sign_in(signed_in, editor.username, edit)
    html, resent = offered_form(signed_in, edit)
    assert what_sending_again_does(html) == WILL_PUBLISH_VI
    assert resent.getlist("action-publish") == ["action-publish"]
    assert send(signed_in, edit, resent).status_code == 302
    assert Page.objects.get(pk=article.pk).title == "Bản tin chiều"  # live


@pytest.mark.parametrize(
    "pressed, says",
    [
        ({"action-submit": "action-submit"}, "Gửi lại sẽ gửi duyệt, không xuất bản."),
        (
            {"action-restart-workflow": "action-restart-workflow"},
            "Gửi lại sẽ gửi duyệt lại từ đầu quy trình, không xuất bản.",
        ),
        (
            {"action-workflow-action": "true", "workflow-action-name": "approve"},
            "Gửi lại sẽ phê chuẩn ở bước duyệt hiện tại: nếu đó là bước cuối của quy trình, "
            "nội dung sẽ được xuất bản.",
        ),
        (
            {"action-workflow-action": "true", "workflow-action-name": "reject"},
            "Gửi lại sẽ thực hiện thao tác “reject” của quy trình duyệt.",
        ),
        (
            {"action-cancel-workflow": "action-cancel-workflow"},
            "Gửi lại sẽ ngừng quy trình duyệt và lưu bản nháp, không xuất bản.",
        ),
        # Wagtail reads publish first, whatever else the form carries.
        ({"action-publish": "action-publish", "action-submit": "x"}, WILL_PUBLISH_VI),
    ],
)
def test_the_offer_says_what_the_button_pressed_will_do_when_sent_again(
    signed_in, editor, make_article, pressed, says
):
    edit, _ = sent_after_the_timeout(signed_in, make_article(title="Bản tin sáng"), **pressed)
    sign_in(signed_in, editor.username, edit)
    html, _ = offered_form(signed_in, edit)
    assert what_sending_again_does(html) == says


def test_multi_valued_fields_come_back_whole(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    wards = [
        str(pk) for pk in AdministrativeUnit.objects.current().values_list("pk", flat=True)[:2]
    ]
    edit, _ = sent_after_the_timeout(signed_in, article, places=wards)
    sign_in(signed_in, editor.username, edit)
    _, resent = offered_form(signed_in, edit)
    assert resent.getlist("places") == wards
    assert send(signed_in, edit, resent).status_code == 302
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert sorted(str(place.pk) for place in draft.places.all()) == sorted(wards)


def test_another_user_signing_in_never_sees_it(client, editor, make_article):
    article = make_article(title="Bản tin sáng")
    sign_in(client, editor.username)
    edit, _ = sent_after_the_timeout(client, article)
    kept = KeptForm.objects.get()

    get_user_model().objects.create_superuser("bientap-ca-chieu", "c@example.org", PASSWORD)
    assert sign_in(client, "bientap-ca-chieu", edit)["Location"] == edit
    assert offered_form(client, edit) is None
    discard = reverse("core_kept_form_discard", args=[kept.pk])
    assert client.post(discard).status_code == 404
    assert KeptForm.objects.filter(pk=kept.pk).exists()  # still the editor's


def test_it_expires_after_two_hours(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    edit, _ = sent_after_the_timeout(signed_in, article)
    sign_in(signed_in, editor.username, edit)
    KeptForm.objects.update(kept_at=timezone.now() - datetime.timedelta(hours=1, minutes=59))
    assert offered_form(signed_in, edit) is not None  # showing it does not use it up
    KeptForm.objects.update(kept_at=timezone.now() - datetime.timedelta(hours=2, seconds=1))
    assert offered_form(signed_in, edit) is None


def test_how_long_it_is_kept_is_a_setting_read_when_used(signed_in, editor, make_article, settings):
    settings.KEPT_FORM_HOURS = 5
    article = make_article(title="Bản tin sáng")
    edit, sign_in_page = sent_after_the_timeout(signed_in, article)
    assert "được giữ lại cho bạn trong 5 giờ" in sign_in_page
    sign_in(signed_in, editor.username, edit)
    KeptForm.objects.update(kept_at=timezone.now() - datetime.timedelta(hours=4, minutes=59))
    assert offered_form(signed_in, edit) is not None
    KeptForm.objects.update(kept_at=timezone.now() - datetime.timedelta(hours=5, seconds=1))
    assert offered_form(signed_in, edit) is None


def test_nothing_is_kept_when_the_setting_is_zero(signed_in, make_article, settings):
    settings.KEPT_FORM_HOURS = 0
    _, sign_in_page = sent_after_the_timeout(signed_in, make_article(title="Bản tin sáng"))
    assert NOT_KEPT_VI in sign_in_page and KEPT_VI not in sign_in_page
    assert not KeptForm.objects.exists()


def test_it_can_be_discarded(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    edit, _ = sent_after_the_timeout(signed_in, article)
    sign_in(signed_in, editor.username, edit)
    html, _ = offered_form(signed_in, edit)
    discard = reverse("core_kept_form_discard", args=[KeptForm.objects.get().pk])
    assert f'action="{discard}"' in html
    response = signed_in.post(discard)
    assert response["Location"] == edit
    assert "Đã bỏ nội dung được giữ lại" in signed_in.get(edit).content.decode()
    assert offered_form(signed_in, edit) is None
    assert ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object().title == (
        "Bản tin sáng"
    )


def test_a_file_sent_after_the_timeout_must_be_chosen_again(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    upload = SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 ...", content_type="application/pdf")
    edit, sign_in_page = sent_after_the_timeout(signed_in, article, attachment=upload)
    assert KEPT_VI in sign_in_page and FILES_VI in sign_in_page
    sign_in(signed_in, editor.username, edit)
    html, resent = offered_form(signed_in, edit)
    assert "Các tệp đã đính kèm không được giữ lại" in html
    assert "attachment" not in resent and resent["title"] == "Bản tin chiều"


def test_too_large_a_form_is_not_kept_and_the_editor_is_told(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    sent_after_the_timeout(signed_in, article, sapo="x" * (2 * 1024 * 1024 - 4096))
    assert KeptForm.objects.exists()  # just under 2 MB

    sign_in(signed_in, editor.username)
    edit, sign_in_page = sent_after_the_timeout(signed_in, article, sapo="x" * (2 * 1024 * 1024))
    assert NOT_KEPT_VI in sign_in_page and KEPT_VI not in sign_in_page
    assert not KeptForm.objects.exists()  # nor what it sent before, older than what was typed


def test_forms_that_carry_passwords_are_never_kept(signed_in, editor, make_article):
    article = make_article(title="Bản tin sáng")
    _, sign_in_page = sent_after_the_timeout(signed_in, article, password="Mat-khau-moi-1")
    assert NOT_KEPT_VI in sign_in_page and not KeptForm.objects.exists()
    sign_in(signed_in, editor.username)
    _, sign_in_page = sent_after_the_timeout(signed_in, article)  # the same page form, kept
    assert KEPT_VI in sign_in_page and KeptForm.objects.count() == 1

    sign_in(signed_in, editor.username)
    user_edit = reverse("wagtailusers_users:edit", args=[editor.pk])
    move_back(signed_in, 45 * 60)
    response = signed_in.post(
        user_edit,
        {
            "username": editor.username,
            "email": editor.email,
            "password1": "Mat-khau-moi-1",
            "password2": "Mat-khau-moi-1",
        },
    )
    assert response["Location"].startswith("/admin/login/")
    assert NOT_KEPT_VI in signed_in.get(response["Location"]).content.decode()

    sign_in(signed_in, editor.username)
    move_back(signed_in, 45 * 60)
    password = reverse("wagtailadmin_account")
    response = signed_in.post(password, {"password-old_password": PASSWORD})
    assert response["Location"].startswith("/admin/login/")
    assert KeptForm.objects.count() == 1  # the page's, from before


def test_the_save_clicked_after_autosave_found_the_sign_in_over_is_kept(
    signed_in, editor, make_article
):
    """Wagtail's autosave posts the form as soon as the editor types: it, not the Save button,
    is what most often finds the sign-in over; the Save clicked after comes from a visitor."""
    article = make_article(title="Bản tin sáng")
    edit, data = edit_form(signed_in, article, **typed("Bản tin chiều"))
    move_back(signed_in, 45 * 60)
    begun = data.copy()
    begun["title"] = "Bản"  # the first keys typed
    autosave = send(signed_in, edit, begun, HTTP_ACCEPT="application/json")
    assert autosave.status_code == 401
    response = send(signed_in, edit, data)  # Save pressed
    assert response["Location"] == f"/admin/login/?next={edit}"
    sign_in_page = signed_in.get(response["Location"]).content.decode()
    assert KEPT_VI in sign_in_page

    sign_in(signed_in, editor.username, edit)
    _, resent = offered_form(signed_in, edit)
    assert resent["title"] == "Bản tin chiều"
    assert send(signed_in, edit, resent).status_code == 302
    draft = ArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert draft.title == "Bản tin chiều"


def test_a_visitor_posting_elsewhere_or_later_keeps_nothing(signed_in, make_article):
    article = make_article(title="Bản tin sáng")
    other = make_article(title="Bản tin khác")
    edit, data = edit_form(signed_in, article, **typed("Bản tin chiều"))
    move_back(signed_in, 45 * 60)
    assert send(signed_in, edit, data, HTTP_ACCEPT="application/json").status_code == 401
    KeptForm.objects.all().delete()
    other_edit = reverse("wagtailadmin_pages:edit", args=[other.pk])
    send(signed_in, other_edit, data)
    assert not KeptForm.objects.exists()  # not the page whose sign-in ended

    # The browser's leave to send for the editor lasts as long as the idle timeout.
    session = signed_in.session
    session[SIGNED_OUT_FROM]["until"] -= 30 * 60 + 1
    session.save()
    send(signed_in, edit, data)
    assert not KeptForm.objects.exists()


def test_a_snippet_sent_after_the_timeout_is_kept_too(signed_in, editor):
    add = reverse("feedback_blocked_words:add")
    move_back(signed_in, 45 * 60)
    response = signed_in.post(add, {"phrase": "lừa đảo", "note": "gõ sau khi hết phiên"})
    assert KEPT_VI in signed_in.get(response["Location"]).content.decode()
    sign_in(signed_in, editor.username, add)
    html, resent = offered_form(signed_in, add)
    # Blocked words have no drafts: Save puts the change in force at once.
    assert what_sending_again_does(html) == (
        "Gửi lại sẽ lưu (nút đã bấm: “Lưu”): thay đổi có hiệu lực ngay."
    )
    assert send(signed_in, add, resent).status_code == 302
    assert BlockedWord.objects.get().note == "gõ sau khi hết phiên"

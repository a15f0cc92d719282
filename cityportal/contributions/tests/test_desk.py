"""Who sees what, which moves are allowed, and what accepting does."""

import datetime
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.templatetags.static import static
from django.utils import timezone
from freezegun import freeze_time

from cityportal.contributions.models import Attachment, Submission
from cityportal.news.models import ArticlePage

S = Submission.Status


def post_new(client, organisation, key=None, **fields):
    data = {
        "organisation": organisation.pk,
        "kind": "news",
        "title": "Thủ Đức khánh thành cầu mới",
        "lead": "Cầu nối hai phường.",
        "body": '<p>Nội dung</p><script>alert("x")</script><p onclick="x()">Tiếp</p>',
        "key": str(key or uuid.uuid4()),
        **fields,
    }
    return client.post("/admin/contributions/new/", data)


def test_submit_sanitises_and_is_idempotent(client, officers, agencies):
    client.force_login(officers["thu-duc"])
    key = uuid.uuid4()
    first = post_new(client, agencies["thu-duc"], key=key)
    second = post_new(client, agencies["thu-duc"], key=key)  # a double click
    submission = Submission.objects.get()
    assert first.status_code == second.status_code == 302
    assert first.url == second.url == f"/admin/contributions/{submission.pk}/"
    assert submission.tracking_number.startswith("DG-") and submission.status == S.SUBMITTED
    assert "<script>" not in submission.body and "alert" not in submission.body
    assert "onclick" not in submission.body and "Tiếp" in submission.body


def test_permission_matrix(client, officers, agencies, make_submission, staff):
    ours = make_submission("so-tttt")
    theirs = make_submission("thu-duc", title="Bài của Thủ Đức")
    attachment = Attachment.objects.create(
        submission=theirs,
        file=SimpleUploadedFile("qd.pdf", b"%PDF-1.4 x"),
        original_name="qd.pdf",
        kind="pdf",
        size=10,
    )
    client.force_login(officers["so-tttt"])
    listing = client.get("/admin/contributions/").content.decode()
    assert ours.title in listing and "Bài của Thủ Đức" not in listing
    assert client.get(f"/admin/contributions/{ours.pk}/").status_code == 200
    assert client.get(f"/admin/contributions/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/contributions/{theirs.pk}/", {"body": "x"}).status_code == 404
    move = client.post(f"/admin/contributions/{theirs.pk}/move/", {"to": "submitted"})
    assert move.status_code == 404
    url = f"/admin/contributions/{theirs.pk}/files/{attachment.pk}/"
    assert client.get(url).status_code == 404
    # Posting for an organisation the officer does not belong to is refused, nothing saved.
    response = post_new(client, agencies["thu-duc"])
    assert response.status_code == 200 and "organisation" in response.context["form"].errors
    assert Submission.objects.count() == 2

    client.force_login(staff["editor"])
    listing = client.get("/admin/contributions/").content.decode()
    assert ours.title in listing and "Bài của Thủ Đức" in listing
    assert client.get(url).status_code == 200

    client.force_login(staff["reporter"])  # newsroom staff without review rights
    assert client.get("/admin/contributions/").status_code in (302, 403)
    client.logout()
    assert client.get(f"/admin/contributions/{ours.pk}/").status_code == 302  # to the login


def test_transitions_and_illegal_moves(make_submission, officers, staff):
    submission = make_submission("so-tttt")
    officer, editor = officers["so-tttt"], staff["editor"]
    with pytest.raises(PermissionDenied):
        submission.move(S.ACCEPTED, editor)  # not reviewed yet
    with pytest.raises(PermissionDenied):
        submission.move(S.IN_REVIEW, officer)  # only editors review
    submission.move(S.IN_REVIEW, editor)
    submission.move(S.CHANGES_REQUESTED, editor, "Bổ sung ảnh")
    with pytest.raises(PermissionDenied):
        submission.move(S.SUBMITTED, officers["thu-duc"])  # another agency cannot resubmit
    submission.move(S.SUBMITTED, officer)
    submission.move(S.IN_REVIEW, editor)
    with pytest.raises(ValidationError):
        submission.move(S.DECLINED, editor, "  ")  # a reason is required
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    history = [(c.from_status, c.to_status) for c in submission.changes.all()]
    assert history == [
        (S.SUBMITTED, S.IN_REVIEW),
        (S.IN_REVIEW, S.CHANGES_REQUESTED),
        (S.CHANGES_REQUESTED, S.SUBMITTED),
        (S.SUBMITTED, S.IN_REVIEW),
    ]


def test_accepting_creates_a_draft_in_the_workflow_and_publishing_closes_it(
    client, make_submission, staff, agencies
):
    from cityportal.core.models import AdministrativeUnit

    ward = AdministrativeUnit.objects.local().current().filter(level="ward").first()
    submission = make_submission("thu-duc", lead="Sapo của bài")
    submission.places.add(ward)
    editor = staff["editor"]
    submission.move(S.IN_REVIEW, editor)
    client.force_login(editor)
    response = client.post(f"/admin/contributions/{submission.pk}/move/", {"to": "accepted"})
    submission.refresh_from_db()
    article = submission.article
    assert response.status_code == 302 and response.url == f"/admin/pages/{article.pk}/edit/"
    assert submission.status == S.ACCEPTED
    assert not article.live and article.sapo == "Sapo của bài"
    assert article.source_name == agencies["thu-duc"].name
    assert list(article.places.all()) == [ward]
    assert article.current_workflow_state is not None  # in the newsroom's review workflow

    article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    submission.refresh_from_db()
    assert submission.status == S.PUBLISHED
    page = client.get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    assert agencies["thu-duc"].name in page  # the agency is credited on the published page


def test_accepting_figures_posts_the_importer_report(make_submission, staff):
    from cityportal.contributions import drafts

    table = "Chỉ tiêu;Đơn vị tính;Địa bàn;Kỳ;Giá trị\nKhách quốc tế;lượt;79;2025-10;512.000\n"
    submission = figures_with_table(make_submission, table)
    submission.move(S.IN_REVIEW, staff["editor"])
    assert drafts.accept(submission, staff["editor"]) is None  # no article for figures
    report = submission.comments.get().body
    assert "hợp lệ, sẵn sàng nhập" in report and "1 số liệu" in report
    assert "/admin/opendata/import/" in report


def test_agency_corrects_after_changes_requested(
    client, make_submission, officers, agencies, staff
):
    submission = make_submission("thu-duc")
    submission.move(S.IN_REVIEW, staff["editor"])
    url = f"/admin/contributions/{submission.pk}/edit/"
    client.force_login(officers["thu-duc"])
    assert client.get(url).status_code in (302, 403)  # under review: the desk has it
    submission.move(S.CHANGES_REQUESTED, staff["editor"], "Thêm số liệu")
    client.force_login(officers["so-tttt"])
    assert client.get(url).status_code == 404  # another agency's submission
    client.force_login(officers["thu-duc"])
    response = client.post(
        url,
        {
            "organisation": agencies["thu-duc"].pk,
            "kind": "news",
            "title": "Tiêu đề đã sửa",
            "body": "<p>Bổ sung số liệu 2025.</p>",
        },
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.title == "Tiêu đề đã sửa" and submission.status == S.SUBMITTED
    assert Submission.objects.count() == 1  # corrected, not duplicated


def test_an_administrator_adds_a_press_officer_to_an_agency(
    client, agencies, officers, make_submission
):
    from django.contrib.auth import get_user_model

    from cityportal.contributions.models import Membership

    admin = get_user_model().objects.create_superuser("admin", "admin@example.invalid", "pw")
    client.force_login(admin)
    officer = officers["so-tttt"]
    response = client.post(
        "/admin/memberships/new/", {"user": officer.pk, "organisation": agencies["thu-duc"].pk}
    )
    assert response.status_code == 302
    assert set(
        Membership.objects.filter(user=officer).values_list("organisation__slug", flat=True)
    ) == {
        "so-tttt",
        "tp-thu-duc",
    }
    # Serving both agencies, the officer now sees both agencies' work.
    theirs = make_submission("thu-duc", title="Bài của Thủ Đức")
    client.force_login(officer)
    assert theirs.title in client.get("/admin/contributions/").content.decode()
    assert client.get(f"/admin/contributions/{theirs.pk}/").status_code == 200


def figures_with_table(make_submission, table: str, **fields):
    submission = make_submission("so-tttt", kind="figures", title="Số liệu tháng 10", **fields)
    Attachment.objects.create(
        submission=submission,
        file=SimpleUploadedFile("khach-quoc-te.csv", table.encode()),
        original_name="khach-quoc-te.csv",
        kind="csv",
        size=len(table),
    )
    return submission


def test_accepting_figures_for_a_dataset_imports_them(make_submission, staff, agencies):
    from cityportal.contributions import drafts
    from cityportal.opendata.models import Dataset, Observation

    dataset = Dataset.objects.create(
        name="du-lich", title="Du lịch", organisation=agencies["so-tttt"]
    )
    good = "Chỉ tiêu;Đơn vị tính;Địa bàn;Kỳ;Giá trị\nKhách quốc tế;lượt;79;2025-10;512.000\n"
    bad = good + "Khách quốc tế;lượt;79;2025-11;nhiều\n"

    refused = figures_with_table(make_submission, bad, dataset=dataset)
    refused.move(S.IN_REVIEW, staff["editor"])
    with pytest.raises(ValidationError, match="còn lỗi"):
        drafts.accept(refused, staff["editor"])
    refused.refresh_from_db()
    assert refused.status == S.IN_REVIEW and not Observation.objects.exists()

    submission = figures_with_table(make_submission, good, dataset=dataset)
    submission.move(S.IN_REVIEW, staff["editor"])
    drafts.accept(submission, staff["editor"])
    figure = Observation.objects.get()
    assert (figure.value, figure.period, figure.resource.dataset) == (512000, "2025-10", dataset)
    assert figure.resource.name == "khach-quoc-te"
    assert "đã nhập 1 số liệu vào “Du lịch”" in submission.comments.get().body


def _accepted(make_submission, staff, **fields):
    from cityportal.contributions import drafts

    submission = make_submission("thu-duc", lead="Sapo của bài", **fields)
    submission.move(S.IN_REVIEW, staff["editor"])
    return submission, drafts.accept(submission, staff["editor"])


def test_a_scheduled_article_marks_its_submission_published_only_when_it_goes_live(
    make_submission, staff
):
    submission, article = _accepted(make_submission, staff)
    go_live = timezone.now() + datetime.timedelta(days=1)
    article.go_live_at = go_live
    article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    submission.refresh_from_db()
    assert not ArticlePage.objects.get(pk=article.pk).live
    assert submission.status == S.ACCEPTED  # scheduled is not published

    with freeze_time(go_live + datetime.timedelta(minutes=1)):
        call_command("publish_scheduled", verbosity=0)
    submission.refresh_from_db()
    assert ArticlePage.objects.get(pk=article.pk).live
    assert submission.status == S.PUBLISHED


def test_the_requested_time_schedules_the_article_which_is_dated_when_it_goes_live(
    make_submission, staff
):
    requested = timezone.now() + datetime.timedelta(days=2)
    submission, article = _accepted(make_submission, staff, publish_at=requested)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.go_live_at == requested  # a schedule the editor may change
    assert article.published_at <= timezone.now()  # never a date in the future

    article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    assert not ArticlePage.objects.get(pk=article.pk).live  # scheduled, not out early

    with freeze_time(requested + datetime.timedelta(minutes=3)):
        call_command("publish_scheduled", verbosity=0)
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.published_at == article.first_published_at
    assert article.published_at >= requested
    # The editor's next edit starts from the same date.
    assert article.get_latest_revision_as_object().published_at == article.published_at


def test_a_contribution_published_days_after_acceptance_carries_the_day_it_went_live(
    make_submission, staff
):
    submission, article = _accepted(make_submission, staff)
    later = timezone.now() + datetime.timedelta(days=3)
    with freeze_time(later):
        article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    article = ArticlePage.objects.get(pk=article.pk)
    assert article.live and article.published_at == article.first_published_at
    assert article.published_at >= later


def test_the_detail_shows_the_proposed_section_places_and_publish_time(
    client, make_submission, staff
):
    from cityportal.core.models import AdministrativeUnit
    from cityportal.news.models import SectionPage

    ward = AdministrativeUnit.objects.local().current().filter(level="ward").first()
    requested = timezone.now() + datetime.timedelta(days=2)
    section = SectionPage.objects.get(slug="van-hoa")
    submission = make_submission("thu-duc", section=section, publish_at=requested)
    submission.places.add(ward)
    client.force_login(staff["editor"])
    page = client.get(f"/admin/contributions/{submission.pk}/").content.decode()
    assert f"Chuyên mục đề xuất: {section.title}" in page
    assert f"Địa bàn: {ward}" in page
    assert f"Đề nghị đăng lúc: {timezone.localtime(requested):%d/%m/%Y %H:%M}" in page


def test_a_correction_posted_twice_is_saved_once(
    client, make_submission, officers, agencies, staff, django_capture_on_commit_callbacks
):
    """A second tap on "Lưu và gửi lại" (or a reload of the POST) used to attach the photos again
    and tell the editors twice."""
    submission = make_submission("thu-duc")
    submission.move(S.IN_REVIEW, staff["editor"])
    submission.move(S.CHANGES_REQUESTED, staff["editor"], "Thêm ảnh")
    staff["editor"].email = "bientap@example.invalid"
    staff["editor"].save()
    url = f"/admin/contributions/{submission.pk}/edit/"
    client.force_login(officers["thu-duc"])
    key = client.get(url).context["form"]["key"].value()
    assert key  # the form carries a fresh key

    def post():
        photo = SimpleUploadedFile("hien-truong.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20)
        data = {
            "organisation": agencies["thu-duc"].pk,
            "kind": "news",
            "title": "Tiêu đề đã sửa",
            "body": "<p>Có ảnh.</p>",
            "key": key,
            "attachments": [photo],
        }
        return client.post(url, data)

    with django_capture_on_commit_callbacks(execute=True) as sent:
        first, second = post(), post()
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Attachment.objects.filter(submission=submission).count() == 1
    assert len(sent) == 1  # the editors hear of the correction once
    assert submission.changes.filter(to_status=S.SUBMITTED).count() == 1


def test_a_submission_without_a_sapo_is_accepted_with_its_first_paragraph_as_one(
    client, make_submission, staff
):
    """The form leaves the sapo optional but the article needs one: accepting used to fail with
    a bare "Trường này không được để trắng." and the submission stayed in review."""
    submission = make_submission(
        "thu-duc", kind="event", body="<p>Sáng 1/12, phường tổ chức ngày hội.</p><p>Chi tiết.</p>"
    )
    submission.move(S.IN_REVIEW, staff["editor"])
    client.force_login(staff["editor"])
    response = client.post(f"/admin/contributions/{submission.pk}/move/", {"to": "accepted"})
    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED and submission.article is not None
    assert response.url == f"/admin/pages/{submission.article.pk}/edit/"
    assert submission.article.sapo == "Sáng 1/12, phường tổ chức ngày hội."


@pytest.mark.parametrize("field", ["publish_at", "event_starts_at"])
def test_a_time_in_year_one_is_a_form_error_not_a_server_error(client, officers, agencies, field):
    """A year typed short on a phone ("1" for 2026) reached the database and answered 500."""
    client.force_login(officers["thu-duc"])
    client.raise_request_exception = False
    response = post_new(client, agencies["thu-duc"], **{field: "0001-01-01T03:00"})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["Năm 1 không hợp lệ."]
    assert not Submission.objects.exists()


def test_asking_for_changes_says_which(client, make_submission, staff):
    """ "Cần bổ sung, chỉnh sửa" could be sent with no note: the agency got a mail and a task
    with nothing to correct."""
    submission = make_submission("thu-duc")
    submission.move(S.IN_REVIEW, staff["editor"])
    client.force_login(staff["editor"])
    url = f"/admin/contributions/{submission.pk}/move/"
    response = client.post(url, {"to": "changes_requested", "note": " "}, follow=True)
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW
    assert "Cần nêu những gì cơ quan cần bổ sung, chỉnh sửa." in response.content.decode()
    client.post(url, {"to": "changes_requested", "note": "Thêm ảnh hiện trường"})
    submission.refresh_from_db()
    assert submission.status == S.CHANGES_REQUESTED


def test_the_correction_form_lists_the_files_already_sent(client, make_submission, officers):
    """The edit form showed an empty file field only: an officer correcting on a phone could not
    tell which photos the desk already had and sent them again."""
    submission = make_submission("thu-duc")
    photo = Attachment.objects.create(
        submission=submission,
        file=SimpleUploadedFile("hien-truong.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20),
        original_name="hien-truong.jpg",
        kind="image",
        size=24,
    )
    client.force_login(officers["thu-duc"])
    page = client.get(f"/admin/contributions/{submission.pk}/edit/").content.decode()
    assert "Tệp đã gửi" in page
    assert (
        f'href="/admin/contributions/{submission.pk}/files/{photo.pk}/">hien-truong.jpg</a>' in page
    )


def test_two_editors_accepting_at_once_make_one_draft(make_submission, staff):
    """Both had the submission open before either accepted: the second is refused, not given a
    second draft article."""
    from cityportal.contributions import drafts

    submission = make_submission("thu-duc")
    submission.move(S.IN_REVIEW, staff["editor"])
    first, second = (Submission.objects.get(pk=submission.pk) for _ in range(2))
    drafts.accept(first, staff["editor"])
    with pytest.raises(PermissionDenied):
        drafts.accept(second, staff["chief"])
    assert ArticlePage.objects.filter(submissions=submission).count() == 1
    assert submission.changes.filter(to_status=S.ACCEPTED).count() == 1


def test_a_form_sent_with_an_error_says_so_at_the_top(client, officers, agencies):
    """On a phone the form comes back at its top, the wrong field a few screens below: with no
    message up there, an officer who tapped "Gửi bài" saw nothing happen. The files chosen are
    gone too (no browser fills a file input again), and the message says to choose them again."""
    client.force_login(officers["thu-duc"])
    photo = SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 100, "image/jpeg")
    response = post_new(client, agencies["thu-duc"], body="", attachments=[photo])
    assert response.status_code == 200 and response.context["form"].errors["body"]
    [message] = [str(m) for m in response.context["messages"]]
    assert "chưa được gửi" in message and "chọn lại tệp" in message
    assert not Submission.objects.exists()

    response = post_new(client, agencies["thu-duc"], body="")
    [message] = [str(m) for m in response.context["messages"]]
    assert "chọn lại tệp" not in message


def test_the_form_on_a_phone_keeps_the_organisation_select_within_the_screen(
    client, officers, agencies
):
    """At 390 px "Cơ quan gửi" was as wide as its longest agency's name, past the screen's edge
    and cut: the admin's own stylesheet keeps fields within the screen."""
    client.force_login(officers["thu-duc"])
    page = BeautifulSoup(client.get("/admin/contributions/new/").content, "html.parser")
    sheets = [link["href"] for link in page.select("link[rel=stylesheet]")]
    assert static("core/admin.css") in sheets
    assert finders.find("core/admin.css")  # a file collectstatic serves


def test_an_agency_picks_its_places_with_the_places_picker(client, officers):
    # A plain select of ~170 wards, held with Ctrl: now a search box (core PlacesWidget).
    client.force_login(officers["so-tttt"])
    page = client.get("/admin/contributions/new/").content.decode()
    assert "data-places-picker" in page
    assert "core/places-widget.js" in page and "core/places-widget.css" in page
    assert 'data-search="phuong thu duc p thu duc"' in page

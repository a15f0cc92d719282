"""Attachments judged by their bytes; e-mail delivered through a real SMTP server on loopback;
the scorecard reconciled with the records."""

import datetime
import io
import uuid
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from cityportal.contributions.models import Attachment, ContentRequest, Submission
from cityportal.contributions.scorecard import scorecard

S = Submission.Status


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


GOOD = [
    ("quyet-dinh.pdf", b"%PDF-1.7\n...", "pdf"),
    ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, "image"),
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"0" * 20, "image"),
    ("cong-van.docx", docx_bytes(), "docx"),
    ("so-lieu.xlsx", xlsx_bytes(), "xlsx"),
    ("so-lieu.csv", "Chỉ tiêu;Năm;Giá trị\nGRDP;2024;1,5\n".encode(), "csv"),
]
BAD = [
    ("quyet-dinh.pdf", b"MZ\x90\x00 an executable", "không phải là tệp PDF"),
    ("anh.png", b"<html><script>alert(1)</script></html>", "không phải là tệp ảnh"),
    ("cong-van.docx", xlsx_bytes(), "không phải là tệp Word"),  # a workbook renamed
    ("so-lieu.csv", b"\x00\x01\x02binary", "không phải là tệp CSV"),
    ("virus.exe", b"MZ", "chỉ nhận tệp"),
]


def submit(client, organisation, files):
    return client.post(
        "/admin/contributions/new/",
        {
            "organisation": organisation.pk,
            "kind": "news",
            "title": "Bài có tệp",
            "body": "Nội dung",
            "key": str(uuid.uuid4()),
            "attachments": [SimpleUploadedFile(name, data) for name, data in files],
        },
    )


def test_attachments_that_match_their_extension_are_kept(
    client, officers, agencies, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path},
        },
    }
    client.force_login(officers["so-tttt"])
    response = submit(client, agencies["so-tttt"], [(n, d) for n, d, _ in GOOD])
    assert response.status_code == 302, response.context["form"].errors
    kinds = sorted(Attachment.objects.values_list("kind", flat=True))
    assert kinds == sorted(kind for _, _, kind in GOOD)
    pdf = Attachment.objects.get(original_name="quyet-dinh.pdf")
    download = client.get(f"/admin/contributions/{pdf.submission_id}/files/{pdf.pk}/")
    assert b"".join(download.streaming_content) == GOOD[0][1]
    assert not str(pdf.file.path).startswith(str(settings.MEDIA_ROOT))  # never public


@pytest.mark.parametrize("name, data, message", BAD)
def test_attachments_are_checked_by_content(client, officers, agencies, name, data, message):
    client.force_login(officers["so-tttt"])
    response = submit(client, agencies["so-tttt"], [(name, data)])
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["attachments"])
    assert not Submission.objects.exists()  # nothing half-saved


def test_a_50_mb_attachment_is_refused(client, officers, agencies):
    client.force_login(officers["so-tttt"])
    big = b"%PDF-1.7\n" + b"0" * (50 * 1024 * 1024)
    response = submit(client, agencies["so-tttt"], [("bao-cao.pdf", big)])
    assert "vượt giới hạn" in str(response.context["form"].errors["attachments"])
    assert not Submission.objects.exists()


def test_files_over_the_total_for_one_submission_are_refused_and_nothing_kept(
    client, officers, agencies, settings
):
    """Each file was capped, the set was not: twenty 20 MB files went through."""
    private = Path(Attachment._meta.get_field("file").storage.location)
    stored = set(private.rglob("*.pdf"))
    settings.CONTRIBUTION_MAX_ATTACHMENT_BYTES = 3 * 1024 * 1024
    settings.CONTRIBUTION_MAX_SUBMISSION_BYTES = 5 * 1024 * 1024
    pdf = b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024)  # under the limit for one file
    refused = (
        "Tổng dung lượng tệp đính kèm của bài là 6 MB, vượt giới hạn 5 MB cho mỗi bài; "
        "hãy bớt hoặc thu nhỏ tệp rồi gửi lại."
    )
    client.force_login(officers["so-tttt"])
    three = [("a.pdf", pdf), ("b.pdf", pdf), ("c.pdf", pdf)]
    response = submit(client, agencies["so-tttt"], three)
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [refused]
    assert "5 MB cả bài" in response.content.decode()
    assert not Submission.objects.exists() and not Attachment.objects.exists()
    assert set(private.rglob("*.pdf")) == stored

    assert submit(client, agencies["so-tttt"], three[:2]).status_code == 302
    # A correction adds to the files the desk already holds.
    submission = Submission.objects.get()
    response = client.post(
        f"/admin/contributions/{submission.pk}/edit/",
        {
            "organisation": agencies["so-tttt"].pk,
            "kind": "news",
            "title": "Bài có tệp, đã sửa",
            "body": "Nội dung",
            "key": str(uuid.uuid4()),
            "attachments": [SimpleUploadedFile("c.pdf", pdf)],
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["attachments"] == [refused]
    submission.refresh_from_db()
    assert submission.title == "Bài có tệp" and submission.attachments.count() == 2
    assert len(set(private.rglob("*.pdf")) - stored) == 2


def test_mail_goes_through_smtp(
    client, smtp, officers, agencies, staff, django_capture_on_commit_callbacks
):
    staff["editor"].email = "bientap@example.invalid"
    staff["editor"].save()
    client.force_login(officers["thu-duc"])
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, agencies["thu-duc"], [])
    submission = Submission.objects.get()
    to_editors = [m for m in smtp.messages if "bientap@example.invalid" in m[0]]
    assert len(to_editors) == 1 and submission.tracking_number in to_editors[0][1]

    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/contributions/{submission.pk}/move/", {"to": "in_review"})
        client.post(
            f"/admin/contributions/{submission.pk}/move/",
            {"to": "changes_requested", "note": "Xin bổ sung ảnh hiện trường"},
        )
    to_officer = [m for m in smtp.messages if "thu-duc@example.invalid" in m[0]]
    assert len(to_officer) == 2
    assert "Xin bổ sung ảnh hiện trường" in to_officer[-1][1]  # the note reaches the agency


def test_editors_hear_of_a_resubmission_and_the_agency_of_its_published_piece(
    client, smtp, make_submission, officers, agencies, staff, django_capture_on_commit_callbacks
):
    from cityportal.contributions import drafts

    staff["editor"].email = "bientap@example.invalid"
    staff["editor"].save()
    submission = make_submission("thu-duc", lead="Sapo")
    submission.move(S.IN_REVIEW, staff["editor"])
    submission.move(S.CHANGES_REQUESTED, staff["editor"], "Thêm ảnh")
    client.force_login(officers["thu-duc"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/contributions/{submission.pk}/edit/",
            {
                "organisation": agencies["thu-duc"].pk,
                "kind": "news",
                "title": "Tiêu đề đã sửa",
                "lead": "Sapo",
                "body": "<p>Có ảnh.</p>",
            },
        )
    [(_, resent)] = [m for m in smtp.messages if "bientap@example.invalid" in m[0]]
    assert "Bài cộng tác gửi lại: Tiêu đề đã sửa" in resent and "mới" not in resent

    submission.refresh_from_db()
    submission.move(S.IN_REVIEW, staff["editor"])
    article = drafts.accept(submission, staff["editor"])
    smtp.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    [(recipients, text)] = smtp.messages
    assert recipients == ["thu-duc@example.invalid"]
    assert f"[{submission.tracking_number}] Đã đăng: Tiêu đề đã sửa" in text
    assert article.get_url() in text  # the link to the published article


def test_scorecard_reconciles_with_the_records(make_submission, staff, agencies):
    editor = staff["editor"]
    today = timezone.localdate()
    start = today - datetime.timedelta(days=30)
    a = make_submission("so-tttt")
    a.move(S.IN_REVIEW, editor)
    Submission.objects.filter(pk=a.pk).update(
        submitted_at=a.reviewed_at - datetime.timedelta(hours=4)
    )
    b = make_submission("so-tttt")
    b.move(S.IN_REVIEW, editor)
    Submission.objects.filter(pk=b.pk).update(
        submitted_at=b.reviewed_at - datetime.timedelta(hours=10)
    )
    b.refresh_from_db()
    b.move(S.DECLINED, editor, "Trùng nội dung")
    make_submission("thu-duc")  # not reviewed yet
    ContentRequest.objects.create(
        organisation=agencies["thu-duc"],
        title="Số liệu tháng",
        due_date=today - datetime.timedelta(days=2),
    )
    ContentRequest.objects.create(
        organisation=agencies["so-tttt"],
        title="Tin mô hình",
        due_date=today - datetime.timedelta(days=1),
    ).submissions.add(a)

    rows = {r.organisation.slug: r for r in scorecard(start, today)}
    department, ward = rows["so-tttt"], rows["tp-thu-duc"]
    assert (department.submitted, department.accepted, department.declined) == (2, 0, 1)
    assert department.median_review_hours == pytest.approx(7.0, abs=0.01)
    assert (department.requests, department.overdue) == (1, 0)  # fulfilled by a submission
    assert (ward.submitted, ward.median_review_hours, ward.requests, ward.overdue) == (
        1,
        None,
        1,
        1,
    )
    assert sum(r.submitted for r in rows.values()) == Submission.objects.count()


def test_a_title_with_a_line_break_still_reaches_the_editors(
    client, smtp, officers, agencies, staff, django_capture_on_commit_callbacks
):
    """A crafted title with CR/LF used to fail in the mail header after the submission was
    saved: the officer saw a server error and the editors never heard of it."""
    staff["editor"].email = "bientap@example.invalid"
    staff["editor"].save()
    client.force_login(officers["thu-duc"])
    data = {
        "organisation": agencies["thu-duc"].pk,
        "kind": "news",
        "title": "Tiêu đề\r\nBcc: victim@example.invalid",
        "body": "Nội dung",
        "key": str(uuid.uuid4()),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/contributions/new/", data)
    assert response.status_code == 302
    [(recipients, text)] = [m for m in smtp.messages if "bientap@example.invalid" in m[0]]
    assert "victim@example.invalid" not in recipients
    assert text.splitlines()[0].endswith("Tiêu đề Bcc: victim@example.invalid")


def test_a_status_mail_names_the_piece_in_its_subject(
    client, smtp, make_submission, staff, django_capture_on_commit_callbacks
):
    """The subject read "[DG-2026-00012] Cần bổ sung, chỉnh sửa" only: an officer with several
    pieces on the desk could not tell from the inbox which one was sent back."""
    submission = make_submission("thu-duc", title="Ngày hội việc làm phường Linh Xuân")
    submission.move(S.IN_REVIEW, staff["editor"])
    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/contributions/{submission.pk}/move/",
            {"to": "changes_requested", "note": "Thêm ảnh"},
        )
    [(_, text)] = smtp.messages
    subject = text.splitlines()[0].strip()  # a long subject arrives folded
    assert subject == (
        f"[{submission.tracking_number}] Cần bổ sung, chỉnh sửa: Ngày hội việc làm phường Linh Xuân"
    )


def test_a_mail_server_that_is_down_neither_fails_nor_undoes_a_move(
    client, smtp_down, make_submission, staff, django_capture_on_commit_callbacks, caplog
):
    """With SMTP unreachable, asking for changes answered 500 after the change was saved: the
    editor, told it failed, asked again."""
    submission = make_submission("thu-duc", title="Ngày hội việc làm")
    submission.move(S.IN_REVIEW, staff["editor"])
    client.force_login(staff["editor"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/contributions/{submission.pk}/move/",
            {"to": "changes_requested", "note": "Thêm ảnh"},
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == S.CHANGES_REQUESTED
    assert "could not reach the mail server" in caplog.text

"""Files sent with ideas and questions: judged by their bytes, at most three and a size limit
each, stored privately (never under MEDIA_ROOT or any public URL), named on the tracking page,
downloadable by the desk only, in the privacy export and erased with the person's data."""

import io
import json
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from cityportal.feedback import privacy
from cityportal.feedback.models import Enquiry, EnquiryAttachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF" + b"\x00" * 40


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def send(client, files=(), **fields):
    data = {
        "kind": "idea",
        "topic": "moi-truong",
        "title": "Rác thải trên kênh Nhiêu Lộc",
        "body": "Đoạn kênh gần cầu Lê Văn Sỹ có nhiều rác; gửi kèm ảnh và văn bản.",
        "name": "Lê Văn Cường",
        "email": "cuong@example.invalid",
        "consent": "on",
        "attachments": [SimpleUploadedFile(name, data) for name, data in files],
        **fields,
    }
    return client.post("/gop-y/", data, REMOTE_ADDR="203.0.113.20", follow=True)


def test_files_are_stored_privately_and_only_their_names_are_public(
    client, private_storage, settings
):
    files = [("van-ban.pdf", PDF), ("anh-kenh.jpg", JPEG), ("de-xuat.docx", docx_bytes())]
    response = send(client, files)
    assert response.status_code == 200
    enquiry = Enquiry.objects.get()
    assert "anh-kenh.jpg" in response.content.decode()  # the confirmation names what arrived
    stored = {a.original_name: a for a in enquiry.attachments.all()}
    assert {n: (a.content_type, a.size) for n, a in stored.items()} == {
        "van-ban.pdf": ("application/pdf", len(PDF)),
        "anh-kenh.jpg": ("image/jpeg", len(JPEG)),
        "de-xuat.docx": (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            len(files[2][1]),
        ),
    }
    for name, data in files:
        with private_storage.open(stored[name].file.name) as handle:
            assert handle.read() == data

    # In production the field writes to storages["private"], which is outside MEDIA_ROOT.
    field = EnquiryAttachment._meta.get_field("file")
    assert field._storage_callable() is storages["private"]
    private_root = storages["private"].path("")
    assert not private_root.startswith(str(settings.MEDIA_ROOT))

    pdf = stored["van-ban.pdf"]
    assert client.get(settings.MEDIA_URL + pdf.file.name).status_code == 404
    tracking = client.get("/gop-y/theo-doi/", {"ma": enquiry.tracking_code}).content.decode()
    assert "van-ban.pdf" in tracking and "de-xuat.docx" in tracking
    assert pdf.file.name not in tracking and "/files/" not in tracking
    download = f"/admin/feedback/enquiries/{enquiry.pk}/files/{pdf.pk}/"
    assert client.get(download).status_code == 302  # to the admin login
    desk = get_user_model().objects.create_superuser("desk", "desk@example.invalid", "pw")
    client.force_login(desk)
    served = client.get(download)
    assert served.status_code == 200 and b"".join(served.streaming_content) == PDF
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("attachment;")
    edit = client.get(f"/admin/enquiries/edit/{enquiry.pk}/").content.decode()
    assert download in edit and "Rác thải trên kênh Nhiêu Lộc" in edit

    # A file lost from storage (a restore without the private folder): a 404 that says so.
    private_storage.delete(pdf.file.name)
    lost = client.get(download)
    assert lost.status_code == 404


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("quyet-dinh.pdf", b"MZ\x90\x00 an executable", "không phải là tệp PDF"),
        ("anh.png", b"<html><script>alert(1)</script></html>", "không phải là tệp ảnh"),
        ("so-lieu.csv", "Chỉ tiêu;Năm\nGRDP;2024\n".encode(), "chỉ nhận tệp"),
        ("virus.exe", b"MZ", "chỉ nhận tệp"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_lost(
    client, private_storage, name, data, message
):
    response = send(client, [("anh-kenh.jpg", JPEG), (name, data)])
    html = response.content.decode()
    assert response.status_code == 400
    assert message in str(response.context["form"].errors["attachments"])
    assert message in html and name in html
    assert "Rác thải trên kênh Nhiêu Lộc" in html and "cầu Lê Văn Sỹ" in html  # kept
    assert "cuong@example.invalid" in html
    assert not Enquiry.objects.exists() and not EnquiryAttachment.objects.exists()
    assert not private_storage.exists("feedback")


def test_a_file_over_the_limit_is_refused(client, private_storage, settings):
    settings.FEEDBACK_ATTACHMENT_MAX_BYTES = 1024 * 1024
    big = PDF + b"0" * (1024 * 1024)
    response = send(client, [("bao-cao.pdf", big)])
    errors = str(response.context["form"].errors["attachments"])
    assert response.status_code == 400
    assert "vượt giới hạn 1 MB" in errors and "bao-cao.pdf" in errors
    assert "Rác thải trên kênh Nhiêu Lộc" in response.content.decode()
    assert not Enquiry.objects.exists() and not private_storage.exists("feedback")


def test_more_than_three_files_are_refused(client, private_storage):
    response = send(client, [(f"anh-{i}.jpg", JPEG) for i in range(4)])
    assert response.status_code == 400
    assert "tối đa 3 tệp; bạn đã chọn 4 tệp" in response.content.decode()
    assert "Rác thải trên kênh Nhiêu Lộc" in response.content.decode()
    assert not Enquiry.objects.exists()


def test_good_files_on_a_form_with_another_error_are_asked_for_again(client, private_storage):
    response = send(client, [("van-ban.pdf", PDF)], title="")
    html = response.content.decode()
    assert response.status_code == 400 and "Vui lòng nhập tiêu đề." in html
    assert "Vui lòng chọn lại tệp đính kèm" in html  # the browser does not keep them
    assert not EnquiryAttachment.objects.exists()


def test_files_sent_when_the_rate_limit_refuses_the_form_are_asked_for_again(
    client, private_storage, settings
):
    """The 429 page said "nội dung bạn vừa viết vẫn còn" and kept the text, but the file field
    came back empty without a word: the citizen sent again and the files were lost."""
    settings.FEEDBACK_RATE_PER_IP = (1, 600)
    send(client)
    response = send(client, [("van-ban.pdf", PDF)], title="Rác trên kênh Tàu Hủ")
    html = response.content.decode()
    assert response.status_code == 429 and "Rác trên kênh Tàu Hủ" in html
    assert "Vui lòng chọn lại tệp đính kèm" in html
    assert not EnquiryAttachment.objects.exists()


def test_once_the_answer_is_published_its_public_code_shows_no_file_names(client, private_storage):
    """The published answer prints the tracking code (and its URL carries it), so anyone could
    open the tracking page with it and read the names of the private files, which name the
    citizen's papers ("cccd-nguyen-van-a.jpg")."""
    send(client, [("cccd-le-van-cuong.jpg", JPEG), ("van-ban.pdf", PDF)])
    enquiry = Enquiry.objects.get()
    enquiry.answer, enquiry.status = "Đã thu gom rác.", Enquiry.Status.PUBLISHED
    enquiry.save()
    public = client.get(enquiry.get_absolute_url()).content.decode()
    assert enquiry.tracking_code in public
    tracking = client.get("/gop-y/theo-doi/", {"ma": enquiry.tracking_code}).content.decode()
    assert "cccd-le-van-cuong" not in tracking and "van-ban.pdf" not in tracking
    assert "2 tệp" in tracking


def test_privacy_export_names_the_files_and_erasure_deletes_them(
    client, private_storage, django_capture_on_commit_callbacks
):
    send(client, [("van-ban.pdf", PDF), ("anh-kenh.jpg", JPEG)])
    send(client, [("cua-nguoi-khac.pdf", PDF)], email="khac@example.invalid", title="Khác")
    mine = Enquiry.objects.get(email="cuong@example.invalid")
    names = [a.file.name for a in mine.attachments.all()]
    other = EnquiryAttachment.objects.get(original_name="cua-nguoi-khac.pdf")
    assert all(private_storage.exists(n) for n in names)

    # Through the admin page for data requests, as the desk handles them.
    desk = get_user_model().objects.create_superuser("desk", "desk@example.invalid", "pw")
    client.force_login(desk)
    page = "/admin/feedback/personal-data/"
    exported = json.loads(
        client.post(page, {"email": "Cuong@Example.invalid", "action": "export"}).content
    )
    [enquiry] = exported["enquiries"]
    assert [a["name"] for a in enquiry["attachments"]] == ["van-ban.pdf", "anh-kenh.jpg"]
    assert "cua-nguoi-khac.pdf" not in json.dumps(exported)

    with django_capture_on_commit_callbacks(execute=True):
        erased = client.post(
            page,
            {"email": "cuong@example.invalid", "action": "erase", "confirm": "yes"},
            follow=True,
        )
    assert "1 góp ý, câu hỏi được ẩn danh (2 tệp đính kèm bị xóa)" in erased.content.decode()
    assert not EnquiryAttachment.objects.filter(enquiry=mine).exists()
    assert not any(private_storage.exists(n) for n in names)  # the stored files are gone
    assert private_storage.exists(other.file.name)  # someone else's stays
    assert Enquiry.objects.filter(pk=mine.pk).exists()  # the enquiry stays, anonymised
    assert privacy.export_person("cuong@example.invalid")["enquiries"] == []

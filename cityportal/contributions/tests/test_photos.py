"""The photos a press officer sends come with the draft article: library images credited to the
agency, made once, and a photo the library cannot take is left out with a note, not an error."""

import io
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from PIL import Image as PILImage
from wagtail.images import get_image_model

from cityportal.contributions import drafts
from cityportal.contributions.models import Submission
from cityportal.contributions.photos import COLLECTION
from cityportal.news.models import ArticlePage

S = Submission.Status
Image = get_image_model()


def photo(name: str, colour: str, size=(64, 48)) -> SimpleUploadedFile:
    picture = PILImage.new("RGB", size, colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG" if name.endswith(".png") else "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def cut_off_photo(name: str) -> SimpleUploadedFile:
    """A real JPEG that stopped halfway through the transfer: its header reads, its pixels don't."""
    buffer = io.BytesIO()
    PILImage.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    return SimpleUploadedFile(name, data[: len(data) // 2])


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def post_news(client, officer, agency, files, **fields):
    """The press officer's news item with `files`, as the contribution form posts it."""
    client.force_login(officer)
    return client.post(
        "/admin/contributions/new/",
        {
            "organisation": agency.pk,
            "kind": "news",
            "title": "Phường Linh Xuân ra quân làm sạch kênh",
            "lead": "Hơn 300 người tham gia.",
            "body": "<p>Sáng chủ nhật, hơn 300 người dân cùng ra quân.</p>",
            "key": str(uuid.uuid4()),
            "attachments": files,
            **fields,
        },
    )


@pytest.fixture
def send(client, officers, agencies, staff):
    """Thủ Đức's press officer sends a news item with `files`; the editor takes it into review."""

    def post(files, **fields) -> Submission:
        response = post_news(client, officers["thu-duc"], agencies["thu-duc"], files, **fields)
        assert response.status_code == 302, response.context["form"].errors
        submission = Submission.objects.get(title="Phường Linh Xuân ra quân làm sạch kênh")
        submission.move(S.IN_REVIEW, staff["editor"])
        client.force_login(staff["editor"])
        return submission

    return post


def accept(client, submission):
    return client.post(f"/admin/contributions/{submission.pk}/move/", {"to": "accepted"})


def test_the_agencys_photos_become_the_drafts_cover_and_figures(client, send, agencies, staff):
    pdf = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.7\n...")
    submission = send(
        [photo("toan-canh.jpg", "navy"), pdf, photo("nguoi-dan.png", "green", (80, 60))]
        + [photo("ket-qua.jpg", "orange")]
    )
    response = accept(client, submission)

    article = ArticlePage.objects.get(pk=Submission.objects.get(pk=submission.pk).article_id)
    assert response.url == f"/admin/pages/{article.pk}/edit/"
    thu_duc = agencies["thu-duc"].name
    titles = [f"Phường Linh Xuân ra quân làm sạch kênh (ảnh {n})" for n in (1, 2, 3)]
    images = list(Image.objects.order_by("pk"))
    assert [i.title for i in images] == titles  # the PDF stays an attachment
    assert {(i.collection.name, i.collection.get_parent().name) for i in images} == {
        (thu_duc, COLLECTION)
    }
    assert [(i.width, i.height) for i in images] == [(64, 48), (80, 60), (64, 48)]
    assert all(i.file_hash and i.uploaded_by_user == staff["editor"] for i in images)
    with images[1].file.open("rb") as stored:
        assert PILImage.open(stored).getpixel((0, 0)) == (0, 128, 0)

    assert article.cover_image == images[0] and article.cover_alt
    assert article.cover_credit == thu_duc  # credited under the cover as under the figures
    assert [block.block_type for block in article.body] == ["paragraph", "figure", "figure"]
    figures = [block.value for block in article.body][1:]
    assert [f["image"].pk for f in figures] == [i.pk for i in images[1:]]
    assert {f["credit"] for f in figures} == {thu_duc}
    assert all(f["image"].contextual_alt_text for f in figures)

    assert client.get(response.url).status_code == 200  # the page editor opens the draft
    article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    page = client.get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    cover_credit = BeautifulSoup(page, "html.parser").select_one("figure.cover .credit")
    assert cover_credit.get_text() == f"(Ảnh: {thu_duc})"


def test_the_agencys_captions_describe_its_photos(client, send, agencies, staff):
    submission = send(
        [photo("toan-canh.jpg", "navy"), photo("nguoi-dan.jpg", "green")]
        + [photo("ket-qua.jpg", "orange")],
        # The second photo left without a caption: its line is empty.
        photo_captions="Toàn cảnh buổi ra quân trên kênh Ba Bò\n\nRác vớt được sau một buổi sáng\n",
    )
    detail = client.get(f"/admin/contributions/{submission.pk}/").content.decode()
    assert "<li>(không chú thích)</li><li>Rác vớt được sau một buổi sáng</li>" in detail
    response = accept(client, submission)

    article = ArticlePage.objects.get(pk=Submission.objects.get(pk=submission.pk).article_id)
    stand_in = f"Phường Linh Xuân ra quân làm sạch kênh – ảnh 2/3 của {agencies['thu-duc'].name}"
    assert [i.description for i in Image.objects.order_by("pk")] == [
        "Toàn cảnh buổi ra quân trên kênh Ba Bò",
        stand_in,
        "Rác vớt được sau một buổi sáng",
    ]
    assert article.cover_alt == "Toàn cảnh buổi ra quân trên kênh Ba Bò"
    figures = [block.value for block in article.body][1:]
    assert [(f["caption"], f["image"].contextual_alt_text) for f in figures] == [
        ("", stand_in),
        ("Rác vớt được sau một buổi sáng", "Rác vớt được sau một buổi sáng"),
    ]
    # The editor is told a stand-in is there to rewrite, and finds it in the draft.
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        "1 ảnh chưa có chú thích của cơ quan: lời mô tả ảnh (alt) trong bản nháp đang tạm ghi "
        "tiêu đề bài, cần viết lại cho đúng nội dung ảnh."
    ]
    assert (
        'value="Toàn cảnh buổi ra quân trên kênh Ba Bò"'
        in client.get(response.url).content.decode()
    )

    article.save_revision(user=staff["chief"]).publish(user=staff["chief"])
    page = client.get(ArticlePage.objects.get(pk=article.pk).url).content.decode()
    assert '<figcaption>Rác vớt được sau một buổi sáng <span class="credit">' in page


def test_more_captions_than_photos_are_refused(client, officers, agencies):
    response = post_news(
        client,
        officers["thu-duc"],
        agencies["thu-duc"],
        [photo("toan-canh.jpg", "navy")],
        photo_captions="Toàn cảnh buổi ra quân\nRác vớt được sau một buổi sáng",
    )
    assert response.status_code == 200 and not Submission.objects.exists()
    assert response.context["form"].errors["photo_captions"] == [
        "Có 2 dòng chú thích nhưng bài chỉ có 1 ảnh; mỗi dòng chú thích một ảnh, theo thứ tự "
        "đính kèm."
    ]


def test_a_photo_that_does_not_decode_is_left_out_with_a_note(client, send, staff):
    submission = send([cut_off_photo("bi-loi.jpg"), photo("tot.jpg", "navy")])
    response = accept(client, submission)

    submission.refresh_from_db()
    assert submission.status == S.ACCEPTED and submission.article is not None
    assert [i.title for i in Image.objects.all()] == [
        "Phường Linh Xuân ra quân làm sạch kênh (ảnh 2)"
    ]
    assert submission.article.cover_image.title.endswith("(ảnh 2)")
    note = submission.comments.get().body
    assert "“bi-loi.jpg”" in note and "không đọc được" in note and "tot.jpg" not in note
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert warnings == [
        f"1 ảnh đính kèm chưa đưa được vào bản nháp; lý do ghi trên bài cộng tác "
        f"{submission.tracking_number}.",
        "1 ảnh chưa có chú thích của cơ quan: lời mô tả ảnh (alt) trong bản nháp đang tạm ghi "
        "tiêu đề bài, cần viết lại cho đúng nội dung ảnh.",
    ]
    detail = client.get(f"/admin/contributions/{submission.pk}/")
    assert detail.status_code == 200 and "bi-loi.jpg" in detail.content.decode()


def noisy_photo(name: str, size, orientation: int = 1) -> SimpleUploadedFile:
    """A photo as a camera makes it: detail everywhere (noise compresses as badly as leaves and
    crowds do), a red mark at the top left of the stored pixels, the EXIF orientation tag."""
    picture = PILImage.effect_noise(size, 40).convert("RGB")
    picture.paste((255, 0, 0), (0, 0, 200, 200))
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    if name.endswith(".png"):
        picture.save(buffer, "PNG")
    else:
        picture.save(buffer, "JPEG", quality=95, exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_a_photo_over_the_librarys_upload_limit_is_shrunk(client, send, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1_000_000
    submission = send([noisy_photo("panorama.png", (4500, 300))])
    assert submission.attachments.get().size > 1_000_000
    accept(client, submission)

    image = Image.objects.get()  # a JPEG 4000 px long, under the limit
    assert (image.width, image.height) == (4000, 267) and image.file_size <= 1_000_000
    assert image.file.name.endswith("/panorama.jpg")
    with image.file.open("rb") as stored:
        assert PILImage.open(stored).format == "JPEG"
    assert not Submission.objects.get(pk=submission.pk).comments.exists()


def test_a_photo_over_the_pixel_limit_is_shrunk_and_stands_upright(client, send, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 500_000
    # Taken upright, stored on its side: the camera says "turn 90° clockwise to view".
    submission = send([noisy_photo("chan-dung.jpg", (1600, 1200), orientation=6)])
    accept(client, submission)

    image = Image.objects.get()
    assert image.width < image.height and image.width * image.height <= 500_000
    with image.file.open("rb") as stored:
        shrunk = PILImage.open(stored)
        assert not shrunk.getexif().get(0x0112)  # upright in its pixels, no tag left to obey
        red, green, blue = shrunk.convert("RGB").getpixel((image.width - 20, 20))
    assert red > 200 and green < 60 and blue < 60  # the stored top left is the viewer's top right


def test_a_photo_still_over_the_limit_once_shrunk_is_left_out(client, send, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2000
    submission = send([photo("qua-lon.png", "red", (1200, 900)), photo("vua.jpg", "navy")])
    big = submission.attachments.get(original_name="qua-lon.png")
    assert big.size > 2000
    accept(client, submission)

    submission.refresh_from_db()
    assert [i.title for i in Image.objects.all()] == [
        "Phường Linh Xuân ra quân làm sạch kênh (ảnh 2)"
    ]
    note = submission.comments.get().body
    assert "“qua-lon.png”: vẫn quá lớn sau khi thu nhỏ" in note


def test_accepting_twice_or_making_the_draft_again_adds_no_images(client, send, staff):
    submission = send([photo("a.jpg", "navy"), photo("b.jpg", "green")])
    # Two editors with the same submission open: both pages loaded before either accepts.
    first, second = (
        Submission.objects.get(pk=submission.pk),
        Submission.objects.get(pk=submission.pk),
    )
    article = drafts.accept(first, staff["editor"])
    with pytest.raises(PermissionDenied):
        drafts.accept(second, staff["editor"])
    assert ArticlePage.objects.count() == 1 and Image.objects.count() == 2
    assert submission.changes.filter(to_status=S.ACCEPTED).count() == 1

    # Made again while the draft exists: the same draft, as the newsroom left it.
    assert drafts.make_draft(first, staff["editor"]) == article
    assert Image.objects.count() == 2 and len(article.body) == 2

    # The draft deleted and made again: the same library images, none copied.
    images = [article.cover_image_id, article.body[1].value["image"].pk]
    article.delete()
    submission.refresh_from_db()
    again = drafts.make_draft(submission, staff["editor"])
    assert again.pk != article.pk and Image.objects.count() == 2
    assert [again.cover_image_id, again.body[1].value["image"].pk] == images


def refuse_inserts(table: str) -> None:
    """The database refuses every new row of `table` (a trigger, undone with the test's
    transaction), as a full disk or a broken constraint would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refused() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disk full' USING ERRCODE = '23000'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                f"CREATE TRIGGER refused BEFORE INSERT ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION refused()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER refused BEFORE INSERT ON {table} "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )


@pytest.mark.parametrize("table", ["news_articlepage", Image._meta.db_table])
def test_a_failed_accept_leaves_no_image_files_behind(send, staff, settings, table):
    """The database refuses the article after the photos are in the library, or refuses an
    image's own row after its file is written: the rows roll back, and the files go with them
    instead of staying in storage, linked from nothing."""
    submission = send([photo("a.jpg", "navy"), photo("b.jpg", "green")])
    before = {path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()}
    refuse_inserts(table)
    with pytest.raises(IntegrityError):
        drafts.accept(Submission.objects.get(pk=submission.pk), staff["editor"])

    assert not Image.objects.exists() and not ArticlePage.objects.exists()
    assert {path for path in settings.MEDIA_ROOT.rglob("*") if path.is_file()} == before
    submission.refresh_from_db()
    assert submission.status == S.IN_REVIEW

"""Uploads that are not for everyone cannot be fetched by their file's URL."""

from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction


def test_a_document_in_a_private_collection_is_not_served_from_media(client, db):
    # Wagtail checks a collection's privacy in /documents/<id>/<name>; the same file under
    # /media/documents/ skipped that check, so anyone with the link had the confidential PDF.
    private = Collection.get_first_root_node().add_child(name="Tài liệu nội bộ")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Dự thảo mật",
        collection=private,
        file=ContentFile(b"%PDF-1.4 noi dung mat", name="du-thao-mat.pdf"),
    )
    assert document.file.url.startswith("/media/documents/")

    assert client.get(document.file.url).status_code == 404
    assert client.get(document.url).status_code == 302  # Wagtail's view: to the login page
    assert client.get("/media/documents/").status_code == 404


def test_public_uploads_are_still_served_from_media(client, db):
    from django.core.files.storage import default_storage

    name = default_storage.save("original_images/anh-cong-khai.txt", ContentFile(b"cong khai"))
    try:
        response = client.get(f"/media/{name}")
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"cong khai"
    finally:
        default_storage.delete(name)


def test_a_dotted_path_does_not_reach_documents_either(client, db):
    from django.core.files.storage import default_storage

    name = default_storage.save("documents/noi-bo.pdf", ContentFile(b"%PDF-1.4 noi bo"))
    try:
        for path in (f"/media/{name}", f"/media/x/../{name}", f"/media/./{name}"):
            # The test client, like curl --path-as-is, sends the dots as typed.
            assert client.get(path).status_code == 404, path
    finally:
        default_storage.delete(name)


def test_open_data_files_as_uploaded_are_not_served_from_media(client, db):
    # A private dataset's file is downloaded through opendata's view, which checks the dataset;
    # /media/opendata/<year>/<month>/<the name it was uploaded with> skipped that check.
    from django.core.files.storage import default_storage

    name = default_storage.save("opendata/2026/11/chi-tieu-noi-bo.csv", ContentFile(b"a,b\n1,2\n"))
    try:
        assert client.get(f"/media/{name}").status_code == 404
    finally:
        default_storage.delete(name)

"""Comments on a published article, and a real SMTP server on loopback for the e-mail tests."""

import pytest
from django.contrib.contenttypes.models import ContentType

from cityportal.feedback.models import Comment


@pytest.fixture
def article(make_article):
    return make_article(title="Thành phố khởi công tuyến metro số 2")


@pytest.fixture
def make_comment(article):
    """make_comment(body="…", **fields): a reader's comment on `article` (pending by default)."""
    counter = {"n": 0}

    def make(body=None, target=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        target = target or article
        fields.setdefault("name", f"Bạn đọc {n}")
        fields.setdefault("email", f"ban-doc-{n}@example.invalid")
        return Comment.objects.create(
            content_type=ContentType.objects.get_for_model(target),
            object_id=str(target.pk),
            body=body or f"Ý kiến số {n} về tuyến metro.",
            **fields,
        )

    return make


@pytest.fixture
def private_storage(tmp_path, monkeypatch):
    """The private storage of citizens' attachments, in a fresh folder for the test (a real
    FileSystemStorage, like production's, outside MEDIA_ROOT)."""
    from django.core.files.storage import FileSystemStorage

    from cityportal.feedback.models import EnquiryAttachment

    storage = FileSystemStorage(location=tmp_path / "private")
    monkeypatch.setattr(EnquiryAttachment._meta.get_field("file"), "storage", storage)
    return storage

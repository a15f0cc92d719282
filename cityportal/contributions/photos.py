"""The photos an agency sends with a news item become images in the newsroom's library, so the
draft article carries them: checked as an editor's own upload would be, filed under the agency,
made once per photo however many times the draft is made."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from cityportal.core.models import Organisation

from .models import Attachment, Submission

# Under the library's root, one child collection per agency.
COLLECTION = "Ảnh bài cộng tác"


@dataclass
class Photos:
    images: list = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line per photo left out, and why


@contextmanager
def files_removed_on_rollback() -> Iterator[list]:
    """The transaction library images are made in. Wagtail writes an image's file as it saves
    the row, and a rollback takes back only the row: the files of the images made here (each
    added to the yielded list) are deleted when the block fails. Durable, so a block left
    without an error has committed and no outer rollback can orphan them later."""
    written = []
    try:
        with transaction.atomic(durable=True):
            yield written
    except BaseException:
        for file in written:
            file.storage.delete(file.name)
        raise


def library_images(submission: Submission, editor, written: list) -> Photos:
    """Each photo attached to `submission` as a library image, in the order attached; a photo
    the library would refuse (too heavy, too many pixels) or that does not decode is skipped
    with a note, and the rest still go through. New images' files are added to `written` (see
    files_removed_on_rollback)."""
    found = Photos()
    photos = list(submission.attachments.photos().select_related("image"))
    for number, attachment in enumerate(photos, 1):
        if attachment.image is None:
            title = submission.title[:230] + (f" (ảnh {number})" if len(photos) > 1 else "")
            try:
                attachment.image = _import(attachment, title, submission.organisation, editor)
            except ValidationError as error:
                found.skipped.append(f"“{attachment.original_name}”: {' '.join(error.messages)}")
                continue
            written.append(attachment.image.file)
            attachment.save(update_fields=["image"])
        found.images.append(attachment.image)
    return found


def _import(attachment: Attachment, title: str, organisation: Organisation, editor):
    try:
        with attachment.file.open("rb") as stored:
            upload = SimpleUploadedFile(attachment.original_name, stored.read())
    except (FileNotFoundError, ValueError) as error:
        raise ValidationError("tệp không còn trên máy chủ.") from error
    try:
        # The library's own limits (WAGTAILIMAGES_MAX_UPLOAD_SIZE, _MAX_IMAGE_PIXELS, formats):
        # an agency's 20 MB attachment may be more than an editor could upload.
        WagtailImageField().clean(upload)
        upload.seek(0)
        with PILImage.open(upload) as picture:
            picture.load()  # every pixel: a file cut off in transfer fails here, not on the page
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise ValidationError("ảnh không đọc được (tệp hỏng hoặc không trọn vẹn).") from error
    upload.seek(0)
    image = get_image_model()(
        title=title,
        description=title[:255],  # the default alt text, until an editor writes a better one
        collection=_collection(organisation),
        uploaded_by_user=editor,
        file=upload,
    )
    image._set_image_file_metadata()  # size and hash, as Wagtail's upload form sets them
    image.save()
    return image


def _collection(organisation: Organisation) -> Collection:
    """The agency's collection, made on its first photo (editors' rights on the root cover it)."""
    parent = _child(Collection.get_first_root_node(), COLLECTION)
    return _child(parent, organisation.name[:255])


def _child(parent: Collection, name: str) -> Collection:
    return parent.get_children().filter(name=name).first() or parent.add_child(name=name)

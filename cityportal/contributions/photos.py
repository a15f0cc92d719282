"""The photos an agency sends with a news item become images in the newsroom's library, so the
draft article carries them: checked as an editor's own upload would be, shrunk when over the
library's limits, described by the agency's caption, filed under the agency, made once per photo
however many times the draft is made."""

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageOps
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection

from cityportal.core.models import Organisation

from .models import Attachment, Submission

# Under the library's root, one child collection per agency.
COLLECTION = "Ảnh bài cộng tác"

# A photo over the library's limits is made a JPEG this long at most (sharp on any screen, a few
# MB), at the quality newsrooms use for the web.
LONGEST_SIDE = 4000
JPEG_QUALITY = 85

UNREADABLE = "ảnh không đọc được (tệp hỏng hoặc không trọn vẹn)."


@dataclass
class Photos:
    images: list = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line per photo left out, and why
    captions: list[str] = field(default_factory=list)  # per image, the agency's ("" for none)


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
    """Each photo attached to `submission` as a library image, in the order attached, its alt
    text the agency's caption or, without one, a placeholder naming the article and the agency.
    A photo the library would refuse even shrunk, or that does not decode, is skipped with a
    note, and the rest still go through. New images' files are added to `written` (see
    files_removed_on_rollback)."""
    found = Photos()
    photos = list(submission.attachments.photos().select_related("image"))
    captions = submission.captions()
    for number, attachment in enumerate(photos, 1):
        caption = captions[number - 1] if number <= len(captions) else ""
        if attachment.image is None:
            title = submission.title[:230] + (f" (ảnh {number})" if len(photos) > 1 else "")
            description = caption or _placeholder(submission, number, len(photos))
            try:
                attachment.image = _import(
                    attachment, title, description, submission.organisation, editor, written
                )
            except ValidationError as error:
                found.skipped.append(f"“{attachment.original_name}”: {' '.join(error.messages)}")
                continue
            attachment.save(update_fields=["image"])
        found.images.append(attachment.image)
        found.captions.append(caption)
    return found


def _placeholder(submission: Submission, number: int, count: int) -> str:
    """Alt text until an editor writes a better one: what the article is and whose photo."""
    which = f"ảnh {number}/{count}" if count > 1 else "ảnh"
    suffix = f" – {which} của {submission.organisation.name}"
    return submission.title[: 255 - len(suffix)] + suffix


def _import(
    attachment: Attachment,
    title: str,
    description: str,
    organisation: Organisation,
    editor,
    written: list,
):
    image = get_image_model()(
        title=title,
        description=description[:255],
        collection=_collection(organisation),
        uploaded_by_user=editor,
        file=_checked(attachment),
    )
    image._set_image_file_metadata()  # size and hash, as Wagtail's upload form sets them
    try:
        image.save()
    finally:
        # The file is stored before the row is inserted: listed even when the insert fails.
        if image.file._committed:
            written.append(image.file)
    return image


def _checked(attachment: Attachment) -> SimpleUploadedFile:
    """The photo as the library takes it: as sent when within the library's own limits
    (WAGTAILIMAGES_MAX_UPLOAD_SIZE, _MAX_IMAGE_PIXELS, formats), which an agency's 20 MB
    attachment may exceed, otherwise shrunk to fit them."""
    try:
        with attachment.file.open("rb") as stored:
            upload = SimpleUploadedFile(attachment.original_name, stored.read())
    except (FileNotFoundError, ValueError) as error:
        raise ValidationError("tệp không còn trên máy chủ.") from error
    try:
        _check(upload)
    except ValidationError as error:
        if getattr(error, "code", None) not in ("file_too_large", "file_too_many_pixels"):
            raise
        upload = _shrunk(upload)
        try:
            _check(upload)
        except ValidationError as still:
            reason = " ".join(still.messages)
            raise ValidationError(f"vẫn quá lớn sau khi thu nhỏ: {reason}") from still
    upload.seek(0)
    return upload


def _check(upload: SimpleUploadedFile) -> None:
    try:
        WagtailImageField().clean(upload)
        upload.seek(0)
        with PILImage.open(upload) as picture:
            picture.load()  # every pixel: a file cut off in transfer fails here, not on the page
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise ValidationError(UNREADABLE) from error


def _shrunk(upload: SimpleUploadedFile) -> SimpleUploadedFile:
    """A JPEG of the photo at most LONGEST_SIDE long and within the library's pixel limit,
    turned upright as its EXIF orientation says (cameras store portraits on their side, and the
    orientation tag does not survive the copy), transparency laid on white."""
    max_pixels = WagtailImageField().max_image_pixels
    upload.seek(0)
    try:
        with PILImage.open(upload) as picture:
            longest, pixels = max(picture.size), picture.width * picture.height
            if max_pixels and pixels > max_pixels:
                # 1% under the limit, as the short side is rounded to the nearest pixel.
                longest = int(longest * (0.99 * max_pixels / pixels) ** 0.5)
            longest = min(longest, LONGEST_SIDE)
            # A JPEG decodes straight at 1/2, 1/4 or 1/8 of its size when that is still large
            # enough: a phone's 50 MP photo takes 40 MB of memory here, not 150.
            ratio = longest / max(picture.size)
            picture.draft("RGB", (round(picture.width * ratio), round(picture.height * ratio)))
            icc_profile = picture.info.get("icc_profile") if picture.mode == "RGB" else None
            picture = ImageOps.exif_transpose(picture)
            picture.thumbnail((longest, longest))
            if picture.mode != "RGB":
                opaque = PILImage.new("RGBA", picture.size, "white")
                picture = PILImage.alpha_composite(opaque, picture.convert("RGBA")).convert("RGB")
            buffer = io.BytesIO()
            picture.save(
                buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, icc_profile=icc_profile
            )
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError) as error:
        raise ValidationError(UNREADABLE) from error
    return SimpleUploadedFile(f"{PurePath(upload.name).stem}.jpg", buffer.getvalue())


def _collection(organisation: Organisation) -> Collection:
    """The agency's collection, made on its first photo (editors' rights on the root cover it)."""
    parent = _child(Collection.get_first_root_node(), COLLECTION)
    return _child(parent, organisation.name[:255])


def _child(parent: Collection, name: str) -> Collection:
    return parent.get_children().filter(name=name).first() or parent.add_child(name=name)

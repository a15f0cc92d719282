"""Attachments are judged by their bytes, not their names: a "decision.pdf" that is really an
executable, or an image that is really HTML, is refused."""

import csv
import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

from .models import Attachment

# What each kind's file starts with.
SIGNATURES = {
    Attachment.Kind.PDF: [b"%PDF-"],
    Attachment.Kind.IMAGE: [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"],
}
EXTENSIONS = {
    ".pdf": Attachment.Kind.PDF,
    ".png": Attachment.Kind.IMAGE,
    ".jpg": Attachment.Kind.IMAGE,
    ".jpeg": Attachment.Kind.IMAGE,
    ".gif": Attachment.Kind.IMAGE,
    ".webp": Attachment.Kind.IMAGE,
    ".docx": Attachment.Kind.DOCX,
    ".xlsx": Attachment.Kind.XLSX,
    ".csv": Attachment.Kind.CSV,
}
# The part every Office Open XML file of that kind has inside its zip.
OOXML_PARTS = {Attachment.Kind.DOCX: "word/document.xml", Attachment.Kind.XLSX: "xl/workbook.xml"}


def attachment_kind(name: str, head: bytes, size: int, read_all) -> str:
    """The kind of an upload whose content matches its extension; otherwise ValidationError."""
    limit = settings.CONTRIBUTION_MAX_ATTACHMENT_BYTES
    if size > limit:
        raise ValidationError(
            f"“{name}” nặng {size / 1e6:.0f} MB, vượt giới hạn {limit / 1e6:.0f} MB."
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        allowed = ", ".join(sorted(EXTENSIONS))
        raise ValidationError(f"“{name}”: chỉ nhận tệp {allowed}.")
    if _matches(kind, extension, head, read_all):
        return kind
    raise ValidationError(
        f"Nội dung tệp “{name}” không phải là {Attachment.Kind(kind).label} như phần mở rộng "
        f"{extension} cho biết."
    )


def _matches(kind: str, extension: str, head: bytes, read_all) -> bool:
    if kind in SIGNATURES and extension != ".webp":
        return any(head.startswith(sig) for sig in SIGNATURES[kind])
    if extension == ".webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    if kind in OOXML_PARTS:
        try:
            with zipfile.ZipFile(io.BytesIO(read_all())) as archive:
                return OOXML_PARTS[kind] in archive.namelist()
        except zipfile.BadZipFile:
            return False
    # CSV: text in UTF-8 with at least one separated row, and no NUL bytes of a binary file.
    data = read_all()
    if b"\x00" in data:
        return False
    try:
        sample = data.decode("utf-8-sig")[:4096]
        csv.Sniffer().sniff(sample, delimiters=";,\t")
    except (UnicodeDecodeError, csv.Error):
        return False
    return True

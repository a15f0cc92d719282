"""Uploaded files judged by their bytes, not their names: a "decision.pdf" that is really an
executable, or an image that is really HTML, is refused. Shared by the agencies' contributions and
the citizens' ideas and questions, each with its own list of accepted extensions and size limit."""

import csv
import io
import zipfile
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# The kinds of file, as people call them in messages.
KINDS = {"image": "ảnh", "pdf": "PDF", "docx": "Word", "xlsx": "Excel", "csv": "CSV"}
# What each kind's file starts with.
SIGNATURES = {
    "pdf": [b"%PDF-"],
    "image": [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"],
}
EXTENSIONS = {
    ".pdf": "pdf",
    ".png": "image",
    ".jpg": "image",
    ".jpeg": "image",
    ".gif": "image",
    ".webp": "image",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".csv": "csv",
}
# The part every Office Open XML file of that kind has inside its zip.
OOXML_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# The media type a download is served with, by what the file starts with (an image named .png
# may well be a JPEG from a phone) or else by kind.
MEDIA_TYPES = {
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"GIF8": "image/gif",
    b"RIFF": "image/webp",
    b"%PDF-": "application/pdf",
}
KIND_MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}


def upload_kind(
    name: str,
    head: bytes,
    size: int,
    read_all: Callable[[], bytes],
    *,
    limit: int,
    extensions: Iterable[str] = EXTENSIONS,
) -> str:
    """The kind of an upload whose content matches its extension; otherwise ValidationError.
    `extensions` narrows the accepted ones (each must be a key of EXTENSIONS)."""
    if size > limit:
        weighs, cap = _megabytes(size), _megabytes(limit)
        if weighs == cap:  # just over: "nặng 20 MB, vượt giới hạn 20 MB" would read as a fault
            raise ValidationError(f"“{name}” vượt giới hạn {cap} MB.")
        raise ValidationError(f"“{name}” nặng {weighs} MB, vượt giới hạn {cap} MB.")
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = sorted(extensions)
    if extension not in allowed:
        raise ValidationError(f"“{name}”: chỉ nhận tệp {', '.join(allowed)}.")
    kind = EXTENSIONS[extension]
    if _matches(kind, extension, head, read_all):
        return kind
    raise ValidationError(
        f"Nội dung tệp “{name}” không phải là tệp {KINDS[kind]} như phần mở rộng {extension} cho biết."
    )


def check_upload(upload: UploadedFile, *, limit: int, extensions: Iterable[str] = EXTENSIONS):
    """`upload_kind` for a file posted to a form, read from the start and left rewound."""
    head = upload.read(16)
    upload.seek(0)

    def read_all() -> bytes:
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return data

    return upload_kind(upload.name, head, upload.size, read_all, limit=limit, extensions=extensions)


def media_type(kind: str, upload: UploadedFile) -> str:
    """The Content-Type to serve a checked upload with."""
    head = upload.read(16)
    upload.seek(0)
    for signature, found in MEDIA_TYPES.items():
        if head.startswith(signature):
            return found
    return KIND_MEDIA_TYPES.get(kind, "application/octet-stream")


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".").replace(".", ",")


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


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; cleans to a list (empty when none was chosen)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


def serve_private(stored, *, filename: str | None = None, content_type: str | None = None):
    """A stored private file as a response, after the caller's permission check: a download
    (as `filename`) or, without one, shown in place with nothing it may load or run. A file gone
    from storage is a 404 with a message, not a server error."""
    from django.http import FileResponse, Http404

    try:
        opened = stored.open("rb")
    except (FileNotFoundError, ValueError) as error:  # ValueError: the field holds no file
        raise Http404("Tệp không còn trên máy chủ.") from error
    if filename is not None:
        return FileResponse(
            opened, as_attachment=True, filename=filename, content_type=content_type
        )
    response = FileResponse(opened, content_type=content_type)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response

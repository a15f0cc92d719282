"""What agencies may attach to a submission: every kind the portal checks (see
cityportal.core.uploads), up to CONTRIBUTION_MAX_ATTACHMENT_BYTES each."""

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from cityportal.core.uploads import check_upload


def attachment_kind(upload: UploadedFile) -> str:
    """The kind of an upload whose content matches its extension; otherwise ValidationError."""
    return check_upload(upload, limit=settings.CONTRIBUTION_MAX_ATTACHMENT_BYTES)

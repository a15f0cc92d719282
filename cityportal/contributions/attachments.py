"""What agencies may attach to a submission: every kind the portal checks (see
cityportal.core.uploads), up to CONTRIBUTION_MAX_ATTACHMENT_BYTES each and
CONTRIBUTION_MAX_SUBMISSION_BYTES all together."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from cityportal.core.uploads import _megabytes, check_upload


def attachment_kind(upload: UploadedFile) -> str:
    """The kind of an upload whose content matches its extension; otherwise ValidationError."""
    return check_upload(upload, limit=settings.CONTRIBUTION_MAX_ATTACHMENT_BYTES)


def check_total(uploads: list[UploadedFile], already: int = 0) -> None:
    """Refuse a set of files that, with the `already` bytes the submission holds, weighs more
    than a submission may (twenty files under the per-file limit would still fill the disk)."""
    total = already + sum(upload.size for upload in uploads)
    cap = settings.CONTRIBUTION_MAX_SUBMISSION_BYTES
    if total > cap:
        raise ValidationError(
            f"Tổng dung lượng tệp đính kèm của bài là {_megabytes(total)} MB, vượt giới hạn "
            f"{_megabytes(cap)} MB cho mỗi bài; hãy bớt hoặc thu nhỏ tệp rồi gửi lại."
        )

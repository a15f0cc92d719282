"""Making a report: compute the snapshot, render the files, keep them with the figures; and the
scheduled run that does it once for each quarter that has closed and mails it."""

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from cityportal.core import mail

from . import snapshot
from .models import QuarterlyReport
from .outputs import CONTENT_TYPES, docx, pdf, xlsx
from .quarters import Quarter

logger = logging.getLogger(__name__)
RENDERERS = {"pdf": pdf.render, "xlsx": xlsx.render, "docx": docx.render}


def render(data: dict, fmt: str) -> bytes:
    return RENDERERS[fmt](data)


def filename(quarter: str, fmt: str) -> str:
    return f"bao-cao-{quarter}.{fmt}"


def generate(quarter: Quarter, *, user=None, scheduled: bool = False) -> QuarterlyReport:
    """Compute and store a report with its three files (rendered before the row is written,
    so a failure leaves nothing half made). A quarter `snapshot.check` refuses (not begun, or
    ended before the portal's first record) raises NothingToReport."""
    snapshot.check(quarter)
    data = snapshot.build(quarter)
    files = {fmt: render(data, fmt) for fmt in RENDERERS}
    with transaction.atomic():
        report = QuarterlyReport.objects.create(
            quarter=str(quarter), data=data, scheduled=scheduled, created_by=user
        )
        for fmt, content in files.items():
            getattr(report, fmt).save(filename(str(quarter), fmt), ContentFile(content), save=False)
        report.save()
    return report


def recipients() -> list[str]:
    return list(getattr(settings, "REPORT_RECIPIENTS", []))


def email(report: QuarterlyReport) -> bool:
    """Send the report to REPORT_RECIPIENTS with its files attached, once: the stamp and the
    message (core.mail's outbox) are written together, so a worker dying mid-send neither loses
    the mail nor sends it again on the next run."""
    to = recipients()
    if not to:
        return False
    label = Quarter.parse(report.quarter).label
    message = mail.message(
        f"Báo cáo kết quả thực hiện chương trình {label}",
        f"Kính gửi các đồng chí,\n\nBáo cáo {label} đã được lập tự động lúc "
        f"{timezone.localtime(report.created_at):%H:%M %d/%m/%Y}; tệp PDF, Excel và Word gửi kèm "
        "(bản Word để biên tập, bổ sung phần đánh giá).\n\nCổng Thông tin điện tử Chính phủ – "
        "kênh Thành phố Hồ Chí Minh",
        to,
    )
    for fmt in RENDERERS:
        field = getattr(report, fmt)
        if field:
            with field.open("rb") as stored:
                message.attach(filename(report.quarter, fmt), stored.read(), CONTENT_TYPES[fmt])
    with transaction.atomic():
        unsent = QuarterlyReport.objects.filter(pk=report.pk, emailed_at__isnull=True)
        if not unsent.update(emailed_at=timezone.now()):
            return False  # another run mailed it meanwhile
        mail.send_after_commit([message])
    return True


def run_schedule(today=None) -> dict:
    """Once a quarter has closed: its report, made once (later runs find it), then mailed once
    (a send the mail server refuses waits in the outbox for its retry). A quarter that closed before the portal had
    any record is skipped: leaders are not mailed a report of zeros that reads like a real one."""
    quarter = Quarter.last_closed(today)
    report = QuarterlyReport.objects.filter(quarter=str(quarter), scheduled=True).first()
    created = False
    if report is None:
        try:
            report = generate(quarter, scheduled=True)
            created = True
        except snapshot.NothingToReport as refused:
            logger.info("No report of %s: %s", quarter, refused)
            return {"quarter": str(quarter), "report": None, "created": False, "emailed": False}
        except IntegrityError:  # another worker made it meanwhile
            report = QuarterlyReport.objects.get(quarter=str(quarter), scheduled=True)
    emailed = False
    if report.emailed_at is None:
        try:
            emailed = email(report)
        except OSError:
            logger.exception("Could not mail the report of %s", quarter)
    return {"quarter": str(quarter), "report": report.pk, "created": created, "emailed": emailed}

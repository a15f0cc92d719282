"""The daily job: after a quarter closes, its report is made once and mailed once."""

import datetime

from django.utils import timezone

from cityportal.core import mail
from cityportal.reports.generate import run_schedule
from cityportal.reports.models import QuarterlyReport
from cityportal.reports.quarters import Quarter
from cityportal.reports.tasks import quarterly_report


def test_the_closed_quarter_is_reported_and_mailed_once(
    settings, mailbox, article_at, django_capture_on_commit_callbacks
):
    settings.REPORT_RECIPIENTS = ["lanhdao@example.invalid", "bientap@example.invalid"]
    closed = Quarter.last_closed()
    article_at(timezone.make_aware(datetime.datetime.combine(closed.start, datetime.time(9))))
    with django_capture_on_commit_callbacks(execute=True):
        first = quarterly_report.enqueue().return_value
        second = quarterly_report.enqueue().return_value
    assert first["quarter"] == str(closed) and first["created"] and first["emailed"]
    assert not second["created"] and not second["emailed"]
    report = QuarterlyReport.objects.get()
    assert report.scheduled and report.emailed_at
    assert len(mailbox.messages) == 1
    recipients, text = mailbox.messages[0]
    files = mailbox.attachments[0]
    assert set(files) == {f"bao-cao-{closed}.{fmt}" for fmt in ("pdf", "xlsx", "docx")}
    assert files[f"bao-cao-{closed}.pdf"].startswith(b"%PDF")
    assert sorted(recipients) == sorted(settings.REPORT_RECIPIENTS)
    assert closed.label in text
    assert report.data["groups"][0]["kpis"][0]["value"] == 1


def test_without_recipients_the_report_is_still_kept(settings, article_at):
    settings.REPORT_RECIPIENTS = []
    article_at(timezone.make_aware(datetime.datetime(2021, 11, 2, 9)))
    result = run_schedule(today=datetime.date(2022, 1, 5))
    assert result["quarter"] == "2021Q4" and not result["emailed"]
    assert QuarterlyReport.objects.filter(quarter="2021Q4", scheduled=True).count() == 1
    assert run_schedule(today=datetime.date(2022, 2, 5))["created"] is False


def test_a_quarter_closed_before_the_portal_had_records_is_not_reported(
    settings, mailbox, article_at, django_capture_on_commit_callbacks
):
    """A fresh portal mailed its leaders a report of zeros for the quarter before it opened."""
    settings.REPORT_RECIPIENTS = ["lanhdao@example.invalid"]
    assert run_schedule(today=datetime.date(2022, 1, 5)) == {
        "quarter": "2021Q4",
        "report": None,
        "created": False,
        "emailed": False,
    }
    article_at(timezone.make_aware(datetime.datetime(2022, 1, 4, 9)))  # the portal opens
    assert run_schedule(today=datetime.date(2022, 1, 6))["report"] is None  # 2021Q4: still none
    assert not QuarterlyReport.objects.exists() and not mailbox.messages
    with django_capture_on_commit_callbacks(execute=True):
        result = run_schedule(today=datetime.date(2022, 4, 2))  # 2022Q1 closes with a record
    assert result["quarter"] == "2022Q1" and result["created"] and result["emailed"]
    assert len(mailbox.messages) == 1


def test_a_worker_dying_mid_send_neither_loses_the_report_nor_mails_it_twice(
    settings, mailbox, article_at, django_capture_on_commit_callbacks
):
    settings.REPORT_RECIPIENTS = ["lanhdao@example.invalid"]
    article_at(timezone.make_aware(datetime.datetime(2021, 11, 2, 9)))
    with django_capture_on_commit_callbacks(execute=False):  # committed, then the worker died
        assert run_schedule(today=datetime.date(2022, 1, 5))["emailed"]
    assert not mailbox.messages
    assert not run_schedule(today=datetime.date(2022, 1, 6))["emailed"]  # not a second copy
    assert mail.send_queued(timezone.now() + datetime.timedelta(minutes=5))["sent"] == 1
    [(recipients, text)] = mailbox.messages
    assert recipients == ["lanhdao@example.invalid"] and "Quý IV" in text
    assert set(mailbox.attachments[0]) == {f"bao-cao-2021Q4.{f}" for f in ("pdf", "xlsx", "docx")}

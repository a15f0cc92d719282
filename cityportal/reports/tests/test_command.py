"""The quarterly_report command: it writes the PDF, the workbook and the document, says a running
quarter is counted so far, and refuses a bad quarter, one not begun or before any record, a portal
with no records and an output named for another format."""

import io

import docx
import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from cityportal.reports.outputs.xlsx import SHEETS
from cityportal.reports.quarters import Quarter


def test_command_writes_a_pdf(some_records, tmp_path):
    out = tmp_path / "q3.pdf"
    call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_command_writes_a_workbook_with_a_sheet_per_group(some_records, tmp_path):
    out = tmp_path / "q3.xlsx"
    call_command(
        "quarterly_report", "--quarter", "2021Q3", "--format", "xlsx", "--output", str(out)
    )
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Tổng hợp", *SHEETS.values(), "Định nghĩa"]
    content = [row for row in book["Tin bài"].iter_rows(values_only=True)]
    assert ("Tổng", 1, 1, 0) in [row[:4] for row in content]


def test_command_writes_a_document_with_its_headings(some_records, tmp_path):
    out = tmp_path / "q3.docx"
    call_command("quarterly_report", quarter="2021Q3", fmt="docx", output=str(out))
    document = docx.Document(str(out))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    assert "BÁO CÁO" in headings
    assert "I. TÓM TẮT KẾT QUẢ QUÝ III/2021" in headings
    assert "II. THÔNG TIN ĐĂNG TẢI" in headings
    assert "1. Tổng số tin, bài đăng" in headings
    text = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_command_refuses_a_bad_quarter(tmp_path):
    with pytest.raises(CommandError):
        call_command("quarterly_report", quarter="2021Q5", fmt="pdf", output=str(tmp_path / "x"))


def test_command_refuses_a_quarter_not_begun_or_before_any_record(some_records, tmp_path):
    out = tmp_path / "q.pdf"
    next_quarter = Quarter.containing(timezone.localdate()).next()
    with pytest.raises(CommandError, match="chưa bắt đầu"):
        call_command("quarterly_report", quarter=str(next_quarter), fmt="pdf", output=str(out))
    with pytest.raises(CommandError, match="01/05/2021"):  # the earliest record, named
        call_command("quarterly_report", quarter="2021Q1", fmt="pdf", output=str(out))
    assert not out.exists()
    call_command("quarterly_report", quarter="2021Q2", fmt="pdf", output=str(out))
    assert out.read_bytes().startswith(b"%PDF")


def test_command_says_a_running_quarter_is_counted_so_far(some_records, tmp_path):
    stdout = io.StringIO()
    this_quarter = Quarter.containing(timezone.localdate())
    out = tmp_path / "now.xlsx"
    call_command(
        "quarterly_report", quarter=str(this_quarter), fmt="xlsx", output=str(out), stdout=stdout
    )
    assert "chưa kết thúc" in stdout.getvalue() and out.exists()


def test_command_refuses_an_output_named_for_another_format(some_records, tmp_path):
    out = tmp_path / "m.xlsx"
    with pytest.raises(CommandError, match=r"m\.pdf"):
        call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(out))
    assert not out.exists()
    call_command("quarterly_report", quarter="2021Q3", fmt="xlsx", output=str(tmp_path / "M.XLSX"))
    assert openpyxl.load_workbook(tmp_path / "M.XLSX")


def test_a_portal_with_no_records_is_refused_everywhere(client, manager, tmp_path):
    with pytest.raises(CommandError, match="chưa có dữ liệu nào"):
        call_command("quarterly_report", quarter="2021Q3", fmt="pdf", output=str(tmp_path / "x"))
    client.force_login(manager)
    page = client.get(reverse("reports_quarterly") + "?quarter=2021Q3")
    assert "chưa có dữ liệu nào" in page.content.decode()

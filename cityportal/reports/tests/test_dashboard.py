"""The report's admin page: for staff with the report permission only, refusing what the command
refuses and crafted quarters, one computation shared by the page and its downloads and recomputed
only on a POST; stored reports kept as computed; quarter plans edited in the admin."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cityportal.reports.generate import generate
from cityportal.reports.models import QuarterlyReport
from cityportal.reports.quarters import Quarter

from .conftest import local


def test_a_stored_report_keeps_its_figures_after_records_change(article_at, manager):
    article = article_at(local(2021, 8, 1, 9))
    report = generate(Quarter(2021, 3), user=manager)
    assert all(getattr(report, fmt).name for fmt in ("pdf", "xlsx", "docx"))
    article.delete()
    stored = QuarterlyReport.objects.get(pk=report.pk)
    first = stored.data["groups"][0]["kpis"][0]
    assert (first["key"], first["value"]) == ("articles_published", 1)

    # Its file lost from storage: a 404 that says so, not a server error.
    report.pdf.storage.delete(report.pdf.name)
    client = Client()
    client.force_login(manager)
    lost = client.get(reverse("reports_quarterly_download", args=[report.pk, "pdf"]))
    assert lost.status_code == 404


def test_dashboard_for_staff_with_the_report_permission(client, manager, staff, some_records):
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    client.force_login(staff["editor"])
    assert client.get(url).status_code in (302, 403)
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quý III/2021" in page and "Cách tính" in page and "<svg" in page

    response = client.post(reverse("reports_quarterly"), {"quarter": "2021Q3"})
    report = QuarterlyReport.objects.get()
    assert response.status_code == 302 and report.created_by == manager
    assert client.get(f"{reverse('reports_quarterly')}?report={report.pk}").status_code == 200
    download = client.get(reverse("reports_quarterly_download", args=[report.pk, "pdf"]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    export = client.get(reverse("reports_quarterly_export", args=["xlsx"]) + "?quarter=2021Q3")
    assert export["Content-Disposition"].endswith('bao-cao-2021Q3.xlsx"')


def test_the_admin_refuses_a_quarter_not_begun_or_before_any_record(client, manager, some_records):
    """The screen, its downloads and "lập và lưu" refuse what the command refuses, saying why,
    and make no report of zeros."""
    client.force_login(manager)
    url = reverse("reports_quarterly")
    next_quarter = Quarter.containing(timezone.localdate()).next()
    for quarter, reason in ((next_quarter, "chưa bắt đầu"), (Quarter(2021, 1), "01/05/2021")):
        page = client.get(f"{url}?quarter={quarter}")
        html = page.content.decode()
        assert page.status_code == 200 and page.context["refused"]
        assert f"Không lập báo cáo: {quarter.label}" in html and reason in html
        assert "report" not in page.context and "Cách tính" not in html and "Tải PDF" not in html
        assert f"Lập và lưu báo cáo {quarter.label}" not in html
        export = client.get(
            reverse("reports_quarterly_export", args=["pdf"]) + f"?quarter={quarter}", follow=True
        )
        assert export["Content-Type"].startswith("text/html")
        assert reason in export.content.decode()
        posted = client.post(url, {"quarter": str(quarter)}, follow=True)
        assert reason in posted.content.decode()
    assert not QuarterlyReport.objects.exists()

    running = client.get(f"{url}?quarter={Quarter.containing(timezone.localdate())}")
    assert "chưa kết thúc" in running.content.decode() and "Cách tính" in running.content.decode()


def test_crafted_quarters_and_report_numbers_are_refused_not_a_server_error(
    client, manager, some_records, tmp_path
):
    """Year 0 (its quarter before is no date) and ?report=² (a digit to str.isdigit(), not to
    the database) answered 500 on the screen, its export and "lập và lưu"."""
    client.force_login(manager)
    url = reverse("reports_quarterly")
    assert client.get(f"{url}?report=²").status_code == 200
    for quarter in ("0000Q1", "9999Q4"):
        page = client.get(f"{url}?quarter={quarter}")  # the last closed quarter instead
        assert page.status_code == 200 and page.context["quarter"] == Quarter.last_closed()
        export = reverse("reports_quarterly_export", args=["pdf"]) + f"?quarter={quarter}"
        assert client.get(export).status_code in (200, 302)
        posted = client.post(url, {"quarter": quarter}, follow=True)
        assert "Quý không hợp lệ" in posted.content.decode()
    assert not QuarterlyReport.objects.exists()
    with pytest.raises(CommandError):
        output = str(tmp_path / "bao-cao.pdf")
        call_command(
            "quarterly_report", "--quarter", "0000Q1", "--format", "pdf", "--output", output
        )


def published(data) -> dict:
    return next(k for g in data["groups"] for k in g["kpis"] if k["key"] == "articles_published")


def published_figure(data) -> int:
    return published(data)["value"]


def test_the_dashboard_and_its_downloads_share_one_computation(client, manager, article_at):
    """A leader reads the page, then downloads it: one set of figures for a few minutes; the
    plan changing, a stored report or "tính lại" computes afresh."""
    from cityportal.reports.models import QuarterPlan, Target

    client.force_login(manager)
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    article_at(local(2021, 8, 1, 9))
    assert published_figure(client.get(url).context["report"]) == 1

    article_at(local(2021, 8, 2, 9))
    assert published_figure(client.get(url).context["report"]) == 1  # as computed a moment ago
    export = client.get(reverse("reports_quarterly_export", args=["xlsx"]) + "?quarter=2021Q3")
    summary = openpyxl.load_workbook(io.BytesIO(export.content))["Tổng hợp"]
    name = published(client.get(url).context["report"])["name"]
    assert [row[3] for row in summary.iter_rows(values_only=True) if row[1] == name] == [1]

    refresh = reverse("reports_quarterly_refresh")
    assert client.post(refresh, {"quarter": "2021Q3"}).url == url
    assert published_figure(client.get(url).context["report"]) == 2
    article_at(local(2021, 8, 3, 9))
    plan_ = QuarterPlan.objects.create(quarter="2021Q3")
    Target.objects.create(plan=plan_, kpi="articles_published", value=10)
    page = client.get(url)
    assert published_figure(page.context["report"]) == 3
    assert f'action="{refresh}"' in page.content.decode()


def test_recomputing_is_a_post_never_a_link_followed(client, manager, staff, article_at):
    """A link's reload, a browser's prefetch or a crawler on the intranet recomputed figures
    that take seconds over a million monitored items."""
    url = reverse("reports_quarterly") + "?quarter=2021Q3"
    refresh = reverse("reports_quarterly_refresh")
    client.force_login(manager)
    article_at(local(2021, 8, 1, 9))
    assert published_figure(client.get(url).context["report"]) == 1
    article_at(local(2021, 8, 2, 9))

    assert published_figure(client.get(url + "&refresh=1").context["report"]) == 1
    assert client.get(refresh + "?quarter=2021Q3").status_code == 405
    client.force_login(staff["editor"])
    assert client.post(refresh, {"quarter": "2021Q3"}).status_code in (302, 403)
    client.force_login(manager)
    assert published_figure(client.get(url).context["report"]) == 1

    client.post(refresh, {"quarter": "2021Q3"})
    assert published_figure(client.get(url).context["report"]) == 2


def test_plans_are_edited_in_the_admin(client, manager):
    client.force_login(manager)
    assert client.get(reverse("quarter_plans:add")).status_code == 200

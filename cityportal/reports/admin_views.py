"""The quarterly report in the admin: the dashboard for a chosen quarter (live figures, or a
stored report as it was), generating and keeping a report, and downloading its files."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from cityportal.core.uploads import serve_private
from cityportal.core.viewsets import AdminScreen

from .generate import RENDERERS, filename, generate, render
from .models import QuarterlyReport
from .outputs import CONTENT_TYPES, template_context
from .quarters import Quarter
from .snapshot import NothingToReport, check, live

VIEW_PERMISSION = "reports.view_quarterlyreport"
ADD_PERMISSION = "reports.add_quarterlyreport"


def _require(request, permission):
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _quarter(request) -> Quarter:
    try:
        return Quarter.parse(request.GET.get("quarter", ""))
    except ValueError:
        return Quarter.last_closed()


def _posted_quarter(request) -> Quarter | None:
    """The quarter a form posted, or None with the reason told to the user."""
    try:
        return Quarter.parse(request.POST.get("quarter", ""))
    except ValueError as error:
        messages.error(request, str(error))
        return None


class QuarterlyReportView(AdminScreen, TemplateView):
    template_name = "reports/dashboard.html"
    page_title = "Báo cáo quý"
    header_icon = "doc-full"

    def dispatch(self, request, *args, **kwargs):
        _require(request, VIEW_PERMISSION)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        stored = None
        if pk := self.request.GET.get("report", ""):
            # ASCII digits: "²" passes str.isdigit() and then fails in the query.
            stored = (
                get_object_or_404(QuarterlyReport, pk=pk) if pk.isascii() and pk.isdigit() else None
            )
        quarter = Quarter.parse(stored.quarter) if stored else _quarter(self.request)
        refused = note = ""
        if stored:
            data = stored.data
        else:
            try:
                note = check(quarter)
                data = live(quarter)
            except NothingToReport as error:
                refused, data = str(error), None
        return super().get_context_data(
            **(template_context(data) if data else {}),
            quarter=quarter,
            refused=refused,
            note=note,
            stored=stored,
            choices=Quarter.last_closed().next().recent(12),
            reports=QuarterlyReport.objects.select_related("created_by")[:50],
            can_generate=self.request.user.has_perm(ADD_PERMISSION),
            formats=list(RENDERERS),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        _require(request, ADD_PERMISSION)
        quarter = _posted_quarter(request)
        if quarter is None:
            return redirect("reports_quarterly")
        try:
            report = generate(quarter, user=request.user)
        except NothingToReport as error:
            messages.error(request, str(error))
            return redirect(f"{reverse('reports_quarterly')}?quarter={quarter}")
        messages.success(request, f"Đã lập và lưu báo cáo {quarter.label}.")
        return redirect(f"{reverse('reports_quarterly')}?report={report.pk}")


@require_POST
def refresh(request):
    """The chosen quarter's live figures computed afresh. A POST: as a link, a reload, a
    prefetch or a crawler on the intranet set off a computation of seconds over a million
    monitored items."""
    _require(request, VIEW_PERMISSION)
    quarter = _posted_quarter(request)
    if quarter is None:
        return redirect("reports_quarterly")
    try:
        live(quarter, refresh=True)
    except NothingToReport:
        pass  # the dashboard says why
    return redirect(f"{reverse('reports_quarterly')}?quarter={quarter}")


def download(request, pk: int, fmt: str):
    """A stored report's file."""
    _require(request, VIEW_PERMISSION)
    report = get_object_or_404(QuarterlyReport, pk=pk)
    field = getattr(report, fmt, None) if fmt in RENDERERS else None
    if not field:
        raise Http404
    return serve_private(
        field, filename=filename(report.quarter, fmt), content_type=CONTENT_TYPES[fmt]
    )


def export(request, fmt: str):
    """The chosen quarter's live figures as a file, without keeping it."""
    _require(request, VIEW_PERMISSION)
    if fmt not in RENDERERS:
        raise Http404
    quarter = _quarter(request)
    try:
        data = live(quarter)
    except NothingToReport as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('reports_quarterly')}?quarter={quarter}")
    response = HttpResponse(render(data, fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename(str(quarter), fmt)}"'
    return response

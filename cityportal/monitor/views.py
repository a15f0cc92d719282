"""The monitoring desk in the admin: the dashboard, the opinion brief (screen and PDF), uploads of
social-media exports, and acknowledging alerts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import FormView, TemplateView, View

from cityportal.core.viewsets import AdminScreen

from . import brief, pipeline, tasks
from .filters import alert_query, drill_query, scope_query
from .forms import ManualEntryForm, PeriodForm, UploadForm
from .models import Alert, Item, Source
from .sources.uploads import UploadError, import_posts

VIEW_PERMISSION = "monitor.view_item"


class DeskMixin(AdminScreen):
    header_icon = "view"
    permission = VIEW_PERMISSION

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def period_form(self, days: int = 30) -> PeriodForm:
        form = PeriodForm(self.request.GET or None, days=days)
        if not form.is_bound:
            form = PeriodForm({}, days=days)
        if form.is_valid():  # the period in force shows in the date fields, blank or not
            form.data = form.data.copy()
            for name, value in _period_query(form.cleaned_data).items():
                form.data[name] = value  # (QueryDict.update would add, not replace)
        return form


def _period_query(data) -> dict:
    """The query string of a valid PeriodForm's period and scope, the defaults spelt out."""
    query = scope_query(data["period"], data.get("watchlist"))
    if data.get("against"):
        query["compare_start"] = data["against"].start.isoformat()
        query["compare_end"] = data["against"].end.isoformat()
    return query


class DashboardView(DeskMixin, TemplateView):
    """/admin/monitor/: attention over time, feelings, places, terms, the period before."""

    template_name = "monitor/dashboard.html"
    page_title = "Theo dõi dư luận"

    def get_context_data(self, **kwargs):
        form = self.period_form()
        context = super().get_context_data(form=form, **kwargs)
        if form.errors:
            return context
        data = form.cleaned_data
        context.update(brief.context(data["period"], data.get("watchlist"), data["against"]))
        context["open_alerts"] = [  # each with the items of its day and scope
            (alert, alert_query(alert))
            for alert in Alert.objects.open().select_related("watchlist")[:10]
        ]
        active = Source.objects.filter(active=True)
        context["sources_with_errors"] = active.exclude(last_error="")
        # Polled fine but with something to say: told apart from the failing ones.
        context["sources_with_warnings"] = active.filter(last_error="").exclude(last_warning="")
        # The brief covers what the dashboard shows (its own default period is a week).
        context["query"] = urlencode(_period_query(data))
        context["drill"] = drill_query(data["period"], data.get("watchlist"))
        return context


class BriefView(DeskMixin, TemplateView):
    """/admin/monitor/brief/: the leadership brief; ?format=pdf downloads it."""

    template_name = "monitor/brief.html"
    page_title = "Bản tin dư luận"

    def get(self, request, *args, **kwargs):
        form = self.period_form(days=7)
        if form.errors:
            return self.render_to_response(self.get_context_data(form=form))
        data = form.cleaned_data
        ctx = brief.context(data["period"], data.get("watchlist"), data["against"])
        if request.GET.get("format") == "pdf":
            response = HttpResponse(
                brief.pdf(ctx, request.build_absolute_uri("/")), "application/pdf"
            )
            name = brief.filename(ctx["period"], data.get("watchlist"))
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return self.render_to_response(self.get_context_data(form=form, **ctx))


class UploadView(DeskMixin, FormView):
    """/admin/monitor/upload/: an export of social-media posts, imported whole or not at all."""

    template_name = "monitor/upload.html"
    page_title = "Tải lên dữ liệu mạng xã hội"
    form_class = UploadForm
    permission = "monitor.add_item"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            with transaction.atomic():
                source = form.get_source()
                result = import_posts(source, upload.read(), upload.name)
        except UploadError as exc:
            for error in exc.errors:
                form.add_error("file", error)
            return self.form_invalid(form)
        # A large export takes minutes to analyse: the job worker does it, not this request.
        said = f"{upload.name}: {result['rows']} dòng, {result['new']} mục mới"
        if 0 < result["new"] < result["rows"]:
            said += (
                f" ({result['rows'] - result['new']} dòng trùng một dòng khác trong tệp"
                " hoặc đã có từ lần tải trước)"
            )
        if result["new"]:
            tasks.process_items.enqueue()
            said += "; đang phân tích trong nền."
        else:
            said += " (mọi dòng đã có từ lần tải trước, không có gì để phân tích thêm)."
        messages.success(self.request, said)
        for warning in result["warnings"]:
            messages.warning(self.request, f"{upload.name}: {warning}")
        return redirect(reverse("monitor_upload"))


class ManualEntryView(DeskMixin, FormView):
    """/admin/monitor/manual/: an opinion heard outside the feeds, analysed like the rest."""

    template_name = "monitor/manual.html"
    page_title = "Ghi nhận thủ công"
    form_class = ManualEntryForm
    permission = "monitor.add_item"

    def form_valid(self, form):
        data = form.cleaned_data
        source, _ = Source.objects.get_or_create(
            kind=Source.Kind.MANUAL, defaults={"name": "Ghi nhận thủ công", "active": False}
        )
        item = Item.objects.create(
            source=source,
            kind=Item.Kind.NOTE,
            key=Item.make_key("manual", self.request.user.pk, timezone.now().isoformat()),
            title=data["title"],
            text=data["text"],
            url=data["url"],
            published_at=data["published_at"],
            reactions=data["reactions"] or 0,
        )
        pipeline.process([item])
        item.refresh_from_db()
        if item.status == Item.Status.SKIPPED:
            messages.warning(self.request, f"Đã lưu nhưng không phân tích: {item.skip_reason}.")
        else:
            messages.success(self.request, "Đã ghi nhận và phân tích.")
        return redirect(reverse("monitor_item:edit", args=[item.pk]))


class AcknowledgeAlertView(DeskMixin, View):
    permission = "monitor.change_alert"

    def post(self, request, pk):
        alert = get_object_or_404(Alert, pk=pk)
        if alert.acknowledged_at is None:
            alert.acknowledge(request.user)
        messages.success(request, "Đã ghi nhận cảnh báo.")
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}):
            back = reverse("monitor_dashboard")
        return redirect(back)

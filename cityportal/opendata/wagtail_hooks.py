"""Data editors' side: datasets, indicators, and the upload that previews before it writes."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.text import slugify_vi
from cityportal.core.viewsets import AdminFormFieldsMixin, AdminScreen, StrictIndexView

from .forms import ImportForm
from .importers.batch import DatasetMeta, import_tables
from .importers.plan import Options
from .models import Dataset, Indicator

IMPORT_PERMISSION = "opendata.add_dataset"  # an import may create a dataset

PENDING = "opendata/pending/"  # uploads waiting for the editor to confirm the preview


class DatasetViewSet(AdminFormFieldsMixin, ModelViewSet):
    model = Dataset
    icon = "table"
    menu_label = "Bộ dữ liệu"
    # A tick or a cross: the plain column printed Python's "True"/"False".
    list_display = [
        "title",
        "organisation",
        BooleanColumn("private", label="Chưa công khai", sort_key="private"),
        "modified_at",
    ]
    list_filter = ["organisation", "themes", "private"]
    index_view_class = StrictIndexView
    search_fields = ["title", "search_text"]
    search_backend_name = None
    form_fields = [
        "name",
        "title",
        "description",
        "organisation",
        "themes",
        "tags",
        "license",
        "frequency",
        "source",
        "contact_name",
        "contact_email",
        "spatial",
        "private",
    ]


class IndicatorViewSet(ModelViewSet):
    model = Indicator
    icon = "doc-full"
    menu_label = "Chỉ tiêu"
    list_display = ["name", "measure", "theme", "code"]
    list_filter = ["theme"]
    index_view_class = StrictIndexView
    search_fields = ["name", "name_folded", "code"]
    search_backend_name = None
    form_fields = ["name", "measure", "description", "theme"]


class OpenDataGroup(ViewSetGroup):
    menu_label = "Dữ liệu mở"
    menu_icon = "table"
    menu_order = 250
    items = (DatasetViewSet("datasets"), IndicatorViewSet("indicators"))


class ImportView(AdminScreen, FormView):
    """First post: validate and show the report and a preview; nothing is written. Second post
    (the same form with the stored upload's token): write it all, or nothing."""

    template_name = "opendata/admin/import.html"
    form_class = ImportForm
    page_title = "Nhập số liệu"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(IMPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        token = data["token"]
        if data["file"]:
            name, content = data["file"].name, data["file"].read()
            token = f"{uuid.uuid4().hex}/{slugify_vi(name.rsplit('.', 1)[0], 80)}.{name.rsplit('.', 1)[-1]}"
            default_storage.save(PENDING + token, ContentFile(content))
        elif ".." in token or not default_storage.exists(PENDING + token):
            form.add_error("file", "Tệp tạm đã hết hạn; hãy chọn lại tệp.")
            return self.form_invalid(form)
        else:
            name = token.split("/", 1)[1]
            with default_storage.open(PENDING + token) as stored:
                content = stored.read()
        confirm = "confirm" in self.request.POST and not data["file"]
        outcome = import_tables(
            [(name, content)],
            self._meta(data),
            Options(
                indicator=data["indicator"],
                measure=data["measure"],
                area=data["area"],
                period=data["period"],
                sheet=data["sheet"] or None,
                decimal_mark=data["decimal_mark"],
            ),
            resource_name=data["resource"],
            dry_run=not confirm,
            user=self.request.user,
        )
        plan = outcome.plans[0]
        if confirm and plan.ok:
            default_storage.delete(PENDING + token)
            dataset = data["dataset"] or Dataset.objects.get(name=self._meta(data).name)
            messages.success(
                self.request,
                f"Đã nhập {len(plan.drafts)} số liệu vào “{dataset.title}”."
                if outcome.imported
                else "Tệp không thay đổi so với phiên bản hiện có; không nhập lại.",
            )
            return redirect("datasets:edit", dataset.pk)
        form.data = form.data.copy()
        form.data["token"] = token
        return self.render_to_response(self.get_context_data(form=form, plan=plan))

    @staticmethod
    def _meta(data) -> DatasetMeta:
        dataset = data["dataset"]
        if dataset:
            # The source then goes with this table's figures (see batch._cite_source).
            return DatasetMeta(
                organisation=dataset.organisation, name=dataset.name, source=data["source"]
            )
        return DatasetMeta(
            organisation=data["organisation"],
            name=ImportForm.new_dataset_name(data["title"]),
            title=data["title"],
            themes=list(data["themes"]),
            source=data["source"],
            private=data["private"],
        )


@hooks.register("register_admin_viewset")
def register_open_data():
    return OpenDataGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("opendata/import/", ImportView.as_view(), name="opendata_import")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem("Nhập số liệu", reverse("opendata_import"), icon_name="upload", order=251)

"""Data editors' side: datasets, indicators, and the upload that previews before it writes."""

import uuid

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.urls import path, reverse
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from cityportal.core.text import slugify_vi
from cityportal.core.viewsets import AdminFormFieldsMixin, AdminScreen, StrictIndexView

from .forms import ImportForm
from .importers.batch import DatasetMeta, import_tables
from .importers.plan import Options
from .models import Dataset, Indicator
from .permissions import NO_ORGANISATION, dataset_policy

IMPORT_PERMISSION = "opendata.add_dataset"  # an import may create a dataset

PENDING = "opendata/pending/"  # uploads waiting for the editor to confirm the preview


# Wagtail's generic views check the model permission only, then show or change any row. The
# dataset views ask the permission policy for the rows the user may act on (their
# organisations'): another organisation's dataset is not found, by its URL or a forged POST.


def _datasets_of(view, actions):
    return view.permission_policy.instances_user_has_any_permission_for(view.request.user, actions)


class DatasetFilterSet(WagtailFilterSet):
    # Only the organisations the user acts for: one of another names nothing to list.
    organisation = django_filters.ModelChoiceFilter(
        label="Cơ quan công bố", queryset=lambda request: dataset_policy.organisations(request.user)
    )

    class Meta:
        model = Dataset
        fields = ["organisation", "themes", "private"]


class DatasetIndexView(StrictIndexView):
    def get_base_queryset(self):
        # Each row shows its organisation: joined here, not read once a row.
        return _datasets_of(self, self.any_permission_required).select_related("organisation")


class OrganisationChoicesMixin:
    """The create and edit forms offer only the organisations the user acts for."""

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        field = form.fields["organisation"]
        field.queryset = dataset_policy.organisations(self.request.user)
        if not field.queryset.exists():
            field.help_text = NO_ORGANISATION
        return form


class DatasetCreateView(OrganisationChoicesMixin, generic.CreateView):
    pass


class DatasetCopyView(OrganisationChoicesMixin, generic.CopyView):
    """Wagtail's copy view asks the policy whether the user may see the dataset copied."""


class DatasetEditView(OrganisationChoicesMixin, generic.EditView):
    def get_queryset(self):
        return _datasets_of(self, [self.permission_required])


class DatasetDeleteView(generic.DeleteView):
    def get_queryset(self):
        return _datasets_of(self, [self.permission_required])


class DatasetHistoryView(HistoryView):
    def get_base_object_queryset(self):
        return _datasets_of(self, self.any_permission_required)


class DatasetUsageView(UsageView):
    def get_base_object_queryset(self):
        return _datasets_of(self, [self.permission_required])


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
    filterset_class = DatasetFilterSet
    index_view_class = DatasetIndexView
    add_view_class = DatasetCreateView
    edit_view_class = DatasetEditView
    delete_view_class = DatasetDeleteView
    history_view_class = DatasetHistoryView
    usage_view_class = DatasetUsageView
    copy_view_class = DatasetCopyView
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

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "for_user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A data editor no organisation has taken on yet is told why there is nothing to pick.
        if not context["form"].fields["organisation"].queryset.exists():
            context["no_organisation"] = NO_ORGANISATION
        return context

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

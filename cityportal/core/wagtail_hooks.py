"""Administrative units and organisations in the Wagtail admin: editors tag articles by place,
data editors publish as an organisation. The outbox of mail the server did not take, for
superusers, and the workers screen (core.admin_views). The admin's own stylesheet and scripts. A form kept as its sender's sign-in ended,
offered back on its page."""

from django.db import models
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from . import kept_forms, mail
from .admin_views import WorkersView
from .bulk_actions import ConfirmedBulkAction
from .models import AdministrativeUnit, Organisation, QueuedMail
from .viewsets import (
    AdminFormFieldsMixin,
    HttpsURLMixin,
    PermissionCheckedChooserViewSet,
    StrictFiltersMixin,
    StrictIndexView,
)


@hooks.register("insert_global_admin_css")
def admin_css():
    """The project's few fixes to Wagtail's own admin styles (fields on a phone)."""
    return format_html('<link rel="stylesheet" href="{}">', static("core/admin.css"))


@hooks.register("insert_global_admin_js")
def autosave_guard_js():
    """A Save clicked while Wagtail's autosave is creating the page waits for it (a second page
    was made otherwise): core/static/core/autosave-guard.js."""
    return format_html('<script src="{}" defer></script>', static("core/autosave-guard.js"))


@hooks.register("before_create_page")
@hooks.register("before_edit_page")
@hooks.register("before_create_snippet")
@hooks.register("before_edit_snippet")
def kept_form_offer(request, *args):
    """Wagtail's own hooks at the create and edit views of pages and snippets, given the signed-in
    request at the only views a form is kept for: a middleware would have to tell those views
    apart again, and run on every admin request."""
    # Last of the hook's arguments: the page or its type, the snippet or its model.
    edited = args[-1]
    kept_forms.offer_or_take(request, edited if isinstance(edited, type) else type(edited))


@hooks.register("register_admin_urls")
def register_kept_form_urls():
    return [
        path(
            "kept-forms/<int:pk>/discard/",
            kept_forms.discard,
            name="core_kept_form_discard",
        )
    ]


def _units_with_their_districts(db_field) -> dict:
    """A ward's label in a select names its district ("Phường 1, Quận 3"): loaded with the
    wards, or each of the ~440 cost a query (900 on an article's edit page, over a second)."""
    if db_field.related_model is not AdministrativeUnit:
        return {}
    return {"queryset": AdministrativeUnit.objects.select_related("parent")}


# Every admin form's select of units: pages' and snippets', and model viewsets' with
# AdminFormFieldsMixin.
register_form_field_override(
    models.ForeignKey, to=AdministrativeUnit, override=_units_with_their_districts
)
register_form_field_override(models.ManyToManyField, override=_units_with_their_districts)


class AdministrativeUnitViewSet(AdminFormFieldsMixin, ModelViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = "Địa bàn"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "parent", "level", "valid_from", "valid_until", "code"]
    list_filter = ["level"]
    index_view_class = StrictIndexView
    # Plain database filtering: "thu duc" finds Thủ Đức through the folded name.
    search_fields = ["name", "name_folded", "code"]
    search_backend_name = None
    form_fields = [
        "name",
        "division_type",
        "level",
        "parent",
        "valid_from",
        "valid_until",
        "successors",
    ]
    ordering = ["level", "name"]


administrative_unit_viewset = AdministrativeUnitViewSet("administrative_units")


@hooks.register("register_admin_viewset")
def register_administrative_units():
    return administrative_unit_viewset


class OrganisationViewSet(HttpsURLMixin, AdminFormFieldsMixin, ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Cơ quan, đơn vị"
    menu_order = 901
    add_to_admin_menu = True
    list_display = ["name", "kind", "unit", "email"]
    list_filter = ["kind"]
    index_view_class = StrictIndexView
    search_fields = ["name", "slug"]
    search_backend_name = None
    form_fields = ["name", "slug", "kind", "description", "unit", "email", "website"]


organisation_viewset = OrganisationViewSet("organisations")


@hooks.register("register_admin_viewset")
def register_organisations():
    return organisation_viewset


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Superusers only (the outbox holds readers' addresses and what they were told), and
    nobody writes a message here: they read it, send it again now, or discard it."""

    def user_has_permission(self, user, action):
        return user.is_active and user.is_superuser and action in ("view", "retry", "delete")


register_permission_policy(QueuedMail, OutboxPermissionPolicy(QueuedMail))


class QueuedMailIndexView(StrictFiltersMixin, IndexView):
    pass


class QueuedMailViewSet(SnippetViewSet):
    model = QueuedMail
    icon = "mail"
    menu_label = "Thư chờ gửi lại"
    add_to_settings_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "subject",
        Column("recipients", label="Người nhận", accessor=lambda m: ", ".join(m.to)),
        "status",
        "attempts",
        DateColumn("next_attempt_at", label="Thử lại lúc"),
        "last_error",
        DateColumn("created_at", label="Gửi lần đầu lúc"),
    ]
    list_filter = ["status"]
    index_view_class = QueuedMailIndexView
    # A snippet's chooser lists every row to anyone in the admin: this one asks the policy.
    chooser_viewset_class = PermissionCheckedChooserViewSet
    search_fields = ["subject", "to"]
    search_backend_name = None


register_snippet(QueuedMailViewSet)


@hooks.register("register_bulk_action")
class RetryMailBulkAction(ConfirmedBulkAction):
    """Send the selected messages now, waiting or failed; one that fails again keeps its place
    (a failed one stays failed)."""

    models = [QueuedMail]
    permission = "retry"
    display_name = "Gửi lại ngay"
    action_type = "retry"
    aria_label = "Gửi lại ngay các thư đã chọn"
    action_priority = 10
    noun = "thư"

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        counts = mail.retry_now([o.pk for o in objects])
        return counts["sent"], counts["waiting"] + counts["failed"]

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = f"Đã gửi {num_parent_objects} thư."
        if num_child_objects:
            message += f" {num_child_objects} thư vẫn chưa gửi được: xem lỗi lần cuối."
        return message


@hooks.register("register_admin_urls")
def register_workers_url():
    return [path("workers/", WorkersView.as_view(), name="core_workers")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_workers_menu_item():
    return SuperuserMenuItem(
        "Tiến trình nền", reverse("core_workers"), name="tien-trinh-nen", icon_name="cogs"
    )

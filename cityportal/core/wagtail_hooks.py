"""Administrative units and organisations in the Wagtail admin: editors tag articles by place,
data editors publish as an organisation."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AdministrativeUnit, Organisation
from .viewsets import HttpsURLMixin, StrictIndexView


class AdministrativeUnitViewSet(ModelViewSet):
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


class OrganisationViewSet(HttpsURLMixin, ModelViewSet):
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

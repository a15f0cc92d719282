"""Administrative units in the Wagtail admin, for editors who tag articles by place."""

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import AdministrativeUnit


class AdministrativeUnitViewSet(ModelViewSet):
    model = AdministrativeUnit
    icon = "site"
    menu_label = "Địa bàn"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "parent", "level", "valid_from", "valid_until", "code"]
    list_filter = ["level"]
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

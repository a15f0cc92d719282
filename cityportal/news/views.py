"""Public views outside the page tree: places (địa bàn)."""

from django.shortcuts import get_object_or_404, render

from cityportal.core.models import AdministrativeUnit

from .models import ArticlePage, paginate


def place_index(request):
    units = AdministrativeUnit.objects.select_related("parent")
    level = AdministrativeUnit.Level
    context = {
        "current_wards": units.current().filter(level=level.WARD).in_name_order(),
        "old_districts": units.filter(level=level.DISTRICT).in_name_order(),
    }
    return render(request, "news/place_index.html", context)


def place_detail(request, slug):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), slug=slug)
    articles = ArticlePage.objects.published().in_places(unit.related_unit_ids()).for_listing()
    context = {
        "unit": unit,
        "page_obj": paginate(request, articles),
        "successors": unit.successors.all(),
        "predecessors": unit.predecessors.select_related("parent"),
    }
    return render(request, "news/place_detail.html", context)

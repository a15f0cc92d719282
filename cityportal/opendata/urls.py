"""Public pages of the data system: the catalogue, datasets, indicators and downloads."""

from django.urls import path

from . import exports, views

app_name = "opendata"

urlpatterns = [
    path("du-lieu/", views.catalogue, name="catalogue"),
    path("du-lieu/<slug:name>/", views.dataset_detail, name="dataset"),
    path("chi-tieu/<slug:code>/", views.indicator_detail, name="indicator"),
    path("du-lieu/tai-ve/<uuid:resource_id>.<str:fmt>", exports.download, name="download"),
    path(
        "du-lieu/tai-ve/<uuid:resource_id>/phien-ban/<int:version_id>/",
        exports.download_version,
        name="download_version",
    ),
]

from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from cityportal.api import views as api_views
from cityportal.api.api import api
from cityportal.core import views as core_views
from cityportal.feedback.sitemaps import AnswerIndexSitemap, AnswerSitemap
from cityportal.news import views as news_views
from cityportal.news.feeds import (
    LatestArticlesAtomFeed,
    LatestArticlesFeed,
    SeriesArticlesAtomFeed,
    SeriesArticlesFeed,
)
from cityportal.news.sitemaps import PlaceIndexSitemap, PlaceSitemap
from cityportal.opendata import ckan, dcat
from cityportal.opendata.sitemaps import CatalogueSitemap, DatasetSitemap, IndicatorSitemap
from cityportal.search import views as search_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap,
        {
            "sitemaps": {
                "pages": WagtailSitemap,
                # Public Django views (not Wagtail pages) that Wagtail's sitemap cannot see.
                "catalogue": CatalogueSitemap,
                "datasets": DatasetSitemap,
                "indicators": IndicatorSitemap,
                "place-index": PlaceIndexSitemap,
                "places": PlaceSitemap,
                "answer-index": AnswerIndexSitemap,
                "answers": AnswerSitemap,
            }
        },
        name="sitemap",
    ),
    path("feeds/rss/", LatestArticlesFeed(), name="feed_rss"),
    path("feeds/atom/", LatestArticlesAtomFeed(), name="feed_atom"),
    path("feeds/rss/<slug:section_slug>/", LatestArticlesFeed(), name="section_feed_rss"),
    path("feeds/atom/<slug:section_slug>/", LatestArticlesAtomFeed(), name="section_feed_atom"),
    path("feeds/rss/chuyen-de/<slug:series_slug>/", SeriesArticlesFeed(), name="series_feed_rss"),
    path(
        "feeds/atom/chuyen-de/<slug:series_slug>/",
        SeriesArticlesAtomFeed(),
        name="series_feed_atom",
    ),
    path("dia-ban/", news_views.place_index, name="place_index"),
    path("dia-ban/<slug:slug>/", news_views.place_detail, name="place"),
    path("tim-kiem/", search_views.search, name="search"),
    path("api/v1/", api.urls),
    path("api/3/action/<str:action>", ckan.action, name="ckan_action"),
    path("api/action/<str:action>", ckan.action),  # CKAN answers here too; ckanapi's default
    path("catalog.<str:fmt>", dcat.catalog, name="dcat_catalog"),
    path("", include("cityportal.opendata.urls")),
    path("", include("cityportal.feedback.urls")),
    path("", include("cityportal.events.urls")),
    path("api/v1/<path:rest>", api_views.not_found),  # after every router
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# The embedded default serves uploads itself; a scale-out deployment puts them on S3 or a proxy,
# which must refuse media/documents/ and media/opendata/ as this view does (core.views.media).
urlpatterns += [re_path(r"^media/(?P<path>.*)$", core_views.media, name="media")]

urlpatterns += [path("", include(wagtail_urls))]

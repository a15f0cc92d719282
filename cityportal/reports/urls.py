from django.urls import path

from . import pageviews

urlpatterns = [path("api/v1/hit", pageviews.hit, name="page_hit")]

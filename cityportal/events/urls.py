from django.urls import path

from . import converters, views  # noqa: F401 - converters registers db_id

app_name = "events"

# Under the events index's own /su-kien/ path: models.pages.RESERVED_SLUGS keeps event pages off
# these names.
urlpatterns = [
    path("su-kien/lich.ics", views.calendar_feed, name="calendar"),
    path("su-kien/dang-ky/<db_id:event_id>/", views.register, name="register"),
    path("su-kien/xac-nhan-dang-ky/<str:token>/", views.confirm, name="confirm"),
    path("su-kien/huy-dang-ky/<str:token>/", views.cancel, name="cancel"),
    path("su-kien/tac-nghiep/<db_id:event_id>/", views.accreditation, name="accreditation"),
]

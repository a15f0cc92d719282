from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("<str:key>/", views.comment, name="comment"),
]

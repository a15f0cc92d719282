from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    path("binh-luan/<str:key>/", views.comment, name="comment"),
    path("gop-y/", views.enquiry, name="enquiry"),
    path("gop-y/theo-doi/", views.enquiry_status, name="enquiry_status"),
    path("hoi-dap/", views.answers, name="answers"),
    path("hoi-dap/<str:code>/", views.answer, name="answer"),
]

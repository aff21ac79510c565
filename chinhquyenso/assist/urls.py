from django.urls import path

from . import views

app_name = "assist"

urlpatterns = [
    path("ocr/<int:pk>/", views.ocr_job, name="ocr_job"),
    path("ocr/<int:pk>/progress/", views.ocr_progress, name="ocr_progress"),
]

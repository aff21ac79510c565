from django.urls import path

from .views import documents

app_name = "eoffice"

urlpatterns = [
    path("incoming/<int:pk>/", documents.incoming_detail, name="incoming_detail"),
]

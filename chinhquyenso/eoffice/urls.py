from django.urls import path

from .views import documents, registers

app_name = "eoffice"

urlpatterns = [
    path("incoming/<int:pk>/", documents.incoming_detail, name="incoming_detail"),
    path("incoming/<int:pk>/slip.pdf", registers.incoming_slip, name="incoming_slip"),
    path("registers/", registers.registers, name="registers"),
    path("registers/export/", registers.register_export, name="register_export"),
]

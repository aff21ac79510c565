from django.urls import path

from .views import audit as audit_views
from .views import calendar as calendar_views
from .views import home
from .views import registry as registry_views

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("units/", registry_views.unit_list, name="unit_list"),
    path("units/<int:pk>/", registry_views.unit_detail, name="unit_detail"),
    path("agencies/", registry_views.agency_list, name="agency_list"),
    path("agencies/new/", registry_views.agency_create, name="agency_create"),
    path("agencies/<int:pk>/", registry_views.agency_detail, name="agency_detail"),
    path("agencies/<int:pk>/edit/", registry_views.agency_edit, name="agency_edit"),
    path(
        "agencies/<int:pk>/departments/new/",
        registry_views.department_create,
        name="department_create",
    ),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
    path("audit/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
]

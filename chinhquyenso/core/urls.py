from django.urls import path

from .views import audit as audit_views
from .views import calendar as calendar_views
from .views import home
from .views import people as people_views
from .views import registry as registry_views

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
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
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("audit/verify/", audit_views.audit_verify, name="audit_verify"),
    path("audit/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
    path("people/users/", people_views.user_list, name="user_list"),
    path("people/users/new/", people_views.user_create, name="user_create"),
    path("people/users/<int:pk>/", people_views.user_detail, name="user_detail"),
    path("people/users/<int:pk>/deactivate/", people_views.user_deactivate, name="user_deactivate"),
    path("people/users/<int:pk>/roles/", people_views.role_assign, name="role_assign"),
    path("people/roles/<int:pk>/revoke/", people_views.role_revoke, name="role_revoke"),
    path("register/", people_views.register, name="register"),
]

"""GeoReport v2 under /open311/v2/: every endpoint answers in .json or .xml (another extension
gets a 404 error in JSON)."""

from django.urls import re_path

from . import views

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]+)$"

urlpatterns = [
    re_path(rf"^discovery{FMT}", views.discovery, name="discovery"),
    re_path(rf"^services{FMT}", views.services, name="services"),
    re_path(
        rf"^services/(?P<service_code>[^/]+?){FMT}",
        views.service_definition,
        name="service_definition",
    ),  # fmt: skip
    re_path(rf"^requests{FMT}", views.service_requests, name="requests"),
    re_path(
        rf"^requests/(?P<request_id>[^/]+?){FMT}", views.service_request, name="request"
    ),  # fmt: skip
]

"""Web pages of the citizen feedback channel under /feedback/."""

from django.urls import path

from .views import citizen, officer, public, statistics

app_name = "feedback"

urlpatterns = [
    # Public: the reports shown publicly with their answers, one by its code, the look-up.
    path("", public.public_list, name="public_list"),
    path("lookup/", public.lookup, name="lookup"),
    path("r/<str:code>/", public.public_report, name="public_report"),
    path("r/<str:code>/photos/<int:photo>/", public.public_photo, name="public_photo"),
    # Citizens: report a problem, follow it, rate the answer.
    path("new/", citizen.new_report, name="new_report"),
    path("my/", citizen.my_reports, name="my_reports"),
    path("my/<int:pk>/", citizen.my_report, name="my_report"),
    path("my/<int:pk>/rate/", citizen.my_report_rate, name="my_report_rate"),
    path("my/<int:pk>/photos/<int:photo>/", citizen.my_photo, name="my_photo"),
    # Receiving and handling officers.
    path("officer/", officer.officer_list, name="officer_list"),
    path("officer/new/", officer.officer_new, name="officer_new"),
    path("officer/<int:pk>/", officer.officer_report, name="officer_report"),
    path("officer/<int:pk>/photos/<int:photo>/", officer.officer_photo, name="officer_photo"),
    path("statistics/", statistics.statistics, name="statistics"),
]

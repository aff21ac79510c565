"""Web pages and the inbound endpoint of document exchange under /exchange/."""

from django.urls import path

from .views import endpoint, log, partners

app_name = "exchange"

urlpatterns = [
    path("inbound/", endpoint.inbound, name="inbound"),
    path("certificate.pem", endpoint.certificate, name="certificate"),
    path("", log.log_list, name="log_list"),
    path("log/<int:pk>/", log.log_detail, name="log_detail"),
    path("sent/<int:pk>/", log.outgoing_detail, name="outgoing_detail"),
    path("received/<int:pk>/", log.inbound_detail, name="inbound_detail"),
    path("received/<int:pk>/recall/", log.recall_decision, name="recall_decision"),
    path("verify/", log.verify, name="verify"),
    path("partners/", partners.partner_list, name="partner_list"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner_detail"),
]

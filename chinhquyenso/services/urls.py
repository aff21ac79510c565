"""Web pages of online public services under /services/."""

from django.urls import path

from .views import backoffice, catalogue, portal, portal_dossier, printed_forms, warehouse
from .views import indicators as indicator_views

app_name = "services"

urlpatterns = [
    # Public procedure catalogue; the workbook import and export for its keepers.
    path("procedures/", catalogue.procedure_list, name="procedure_list"),
    path("procedures/import/", catalogue.catalogue_import, name="catalogue_import"),
    path("procedures/export.xlsx", catalogue.catalogue_export, name="catalogue_export"),
    path("procedures/<str:code>/", catalogue.procedure_detail, name="procedure_detail"),
    # QĐ 766 index: public statistics and the officers' detail.
    path("statistics/", indicator_views.statistics, name="statistics"),
    path("statistics/detail/", indicator_views.statistics_detail, name="statistics_detail"),
    # Citizen and business portal.
    path("apply/", portal.apply, name="apply"),
    path("apply/<int:pk>/", portal.application_edit, name="application_edit"),
    path("apply/<int:pk>/form/", portal.application_form, name="application_form"),
    path("apply/<int:pk>/attach/", portal.application_attach, name="application_attach"),
    path(
        "apply/<int:pk>/attachments/<int:attachment>/remove/",
        portal.application_detach,
        name="application_detach",
    ),
    path("apply/<int:pk>/submit/", portal.application_submit, name="application_submit"),
    path("my/", portal_dossier.my_dossiers, name="my_dossiers"),
    path("my/<int:pk>/", portal_dossier.dossier_detail, name="dossier_detail"),
    path("my/<int:pk>/slip.pdf", portal_dossier.dossier_slip, name="dossier_slip"),
    path(
        "my/<int:pk>/supplement-request.pdf",
        printed_forms.applicant_supplement_request,
        name="dossier_supplement_request",
    ),
    path("my/<int:pk>/refusal.pdf", printed_forms.applicant_refusal, name="dossier_refusal"),
    path("my/<int:pk>/result/", portal_dossier.dossier_result, name="dossier_result"),
    path(
        "my/<int:pk>/attachments/<int:attachment>/",
        portal_dossier.dossier_attachment,
        name="dossier_attachment",
    ),
    path("my/<int:pk>/withdraw/", portal_dossier.dossier_withdraw, name="dossier_withdraw"),
    path("my/<int:pk>/supplement/", portal_dossier.dossier_supplement, name="dossier_supplement"),
    path("my/<int:pk>/pay/", portal_dossier.dossier_pay, name="dossier_pay"),
    path("my/<int:pk>/rate/", portal_dossier.dossier_rate, name="dossier_rate"),
    path("warehouse/", warehouse.warehouse, name="warehouse"),
    path("warehouse/<int:pk>/file/", warehouse.warehouse_file, name="warehouse_file"),
    path("verify/<str:code>", portal.verify, name="verify"),
    # One-stop-shop back office.
    path("backoffice/", backoffice.backoffice, name="backoffice"),
    path("backoffice/counter/", backoffice.counter_receive, name="counter_receive"),
    path("backoffice/<int:pk>/", backoffice.backoffice_dossier, name="backoffice_dossier"),
    path("backoffice/<int:pk>/slip.pdf", backoffice.tracking_slip, name="tracking_slip"),
    path("backoffice/<int:pk>/apology.pdf", backoffice.apology, name="apology"),
    path(
        "backoffice/<int:pk>/receipt.pdf",
        printed_forms.backoffice_receipt,
        name="backoffice_receipt",
    ),
    path(
        "backoffice/<int:pk>/supplement-request.pdf",
        printed_forms.backoffice_supplement_request,
        name="backoffice_supplement_request",
    ),
    path(
        "backoffice/<int:pk>/refusal.pdf",
        printed_forms.backoffice_refusal,
        name="backoffice_refusal",
    ),
]

"""Web pages of the reporting information system under /reporting/."""

from django.urls import path

from .views import (
    dashboards,
    dashboards_indicator,
    dashboards_pivot,
    entry,
    entry_import,
    home,
    metadata,
    metadata_disaggregations,
    metadata_forms,
    metadata_indicators,
    metadata_units,
    report_document,
    reports,
)

app_name = "reporting"

urlpatterns = [
    path("", home.home, name="home"),
    # Dashboards, computed when opened (reporting.view over the unit's subtree).
    path("dashboard/", dashboards.dashboard, name="dashboard"),
    path(
        "indicators/<str:code>/",
        dashboards_indicator.indicator_detail,
        name="indicator",
    ),
    path("pivot/", dashboards_pivot.pivot, name="pivot"),
    path("communes/", dashboards_pivot.communes, name="communes"),
    # The six-monthly and yearly report on the resolution (DOCX, PDF, e-office draft).
    path("resolution-report/", report_document.resolution_report, name="resolution_report"),
    path(
        "resolution-report/draft/",
        report_document.resolution_report_draft,
        name="resolution_report_draft",
    ),
    path(
        "resolution-report/report.<str:kind>",
        report_document.resolution_report_download,
        name="resolution_report_file",
    ),
    # Data entry and the report workflow: my reports, the grid (each cell saved as typed),
    # workbook import, submit/approve/return/reopen, completeness.
    path("reports/", reports.my_reports, name="my_reports"),
    path("entry/<str:form>/<str:unit>/<str:period>/", entry.grid, name="entry"),
    path("entry/<str:form>/<str:unit>/<str:period>/save", entry.save_cell, name="entry_save"),
    path(
        "entry/<str:form>/<str:unit>/<str:period>/<str:action>/",
        reports.report_action,
        name="report_action",
    ),
    path("import/", entry_import.import_page, name="import"),
    path("import/template.xlsx", entry_import.template, name="import_template"),
    path("completeness/", reports.completeness, name="completeness"),
    # Metadata management (reporting.manage_metadata).
    path("metadata/", metadata.index, name="metadata"),
    path("metadata/check/", metadata.check_expression, name="metadata_check"),
    path("metadata/elements/", metadata.element_list, name="metadata_elements"),
    path("metadata/elements/new/", metadata.element_edit, name="metadata_element_new"),
    path("metadata/elements/<str:code>/", metadata.element_edit, name="metadata_element"),
    path(
        "metadata/disaggregations/",
        metadata_disaggregations.disaggregation_list,
        name="metadata_disaggregations",
    ),
    path(
        "metadata/disaggregations/new/",
        metadata_disaggregations.category_edit,
        name="metadata_category_new",
    ),
    path(
        "metadata/disaggregations/<str:code>/",
        metadata_disaggregations.category_edit,
        name="metadata_category",
    ),
    path("metadata/sets/new/", metadata_disaggregations.combo_edit, name="metadata_combo_new"),
    path("metadata/sets/<str:code>/", metadata_disaggregations.combo_edit, name="metadata_combo"),
    path("metadata/forms/", metadata_forms.form_list, name="metadata_forms"),
    path("metadata/forms/new/", metadata_forms.form_edit, name="metadata_form_new"),
    path("metadata/forms/<str:code>/", metadata_forms.form_edit, name="metadata_form"),
    path(
        "metadata/forms/<str:code>/assign/", metadata_forms.form_assign, name="metadata_form_assign"
    ),
    path(
        "metadata/forms/<str:code>/unassign/",
        metadata_forms.form_unassign,
        name="metadata_form_unassign",
    ),
    path(
        "metadata/forms/<str:code>/rules/new/", metadata_forms.rule_edit, name="metadata_rule_new"
    ),
    path(
        "metadata/forms/<str:code>/rules/<str:rule>/",
        metadata_forms.rule_edit,
        name="metadata_rule",
    ),
    path(
        "metadata/forms/<str:code>/rules/<str:rule>/delete/",
        metadata_forms.rule_delete,
        name="metadata_rule_delete",
    ),
    path("metadata/indicators/", metadata_indicators.indicator_list, name="metadata_indicators"),
    path(
        "metadata/indicators/new/",
        metadata_indicators.indicator_edit,
        name="metadata_indicator_new",
    ),
    path(
        "metadata/indicators/<str:code>/",
        metadata_indicators.indicator_edit,
        name="metadata_indicator",
    ),
    path(
        "metadata/indicators/<str:code>/targets/",
        metadata_indicators.target_set,
        name="metadata_target_set",
    ),
    path(
        "metadata/indicators/<str:code>/targets/<int:pk>/delete/",
        metadata_indicators.target_delete,
        name="metadata_target_delete",
    ),
    path("metadata/units/", metadata_units.unit_tree, name="metadata_units"),
    path("metadata/units/new/", metadata_units.unit_create, name="metadata_unit_new"),
    path("metadata/units/sync/", metadata_units.unit_sync, name="metadata_unit_sync"),
    path("metadata/units/<str:code>/", metadata_units.unit_edit, name="metadata_unit"),
]

"""Read-only admin views of the reporting metadata and values (changes go through services)."""

from django.contrib import admin

from .models import DataElement, DataSet, DataValue, Indicator, OrgUnit, Report


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DataElement)
class DataElementAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "value_type", "source")
    search_fields = ("code", "name")


@admin.register(DataSet)
class DataSetAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "periodicity")


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "unit", "source")


@admin.register(OrgUnit)
class OrgUnitAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "level", "path")
    search_fields = ("code", "name")


@admin.register(DataValue)
class DataValueAdmin(ReadOnlyAdmin):
    list_display = ("element", "period", "org_unit", "value")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("data_set", "org_unit", "period", "status", "due_date")

"""Django admin for the core registry; the audit log is read-only there."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import (
    AdministrativeUnit,
    Agency,
    AuditEvent,
    CalendarDay,
    Department,
    RoleAssignment,
    StoredFile,
    UnitSuccession,
    User,
)


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name", "name_folded"]
    autocomplete_fields = ["parent"]
    inlines = [SuccessionInline]


class DepartmentInline(admin.TabularInline):
    model = Department
    extra = 0


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "notation_abbr", "electronic_id", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "name_folded", "short_name", "electronic_id"]
    autocomplete_fields = ["parent", "administrative_unit"]
    inlines = [DepartmentInline]


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "abbreviation", "agency", "valid_from", "valid_to"]
    search_fields = ["name", "abbreviation"]
    autocomplete_fields = ["agency"]


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["agency", "department"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "full_name", "kind", "agency", "is_active"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "citizen_id", "tax_code"]
    autocomplete_fields = ["agency", "department"]
    inlines = [RoleAssignmentInline]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (
            _("Platform"),
            {
                "fields": (
                    "kind",
                    "full_name",
                    "citizen_id",
                    "tax_code",
                    "agency",
                    "department",
                    "position",
                    "phone",
                    "identity_level",
                )
            },
        ),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "occurred_at", "actor_repr", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_repr", "action", "object_repr", "object_id"]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "reason"]
    list_filter = ["kind"]


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin):
    list_display = ["original_name", "mime_type", "size", "sha256", "created_at"]
    search_fields = ["original_name", "sha256"]
    readonly_fields = [f.name for f in StoredFile._meta.fields]

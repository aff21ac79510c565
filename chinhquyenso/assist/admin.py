"""OCR jobs in the admin, read-only: jobs change only through the pipeline."""

from django.contrib import admin

from .models import OcrJob


@admin.register(OcrJob)
class OcrJobAdmin(admin.ModelAdmin):
    list_display = ("id", "status", "stage", "progress", "requested_by", "created_at")
    list_filter = ("status",)
    readonly_fields = [field.name for field in OcrJob._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

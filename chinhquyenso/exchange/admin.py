"""Read-only admin views of document exchange (changes go through the services and pages)."""

from django.contrib import admin

from .models import (
    Delivery,
    InboundDocument,
    MessageLogEntry,
    Organisation,
    OutgoingMessage,
    Partner,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Partner)
class PartnerAdmin(ReadOnly):
    list_display = ["name", "connector", "endpoint_url", "system_id", "is_active"]
    exclude = ["secret_hash", "outbound_secret"]


@admin.register(Organisation)
class OrganisationAdmin(ReadOnly):
    list_display = ["organ_id", "name", "partner", "is_active"]
    search_fields = ["organ_id", "name"]


@admin.register(OutgoingMessage)
class OutgoingMessageAdmin(ReadOnly):
    list_display = ["document_id", "kind", "status_code", "created_at"]
    search_fields = ["document_id"]
    exclude = ["payload"]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnly):
    list_display = ["message", "recipient_organ_id", "state", "attempts", "remote_status"]
    list_filter = ["state"]


@admin.register(InboundDocument)
class InboundDocumentAdmin(ReadOnly):
    list_display = ["document_id", "sender_organ_id", "agency", "state", "received_at"]
    search_fields = ["document_id"]


@admin.register(MessageLogEntry)
class MessageLogEntryAdmin(ReadOnly):
    list_display = ["id", "created_at", "direction", "kind", "document_id", "status_code",
                    "outcome"]  # fmt: skip
    list_filter = ["direction", "outcome"]
    exclude = ["payload"]

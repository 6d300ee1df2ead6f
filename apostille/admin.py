"""Admin: the classifier of documents, the refusal reasons and the specimen register are edited
here (every specimen change is in its history, with who made it); requests, apostilles, checks
and the e-Register's log are read-only, because they change only through apostille.services."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from casework.admin import ReadOnlyAdminMixin
from registry.admin import organization_name_fields

from .models import (
    Apostille,
    ApostilleRequest,
    DocumentType,
    LookupAttempt,
    RefusalReason,
    RequestCheck,
    Specimen,
)


@admin.register(DocumentType)
class DocumentTypeAdmin(TranslationAdmin):
    list_display = ["code", "name", "order", "is_active"]
    list_editable = ["order", "is_active"]
    search_fields = ["code", "name_ru", "name_kk", "name_en"]
    filter_horizontal = ["levels"]


@admin.register(RefusalReason)
class RefusalReasonAdmin(TranslationAdmin):
    list_display = ["code", "text", "legal_basis", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "text_ru", "text_kk", "text_en"]


@admin.register(Specimen)
class SpecimenAdmin(admin.ModelAdmin):
    list_display = ["organization", "signer_name", "capacity", "valid_from", "valid_until"]
    list_filter = ["capacity"]
    search_fields = [
        "signer_name",
        "organization__bin",
        *organization_name_fields("organization__"),
    ]
    raw_id_fields = ["organization"]
    readonly_fields = ["recorded_by", "recorded_at"]
    list_select_related = ["organization"]

    def has_delete_permission(self, request, obj=None):
        # A specimen that no longer applies gets an end date: requests checked against it
        # must still find it.
        return False

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class RequestCheckInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = RequestCheck
    extra = 0
    fields = ["kind", "outcome", "reason_code", "details", "checked_at", "confirmed_by"]
    readonly_fields = fields


@admin.register(ApostilleRequest)
class ApostilleRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "document_type", "issuer", "channel", "state", "due_date"]
    list_filter = ["state", "channel", "authority", "document_type"]
    search_fields = ["number", "document_number", "issuer__bin"]
    list_select_related = ["document_type", "issuer"]
    date_hierarchy = "created_at"
    inlines = [RequestCheckInline]


@admin.register(Apostille)
class ApostilleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "issued_on", "seal_of", "form", "status", "revoked_on"]
    list_filter = ["status", "form", "authority"]
    search_fields = ["number"]
    date_hierarchy = "issued_on"


@admin.register(LookupAttempt)
class LookupAttemptAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "address", "number", "issued_on", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["address", "number"]
    date_hierarchy = "at"

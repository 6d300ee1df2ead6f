"""Admin: classifiers of the procedure (checklists, refusal reasons, inspection criteria, councils)
are edited here; licenses, applications and their history are read-only, because every change
to them must come from a case through licensing.services."""

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from casework.admin import ReadOnlyAdminMixin
from registry.admin import organization_name_fields

from .models import (
    BulkReissue,
    BulkReissueItem,
    ChecklistItem,
    CommissionMember,
    CouncilMember,
    CouncilReview,
    CouncilVote,
    Inspection,
    InspectionCriterion,
    InspectionFinding,
    InspectionSignature,
    License,
    LicenseAppendix,
    LicenseApplication,
    LicenseEvent,
    LicensingCouncil,
    RefusalReason,
)


@admin.register(ChecklistItem)
class ChecklistItemAdmin(TranslationAdmin):
    list_display = ["kind", "order", "code", "title", "is_required", "is_active"]
    list_filter = ["kind", "is_required", "is_active"]
    list_editable = ["order", "is_required", "is_active"]
    search_fields = ["code", "title_ru", "title_kk", "title_en"]


@admin.register(RefusalReason)
class RefusalReasonAdmin(TranslationAdmin):
    list_display = ["code", "stage", "text", "legal_basis", "order", "is_active"]
    list_filter = ["stage", "is_active"]
    search_fields = ["code", "text_ru", "text_kk", "text_en"]


@admin.register(InspectionCriterion)
class InspectionCriterionAdmin(TranslationAdmin):
    list_display = ["code", "text", "legal_basis", "order", "is_active"]
    list_filter = ["is_active", "levels"]
    search_fields = ["code", "text_ru", "text_kk", "text_en"]
    filter_horizontal = ["levels"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(LicensingCouncil)
class LicensingCouncilAdmin(TranslationAdmin):
    list_display = ["name", "authority", "is_active"]
    list_filter = ["is_active", "authority"]
    search_fields = ["name_ru", "name_kk", "name_en"]
    inlines = [CouncilMemberInline]


class AppendixInline(ReadOnlyAdminMixin, TranslationTabularInline):
    model = LicenseAppendix
    extra = 0
    fields = ["number", "level", "address", "issued_on", "reissued_on", "status"]
    readonly_fields = fields


class EventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = LicenseEvent
    extra = 0
    fields = ["at", "kind", "appendix", "case_number", "actor", "reason"]
    readonly_fields = fields


@admin.register(License)
class LicenseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "holder_name", "authority", "issued_on", "status"]
    list_filter = ["status", "authority"]
    search_fields = ["number", "organization__bin", "holder_name_ru", "holder_name_kk"]
    list_select_related = ["authority"]
    inlines = [AppendixInline, EventInline]


@admin.register(LicenseApplication)
class LicenseApplicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "kind", "organization", "state", "due_date", "assignee"]
    list_filter = ["kind", "state", "authority"]
    search_fields = ["number", "organization__bin", *organization_name_fields("organization__")]
    list_select_related = ["organization", "assignee"]
    date_hierarchy = "created_at"


class CouncilVoteInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CouncilVote
    extra = 0
    fields = ["member", "choice", "comment", "cast_at"]
    readonly_fields = fields


@admin.register(CouncilReview)
class CouncilReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "council", "opened_at", "closed_at", "outcome"]
    list_filter = ["outcome", "council"]
    inlines = [CouncilVoteInline]


class CommissionMemberInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CommissionMember
    extra = 0
    fields = ["position", "expert"]
    readonly_fields = fields


class FindingInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InspectionFinding
    extra = 0
    fields = ["criterion_code", "criterion_text", "met", "comment", "filled_by", "updated_at"]
    readonly_fields = fields


class SignatureInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InspectionSignature
    extra = 0
    fields = ["expert", "signer", "signed_at", "content_sha256", "voided_at"]
    readonly_fields = fields


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["application", "visit_date", "drawn_at", "completed_at"]
    search_fields = ["application__number"]
    readonly_fields = ["seed", "candidates", "parameters"]
    inlines = [CommissionMemberInline, FindingInline, SignatureInline]


class BulkReissueItemInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BulkReissueItem
    extra = 0
    fields = ["line", "bin", "organization", "status", "reissued", "skipped", "error"]
    readonly_fields = fields


@admin.register(BulkReissue)
class BulkReissueAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["key", "authority", "source", "effective_date", "created_at", "finished_at"]
    list_filter = ["source", "authority"]
    inlines = [BulkReissueItemInline]

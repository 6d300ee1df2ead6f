"""Admin for attestation: reading and correcting reference data. Procedure steps (states,
signatures, decisions) happen through the portal's services, so they are read-only here."""

from django.contrib import admin

from .models import (
    Attestation,
    Cohort,
    Commission,
    CommissionMember,
    Conclusion,
    ConclusionSignature,
    ControlResult,
    ControlResultImport,
    PostponementRequest,
    PriorAttestation,
    Schedule,
    ScheduleChange,
    ScheduleEntry,
    SelfAssessment,
    StudyAreaAssignment,
)


class ScheduleEntryInline(admin.TabularInline):
    model = ScheduleEntry
    extra = 0
    fields = ["organization", "kind", "start_date", "basis", "notified_at", "removed_at"]
    readonly_fields = ["notified_at", "removed_at"]
    raw_id_fields = ["organization"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = ["authority", "year", "state", "approved_at"]
    list_filter = ["state", "year"]
    readonly_fields = ["state", "approved_at", "approved_by"]
    inlines = [ScheduleEntryInline]


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(admin.ModelAdmin):
    list_display = ["entry", "kind", "basis", "previous_start", "new_start", "made_at"]
    list_filter = ["kind", "basis"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PostponementRequest)
class PostponementRequestAdmin(admin.ModelAdmin):
    list_display = ["entry", "requested_start", "status", "submitted_at"]
    list_filter = ["status"]
    readonly_fields = ["status", "decided_by", "decided_at"]


@admin.register(PriorAttestation)
class PriorAttestationAdmin(admin.ModelAdmin):
    list_display = ["organization", "attested_on", "order_number"]
    raw_id_fields = ["organization"]
    search_fields = ["organization__name", "organization__bin"]


class ControlResultInline(admin.TabularInline):
    model = ControlResult
    extra = 0
    raw_id_fields = ["organization", "specialty"]


@admin.register(ControlResultImport)
class ControlResultImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "authority", "year", "rows", "uploaded_at"]
    inlines = [ControlResultInline]


class CommissionMemberInline(admin.TabularInline):
    model = CommissionMember
    extra = 0
    raw_id_fields = ["user", "employer", "employer_authority"]


class StudyAreaAssignmentInline(admin.TabularInline):
    model = StudyAreaAssignment
    extra = 0


@admin.register(Commission)
class CommissionAdmin(admin.ModelAdmin):
    list_display = ["attestation", "purpose", "approved_at"]
    readonly_fields = ["approved_at", "approved_by"]
    inlines = [CommissionMemberInline, StudyAreaAssignmentInline]


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    list_display = ["number", "organization", "kind", "start_date", "state", "decision"]
    list_filter = ["state", "kind", "decision", "authority"]
    search_fields = ["number", "organization__name", "organization__bin"]
    date_hierarchy = "start_date"
    readonly_fields = [
        "number",
        "state",
        "schedule_entry",
        "decision",
        "decided_at",
        "decided_by",
        "decided_late",
        "decision_figures",
        "suspended_from",
        "suspended_until",
        "license_number",
    ]
    raw_id_fields = ["organization", "applicant", "assignee"]


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(admin.ModelAdmin):
    list_display = ["attestation", "submitted_at", "late"]
    readonly_fields = ["submitted_at", "submitted_by", "late"]


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["attestation", "name", "sample_drawn_at"]
    readonly_fields = ["sample_seed", "sample_drawn_at"]


class ConclusionSignatureInline(admin.TabularInline):
    model = ConclusionSignature
    extra = 0
    can_delete = False
    readonly_fields = ["member", "signer", "signed_at", "version", "sha256", "voided_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Conclusion)
class ConclusionAdmin(admin.ModelAdmin):
    list_display = ["commission", "version", "recommendation", "acknowledged_at"]
    readonly_fields = [
        "sections",
        "version",
        "compliant",
        "recommendation",
        "acknowledged_by",
        "acknowledged_at",
        "acknowledged_sha256",
    ]
    inlines = [ConclusionSignatureInline]

    def has_change_permission(self, request, obj=None):
        return False

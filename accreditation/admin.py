"""Admin of accreditation: bodies, councils, standards and criteria are edited here; cases,
certificates and their records are read only (they change through the services)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from casework.admin import ReadOnlyAdminMixin
from casework.exceptions import CaseActionError
from registry.admin import organization_name_fields

from .models import (
    AccreditationBody,
    AccreditationCase,
    Appeal,
    Certificate,
    Council,
    CouncilMember,
    CouncilVote,
    Criterion,
    DuplicateRequest,
    ExpertReport,
    ExpertSeat,
    ExpertVisit,
    Recommendation,
    Standard,
)
from .services.council import accreditation_council_seat


@admin.register(AccreditationBody)
class AccreditationBodyAdmin(admin.ModelAdmin):
    list_display = ["authority", "bin", "certification_number", "certified_from", "certified_until"]
    search_fields = ["bin", "certification_number", "authority__name_ru", "authority__name_kk"]
    list_select_related = ["authority"]
    autocomplete_fields = ["authority"]


class CouncilMemberInline(admin.TabularInline):
    model = CouncilMember
    extra = 0
    autocomplete_fields = ["user", "employer"]


@admin.register(Council)
class CouncilAdmin(TranslationAdmin):
    list_display = ["name", "body", "formed_on", "is_sitting"]
    list_filter = ["body", "is_sitting"]
    readonly_fields = ["is_sitting"]
    inlines = [CouncilMemberInline]
    actions = ["seat"]

    @admin.action(description=_("Seat the council (every group of clause 7 represented)"))
    def seat(self, request, queryset):
        for council in queryset:
            try:
                accreditation_council_seat(council, actor=request.user)
            except CaseActionError as error:
                self.message_user(request, f"{council}: {error}", messages.ERROR)


class CriterionInline(TranslationTabularInline):
    model = Criterion
    extra = 0


@admin.register(Standard)
class StandardAdmin(TranslationAdmin):
    list_display = ["code", "title", "body", "order", "is_active"]
    list_filter = ["body", "is_active"]
    search_fields = ["code", "title_ru", "title_kk", "title_en"]
    inlines = [CriterionInline]


class SeatInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ExpertSeat
    extra = 0
    fields = ["expert", "is_chair", "report_opened_at"]
    readonly_fields = fields


@admin.register(ExpertVisit)
class ExpertVisitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "notice_on", "start_on", "end_on", "completed_at"]
    inlines = [SeatInline]


class VoteInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CouncilVote
    extra = 0
    fields = ["member", "round", "choice", "cast_at"]
    readonly_fields = fields


class RecommendationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Recommendation
    extra = 0
    fields = ["source", "text", "due_on", "status"]
    readonly_fields = fields


@admin.register(AccreditationCase)
class AccreditationCaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organization", "body", "kind", "state", "due_date", "decision"]
    list_filter = ["kind", "state", "body", "decision"]
    search_fields = ["number", "organization__bin", *organization_name_fields("organization__")]
    list_select_related = ["organization", "body__authority"]
    date_hierarchy = "created_at"
    inlines = [RecommendationInline, VoteInline]


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organization", "body", "kind", "valid_from", "valid_until", "status"]
    list_filter = ["status", "kind", "body"]
    search_fields = ["number", "organization__bin", *organization_name_fields("organization__")]
    list_select_related = ["organization", "body__authority"]


@admin.register(ExpertReport)
class ExpertReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "due_on", "submitted_at", "is_late"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "filed_at", "outcome", "decided_at"]
    list_filter = ["outcome"]


@admin.register(DuplicateRequest)
class DuplicateRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["certificate", "requested_on", "due_on", "issued_on", "is_late"]


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["case", "source", "due_on", "status"]
    list_filter = ["status", "source"]

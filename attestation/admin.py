"""Admin for attestation: a window on the records, no back door. Schedules, cases, commissions,
results and conclusions are read-only here (no add, change or delete: the procedure's rules live
in attestation.services). Where an admin must correct something, an action asks for what the
service needs and calls it, so the same rules refuse it with the same message: removing an
organization from the schedule (which cancels its attestation) and replacing a commission
member. Attestations before the portal are reference data an admin enters, as in licensing's
classifiers."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from casework.admin import ReadOnlyAdminMixin
from casework.exceptions import CaseActionError
from registry.admin import organization_name_fields
from registry.models import User

from . import services
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


class ReadOnlyInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


def _action_page(modeladmin, request, queryset, form, title, action):
    """The intermediate page of an action: the form, and the rows it applies to."""
    return TemplateResponse(
        request,
        "admin/attestation/action_form.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            "objects": queryset,
            "action": action,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


def _call(modeladmin, request, obj, service, **kwargs) -> bool:
    """Call the service for one row; its refusal (or a denial) becomes the admin's message."""
    try:
        service(actor=request.user, **kwargs)
    except CaseActionError as refusal:
        modeladmin.message_user(request, f"{obj}: {refusal.message}", messages.ERROR)
        return False
    except PermissionDenied as denied:
        modeladmin.message_user(request, f"{obj}: {denied}", messages.ERROR)
        return False
    return True


# ---------------------------------------------------------------------------------------------
# Schedules


class ScheduleEntryInline(ReadOnlyInline):
    model = ScheduleEntry
    fields = ["organization", "kind", "start_date", "basis", "notified_at", "removed_at"]


@admin.register(Schedule)
class ScheduleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["authority", "year", "state", "approved_at"]
    list_filter = ["state", "year"]
    inlines = [ScheduleEntryInline]


@admin.register(ScheduleChange)
class ScheduleChangeAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["entry", "kind", "basis", "previous_start", "new_start", "made_at"]
    list_filter = ["kind", "basis"]


@admin.register(PostponementRequest)
class PostponementRequestAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["entry", "requested_start", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(PriorAttestation)
class PriorAttestationAdmin(admin.ModelAdmin):
    list_display = ["organization", "attested_on", "order_number"]
    raw_id_fields = ["organization"]
    search_fields = ["organization__bin", *organization_name_fields("organization__")]


class ControlResultInline(ReadOnlyInline):
    model = ControlResult


@admin.register(ControlResultImport)
class ControlResultImportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["file_name", "authority", "year", "rows", "uploaded_at"]
    inlines = [ControlResultInline]


# ---------------------------------------------------------------------------------------------
# Attestations


class RemovalForm(forms.Form):
    """What schedule_change_remove needs (А13(2))."""

    basis = forms.ChoiceField(label=_("Basis"), choices=ScheduleChange.Basis.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(Attestation)
class AttestationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["number", "organization", "kind", "start_date", "state", "decision"]
    list_filter = ["state", "kind", "decision", "authority"]
    search_fields = ["number", "organization__bin", *organization_name_fields("organization__")]
    date_hierarchy = "start_date"
    list_select_related = ["organization"]
    actions = ["remove_from_schedule"]

    @admin.action(description=_("Remove from the schedule (cancels the attestation)"))
    def remove_from_schedule(self, request, queryset):
        form = RemovalForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return _action_page(
                self,
                request,
                queryset,
                form,
                _("Remove from the schedule"),
                "remove_from_schedule",
            )
        done = sum(
            _call(
                self,
                request,
                attestation,
                services.schedule_change_remove,
                entry=attestation.schedule_entry,
                **form.cleaned_data,
            )
            for attestation in queryset.select_related("schedule_entry")
        )
        if done:
            self.message_user(request, _("%(count)s removed from the schedule.") % {"count": done})
        return None


@admin.register(SelfAssessment)
class SelfAssessmentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attestation", "submitted_at", "late"]


@admin.register(Cohort)
class CohortAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attestation", "name", "sample_drawn_at"]


# ---------------------------------------------------------------------------------------------
# Commissions


class CommissionMemberInline(ReadOnlyInline):
    model = CommissionMember
    fields = ["user", "role", "employer", "employer_authority", "position", "profile"]


class StudyAreaAssignmentInline(ReadOnlyInline):
    model = StudyAreaAssignment
    fields = ["area", "member", "reported_at"]


@admin.register(Commission)
class CommissionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["attestation", "purpose", "approved_at"]
    inlines = [CommissionMemberInline, StudyAreaAssignmentInline]


class ReplacementForm(forms.Form):
    """What commission_member_replace needs (А17, А18)."""

    email = forms.EmailField(label=_("E-mail of the new member's portal account"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    position = forms.CharField(label=_("Position"), max_length=200, required=False)

    def clean_email(self):
        try:
            return User.objects.get(email__iexact=self.cleaned_data["email"], is_active=True)
        except User.DoesNotExist:
            raise forms.ValidationError(
                _("Nobody with this e-mail has a portal account.")
            ) from None


@admin.register(CommissionMember)
class CommissionMemberAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["user", "role", "commission"]
    list_filter = ["role"]
    search_fields = ["user__full_name", "user__email", "commission__attestation__number"]
    list_select_related = ["user", "commission__attestation"]
    actions = ["replace_member"]

    @admin.action(description=_("Replace with another person"))
    def replace_member(self, request, queryset):
        form = ReplacementForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return _action_page(
                self, request, queryset, form, _("Replace a commission member"), "replace_member"
            )
        for member in queryset.select_related("commission__attestation"):
            if _call(
                self,
                request,
                member,
                services.commission_member_replace,
                member=member,
                user=form.cleaned_data["email"],
                reason=form.cleaned_data["reason"],
                position=form.cleaned_data["position"],
            ):
                self.message_user(request, _("%(member)s is replaced.") % {"member": member})
        return None


# ---------------------------------------------------------------------------------------------
# Conclusions


class ConclusionSignatureInline(ReadOnlyInline):
    model = ConclusionSignature
    fields = ["member", "signer", "signed_at", "version", "sha256", "voided_at"]


@admin.register(Conclusion)
class ConclusionAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["commission", "version", "recommendation", "acknowledged_at"]
    inlines = [ConclusionSignatureInline]

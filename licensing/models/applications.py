"""Applications for licensing and their state machine.

    draft → submitted → completeness_check → review → inspection → council → granted | refused
                 ↘ returned (clock stopped) ↗       (reissue, return, duplicate: review → decision)
                 ↘ not_accepted (reasoned refusal to accept)
    refused → under_appeal → review (appeal upheld) | refused (appeal dismissed)
    withdrawn: from any state before the decision

A corrected application after a refusal is a new application whose `resubmission_of` names the
refused one. Transitions change the state and nothing else; licensing.services does the rest.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition

from casework.access import rule
from casework.models import Case

from ..refusals import LicensingRefusal


class RefusalReason(models.Model):
    """An admin-editable reason from the list that a refusal cites (plus free text)."""

    class Stage(models.TextChoices):
        ACCEPTANCE = "acceptance", _("Refusal to accept the application")
        DECISION = "decision", _("Refusal to grant")

    code = models.CharField(_("code"), max_length=30, unique=True)
    text = models.CharField(_("text"), max_length=500)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("refusal reason")
        verbose_name_plural = _("refusal reasons")
        ordering = ["stage", "order", "code"]

    def __str__(self):
        return self.text


class ApplicationKind(models.TextChoices):
    NEW_LICENSE = "new_license", _("New license with its first appendix")
    NEW_APPENDIX = "new_appendix", _("New appendix to a license")
    REISSUE = "reissue", _("Reissue of a license and/or its appendices")
    RETURN = "return", _("Voluntary return of appendices")
    DUPLICATE = "duplicate", _("Duplicate of a lost license")


class ChecklistItem(models.Model):
    """One document an application of a kind must (or may) carry; edited in the admin."""

    kind = models.CharField(_("application kind"), max_length=20, choices=ApplicationKind.choices)
    code = models.CharField(_("code"), max_length=40)
    title = models.CharField(_("document"), max_length=300)
    hint = models.TextField(_("hint for the applicant"), blank=True)
    is_required = models.BooleanField(_("required"), default=True)
    accepts_images = models.BooleanField(
        _("accepts images"), default=False, help_text=_("JPEG and PNG besides PDF.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("document checklist")
        ordering = ["kind", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="licensing_checklist_kind_code")
        ]

    def __str__(self):
        return self.title


class LicenseApplication(Case):
    NUMBER_PREFIX = "LIC"

    Kind = ApplicationKind

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        COMPLETENESS_CHECK = "completeness_check", _("Completeness check")
        RETURNED = "returned", _("Returned for corrections")
        NOT_ACCEPTED = "not_accepted", _("Refused to accept")
        REVIEW = "review", _("Under review")
        INSPECTION = "inspection", _("Pre-license inspection")
        COUNCIL = "council", _("Before the licensing council")
        GRANTED = "granted", _("Granted")
        REFUSED = "refused", _("Refused")
        UNDER_APPEAL = "under_appeal", _("Under appeal")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class ReissueGround(models.TextChoices):
        # Law "On permits and notifications", art. 33.
        NAME_CHANGE = "name_change", _("Change of name")
        MERGER = "merger", _("Reorganization by merger")
        ACCESSION = "accession", _("Reorganization by accession")
        DIVISION = "division", _("Reorganization by division")
        SEPARATION = "separation", _("Reorganization by separation")
        TRANSFORMATION = "transformation", _("Reorganization by transformation")
        ADDRESS_CHANGE = "address_change", _("Change of address")
        OTHER = "other", _("Other grounds set by law")

    # States in which the case is still open and the applicant may withdraw it.
    OPEN_STATES = (
        State.DRAFT,
        State.SUBMITTED,
        State.COMPLETENESS_CHECK,
        State.RETURNED,
        State.REVIEW,
        State.INSPECTION,
        State.COUNCIL,
    )
    # Kinds that go through a pre-license inspection and the council (seed 002).
    INSPECTED_KINDS = (Kind.NEW_LICENSE, Kind.NEW_APPENDIX)
    # Terms the case runs against (casework.deadlines), with the names reminders show.
    DEADLINE_KINDS = {
        "completeness_check": _("Completeness check"),
        "service": _("Term of the service"),
        "appeal_period": _("Period to appeal the refusal"),
        "appeal_decision": _("Decision on the appeal"),
    }

    # The base's field again, with this procedure's states as choices (for display and admin).
    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ApplicationKind.choices)
    license = models.ForeignKey(
        "licensing.License",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("license"),
        help_text=_("The license concerned; for a new license, the one granted."),
    )
    appendices = models.ManyToManyField(
        "licensing.LicenseAppendix",
        blank=True,
        related_name="applications",
        verbose_name=_("appendices concerned"),
    )
    # The appendix asked for (new license, new appendix).
    level = models.ForeignKey(
        "registry.EducationLevel",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("level of education"),
    )
    specialties = models.ManyToManyField(
        "registry.Specialty", blank=True, related_name="+", verbose_name=_("specialties")
    )
    qualifications = models.ManyToManyField(
        "registry.Qualification", blank=True, related_name="+", verbose_name=_("qualifications")
    )
    activity_address = models.CharField(_("address of activity"), max_length=500, blank=True)
    reissue_ground = models.CharField(
        _("ground for reissue (art. 33)"),
        max_length=20,
        choices=ReissueGround.choices,
        blank=True,
    )
    grounds_details = models.TextField(
        _("details"),
        blank=True,
        help_text=_("The ground for a reissue or a return, or how the license was lost."),
    )
    resubmission_of = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="resubmissions",
        verbose_name=_("corrected application for"),
    )
    correction_request = models.TextField(_("corrections requested"), blank=True)
    not_accepted_reason = models.TextField(_("reason for refusal to accept"), blank=True)
    refusal_reasons = models.ManyToManyField(
        RefusalReason, blank=True, related_name="applications", verbose_name=_("refusal reasons")
    )
    refusal_text = models.TextField(_("reasons for refusal"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    appeal_text = models.TextField(_("appeal"), blank=True)
    appealed_at = models.DateTimeField(_("appealed at"), null=True, blank=True)
    appeal_decided_at = models.DateTimeField(_("appeal decided at"), null=True, blank=True)
    appeal_upheld = models.BooleanField(_("appeal upheld"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Whatever the grant created, so history and the case page can link to it.
    granted_appendix = models.ForeignKey(
        "licensing.LicenseAppendix",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appendix granted"),
    )
    # The bulk reissue run that opened this case, if any; with the license it makes a rerun
    # idempotent.
    batch_key = models.CharField(_("batch"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("license application")
        verbose_name_plural = _("license applications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "state", "due_date"], name="licapp_queue"),
            models.Index(fields=["state", "due_date"], name="licapp_state_due"),
            models.Index(fields=["organization", "state"], name="licapp_org_state"),
            models.Index(fields=["assignee", "state"], name="licapp_assignee_state"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch_key", "license"],
                condition=~Q(batch_key=""),
                name="licapp_one_case_per_license_per_batch",
            ),
            # Seed 002: a refusal is answered by one corrected application (another only once
            # that one is withdrawn); license_application_resubmit checks it first.
            models.UniqueConstraint(
                fields=["resubmission_of"],
                condition=Q(resubmission_of__isnull=False) & ~Q(state="withdrawn"),
                name="licapp_one_live_resubmission",
                violation_error_code="licensing.resubmission.exists",
            ),
        ]

    @property
    def needs_inspection(self) -> bool:
        return self.kind in self.INSPECTED_KINDS

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    def get_absolute_url(self):
        return reverse("licensing:application_detail", args=[self.pk])

    def _decision_due_in_this_state(self) -> bool:
        # Seed 002: a new license or appendix is decided by the council after the inspection;
        # the other kinds are decided straight after review.
        expected = self.State.COUNCIL if self.needs_inspection else self.State.REVIEW
        return self.state == expected

    _decision_due_in_this_state.refusal_code = LicensingRefusal.DECISION_NOT_DUE
    _decision_due_in_this_state.refusal_reason = LicensingRefusal.DECISION_NOT_DUE.label

    def _needs_inspection(self) -> bool:
        return self.needs_inspection

    _needs_inspection.refusal_code = LicensingRefusal.NOT_INSPECTED_KIND
    _needs_inspection.refusal_reason = LicensingRefusal.NOT_INSPECTED_KIND.label

    def _license_allows_kind(self) -> bool:
        # One license per organization: appendices only to a license in force; reissue, return
        # and duplicate also to a suspended one (what details_errors asks at submission).
        if self.license_id is None:
            return True
        status = self.license.status
        if self.kind == self.Kind.NEW_APPENDIX:
            return status == "active"
        if self.kind == self.Kind.NEW_LICENSE:
            return True
        return status in ("active", "suspended")

    _license_allows_kind.refusal_code = LicensingRefusal.LICENSE_NOT_IN_FORCE
    _license_allows_kind.refusal_reason = LicensingRefusal.LICENSE_NOT_IN_FORCE.label

    def _may_appeal(self) -> bool:
        return self.appealed_at is None

    _may_appeal.refusal_code = LicensingRefusal.APPEAL_ALREADY_APPEALED
    _may_appeal.refusal_reason = LicensingRefusal.APPEAL_ALREADY_APPEALED.label

    @transition(
        field="state",
        source=State.DRAFT,
        target=State.SUBMITTED,
        permission=rule("licensing.application.submit"),
    )
    def submit(self):
        pass

    @transition(
        field="state",
        source=State.SUBMITTED,
        target=State.COMPLETENESS_CHECK,
        permission=rule("licensing.application.take_for_check"),
    )
    def take_for_check(self):
        pass

    @transition(
        field="state",
        source=[State.SUBMITTED, State.COMPLETENESS_CHECK],
        target=State.REVIEW,
        permission=rule("licensing.application.accept"),
    )
    def accept(self):
        pass

    @transition(
        field="state",
        source=[State.SUBMITTED, State.COMPLETENESS_CHECK],
        target=State.RETURNED,
        permission=rule("licensing.application.return_for_corrections"),
    )
    def return_for_corrections(self):
        pass

    @transition(
        field="state",
        source=State.RETURNED,
        target=State.COMPLETENESS_CHECK,
        conditions=[_license_allows_kind],
        permission=rule("licensing.application.submit_corrections"),
    )
    def submit_corrections(self):
        pass

    @transition(
        field="state",
        source=[State.SUBMITTED, State.COMPLETENESS_CHECK, State.RETURNED],
        target=State.NOT_ACCEPTED,
        permission=rule("licensing.application.refuse_to_accept"),
    )
    def refuse_to_accept(self):
        pass

    @transition(
        field="state",
        source=State.REVIEW,
        target=State.INSPECTION,
        conditions=[_needs_inspection],
        permission=rule("licensing.application.send_to_inspection"),
    )
    def send_to_inspection(self):
        pass

    @transition(
        field="state",
        source=State.INSPECTION,
        target=State.COUNCIL,
        permission=rule("licensing.application.send_to_council"),
    )
    def send_to_council(self):
        pass

    @transition(
        field="state",
        source=[State.REVIEW, State.COUNCIL],
        target=State.GRANTED,
        conditions=[_decision_due_in_this_state],
        permission=rule("licensing.application.grant"),
    )
    def grant(self):
        pass

    @transition(
        field="state",
        source=[State.REVIEW, State.COUNCIL],
        target=State.REFUSED,
        conditions=[_decision_due_in_this_state],
        permission=rule("licensing.application.refuse"),
    )
    def refuse(self):
        pass

    @transition(
        field="state",
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
        permission=rule("licensing.application.withdraw"),
    )
    def withdraw(self):
        pass

    @transition(
        field="state",
        source=State.REFUSED,
        target=State.UNDER_APPEAL,
        conditions=[_may_appeal],
        permission=rule("licensing.application.appeal"),
    )
    def appeal(self):
        pass

    @transition(
        field="state",
        source=State.UNDER_APPEAL,
        target=State.REVIEW,
        permission=rule("licensing.application.uphold_appeal"),
    )
    def uphold_appeal(self):
        pass

    @transition(
        field="state",
        source=State.UNDER_APPEAL,
        target=State.REFUSED,
        permission=rule("licensing.application.dismiss_appeal"),
    )
    def dismiss_appeal(self):
        pass


# A module-level name for the API schema (ENUM_NAME_OVERRIDES).
ApplicationState = LicenseApplication.State

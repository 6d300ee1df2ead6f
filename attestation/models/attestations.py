"""The attestation of one organization: the case, its state machine, and its self-assessment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from casework.access import rule
from casework.models import Case

from .schedules import AttestationKind, ScheduleEntry


class StudyArea(models.TextChoices):
    """А7: what the commission studies; the same eleven are А15's self-assessment sections and
    А30's first eleven conclusion sections."""

    GENERAL = "general", _("General description of the organization")
    STAFF = "staff", _("Teaching staff")
    STUDENTS = "students", _("Student body")
    METHODOLOGY = "methodology", _("Teaching and methodological work")
    UPBRINGING = "upbringing", _("Educational work and teaching load")
    MATERIAL_ASSETS = "material_assets", _("Teaching and material assets")
    LABORATORIES = "laboratories", _("Teaching and research laboratories")
    LIBRARY = "library", _("Information resources and library holdings")
    KNOWLEDGE = "knowledge", _("Assessment of students' knowledge")
    RESEARCH = "research", _("Research work")
    PRACTICE = "practice", _("Professional practice")


class KnowledgeCheck(models.TextChoices):
    """How the students' knowledge is checked (А24, А27)."""

    TEST = "test", _("Comprehensive test and written works")  # А24-А26
    QUESTIONNAIRE = "questionnaire", _("Questionnaires of staff and parents")  # А27, preschool
    OTHER = "other", _("Other forms of control, pass or fail")  # А27, extracurricular, special


class Decision(models.TextChoices):
    ATTEST = "attest", _("Attest")
    NOT_ATTEST = "not_attest", _("Do not attest")


class Attestation(Case):
    """State attestation of one organization, from its schedule entry to the decision and,
    when not attested, the suspension of its license and the follow-up."""

    NUMBER_PREFIX = "ATT"

    # Kinds of casework deadlines this procedure opens, with the names reminders use.
    DEADLINE_KINDS = {
        "self_assessment": _(
            "Self-assessment materials (cl. 15 of the Instruction approved by Order No. 109)"
        ),
        "commission": _(
            "Approval of the commission (cl. 17 of the Instruction approved by Order No. 109)"
        ),
        "decision": _(
            "Decision on the attestation (cl. 33 of the Instruction approved by Order No. 109)"
        ),
        "follow_up": _("End of the license suspension (clauses 34, 36)"),
    }

    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        NOTIFIED = "notified", _("Organization notified")
        SELF_ASSESSMENT_SUBMITTED = "self_assessment_submitted", _("Self-assessment submitted")
        COMMISSION_APPROVED = "commission_approved", _("Commission approved")
        VISIT = "visit", _("Commission visit")
        CONCLUSION = "conclusion", _("Conclusion signed")
        ATTESTED = "attested", _("Attested")
        NOT_ATTESTED = "not_attested", _("Not attested")
        SUSPENDED = "suspended", _("License suspended")
        FOLLOW_UP = "follow_up", _("Follow-up check")
        RESUMED = "resumed", _("License resumed")
        REVOKED = "revoked", _("License revoked")
        CANCELLED = "cancelled", _("Removed from the schedule")

    BEFORE_VISIT = [
        State.SCHEDULED,
        State.NOTIFIED,
        State.SELF_ASSESSMENT_SUBMITTED,
        State.COMMISSION_APPROVED,
    ]

    state = FSMField(
        _("state"),
        max_length=30,
        default=State.SCHEDULED,
        choices=State.choices,
        protected=True,
    )
    schedule_entry = models.OneToOneField(
        ScheduleEntry,
        models.PROTECT,
        related_name="attestation",
        verbose_name=_("schedule entry"),
    )
    kind = models.CharField(_("kind"), max_length=15, choices=AttestationKind.choices)
    test_form = models.CharField(
        _("knowledge check"),
        max_length=15,
        choices=KnowledgeCheck.choices,
        default=KnowledgeCheck.TEST,
    )
    start_date = models.DateField(_("start date"))
    notified_at = models.DateTimeField(_("organization notified at"), null=True, blank=True)
    visit_started_on = models.DateField(_("visit started on"), null=True, blank=True)
    visit_ends_on = models.DateField(_("visit ends on at the latest"), null=True, blank=True)
    conclusion_signed_on = models.DateField(_("conclusion signed on"), null=True, blank=True)
    visit_overran = models.BooleanField(_("visit longer than seven working days"), default=False)

    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    order_number = models.CharField(_("order number"), max_length=50, blank=True)
    decided_late = models.BooleanField(_("decided after the ten-day term"), default=False)
    # А35's figures as they stood at the decision.
    decision_figures = models.JSONField(_("figures at the decision"), default=dict, blank=True)
    # А34: the fine imposed under the law on administrative offences, as recorded by staff.
    fine_amount = models.DecimalField(
        _("fine (tenge)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_note = models.CharField(_("fine imposed on and basis"), max_length=500, blank=True)
    license_number = models.CharField(_("license"), max_length=40, blank=True)
    suspension_months = models.PositiveSmallIntegerField(
        _("suspension in months"), null=True, blank=True
    )
    suspended_from = models.DateField(_("suspended from"), null=True, blank=True)
    suspended_until = models.DateField(_("suspended until"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up findings"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("attestation")
        verbose_name_plural = _("attestations")
        ordering = ["start_date", "id"]
        indexes = [
            models.Index(fields=["authority", "state", "start_date"], name="attestation_queue"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="") | Q(decided_at__isnull=False),
                name="attestation_decision_dated",
            ),
            models.CheckConstraint(
                condition=Q(suspension_months__isnull=True)
                | Q(suspension_months__gte=1, suspension_months__lte=6),
                name="attestation_suspension_up_to_six_months",
            ),
        ]

    def get_absolute_url(self):
        return reverse("attestation:detail", args=[self.pk])

    # Transitions change state and nothing else (DESIGN: services do the rest).

    @transition(
        field=state,
        source=State.SCHEDULED,
        target=State.NOTIFIED,
        permission=rule("attestation.notify"),
    )
    def notify(self):
        pass

    @transition(
        field=state,
        source=[State.NOTIFIED, State.COMMISSION_APPROVED],
        target=RETURN_VALUE(State.SELF_ASSESSMENT_SUBMITTED, State.COMMISSION_APPROVED),
        permission=rule("attestation.self_assessment.submit"),
    )
    def submit_self_assessment(self):
        # A self-assessment that comes after the commission (very late, and flagged so) is
        # recorded without taking the case back.
        if self.state == self.State.NOTIFIED:
            return self.State.SELF_ASSESSMENT_SUBMITTED
        return self.state

    @transition(
        field=state,
        source=[State.NOTIFIED, State.SELF_ASSESSMENT_SUBMITTED],
        target=State.COMMISSION_APPROVED,
        permission=rule("attestation.commission.approve"),
    )
    def approve_commission(self):
        pass

    @transition(
        field=state,
        source=State.COMMISSION_APPROVED,
        target=State.VISIT,
        permission=rule("attestation.visit.start"),
    )
    def start_visit(self):
        pass

    @transition(
        field=state,
        source=State.VISIT,
        target=State.CONCLUSION,
        permission=rule("attestation.conclusion.sign"),
    )
    def sign_conclusion(self):
        pass

    @transition(
        field=state,
        source=State.CONCLUSION,
        target=State.ATTESTED,
        permission=rule("attestation.decide"),
    )
    def attest(self):
        pass

    @transition(
        field=state,
        source=State.CONCLUSION,
        target=State.NOT_ATTESTED,
        permission=rule("attestation.decide"),
    )
    def not_attest(self):
        pass

    @transition(
        field=state,
        source=State.NOT_ATTESTED,
        target=State.SUSPENDED,
        permission=rule("attestation.license.suspend"),
    )
    def suspend_license(self):
        pass

    @transition(
        field=state,
        source=State.SUSPENDED,
        target=State.FOLLOW_UP,
        permission=rule("attestation.commission.approve"),
    )
    def start_follow_up(self):
        pass

    @transition(
        field=state,
        source=State.FOLLOW_UP,
        target=State.RESUMED,
        permission=rule("attestation.follow_up.conclude"),
    )
    def resume_license(self):
        pass

    @transition(
        field=state,
        source=[State.SUSPENDED, State.FOLLOW_UP],
        target=State.REVOKED,
        permission=rule("attestation.follow_up.conclude"),
    )
    def revoke_license(self):
        pass

    @transition(
        field=state,
        source=BEFORE_VISIT,
        target=State.CANCELLED,
        permission=rule("attestation.cancel"),
    )
    def cancel(self):
        pass


class SelfAssessment(models.Model):
    """А15: the organization's self-assessment: the eleven sections of А7 (a text each, plus the
    figures a reader compares across organizations) and, as attachments on the case, copies of
    its charter and license."""

    # Attachment checklist codes on the attestation case (casework attachments).
    CHARTER = "self_assessment_charter"
    LICENSE = "self_assessment_license"
    REQUIRED_ATTACHMENTS = (CHARTER, LICENSE)

    attestation = models.OneToOneField(
        Attestation, models.CASCADE, related_name="self_assessment", verbose_name=_("attestation")
    )
    general = models.TextField(StudyArea.GENERAL.label, blank=True)
    staff = models.TextField(StudyArea.STAFF.label, blank=True)
    students = models.TextField(StudyArea.STUDENTS.label, blank=True)
    methodology = models.TextField(StudyArea.METHODOLOGY.label, blank=True)
    upbringing = models.TextField(StudyArea.UPBRINGING.label, blank=True)
    material_assets = models.TextField(StudyArea.MATERIAL_ASSETS.label, blank=True)
    laboratories = models.TextField(StudyArea.LABORATORIES.label, blank=True)
    library = models.TextField(StudyArea.LIBRARY.label, blank=True)
    knowledge = models.TextField(StudyArea.KNOWLEDGE.label, blank=True)
    research = models.TextField(StudyArea.RESEARCH.label, blank=True)
    practice = models.TextField(StudyArea.PRACTICE.label, blank=True)

    teachers_total = models.PositiveIntegerField(_("teachers"), null=True, blank=True)
    teachers_qualified = models.PositiveIntegerField(
        _("teachers with a degree or the highest or first category"), null=True, blank=True
    )
    students_total = models.PositiveIntegerField(_("students"), null=True, blank=True)
    graduates_total = models.PositiveIntegerField(
        _("students of graduating classes or courses"), null=True, blank=True
    )
    library_items = models.PositiveIntegerField(_("library holdings"), null=True, blank=True)
    computers = models.PositiveIntegerField(_("computers for teaching"), null=True, blank=True)
    laboratories_count = models.PositiveIntegerField(_("laboratories"), null=True, blank=True)

    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    late = models.BooleanField(_("submitted after the one-month term"), default=False)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")

    def __str__(self):
        return f"{self.attestation}: {self._meta.verbose_name}"

    def section_texts(self) -> list[tuple[str, str, str]]:
        """(code, label, text) of the eleven sections in the order of А15."""
        return [(area.value, area.label, getattr(self, area.value)) for area in StudyArea]

    def empty_sections(self) -> list[str]:
        return [code for code, _label, text in self.section_texts() if not text.strip()]


class OrganizationReminder(models.Model):
    """A reminder sent to the organization (А15's self-assessment term): the unique constraint
    makes a second scan, or two at once, send it no more than once."""

    attestation = models.ForeignKey(
        Attestation, models.CASCADE, related_name="organization_reminders"
    )
    kind = models.CharField(_("reminder"), max_length=40)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("reminder to the organization")
        verbose_name_plural = _("reminders to the organization")
        constraints = [
            models.UniqueConstraint(
                fields=["attestation", "kind"], name="attestation_organization_reminder_once"
            )
        ]

    def __str__(self):
        return f"{self.attestation}: {self.kind}"

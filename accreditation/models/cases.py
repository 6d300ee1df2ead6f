"""The accreditation case and its ten stages (К9) as one state machine.

    draft → application (the two-sided contract to sign) → self_assessment → body_review
      → recommendations → expert_visit → expert_report → council → decided → report_published
    withdrawn: from any open state; under_appeal: from decided or report_published, back to
    council (appeal upheld: the council votes again) or where it came from (dismissed).

Transitions change the state and nothing else; accreditation.services does the rest (the
clause of each rule is named there, beside its refusal code).
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import RETURN_VALUE, FSMField, transition

from casework.access import rule
from casework.models import Case


class Kind(models.TextChoices):
    # К5, К8: institutional, specialized (per programme), or both in one case.
    INSTITUTIONAL = "institutional", _("Institutional")
    SPECIALIZED = "specialized", _("Specialized (programmes)")
    COMBINED = "combined", _("Institutional and specialized combined")


class Decision(models.TextChoices):
    # К19: the council accredits or refuses.
    ACCREDIT = "accredit", _("Accredit")
    REFUSE = "refuse", _("Refuse accreditation")


class AccreditationCase(Case):
    NUMBER_PREFIX = "ACC"

    Kind = Kind
    Decision = Decision

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPLICATION = "application", _("Application and contract")  # К9.1
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment")  # К9.2
        BODY_REVIEW = "body_review", _("Review of the self-assessment report")  # К9.3–4
        RECOMMENDATIONS = "recommendations", _("Recommendations of the body")  # К9.5
        EXPERT_VISIT = "expert_visit", _("External expert visit")  # К9.6
        EXPERT_REPORT = "expert_report", _("Expert report")  # К9.6, К17
        COUNCIL = "council", _("Before the accreditation council")  # К9.7–8
        DECIDED = "decided", _("Decided")  # К9.9
        REPORT_PUBLISHED = "report_published", _("Report published")  # К9.10
        UNDER_APPEAL = "under_appeal", _("Under appeal")  # К27
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (
        State.DRAFT,
        State.APPLICATION,
        State.SELF_ASSESSMENT,
        State.BODY_REVIEW,
        State.RECOMMENDATIONS,
        State.EXPERT_VISIT,
        State.EXPERT_REPORT,
        State.COUNCIL,
    )
    # Terms the case runs against (casework.deadlines), with the names reminders show.
    DEADLINE_KINDS = {
        "total_term": _("Term of the accreditation (clause 11)"),
        "body_step": _("The body's step"),
        "expert_report": _("Expert report (clause 17)"),
        "appeal_period": _("Period to appeal (clause 27)"),
        "appeal_decision": _("Decision on the appeal"),
        "duplicate": _("Duplicate of the certificate (clause 28)"),
    }

    state = FSMField(_("state"), default=State.DRAFT, choices=State.choices, protected=True)
    body = models.ForeignKey(
        "accreditation.AccreditationBody",
        models.PROTECT,
        related_name="cases",
        verbose_name=_("accreditation body"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programmes = models.ManyToManyField(
        "registry.Specialty", blank=True, related_name="+", verbose_name=_("programmes")
    )
    # К8: the license and its appendices, taken from the state register at submission.
    license = models.ForeignKey(
        "licensing.License",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("license"),
    )
    license_snapshot = models.JSONField(_("license as registered"), default=dict, blank=True)
    # К21: a renewal names the certificate it renews and carries its cycle's history.
    renewal_of = models.ForeignKey(
        "accreditation.Certificate",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="renewals",
        verbose_name=_("renewal of"),
    )
    renewal_late = models.BooleanField(_("renewal applied for late"), default=False)
    # The body's own identifier of the case, for bodies that push decisions through the API
    # (issue 11, item 10: create or update by the body's local identifier).
    external_id = models.CharField(_("body's case identifier"), max_length=100, blank=True)
    # К9.1: the two-sided contract, signed in the portal by both sides.
    contract_signed_by_organization_at = models.DateTimeField(
        _("contract signed by the organization"), null=True, blank=True
    )
    contract_organization_signatory = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the organization by"),
    )
    contract_signed_by_body_at = models.DateTimeField(
        _("contract signed by the body"), null=True, blank=True
    )
    contract_body_signatory = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed for the body by"),
    )
    # К11: the date by which the body decides (one to three years from the application).
    term_until = models.DateField(_("term of the accreditation until"), null=True, blank=True)
    self_assessment_submitted_at = models.DateTimeField(
        _("self-assessment report submitted"), null=True, blank=True
    )
    review_text = models.TextField(_("review of the self-assessment report"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    materials_text = models.TextField(_("materials for the council"), blank=True)  # К18
    # К19: the council's vote: its round (an upheld appeal opens another) and its result.
    council = models.ForeignKey(
        "accreditation.Council",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("council"),
    )
    council_round = models.PositiveSmallIntegerField(_("council round"), default=1)
    council_result = models.CharField(
        _("council's result"), max_length=10, choices=Decision.choices, blank=True
    )
    council_closed_at = models.DateTimeField(_("vote closed at"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "registry.User",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    report_published_at = models.DateTimeField(_("report published at"), null=True, blank=True)
    report_url = models.URLField(_("report on the body's website"), blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditation case")
        verbose_name_plural = _("accreditation cases")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["authority", "state", "due_date"], name="acccase_queue"),
            models.Index(fields=["organization", "state"], name="acccase_org_state"),
            models.Index(fields=["state", "due_date"], name="acccase_state_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "external_id"],
                condition=~Q(external_id=""),
                name="acccase_external_id_per_body",
            )
        ]

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def includes_institutional(self) -> bool:
        return self.kind in (Kind.INSTITUTIONAL, Kind.COMBINED)

    @property
    def includes_programmes(self) -> bool:
        return self.kind in (Kind.SPECIALIZED, Kind.COMBINED)

    @property
    def contract_signed(self) -> bool:
        return bool(self.contract_signed_by_organization_at and self.contract_signed_by_body_at)

    def get_absolute_url(self):
        return reverse("accreditation:case_detail", args=[self.pk])

    def _contract_signed(self) -> bool:
        return self.contract_signed

    _contract_signed.refusal_reason = _("Both sides sign the contract first (clause 9).")

    @transition(
        field="state",
        source=State.DRAFT,
        target=State.APPLICATION,
        permission=rule("accreditation.case.submit"),
    )
    def submit(self):
        pass

    @transition(
        field="state",
        source=State.APPLICATION,
        target=State.SELF_ASSESSMENT,
        conditions=[_contract_signed],
        permission=rule("accreditation.case.conclude_contract"),
    )
    def conclude_contract(self):
        pass

    @transition(
        field="state",
        source=State.SELF_ASSESSMENT,
        target=State.BODY_REVIEW,
        permission=rule("accreditation.case.submit_self_assessment"),
    )
    def submit_self_assessment(self):
        pass

    @transition(
        field="state",
        source=State.BODY_REVIEW,
        target=State.RECOMMENDATIONS,
        permission=rule("accreditation.case.review"),
    )
    def review(self):
        pass

    @transition(
        field="state",
        source=State.RECOMMENDATIONS,
        target=State.EXPERT_VISIT,
        permission=rule("accreditation.case.schedule_visit"),
    )
    def schedule_visit(self):
        pass

    @transition(
        field="state",
        source=State.EXPERT_VISIT,
        target=State.EXPERT_REPORT,
        permission=rule("accreditation.case.complete_visit"),
    )
    def complete_visit(self):
        pass

    @transition(
        field="state",
        source=State.EXPERT_REPORT,
        target=State.COUNCIL,
        permission=rule("accreditation.case.refer_to_council"),
    )
    def refer_to_council(self):
        pass

    @transition(
        field="state",
        source=State.COUNCIL,
        target=State.DECIDED,
        permission=rule("accreditation.case.decide"),
    )
    def decide(self):
        pass

    @transition(
        field="state",
        source=State.DRAFT,
        target=State.DECIDED,
        permission=rule("accreditation.case.record_decision"),
    )
    def record_decision(self):
        # A body running its own system pushes a decision it took there (issue 11, item 10).
        pass

    @transition(
        field="state",
        source=State.DECIDED,
        target=State.REPORT_PUBLISHED,
        permission=rule("accreditation.case.publish_report"),
    )
    def publish_report(self):
        pass

    @transition(
        field="state",
        source=list(OPEN_STATES),
        target=State.WITHDRAWN,
        permission=rule("accreditation.case.withdraw"),
    )
    def withdraw(self):
        pass

    @transition(
        field="state",
        source=[State.DECIDED, State.REPORT_PUBLISHED],
        target=State.UNDER_APPEAL,
        permission=rule("accreditation.case.appeal"),
    )
    def appeal(self):
        pass

    @transition(
        field="state",
        source=State.UNDER_APPEAL,
        target=State.COUNCIL,
        permission=rule("accreditation.case.decide_appeal"),
    )
    def uphold_appeal(self):
        pass

    @transition(
        field="state",
        source=State.UNDER_APPEAL,
        target=RETURN_VALUE(State.DECIDED, State.REPORT_PUBLISHED),
        permission=rule("accreditation.case.decide_appeal"),
    )
    def dismiss_appeal(self):
        # The decision stands where it stood: published, or not yet.
        return self.State.REPORT_PUBLISHED if self.report_published_at else self.State.DECIDED


class SelfAssessmentEntry(models.Model):
    """The organization's assessment of itself against one criterion of the body (К9.2, К13);
    its evidence files are attachments under the checklist item `evidence-<criterion id>`."""

    class Rating(models.TextChoices):
        MET = "met", _("Met")
        PARTLY = "partly", _("Partly met")
        NOT_MET = "not_met", _("Not met")

    case = models.ForeignKey(
        AccreditationCase, models.CASCADE, related_name="self_assessment", verbose_name=_("case")
    )
    criterion = models.ForeignKey(
        "accreditation.Criterion", models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    rating = models.CharField(_("rating"), max_length=10, choices=Rating.choices)
    text = models.TextField(_("assessment"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("self-assessment entry")
        verbose_name_plural = _("self-assessment")
        ordering = ["case", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"], name="acc_self_assessment_once")
        ]

    def __str__(self):
        return f"{self.case}: {self.criterion}"

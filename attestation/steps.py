"""Where an attestation stands, as the case page's step list (casework.steps): schedule and
notice, self-assessment, commission, visit, knowledge check, conclusion, acknowledgement,
decision, follow-up; each with who acts and by when, read from the case's state and dates
(no query of its own beyond what the case page has already loaded)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.steps import Step, StepState

from . import rules
from .models import Attestation, Decision

S = Attestation.State


def _local(moment):
    return timezone.localdate(moment) if moment else None


def attestation_steps(attestation: Attestation, *, self_assessment, commission, conclusion):
    """The steps of `attestation` for every party; `self_assessment`, `commission` (the
    attestation commission) and `conclusion` as the case page loaded them (None when absent)."""
    state = attestation.state
    order = [
        S.SCHEDULED,
        S.NOTIFIED,
        S.SELF_ASSESSMENT_SUBMITTED,
        S.COMMISSION_APPROVED,
        S.VISIT,
        S.CONCLUSION,
    ]
    decided = state not in order and state != S.CANCELLED
    at_or_after_visit = state in (S.VISIT, S.CONCLUSION) or decided
    authority = _("The department (head)")
    organization = _("The organization")
    commission_who = _("The attestation commission")
    start = attestation.start_date

    def state_of(done: bool, current: bool) -> str:
        if done:
            return StepState.DONE
        if state == S.CANCELLED:
            return StepState.SKIPPED
        return StepState.CURRENT if current else StepState.UPCOMING

    steps = [
        Step(
            _("Schedule and notice (cl. 11, 12 of the Instruction approved by Order No. 109)"),
            state_of(attestation.notified_at is not None, state == S.SCHEDULED),
            who=authority,
            done_on=_local(attestation.notified_at),
            note=_("Starts on %(date)s.") % {"date": start.strftime("%d.%m.%Y")},
        )
    ]

    submitted = self_assessment is not None and self_assessment.submitted_at is not None
    if not submitted and at_or_after_visit:
        sa_state, sa_note = StepState.FAILED, _("Not submitted before the visit started.")
    else:
        sa_state = state_of(submitted, state in (S.NOTIFIED, S.COMMISSION_APPROVED))
        sa_note = _("Submitted late.") if submitted and self_assessment.late else ""
    steps.append(
        Step(
            _("Self-assessment with the charter and license (cl. 15)"),
            sa_state,
            who=organization,
            due=None if submitted else rules.self_assessment_deadline(start),
            done_on=_local(self_assessment.submitted_at) if submitted else None,
            note=sa_note,
        )
    )

    approved = commission is not None and commission.approved_at is not None
    steps.append(
        Step(
            _("Commission approved (cl. 17, 18)"),
            state_of(approved, state in (S.NOTIFIED, S.SELF_ASSESSMENT_SUBMITTED)),
            who=authority,
            due=None if approved else rules.commission_deadline(start),
            done_on=_local(commission.approved_at) if approved else None,
        )
    )

    signed = attestation.conclusion_signed_on is not None
    steps.append(
        Step(
            _("Visit of the commission (cl. 19)"),
            state_of(signed, state in (S.COMMISSION_APPROVED, S.VISIT)),
            who=commission_who,
            due=attestation.visit_ends_on or start,
            done_on=attestation.visit_started_on if signed else None,
        )
    )
    steps.append(
        Step(
            _("Knowledge check of the sampled students (cl. 24-27)"),
            state_of(signed, state == S.VISIT),
            who=commission_who,
            due=attestation.visit_ends_on,
        )
    )
    steps.append(
        Step(
            _("Conclusion signed by the chair and every member (cl. 30, 31)"),
            state_of(signed, False),
            who=commission_who,
            done_on=attestation.conclusion_signed_on,
        )
    )
    acknowledged = conclusion is not None and conclusion.acknowledged_at is not None
    steps.append(
        Step(
            _("Receipt of the conclusion acknowledged (cl. 31)"),
            state_of(acknowledged, signed),
            who=organization,
            done_on=_local(conclusion.acknowledged_at) if acknowledged else None,
        )
    )
    decision_due = rules.decision_deadline(attestation.conclusion_signed_on) if signed else None
    steps.append(
        Step(
            _("Decision by order (cl. 33-35)"),
            state_of(attestation.decided_at is not None, state == S.CONCLUSION),
            who=authority,
            due=None if attestation.decided_at else decision_due,
            done_on=_local(attestation.decided_at),
            note=attestation.get_decision_display() if attestation.decision else "",
        )
    )

    if attestation.decision == Decision.ATTEST:
        follow_up = Step(_("Follow-up check (cl. 36-38)"), StepState.SKIPPED, who=authority)
    else:
        closed = state in (S.RESUMED, S.REVOKED)
        follow_state = state_of(closed, state in (S.NOT_ATTESTED, S.SUSPENDED, S.FOLLOW_UP))
        if state == S.REVOKED:
            follow_state = StepState.FAILED
        follow_up = Step(
            _("Follow-up check of the remedies; the license resumed or revoked (cl. 36-38)"),
            follow_state,
            who=authority,
            due=None if closed else attestation.suspended_until,
            done_on=_local(attestation.closed_at) if closed else None,
            note=attestation.get_state_display() if closed else "",
        )
    steps.append(follow_up)
    return steps

"""Where an apostille request stands, as the case page's list of steps (casework.steps)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from casework.steps import Step, StepState

from .models import ApostilleRequest, Decision

State = ApostilleRequest.State

_ORDER = [
    State.DRAFT,
    State.SUBMITTED,
    State.COMPLETENESS_CHECK,
    State.RETURNED,
    State.REVIEW,
    State.AFFIXED,
    State.DELIVERED,
]


def _day(moment):
    return timezone.localdate(moment) if moment else None


def request_steps(request: ApostilleRequest, *, terms) -> list[Step]:
    """Filled in → completeness check (→ corrections) → review and checks → decision →
    delivery; a withdrawn request ends where it was withdrawn."""
    state = request.state
    authority = str(request.authority) if request.authority_id else _("The authority")
    applicant = _("The applicant")
    withdrawn = state == State.WITHDRAWN
    refused = request.decision == Decision.REFUSED
    decided = bool(request.decision)
    returned_once = bool(request.correction_request)

    def when(current: bool, done: bool) -> str:
        if current:
            return StepState.CURRENT
        if done:
            return StepState.DONE
        return StepState.SKIPPED if withdrawn else StepState.UPCOMING

    checking = state in (State.SUBMITTED, State.COMPLETENESS_CHECK)
    past_check = state in (State.REVIEW, State.AFFIXED, State.REFUSED, State.DELIVERED)
    steps = [
        Step(
            _("Request filled in, scan and fee attached"),
            when(state == State.DRAFT, state != State.DRAFT and bool(request.submitted_at)),
            who=applicant,
            done_on=_day(request.submitted_at),
            note=_("Fill in the request, attach the scan and submit it.")
            if state == State.DRAFT
            else "",
        ),
        Step(
            _("Registration and completeness check"),
            when(checking, past_check or state == State.RETURNED),
            who=authority,
            due=terms.step_due if checking else None,
        ),
    ]
    if returned_once or state == State.RETURNED:
        steps.append(
            Step(
                _("Corrections"),
                when(state == State.RETURNED, state != State.RETURNED),
                who=applicant,
                note=request.correction_request if state == State.RETURNED else "",
            )
        )
    steps += [
        Step(
            _("Review: license, signer and earlier apostilles checked"),
            when(state == State.REVIEW, decided),
            who=authority,
            due=terms.legal_due if state == State.REVIEW else None,
        ),
        Step(
            _("Decision: apostille affixed or refused"),
            StepState.FAILED if refused else when(False, request.decision == Decision.AFFIXED),
            who=authority,
            done_on=_day(request.decided_at),
            note=_("Refused with reasons; the letter is among the issued documents.")
            if refused
            else "",
        ),
        Step(
            _("Apostille or letter received"),
            when(state in (State.AFFIXED, State.REFUSED), state == State.DELIVERED),
            who=applicant,
            done_on=_day(request.delivered_at),
            note=_("Download it from this page.")
            if state in (State.AFFIXED, State.REFUSED)
            else "",
        ),
    ]
    if withdrawn:
        steps.append(
            Step(
                _("Withdrawn by the applicant"),
                StepState.FAILED,
                who=applicant,
                done_on=_day(request.withdrawn_at),
            )
        )
    return steps

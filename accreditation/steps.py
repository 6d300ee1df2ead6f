"""Where an accreditation case stands, as casework.steps.Steps for its page: the ten stages of
К9 in order, who acts on each and by when, with the appeal and withdrawal branches."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.steps import Step, StepState

from .models import AccreditationCase, Decision

State = AccreditationCase.State
ORGANIZATION = _("The organization")
BODY = _("The accreditation body")
BOTH = _("The organization and the body")
EXPERTS = _("The external expert commission")
COUNCIL = _("The accreditation council")

# К9: the stages in order, with the state in which each is under way.
STAGES = [
    (State.DRAFT, _("Application (clause 9.1)"), ORGANIZATION),
    (State.APPLICATION, _("Two-sided contract (clause 9.1)"), BOTH),
    (
        State.SELF_ASSESSMENT,
        _("Self-assessment and its report (clauses 9.2–9.3, 13)"),
        ORGANIZATION,
    ),
    (State.BODY_REVIEW, _("Review of the self-assessment report (clause 9.4)"), BODY),
    (State.RECOMMENDATIONS, _("Recommendations of the body (clause 9.5)"), BODY),
    (State.EXPERT_VISIT, _("External expert visit (clauses 14–16)"), EXPERTS),
    (State.EXPERT_REPORT, _("Expert report and council materials (clauses 17–18)"), EXPERTS),
    (State.COUNCIL, _("Vote of the accreditation council (clause 19)"), COUNCIL),
    (State.DECIDED, _("Decision of the body (clauses 9.9, 20, 22)"), BODY),
    (State.REPORT_PUBLISHED, _("Publication of the full report (clause 9.10)"), BODY),
]
ORDER = [state for state, _title, _who in STAGES]


def case_steps(case: AccreditationCase, *, step_due=None) -> list[Step]:
    """The steps of the case; `step_due` is the term of the step under way (casework.deadlines.
    deadline_terms(case, "total_term").step_due, which the page reads once). No query."""
    state = case.state
    publication = ORDER.index(State.REPORT_PUBLISHED)
    if state == State.WITHDRAWN:
        at = None
    elif state == State.REPORT_PUBLISHED or (
        state == State.UNDER_APPEAL and case.report_published_at
    ):
        at = len(ORDER)  # every stage behind it
    elif state in (State.DECIDED, State.UNDER_APPEAL):
        at = publication  # the decision taken; publication still to come
    else:
        at = ORDER.index(state)
    refused = case.decision == Decision.REFUSE
    steps = []
    for index, (stage, title, who) in enumerate(STAGES):
        if stage == State.DECIDED and case.decision:
            steps.append(
                Step(
                    title,
                    StepState.FAILED if refused else StepState.DONE,
                    who,
                    done_on=timezone.localdate(case.decided_at) if case.decided_at else None,
                    note=Decision(case.decision).label,
                )
            )
        elif at is None:
            steps.append(Step(title, StepState.SKIPPED, who))
        elif index < at:
            steps.append(Step(title, StepState.DONE, who))
        elif index == at and state != State.UNDER_APPEAL:
            steps.append(Step(title, StepState.CURRENT, who, due=step_due))
        else:
            steps.append(Step(title, StepState.UPCOMING, who))
    if state == State.UNDER_APPEAL:
        steps.append(Step(_("Appeal (clause 27)"), StepState.CURRENT, _("The appeal authority")))
    if state == State.WITHDRAWN:
        steps.insert(0, Step(_("Application withdrawn"), StepState.DONE, ORGANIZATION))
    return steps

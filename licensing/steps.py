"""Where a license application stands, as casework.steps.Steps for the case page (issue 10):
filing → completeness check → inspection → council → decision → license issued, with the
returned, refused, appeal and withdrawn branches; who acts on each step and by when."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.steps import Step, StepState

from .models import LicenseApplication

State = LicenseApplication.State
DONE, CURRENT, UPCOMING, SKIPPED, FAILED = (
    StepState.DONE,
    StepState.CURRENT,
    StepState.UPCOMING,
    StepState.SKIPPED,
    StepState.FAILED,
)
ORGANIZATION = _("The organization")
DEPARTMENT = _("Licensing department")
EXPERTS = _("The expert commission")
COUNCIL = _("The licensing council")
HEAD = _("The head of the department")

# The order the states are passed in on the main road.
ORDER = [
    State.DRAFT,
    State.SUBMITTED,
    State.COMPLETENESS_CHECK,
    State.REVIEW,
    State.INSPECTION,
    State.COUNCIL,
    State.GRANTED,
]


def _day(moment):
    return timezone.localdate(moment) if moment else None


def application_steps(
    application, *, terms, inspection=None, review=None, corrections_due=None, appeal_until=None
) -> list[Step]:
    """The steps of `application`; `terms` is licensing.terms.application_terms(application),
    `inspection` and `review` the current ones (the case page has them already): no query."""
    state = application.state
    inspected = application.needs_inspection
    at = ORDER.index(state) if state in ORDER else None

    def passed(s) -> bool:
        return at is not None and at > ORDER.index(s)

    steps = []
    # 1. Filing.
    if state == State.DRAFT:
        steps.append(Step(_("File the application"), CURRENT, ORGANIZATION))
    else:
        steps.append(
            Step(
                _("File the application"),
                DONE,
                ORGANIZATION,
                done_on=_day(application.submitted_at),
            )
        )
    # 2. Completeness check (or corrections, or refusal to accept).
    check = _("Completeness check of the package")
    if state in (State.SUBMITTED, State.COMPLETENESS_CHECK):
        steps.append(Step(check, CURRENT, DEPARTMENT, due=terms.step_due))
    elif state == State.RETURNED:
        steps.append(
            Step(
                _("Corrections to the package"),
                CURRENT,
                ORGANIZATION,
                due=corrections_due,
                note=_("The department returned the application: correct it and send it again."),
            )
        )
    elif state == State.NOT_ACCEPTED:
        steps.append(Step(check, FAILED, DEPARTMENT, note=_("The application was not accepted.")))
    elif state == State.DRAFT:
        steps.append(Step(check, UPCOMING, DEPARTMENT))
    else:
        steps.append(Step(check, DONE, DEPARTMENT))
    # 3 and 4. Inspection and council, for a new license or appendix.
    if inspected:
        title = _("Pre-license inspection")
        if state == State.INSPECTION:
            note = (
                _("Visit on %(day)s; the experts then fill in and sign the sheet.")
                % {"day": inspection.visit_date.strftime("%d.%m.%Y")}
                if inspection
                else ""
            )
            steps.append(Step(title, CURRENT, EXPERTS, note=note))
        elif state == State.REVIEW:
            steps.append(
                Step(
                    title, UPCOMING, EXPERTS, note=_("The portal draws the commission of experts.")
                )
            )
        elif passed(State.INSPECTION) or inspection is not None and state != State.WITHDRAWN:
            steps.append(Step(title, DONE, EXPERTS))
        else:
            steps.append(Step(title, UPCOMING, EXPERTS))
        title = _("Vote of the licensing council")
        if state == State.COUNCIL and review is not None and review.is_open:
            steps.append(Step(title, CURRENT, COUNCIL))
        elif review is not None and not review.is_open:
            steps.append(Step(title, DONE, COUNCIL, note=review.get_outcome_display()))
        else:
            steps.append(Step(title, UPCOMING, COUNCIL))
    # 5. Decision.
    title = _("Decision on the application")
    decision_due = (
        state == State.REVIEW
        and not inspected
        or state == State.COUNCIL
        and review is not None
        and not review.is_open
    )
    if decision_due:
        steps.append(Step(title, CURRENT, HEAD, due=terms.legal_due))
    elif state == State.GRANTED:
        steps.append(Step(title, DONE, HEAD, done_on=_day(application.decided_at)))
    elif state in (State.REFUSED, State.UNDER_APPEAL):
        steps.append(
            Step(
                title,
                FAILED,
                HEAD,
                done_on=_day(application.decided_at),
                note=_("Refused; the letter states the reasons."),
            )
        )
    elif state == State.NOT_ACCEPTED:
        steps.append(Step(title, SKIPPED, HEAD))
    else:
        steps.append(Step(title, UPCOMING, HEAD, due=terms.legal_due))
    # The appeal branch.
    if state == State.REFUSED:
        steps.append(
            Step(
                _("Appeal (if the organization disagrees)"),
                CURRENT,
                ORGANIZATION,
                due=appeal_until,
                note=_("Appeal the refusal, or file a corrected application."),
            )
        )
    elif state == State.UNDER_APPEAL:
        steps.append(Step(_("Decision on the appeal"), CURRENT, HEAD, due=terms.step_due))
    # 6. The license.
    title = _("License issued and entered in the register")
    if state == State.GRANTED:
        steps.append(Step(title, DONE, DEPARTMENT, done_on=_day(application.decided_at)))
    elif state in (State.REFUSED, State.NOT_ACCEPTED, State.WITHDRAWN):
        steps.append(Step(title, SKIPPED, DEPARTMENT))
    else:
        steps.append(Step(title, UPCOMING, DEPARTMENT))
    if state == State.WITHDRAWN:
        # Withdrawn: what had not happened will not.
        steps = [
            s if s.state in (DONE, FAILED) else Step(s.title, SKIPPED, s.who, note=s.note)
            for s in steps
        ]
    return steps

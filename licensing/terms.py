"""The legal term of the licensing service and, apart from it, the term of the step under way
(issue 10): a 2-day completeness check is not the term of the service."""

import dataclasses

from django.utils.translation import gettext_lazy as _

from casework.deadlines import deadline_terms

from .services.applications import (
    DEADLINE_APPEAL_DECISION,
    DEADLINE_APPEAL_PERIOD,
    DEADLINE_COMPLETENESS,
    DEADLINE_CORRECTIONS,
    DEADLINE_SERVICE,
)

STEP_TERMS = {
    DEADLINE_COMPLETENESS: _("the completeness check of the package"),
    DEADLINE_CORRECTIONS: _("the applicant's corrections"),
    DEADLINE_APPEAL_PERIOD: _("the appeal period"),
    DEADLINE_APPEAL_DECISION: _("the decision on the appeal"),
}


@dataclasses.dataclass(frozen=True)
class Terms:
    legal_due: object  # date or None
    step: str  # what the step's term is for, translated lazily; "" without one
    step_due: object


def application_terms(application) -> Terms:
    """One query."""
    terms = deadline_terms(application, DEADLINE_SERVICE)
    step = STEP_TERMS.get(terms.step_kind, "") if terms.step_kind else ""
    return Terms(legal_due=terms.legal_due, step=step, step_due=terms.step_due)

"""Follow-up of the recommendations of the body and of the expert report (issue 11, item 9:
beyond the Instruction): the organization's evidence, the body closing them, overdue ones
marked by the daily task and counted in the register."""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.exceptions import CasePermissionDenied
from casework.locks import lock
from casework.services import entry_point

from ..models import AccreditationCase, Certificate, Recommendation
from ..notifications import tell
from ..permissions import is_body_staff_of, represents
from ._common import today


def _touch_register(case_id: int) -> None:
    # The register's change feed (updated_since) sees the new follow-up status.
    Certificate.objects.filter(case_id=case_id).update(updated_at=timezone.now())


@entry_point
def accreditation_recommendation_evidence(recommendation, *, actor, evidence: str):
    """The organization says (and shows) what it has done about a recommendation."""
    recommendation = lock(recommendation)
    if not represents(actor, recommendation.case):
        raise CasePermissionDenied()
    if not (evidence or "").strip():
        raise ValidationError({"evidence": _("Describe what was done.")})
    recommendation.evidence = evidence.strip()
    recommendation.evidence_submitted_at = timezone.now()
    recommendation.save(update_fields=["evidence", "evidence_submitted_at"])
    tell(recommendation.case, "recommendation_evidence", parties=("body",))
    return recommendation


@entry_point
def accreditation_recommendation_close(recommendation, *, actor):
    """The body accepts the evidence: the recommendation is done."""
    recommendation = lock(recommendation)
    if not is_body_staff_of(actor, recommendation.case):
        raise CasePermissionDenied()
    recommendation.status = Recommendation.Status.DONE
    recommendation.closed_at = timezone.now()
    recommendation.save(update_fields=["status", "closed_at"])
    _touch_register(recommendation.case_id)
    return recommendation


def recommendations_mark_overdue(*, day: datetime.date | None = None) -> int:
    """The daily task: open recommendations past their due date become overdue; the body and
    the organization hear of each case once."""
    day = day or today()
    overdue = Recommendation.objects.filter(status=Recommendation.Status.OPEN, due_on__lt=day)
    case_ids = set(overdue.values_list("case_id", flat=True))
    count = overdue.update(status=Recommendation.Status.OVERDUE)
    for case in AccreditationCase.objects.filter(pk__in=case_ids).select_related("body"):
        _touch_register(case.pk)
        tell(case, "recommendation_overdue")
    return count

"""The self-assessment (К9.2–К9.3, К13) and the body's review of it and recommendations
(К9.4–К9.5)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.attachments import attachment_checklist
from casework.deadlines import deadline_open
from casework.exceptions import CaseConflict, CasePermissionDenied, refuse
from casework.locks import lock
from casework.services import case_transition, entry_point

from .. import conf
from ..checklist import REPORT_ITEM
from ..models import AccreditationCase, Criterion, Recommendation, SelfAssessmentEntry
from ..notifications import tell
from ..permissions import is_body_staff_of, represents
from ..refusals import AccreditationRefusal
from ._common import case_set
from .applications import DEADLINE_BODY_STEP

State = AccreditationCase.State


@entry_point
def accreditation_self_assessment_save(
    case, *, actor, criterion: Criterion, rating: str, text: str
) -> SelfAssessmentEntry:
    """The organization's assessment against one criterion of the body's standards."""
    case = lock(case)
    if not represents(actor, case):
        raise CasePermissionDenied()
    if case.state != State.SELF_ASSESSMENT:
        raise CaseConflict(case=case)
    if criterion.standard.body_id != case.body_id:
        raise ValidationError({"criterion": _("This criterion is not one of the body's.")})
    if rating not in SelfAssessmentEntry.Rating.values:
        raise ValidationError({"rating": _("Choose how far the criterion is met.")})
    entry, _created = SelfAssessmentEntry.objects.update_or_create(
        case=case, criterion=criterion, defaults={"rating": rating, "text": text}
    )
    return entry


def self_assessment_missing(case) -> list[str]:
    """What the self-assessment still lacks (К13): the signed report, criteria not assessed."""
    missing = []
    report = next(
        (entry for entry in attachment_checklist(case) if entry.item.code == REPORT_ITEM), None
    )
    if report is None or report.current is None:
        missing.append(str(_("the signed self-assessment report")))
    assessed = set(
        SelfAssessmentEntry.objects.filter(case=case).values_list("criterion_id", flat=True)
    )
    criteria = Criterion.objects.filter(
        standard__body_id=case.body_id, standard__is_active=True, is_active=True
    ).select_related("standard")
    missing += [
        f"{criterion.standard.code}.{criterion.code}"
        for criterion in criteria
        if criterion.pk not in assessed
    ]
    return missing


@entry_point
def accreditation_self_assessment_submit(case, *, actor) -> AccreditationCase:
    """К13: the organization sends the body its self-assessment report."""
    case = lock(case)
    if case.state == State.SELF_ASSESSMENT:
        missing = self_assessment_missing(case)
        if missing:
            refuse(
                AccreditationRefusal.K13_SELF_ASSESSMENT_INCOMPLETE,
                case=case,
                items="; ".join(missing),
            )
    submitted = case_transition(case, "submit_self_assessment", actor=actor)
    case_set(submitted, self_assessment_submitted_at=timezone.now())
    deadline_open(
        submitted,
        DEADLINE_BODY_STEP,
        working_days=int(conf.get("ACCREDITATION_BODY_STEP_WORKING_DAYS")),
    )
    tell(submitted, "self_assessment_submitted")
    return submitted


@entry_point
def accreditation_review(case, *, actor, text: str) -> AccreditationCase:
    """К9.4: the body has studied the self-assessment report; its recommendations follow."""
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the review of the report.")})
    reviewed = case_transition(case, "review", actor=actor)
    case_set(reviewed, review_text=text.strip(), reviewed_at=timezone.now())
    tell(reviewed, "reviewed")
    return reviewed


def recommendation_add(case, *, source: str, text: str, due_on, standard=None) -> Recommendation:
    if not (text or "").strip():
        raise ValidationError({"text": _("Write the recommendation.")})
    return Recommendation.objects.create(
        case=case, source=source, text=text.strip(), due_on=due_on, standard=standard
    )


@entry_point
def accreditation_recommendation_add(
    case, *, actor, text: str, due_on, standard=None
) -> Recommendation:
    """К9.5: a recommendation of the body to the organization, with its due date (item 9)."""
    case = lock(case)
    if not is_body_staff_of(actor, case):
        raise CasePermissionDenied()
    if case.state != State.RECOMMENDATIONS:
        raise CaseConflict(case=case)
    return recommendation_add(
        case, source=Recommendation.Source.BODY, text=text, due_on=due_on, standard=standard
    )

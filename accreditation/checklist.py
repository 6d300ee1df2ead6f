"""The files of an accreditation case (casework.attachments): the signed self-assessment report
(К13) and the evidence for each criterion of the body's standards (К9.2). The license and its
appendices are not asked for: they are read from the state register (К8)."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from casework.attachments import JPEG, PDF, PNG, Checklist, ChecklistItem, attachments_declare

from .models import AccreditationCase, Criterion
from .permissions import may_view_case, represents

REPORT_ITEM = "self_assessment_report"


def evidence_item_code(criterion_id: int) -> str:
    return f"evidence-{criterion_id}"


def case_checklist(case) -> Checklist:
    criteria = Criterion.objects.filter(
        standard__body_id=case.body_id, standard__is_active=True, is_active=True
    ).select_related("standard")
    return Checklist(
        ChecklistItem(
            REPORT_ITEM,
            _("Self-assessment report, signed (PDF)"),
            help_text=_("Clause 13: the report on the self-assessment against the standards."),
        ),
        *(
            ChecklistItem(
                evidence_item_code(criterion.pk),
                format_lazy(
                    "{} {}.{}", _("Evidence for criterion"), criterion.standard.code, criterion.code
                ),
                required=False,
                types=(PDF, JPEG, PNG),
            )
            for criterion in criteria
        ),
    )


def declare() -> None:
    attachments_declare(
        AccreditationCase,
        checklist=case_checklist,
        can_view=may_view_case,
        can_upload=represents,
    )

"""The files an attestation collects (casework attachments on the Attestation case): the
self-assessment's copies of the charter and license (А15), optional supporting files per
section, and the conclusion's eight attachments (А32).

casework lets a procedure say who may add files to a case, not to which item; the attestation
services that upload (attestation_file_upload) check the item too: the organization adds the
self-assessment's, the commission the conclusion's.
"""

import rules
from django.utils.translation import gettext_lazy as _

from casework.attachments import JPEG, PDF, PNG, Checklist, ChecklistItem, attachments_declare

from .models import Attestation, ConclusionAttachment, SelfAssessment, StudyArea
from .permissions import chair_or_staff, may_view_attestation, represents

SELF_ASSESSMENT_SECTION_PREFIX = "self_assessment_"

SELF_ASSESSMENT_ITEMS = (
    ChecklistItem(SelfAssessment.CHARTER, _("Copy of the charter (founding documents)")),
    ChecklistItem(SelfAssessment.LICENSE, _("Copy of the license for educational activity")),
    *(
        ChecklistItem(
            f"{SELF_ASSESSMENT_SECTION_PREFIX}{area.value}",
            area.label,
            required=False,
            types=(PDF, JPEG, PNG),
        )
        for area in StudyArea
    ),
)

# The conclusion's attachments are required for the signatures, not for the case as a whole.
CONCLUSION_ITEMS = tuple(
    ChecklistItem(item.value, item.label, required=False) for item in ConclusionAttachment
)

SELF_ASSESSMENT_CODES = frozenset(item.code for item in SELF_ASSESSMENT_ITEMS)
CONCLUSION_CODES = frozenset(item.code for item in CONCLUSION_ITEMS)


@rules.predicate
def _self_assessment_open(user, attestation: Attestation) -> bool:
    return (
        attestation.state
        in (
            Attestation.State.NOTIFIED,
            Attestation.State.COMMISSION_APPROVED,
        )
        and not SelfAssessment.objects.filter(
            attestation=attestation, submitted_at__isnull=False
        ).exists()
    )


@rules.predicate
def _during_visit(user, attestation: Attestation) -> bool:
    return attestation.state == Attestation.State.VISIT


# Who adds files at which stage: the organization while its self-assessment is open, the chair
# or staff during the visit (the conclusion's files). The services check the item.
can_upload = (represents & _self_assessment_open) | (chair_or_staff & _during_visit)


def declare() -> None:
    attachments_declare(
        Attestation,
        checklist=Checklist(*SELF_ASSESSMENT_ITEMS, *CONCLUSION_ITEMS),
        can_view=may_view_attestation,
        can_upload=can_upload,
    )

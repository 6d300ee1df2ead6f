"""The files an attestation collects (casework attachments on the Attestation case): the
self-assessment's copies of the charter and license (А15), optional supporting files per
section, and the conclusion's eight attachments (А32).

casework lets a procedure say who may add files to a case, not to which item; the attestation
services that upload (attestation_file_upload) check the item too: the organization adds the
self-assessment's, the commission the conclusion's.
"""

from django.utils.translation import gettext_lazy as _

from casework.attachments import JPEG, PDF, PNG, Checklist, ChecklistItem, attachments_declare

from .models import Attestation, Commission, ConclusionAttachment, SelfAssessment, StudyArea
from .permissions import can_view_attestation, is_staff_of, represents

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


def can_upload(user, attestation: Attestation) -> bool:
    """Who adds files at which stage: the organization while its self-assessment is open, the
    chair or staff during the visit (the conclusion's files). The services check the item."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if attestation.state in (Attestation.State.NOTIFIED, Attestation.State.COMMISSION_APPROVED):
        return (
            represents(user, attestation.organization_id)
            and not SelfAssessment.objects.filter(
                attestation=attestation, submitted_at__isnull=False
            ).exists()
        )
    if attestation.state == Attestation.State.VISIT:
        return (
            is_staff_of(user, attestation.authority_id)
            or Commission.objects.filter(
                attestation=attestation,
                purpose=Commission.Purpose.ATTESTATION,
                members__user=user,
                members__role="chair",
            ).exists()
        )
    return False


def declare() -> None:
    attachments_declare(
        Attestation,
        checklist=Checklist(*SELF_ASSESSMENT_ITEMS, *CONCLUSION_ITEMS),
        can_view=can_view_attestation,
        can_upload=can_upload,
    )

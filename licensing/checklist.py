"""The document checklist of license applications: admin-editable rows per application kind
(licensing.models.ChecklistItem), declared to casework.attachments, which stores the files.

casework asks a checklist for an item by code without the case at hand, so the declared
checklist is the union of the active rows of every kind; what one application needs is read
per kind here (`checklist_for`, `checklist_missing`).
"""

import dataclasses

from django.contrib.contenttypes.models import ContentType

from casework import attachments
from casework.models import Attachment

from . import permissions
from .models import ChecklistItem, LicenseApplication

# The applicant adds files while the package is theirs to edit.
APPLICANT_EDITABLE_STATES = (LicenseApplication.State.DRAFT, LicenseApplication.State.RETURNED)


def _as_casework_item(row: ChecklistItem) -> attachments.ChecklistItem:
    types = (
        (attachments.PDF, attachments.JPEG, attachments.PNG)
        if row.accepts_images
        else (attachments.PDF,)
    )
    return attachments.ChecklistItem(
        code=row.code, title=row.title, required=row.is_required, types=types, help_text=row.hint
    )


class KindChecklist(attachments.Checklist):
    """The union of every kind's active rows, read from the database when asked."""

    def __init__(self):
        pass

    @property
    def items(self):
        merged: dict[str, ChecklistItem] = {}
        for row in ChecklistItem.objects.filter(is_active=True).order_by("kind", "order", "id"):
            kept = merged.get(row.code)
            # The same code in two kinds: accept what either accepts.
            if kept is None or (row.accepts_images and not kept.accepts_images):
                merged[row.code] = row
        return tuple(_as_casework_item(row) for row in merged.values())

    def __iter__(self):
        return iter(self.items)

    def get(self, code: str):
        return next((item for item in self.items if item.code == code), None)


def can_view(user, application) -> bool:
    """Applicant side, handling staff, admins (casework's rule), and the experts drawn for the
    application's inspection and the members of its council, who judge the package."""
    if attachments.case_participant(user, application):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    expert = getattr(user, "expert_profile", None)
    if expert is not None and application.inspections.filter(experts=expert).exists():
        return True
    return application.council_reviews.filter(
        council__members__user=user, council__members__is_active=True
    ).exists()


def can_upload(user, application) -> bool:
    if application.state in APPLICANT_EDITABLE_STATES and permissions.may_edit_package(
        application, user
    ):
        return True
    if permissions.is_applicant_of(application, user):
        return False
    # Staff file papers brought in person while the case is open.
    return permissions.is_staff_of(application, user) and application.is_open


def declare() -> None:
    attachments.attachments_declare(
        LicenseApplication, checklist=KindChecklist(), can_view=can_view, can_upload=can_upload
    )


@dataclasses.dataclass
class Entry:
    item: ChecklistItem
    current: Attachment | None
    earlier: list[Attachment]


def checklist_for(application) -> list[Entry]:
    """The application's kind's checklist with the current and earlier file of each item; two
    queries."""
    rows = list(ChecklistItem.objects.filter(kind=application.kind, is_active=True))
    files = (
        Attachment.objects.filter(
            case_type=ContentType.objects.get_for_model(application), case_id=application.pk
        )
        .select_related("uploaded_by")
        .order_by("item_code", "-version")
    )
    by_code: dict[str, list[Attachment]] = {}
    for attachment in files:
        by_code.setdefault(attachment.item_code, []).append(attachment)
    entries = []
    for row in rows:
        versions = by_code.get(row.code, [])
        current = next((a for a in versions if a.is_current), None)
        entries.append(Entry(row, current, [a for a in versions if a is not current]))
    return entries


def checklist_missing(application) -> list[ChecklistItem]:
    return [e.item for e in checklist_for(application) if e.item.is_required and not e.current]

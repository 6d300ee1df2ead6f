"""The document checklist of license applications: admin-editable rows per application kind
(licensing.models.ChecklistItem), declared to casework.attachments as a function of the
application, so each application asks for its kind's documents. casework stores the files and
reads the checklist with them (attachment_checklist, attachment_checklist_missing).
"""

import rules

from casework import attachments
from registry.predicates import is_admin, represents

from .models import ChecklistItem, License, LicenseApplication
from .permissions import (
    is_applicant_of,
    is_staff_of,
    may_act_on_license,
    may_edit_package,
    may_view_application,
)

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


def checklist_of(application) -> attachments.Checklist:
    """The active rows of the application's kind, in the order the applicant sees them."""
    rows = ChecklistItem.objects.filter(kind=application.kind, is_active=True).order_by(
        "order", "id"
    )
    return attachments.Checklist(*(_as_casework_item(row) for row in rows))


@rules.predicate
def _package_editable(_user, application) -> bool:
    return application.state in APPLICANT_EDITABLE_STATES


@rules.predicate
def _is_open(_user, application) -> bool:
    return application.is_open


# Whoever may open the application sees its files: the applicant side, handling staff (not in
# a draft the applicant is still writing), the experts drawn for its inspection and the members
# of its council, who judge the package, and admins.
can_view = may_view_application

# The applicant side while the package is theirs; staff file papers brought in person while the
# case is open (but not into a package the applicant side is editing).
can_upload = (_package_editable & may_edit_package) | (~is_applicant_of & is_staff_of & _is_open)


# A license is the case of the documents issued on it outside an application (the register's
# own documents, decisions staff take on their own motion): its holder's representatives, the
# issuing authority's staff, the heads who may act on it, and admins see them; nobody uploads.
can_view_license = is_admin | represents | is_staff_of | may_act_on_license


def declare() -> None:
    attachments.attachments_declare(
        LicenseApplication, checklist=checklist_of, can_view=can_view, can_upload=can_upload
    )
    attachments.attachments_declare(
        License,
        checklist=attachments.Checklist(),
        can_view=can_view_license,
        can_upload=rules.always_deny,
    )

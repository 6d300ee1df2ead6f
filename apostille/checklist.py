"""What a request carries (casework.attachments): the scan of the document, and the receipt of
the state fee when its number alone is not given."""

from django.utils.translation import gettext_lazy as _

from casework.attachments import JPEG, PDF, PNG, Checklist, ChecklistItem, attachments_declare

CHECKLIST = Checklist(
    ChecklistItem(
        "scan",
        _("Scan of the document"),
        types=(PDF, JPEG, PNG),
        help_text=_("Both sides, every page, legible: the e-Apostille joins this file as sent."),
    ),
    ChecklistItem(
        "fee_receipt",
        _("Receipt of the state fee"),
        required=False,
        types=(PDF, JPEG, PNG),
        help_text=_("Or give the receipt's number."),
    ),
)


def declare() -> None:
    from .models import ApostilleRequest
    from .permissions import may_upload, may_view_request

    attachments_declare(
        ApostilleRequest, checklist=CHECKLIST, can_view=may_view_request, can_upload=may_upload
    )

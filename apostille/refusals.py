"""Refusal codes of the apostille (casework.refusals). The Hague Convention of 5 October 1961
and the service's own rules; the clause or subject comes first."""

from django.utils.translation import gettext_lazy as _

from casework.refusals import RefusalCode


class ApostilleRefusal(RefusalCode):
    # Who applies: a citizen for their own document needs their IIN on the account.
    CITIZEN_NO_IIN = (
        "apostille.citizen.no_iin",
        _("Enter your IIN in your account before requesting an apostille."),
    )
    CITIZEN_NOT_HOLDER = (
        "apostille.citizen.not_holder",
        _(
            "A citizen requests an apostille only on a document issued to them: the holder's IIN "
            "must be yours."
        ),
    )
    # What a request must carry before it is submitted.
    REQUEST_INCOMPLETE = (
        "apostille.request.incomplete",
        _("The request is incomplete: %(missing)s."),
    )
    SCAN_MISSING = "apostille.scan.missing", _("Attach the scan of the document.")
    ISSUE_DATE_FUTURE = (
        "apostille.request.issue_date_future",
        _("The document's issue date cannot be in the future."),
    )
    # The state fee: the service is paid.
    FEE_MISSING = (
        "apostille.fee.missing",
        _("Give the receipt number of the state fee or attach the receipt."),
    )
    FEE_NOT_CONFIRMED = (
        "apostille.fee.not_confirmed",
        _("Staff have not confirmed the payment of the state fee."),
    )
    # The checks the portal makes before staff decide.
    CHECKS_NOT_RUN = (
        "apostille.checks.not_run",
        _("The checks of the request have not been made yet."),
    )
    LICENSE_NOT_COVERED = (
        "apostille.license.not_covered",
        _(
            "The issuing organization held no license covering this level of education on the "
            "issue date."
        ),
    )
    LICENSE_UNCONFIRMED = (
        "apostille.license.unconfirmed",
        _(
            "The license register does not reach back to the issue date: confirm the license by "
            "hand, with the reason."
        ),
    )
    SIGNER_NOT_CONFIRMED = (
        "apostille.signer.not_confirmed",
        _(
            "The signer of the document is not confirmed by the specimen register on the issue "
            "date."
        ),
    )
    CONFIRMATION_NO_REASON = (
        "apostille.confirmation.no_reason",
        _("Give the reason for confirming the check by hand."),
    )
    CONFIRMATION_NOT_NEEDED = (
        "apostille.confirmation.not_needed",
        _("This check passed by itself: there is nothing to confirm by hand."),
    )
    # The same document apostilled before: a duplicate, not a second apostille.
    DUPLICATE_EXISTS = (
        "apostille.duplicate.exists",
        _(
            "This document was apostilled before (№ %(number)s): issue a duplicate of that "
            "apostille instead."
        ),
    )
    DUPLICATE_NOTHING_TO_COPY = (
        "apostille.duplicate.nothing_to_copy",
        _("This document has no earlier apostille to issue a duplicate of."),
    )
    # A refusal cites reasons from the list, and the decision is reasoned.
    REFUSAL_NO_REASON = (
        "apostille.refusal.no_reason",
        _("Choose at least one reason for the refusal from the list."),
    )
    # Revocation of an apostille issued in error.
    REVOCATION_NO_REASON = (
        "apostille.revocation.no_reason",
        _("Give the reason for revoking the apostille."),
    )
    REVOCATION_ALREADY = (
        "apostille.revocation.already_revoked",
        _("The apostille is already revoked."),
    )
    # Specimen register.
    SPECIMEN_DATES = (
        "apostille.specimen.dates",
        _("A specimen's validity must end on or after the day it starts."),
    )
    # e-Register: a look-up is refused for a while after too many failed ones from an address.
    REGISTER_LOCKED_OUT = (
        "apostille.register.locked_out",
        _("Too many look-ups found nothing. Try again after %(until)s."),
    )

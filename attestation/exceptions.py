"""Refusals particular to attestation, on top of casework's."""

from django.utils.translation import gettext_lazy as _

from casework.exceptions import CaseActionError


class ResultConflict(CaseActionError):
    """Someone wrote the result cell after the version the user typed over: the user sees
    their value, the other value and who entered it, and decides."""

    default_message = _("Someone else has just entered a value in this cell.")
    code = "result_conflict"

    def __init__(self, cell, message=None):
        self.cell = cell
        super().__init__(message)


class SignatureConflict(CaseActionError):
    """The conclusion changed after the signer read it: they sign what they have seen or not
    at all."""

    default_message = _(
        "The conclusion has changed since you opened it. Read the current version and sign again."
    )
    code = "signature_conflict"

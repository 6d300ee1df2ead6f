"""Refusals particular to attestation, on top of casework's: each carries its answer (the cell
as it now is) besides the code (attestation.refusals)."""

from casework.exceptions import CaseActionError

from .refusals import AttestationRefusal


class ResultConflict(CaseActionError):
    """Someone wrote the result cell after the version the user typed over: the user sees
    their value, the other value and who entered it, and decides."""

    default_message = AttestationRefusal.RESULT_CONFLICT.label
    code = AttestationRefusal.RESULT_CONFLICT

    def __init__(self, cell, message=None):
        self.cell = cell
        super().__init__(message)


class SignatureConflict(CaseActionError):
    """The conclusion changed after the signer read it: they sign what they have seen or not
    at all."""

    default_message = AttestationRefusal.SIGNATURE_CONFLICT.label
    code = AttestationRefusal.SIGNATURE_CONFLICT

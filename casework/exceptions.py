"""What a case action can fail with. Views and the API turn these into a message or a status:
casework.views.case_action_errors for pages, casework.api.exception_handler for the API.

Every refusal carries a stable code (casework.refusals); `refuse(code)` is the one way a service
stops an action because a rule of the law or of the procedure forbids it.
"""

from typing import NoReturn

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from casework.refusals import CaseRefusal, RefusalCode


class CaseActionError(Exception):
    """Base of the refusals of a case action; `message` is translated and safe to show, `code`
    is stable (casework.refusals)."""

    default_message = _("This action is not possible.")
    code: str = CaseRefusal.REFUSED

    def __init__(self, message=None, *, case=None, code: str | None = None):
        self.message = message or self.default_message
        self.case = case
        if code is not None:
            self.code = code
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class CaseConflict(CaseActionError):
    """Someone changed the case between the moment the user saw it and the action: the row
    changed under us (a concurrent transition), or its state no longer offers the action."""

    default_message = CaseRefusal.CONFLICT.label
    code = CaseRefusal.CONFLICT


class TransitionRefused(CaseActionError):
    """A rule forbids the action now: a condition of the transition is not met, or the service
    found a rule broken. `code` names the rule."""

    default_message = CaseRefusal.REFUSED.label
    code = CaseRefusal.REFUSED


class CasePermissionDenied(PermissionDenied):
    """The actor may not take this action on this case. A PermissionDenied, so Django and DRF
    answer 403 without help."""

    def __init__(self, message=None):
        self.message = message or _("You may not take this action on this case.")
        super().__init__(str(self.message))


def refuse(code: RefusalCode, message=None, *, case=None, **params) -> NoReturn:
    """Stop the action: the whole service rolls back, the page shows the message, the API
    answers 409 with the code. Without a message, the code's own label is the message; params
    fill its placeholders."""
    text = message if message is not None else code.label
    if params:
        text = text % params
    raise TransitionRefused(text, case=case, code=code)


def require(allowed: bool) -> None:
    """Deny the action (403) unless the access rule allowed it."""
    if not allowed:
        raise CasePermissionDenied()

"""What a case action can fail with. Views and the API turn these into a message or a status:
casework.views.case_action_errors for pages, casework.api.exception_handler for the API."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _


class CaseActionError(Exception):
    """Base of the refusals of a case action; `message` is translated and safe to show."""

    default_message = _("This action is not possible.")
    code = "case_action_error"

    def __init__(self, message=None, *, case=None):
        self.message = message or self.default_message
        self.case = case
        super().__init__(str(self.message))

    def __str__(self):
        return str(self.message)


class CaseConflict(CaseActionError):
    """Someone changed the case between the moment the user saw it and the action: the row
    changed under us (a concurrent transition), or its state no longer offers the action."""

    default_message = _(
        "Someone else has just changed this case. Look at its current state and try again."
    )
    code = "case_conflict"


class TransitionRefused(CaseActionError):
    """The case is in a state that offers the action, but a condition of it is not met."""

    default_message = _("This action is not possible for the case now.")
    code = "transition_refused"


class CasePermissionDenied(PermissionDenied):
    """The actor may not take this action on this case. A PermissionDenied, so Django and DRF
    answer 403 without help."""

    def __init__(self, message=None):
        self.message = message or _("You may not take this action on this case.")
        super().__init__(str(self.message))

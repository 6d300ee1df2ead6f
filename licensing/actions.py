"""The actions a user may take on an application, for the case page and the API: which are
offered (the transitions the state machine makes available to this user, asking each
transition's own rule, licensing.permissions) and which service each one calls. The services
still check everything themselves."""

import dataclasses
from collections.abc import Callable

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .models import LicenseApplication
from .permissions import acts_for_applicant

State = LicenseApplication.State


@dataclasses.dataclass(frozen=True)
class Action:
    name: str
    label: str
    transitions: tuple[str, ...]
    call: Callable  # (application, user, cleaned_data) -> application
    form: type[django_forms.Form] | None = None
    style: str = "primary"
    # A decision with legal consequences: the page states them and asks to confirm first.
    confirm: bool = False


def _data(cleaned, key, default=""):
    return (cleaned or {}).get(key, default)


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "take_for_check",
            _("Take for the completeness check"),
            ("take_for_check",),
            lambda a, u, d: services.license_application_take_for_check(a, actor=u),
        ),
        Action(
            "accept",
            _("The package is complete: to review"),
            ("accept",),
            lambda a, u, d: services.license_application_check_completeness(
                a, actor=u, comment=_data(d, "comment")
            ),
            forms.CommentForm,
        ),
        Action(
            "return_for_corrections",
            _("Return for corrections"),
            ("return_for_corrections",),
            lambda a, u, d: services.license_application_return_for_corrections(
                a, actor=u, request=_data(d, "request")
            ),
            forms.RequestForm,
            "warning",
        ),
        Action(
            "refuse_to_accept",
            _("Refuse to accept"),
            ("refuse_to_accept",),
            lambda a, u, d: services.license_application_refuse_to_accept(
                a, actor=u, text=_data(d, "text"), reasons=_data(d, "reasons", [])
            ),
            forms.RefuseToAcceptForm,
            "danger",
            confirm=True,
        ),
        Action(
            "submit_corrections",
            _("Send the corrections"),
            ("submit_corrections",),
            lambda a, u, d: services.license_application_submit_corrections(
                a, actor=u, comment=_data(d, "comment")
            ),
            forms.CommentForm,
        ),
        Action(
            "send_to_inspection",
            _("Draw the commission and schedule the inspection"),
            ("send_to_inspection",),
            lambda a, u, d: services.license_application_send_to_inspection(
                a, actor=u, visit_date=_data(d, "visit_date", None)
            ),
            forms.InspectionForm,
        ),
        Action(
            "send_to_council",
            _("Send to the licensing council"),
            ("send_to_council",),
            lambda a, u, d: services.license_application_send_to_council(
                a, actor=u, comment=_data(d, "comment")
            ),
            forms.CommentForm,
        ),
        Action(
            "grant",
            _("Grant"),
            ("grant",),
            lambda a, u, d: services.license_application_grant(
                a, actor=u, comment=_data(d, "comment")
            ),
            forms.CommentForm,
            "success",
            confirm=True,
        ),
        Action(
            "refuse",
            _("Refuse"),
            ("refuse",),
            lambda a, u, d: services.license_application_refuse(
                a, actor=u, reasons=_data(d, "reasons", []), text=_data(d, "text")
            ),
            forms.RefuseForm,
            "danger",
            confirm=True,
        ),
        Action(
            "appeal",
            _("Appeal the refusal"),
            ("appeal",),
            lambda a, u, d: services.license_application_appeal(a, actor=u, text=_data(d, "text")),
            forms.AppealForm,
        ),
        Action(
            "appeal_decide",
            _("Decide the appeal"),
            ("uphold_appeal", "dismiss_appeal"),
            lambda a, u, d: services.license_application_appeal_decide(
                a, actor=u, upheld=_data(d, "upheld", False), comment=_data(d, "comment")
            ),
            forms.AppealDecisionForm,
        ),
        Action(
            "withdraw",
            _("Withdraw the application"),
            ("withdraw",),
            lambda a, u, d: services.license_application_withdraw(
                a, actor=u, comment=_data(d, "comment")
            ),
            forms.CommentForm,
            "outline-danger",
        ),
    )
}


def available_actions(application, user) -> list[Action]:
    """The actions the state machine offers now that this user may take (draft submission goes
    through the wizard, so it is not among them)."""
    if not user.is_authenticated:
        return []
    offered = {t.name for t in application.get_available_user_state_transitions(user)}
    return [action for action in ACTIONS.values() if offered.intersection(action.transitions)]


def may_resubmit(application, user) -> bool:
    return (
        application.state in (State.REFUSED, State.NOT_ACCEPTED)
        and acts_for_applicant(user, application)
        and not application.resubmissions.exclude(state=State.WITHDRAWN).exists()
    )

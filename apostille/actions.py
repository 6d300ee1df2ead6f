"""The actions a user may take on an apostille request, for the case page and the API: which
are offered (the transitions the state machine makes available to this user, asking each
transition's own rule, apostille.permissions; or, for the steps that are not transitions, the
same predicates) and which service each one calls. The services still check everything."""

import dataclasses
from collections.abc import Callable

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from . import forms, services
from .models import ApostilleRequest, RequestCheck
from .permissions import handles

State = ApostilleRequest.State


@dataclasses.dataclass(frozen=True)
class Action:
    name: str
    label: str
    call: Callable  # (request, user, cleaned_data) -> the request (or what the service returns)
    transitions: tuple[str, ...] = ()
    # For the actions that are not transitions: (request, user) -> offered now?
    offered: Callable | None = None
    form: type[django_forms.Form] | None = None
    style: str = "primary"
    # A decision with legal consequences: the page states them and asks to confirm first.
    confirm: bool = False
    # Offered to staff of the handling authority only (the applicant side has its own way).
    staff_only: bool = False


def _data(cleaned, key, default=""):
    return (cleaned or {}).get(key, default)


def _fee_to_confirm(request, user) -> bool:
    return (
        request.state in (State.SUBMITTED, State.COMPLETENESS_CHECK, State.REVIEW)
        and not request.fee_confirmed
        and handles(user, request)
    )


def _checks_to_run(request, user) -> bool:
    return request.state in (State.SUBMITTED, State.COMPLETENESS_CHECK, State.REVIEW) and handles(
        user, request
    )


def checks_to_confirm(request) -> list[str]:
    """The kinds of checks staff may confirm by hand now (the register does not reach back, or
    the signer was flagged)."""
    return [
        check.kind
        for check in request.checks.all()
        if check.kind != RequestCheck.Kind.DUPLICATE
        and check.outcome in (RequestCheck.Outcome.UNKNOWN, RequestCheck.Outcome.FLAGGED)
    ]


def _check_to_confirm(request, user) -> bool:
    return (
        request.state in (State.SUBMITTED, State.COMPLETENESS_CHECK, State.REVIEW)
        and handles(user, request)
        and bool(checks_to_confirm(request))
    )


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "take_for_check",
            _("Take for the completeness check"),
            lambda r, u, d: services.apostille_request_take_for_check(r, actor=u),
            transitions=("take_for_check",),
        ),
        Action(
            "confirm_fee",
            _("Confirm the payment of the fee"),
            lambda r, u, d: services.apostille_fee_confirm(r, actor=u),
            offered=_fee_to_confirm,
        ),
        Action(
            "accept",
            _("The request is complete: to review"),
            lambda r, u, d: services.apostille_request_accept(
                r, actor=u, comment=_data(d, "comment")
            ),
            transitions=("accept",),
            form=forms.CommentForm,
        ),
        Action(
            "return_for_corrections",
            _("Return for corrections"),
            lambda r, u, d: services.apostille_request_return(
                r, actor=u, corrections=_data(d, "corrections")
            ),
            transitions=("return_for_corrections",),
            form=forms.ReturnForm,
            style="warning",
        ),
        Action(
            "run_checks",
            _("Make the checks again"),
            lambda r, u, d: services.apostille_checks_run(r, actor=u),
            offered=_checks_to_run,
            style="outline-dark",
        ),
        Action(
            "confirm_check",
            _("Confirm a check by hand"),
            lambda r, u, d: services.apostille_check_confirm(
                r, _data(d, "kind"), actor=u, reason=_data(d, "reason")
            ),
            offered=_check_to_confirm,
            form=forms.ConfirmCheckForm,
            style="outline-dark",
        ),
        Action(
            "affix",
            _("Affix the apostille"),
            lambda r, u, d: services.apostille_affix(
                r,
                actor=u,
                duplicate=bool(_data(d, "duplicate", False)),
                comment=_data(d, "comment"),
            ),
            transitions=("affix",),
            form=forms.AffixForm,
            style="success",
            confirm=True,
        ),
        Action(
            "refuse",
            _("Refuse"),
            lambda r, u, d: services.apostille_refuse(
                r, actor=u, reasons=_data(d, "reasons", []), text=_data(d, "text")
            ),
            transitions=("refuse",),
            form=forms.RefuseForm,
            style="danger",
            confirm=True,
        ),
        Action(
            "deliver",
            _("Handed over to the applicant"),
            lambda r, u, d: services.apostille_request_deliver(
                r, actor=u, comment=_data(d, "comment")
            ),
            transitions=("deliver",),
            form=forms.CommentForm,
            staff_only=True,
        ),
        Action(
            "withdraw",
            _("Withdraw the request"),
            lambda r, u, d: services.apostille_request_withdraw(
                r, actor=u, comment=_data(d, "comment")
            ),
            transitions=("withdraw",),
            form=forms.CommentForm,
            style="outline-danger",
            confirm=True,
        ),
    )
}


def available_actions(request, user) -> list[Action]:
    """The actions offered now to this user (submission and corrections go through the
    wizard, so they are not among them)."""
    if not user.is_authenticated:
        return []
    transitions = {t.name for t in request.get_available_user_state_transitions(user)}
    offered = []
    for action in ACTIONS.values():
        if action.staff_only and not handles(user, request):
            continue
        if action.transitions:
            if transitions.intersection(action.transitions):
                offered.append(action)
        elif action.offered is not None and action.offered(request, user):
            offered.append(action)
    return offered

"""The actions a user may take on an accreditation case, for the case page and the API: when
each is offered (the state and the same `(user, obj)` predicates the services ask) and which
service it calls. The services still check everything themselves."""

import dataclasses
from collections.abc import Callable

from django import forms as django_forms
from django.utils.translation import gettext_lazy as _

from registry.predicates import is_admin

from . import forms, services
from .models import AccreditationCase
from .permissions import (
    is_appeal_authority_of,
    is_body_head_of,
    is_body_staff_of,
    is_commission_expert_of,
    represents,
)

State = AccreditationCase.State


@dataclasses.dataclass(frozen=True)
class Action:
    name: str
    label: str
    offered: Callable  # (case, user) -> bool
    call: Callable  # (case, user, cleaned_data) -> result
    form: type[django_forms.Form] | None = None
    style: str = "primary"
    # A decision with legal consequences: the page states them and asks to confirm first.
    confirm: bool = False

    def make_form(self, case, data=None, prefix=None):
        if self.form is None:
            return None
        if self.form is forms.RecommendationForm:
            return self.form(data, prefix=prefix, case=case)
        return self.form(data, prefix=prefix)


def _d(cleaned, key, default=""):
    return (cleaned or {}).get(key, default)


def _may_sign(case, user) -> bool:
    if case.state != State.APPLICATION:
        return False
    if represents(user, case):
        return case.contract_signed_by_organization_at is None
    return is_body_staff_of(user, case) and case.contract_signed_by_body_at is None


def _staff_in(*states):
    return lambda case, user: case.state in states and is_body_staff_of(user, case)


ACTIONS = {
    action.name: action
    for action in (
        Action(
            "sign_contract",
            _("Sign the contract"),
            _may_sign,
            lambda c, u, d: services.accreditation_contract_sign(c, actor=u),
        ),
        Action(
            "review",
            _("Record the review of the report"),
            _staff_in(State.BODY_REVIEW),
            lambda c, u, d: services.accreditation_review(c, actor=u, text=_d(d, "text")),
            forms.ReviewForm,
        ),
        Action(
            "recommend",
            _("Add a recommendation"),
            _staff_in(State.RECOMMENDATIONS),
            lambda c, u, d: services.accreditation_recommendation_add(
                c,
                actor=u,
                text=_d(d, "text"),
                due_on=_d(d, "due_on", None),
                standard=_d(d, "standard", None),
            ),
            forms.RecommendationForm,
            "outline-primary",
        ),
        Action(
            "schedule_visit",
            _("Schedule the visit and draw the commission"),
            _staff_in(State.RECOMMENDATIONS),
            lambda c, u, d: services.accreditation_visit_schedule(
                c, actor=u, start_on=_d(d, "start_on", None), end_on=_d(d, "end_on", None)
            ),
            forms.VisitForm,
        ),
        Action(
            "complete_visit",
            _("Record the visit as held"),
            lambda c, u: (
                c.state == State.EXPERT_VISIT
                and (is_body_staff_of(u, c) or is_commission_expert_of(u, c))
            ),
            lambda c, u, d: services.accreditation_visit_complete(c, actor=u),
        ),
        Action(
            "refer_to_council",
            _("Send the materials to the council"),
            _staff_in(State.EXPERT_REPORT),
            lambda c, u, d: services.accreditation_council_refer(
                c, actor=u, materials=_d(d, "materials")
            ),
            forms.MaterialsForm,
        ),
        Action(
            "close_vote",
            _("Close the council's vote"),
            lambda c, u: (
                c.state == State.COUNCIL
                and c.council_closed_at is None
                and (is_admin(u) or is_body_head_of(u, c))
            ),
            lambda c, u, d: services.accreditation_council_close(c, actor=u),
            style="outline-primary",
        ),
        Action(
            "decide",
            _("Take the decision"),
            lambda c, u: (
                c.state == State.COUNCIL
                and c.council_closed_at is not None
                and is_body_head_of(u, c)
            ),
            lambda c, u, d: services.accreditation_decide(c, actor=u, reasons=_d(d, "reasons")),
            forms.DecideForm,
            confirm=True,
        ),
        Action(
            "publish_report",
            _("Publish the full report"),
            _staff_in(State.DECIDED),
            lambda c, u, d: services.accreditation_report_publish(
                c, actor=u, report_url=_d(d, "report_url")
            ),
            forms.PublishForm,
        ),
        Action(
            "appeal",
            _("Appeal the decision"),
            lambda c, u: (
                c.state in (State.DECIDED, State.REPORT_PUBLISHED)
                and c.decided_at is not None
                and represents(u, c)
            ),
            lambda c, u, d: services.accreditation_appeal_file(
                c, actor=u, grounds=_d(d, "grounds")
            ),
            forms.AppealForm,
            "outline-primary",
        ),
        Action(
            "decide_appeal",
            _("Decide the appeal"),
            lambda c, u: c.state == State.UNDER_APPEAL and is_appeal_authority_of(u, c),
            lambda c, u, d: services.accreditation_appeal_decide(
                c, actor=u, upheld=_d(d, "upheld", False), text=_d(d, "text")
            ),
            forms.AppealDecisionForm,
            confirm=True,
        ),
        Action(
            "withdraw",
            _("Withdraw the application"),
            lambda c, u: (
                c.state in AccreditationCase.OPEN_STATES
                and c.state != State.DRAFT
                and represents(u, c)
            ),
            lambda c, u, d: services.accreditation_case_withdraw(
                c, actor=u, comment=_d(d, "comment")
            ),
            forms.CommentForm,
            "outline-danger",
            confirm=True,
        ),
    )
}


def available_actions(case, user) -> list[Action]:
    if not user.is_authenticated:
        return []
    return [action for action in ACTIONS.values() if action.offered(case, user)]

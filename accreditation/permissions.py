"""Who may act on accreditation cases and certificates: registry's `(user, obj)` predicates
composed for this procedure, and the rule each transition asks (casework.access.rule).

A case's handling authority is its accreditation body's registry.Authority, so `is_staff_of`
is "works for the body" and `is_head_of` "heads the body". AccreditationConfig.ready imports
this module, which registers the rules.
"""

import rules

from registry.models import Authority, Role
from registry.predicates import (
    is_active_user,
    is_admin,
    is_head_of,
    is_staff_of,
    represents,
)

from .models import CouncilMember, ExpertSeat

__all__ = [
    "is_appeal_authority_of",
    "is_authority_over",
    "is_body_head_of",
    "is_body_staff_of",
    "is_commission_expert_of",
    "may_view_case",
    "represents",
    "sits_on_council_of",
]

# The body's people, towards a case or a certificate of the body.
is_body_staff_of = is_staff_of
is_body_head_of = is_head_of


@rules.predicate
def _on_the_commission(user, case) -> bool:
    return ExpertSeat.objects.filter(visit__case_id=case.pk, expert__user=user).exists()


@rules.predicate
def _on_the_council(user, case) -> bool:
    if case.council_id is None:
        return False
    return CouncilMember.objects.filter(
        council_id=case.council_id, user=user, is_active=True
    ).exists()


@rules.predicate
def _filed_it(user, case) -> bool:
    return case.applicant_id == user.pk


@rules.predicate
def _is_draft(_user, case) -> bool:
    return case.state == "draft"


# An expert drawn for the case's visit (К14).
is_commission_expert_of = is_active_user & _on_the_commission
# A sitting member of the council the case went to (К6).
sits_on_council_of = is_active_user & _on_the_council


@rules.predicate
def _heads_education_authority_over(user, obj) -> bool:
    """Head of an education authority (not an accreditation body: they cover the whole country
    and must not judge each other) whose jurisdiction covers the object's organization."""
    organization = getattr(obj, "organization", None)
    if organization is None:
        return False
    region_path = organization.region.path
    return any(
        a.role == Role.HEAD
        and a.authority.kind != Authority.Kind.ACCREDITATION_BODY
        and region_path.startswith(a.authority.jurisdiction.path)
        for a in user.role_assignments
        if a.authority_id
    )


# The authority over an organization in accreditation matters: it keeps the register (К24,
# К26) and decides appeals against a body's decision (К27).
is_authority_over = is_active_user & _heads_education_authority_over

# К27: an appeal is decided outside the body: by the head of the education authority whose
# jurisdiction covers the organization, or an administrator.
is_appeal_authority_of = is_admin | is_authority_over

# Who opens a case: the organization's side, the body (not a draft the organization is still
# writing), its commission and council, admins. Part 2's selectors list by the same rule.
may_view_case = (
    is_admin
    | represents
    | (is_active_user & _filed_it)
    | (is_staff_of & ~_is_draft)
    | is_commission_expert_of
    | sits_on_council_of
)

TRANSITION_RULES = {
    "accreditation.case.submit": represents,
    # К9.1: the contract is concluded when the second side signs, whichever it is.
    "accreditation.case.conclude_contract": represents | is_staff_of,
    "accreditation.case.submit_self_assessment": represents,
    "accreditation.case.review": is_staff_of,
    "accreditation.case.schedule_visit": is_staff_of,
    "accreditation.case.complete_visit": is_staff_of | is_commission_expert_of,
    "accreditation.case.refer_to_council": is_staff_of,
    "accreditation.case.decide": is_head_of,
    "accreditation.case.publish_report": is_staff_of,
    # Issue 11, item 10: a body's own system pushes the decisions it took (API token of its
    # staff).
    "accreditation.case.record_decision": is_staff_of,
    "accreditation.case.withdraw": represents,
    "accreditation.case.appeal": represents,
    "accreditation.case.decide_appeal": is_appeal_authority_of,
    "accreditation.certificate.expire": is_admin,
    # К26: the authority keeps the register and decides on reorganization and liquidation.
    "accreditation.certificate.annul": is_admin | is_authority_over,
    "accreditation.certificate.replace": is_head_of | is_admin,
}

for _name, _predicate in TRANSITION_RULES.items():
    rules.add_rule(_name, _predicate)

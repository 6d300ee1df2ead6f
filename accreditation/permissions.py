"""Who may act on accreditation cases and certificates: registry's `(user, obj)` predicates
composed for this procedure, and the rule each transition asks (casework.access.rule).

A case's handling authority is its accreditation body's registry.Authority, so `is_staff_of`
is "works for the body" and `is_head_of` "heads the body". AccreditationConfig.ready imports
this module, which registers the rules.
"""

import rules

from registry.predicates import (
    heads_jurisdiction,
    is_active_user,
    is_admin,
    is_head_of,
    is_staff_of,
    represents,
)

from .models import CouncilMember, ExpertSeat

__all__ = [
    "is_appeal_authority_of",
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

# К27: an appeal is decided outside the body: by the head of an education authority whose
# jurisdiction covers the organization (not the body's own head), or an administrator.
is_appeal_authority_of = is_admin | (heads_jurisdiction & ~is_staff_of)

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
    "accreditation.certificate.annul": is_admin | (heads_jurisdiction & ~is_staff_of),
    "accreditation.certificate.replace": is_head_of | is_admin,
}

for _name, _predicate in TRANSITION_RULES.items():
    rules.add_rule(_name, _predicate)

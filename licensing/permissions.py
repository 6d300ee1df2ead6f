"""Who may act on licensing cases, licenses and appendices: registry's `(user, obj)` access
predicates composed for this procedure, and the rule each transition asks.

The state machines name their rule (`permission=rule("licensing.application.grant")`), so
casework.services.case_transition, `get_available_user_state_transitions(user)` (the actions a
page offers), the services and the API all ask the same predicate. LicensingConfig.ready imports
this module, which registers the rules.
"""

import rules

from casework.models import Channel
from registry.models import ExpertAffiliation, Organization
from registry.predicates import (
    heads_jurisdiction,
    is_active_user,
    is_admin,
    is_head_of,
    is_head_of_superior,
    is_staff_of,
    represents,
)

from .models import CouncilReview, Inspection

__all__ = [
    "acts_for_applicant",
    "has_conflict_of_interest",
    "is_appeal_authority_of",
    "is_applicant_of",
    "is_head_of",
    "is_paper_application",
    "is_staff_of",
    "may_act_on_appendix",
    "may_act_on_license",
    "may_edit_package",
    "may_see_votes",
    "may_submit",
    "may_view_application",
    "represents",
]


@rules.predicate
def is_paper_application(_user, application) -> bool:
    """Received on paper, in person or through the State Corporation, and entered by staff."""
    return application.channel != Channel.PORTAL


@rules.predicate
def _is_paper_draft(_user, application) -> bool:
    return application.channel != Channel.PORTAL and application.state == "draft"


# The applicant side: a person who represents the organization the case is about.
is_applicant_of = represents

# Who acts on the applicant's side: a representative of the organization, and, for an
# application received on paper, staff of the handling authority, who enter what the applicant
# brings to the counter (corrections, a withdrawal, an appeal).
acts_for_applicant = represents | (is_paper_application & is_staff_of)

# Who changes the details and documents of a draft or a returned application: the applicant
# side; a paper application's draft is staff's entry until they register it.
may_edit_package = (_is_paper_draft & is_staff_of) | (~_is_paper_draft & acts_for_applicant)

# Who sends the package: the applicant through the portal; staff register a paper one.
may_submit = (~is_paper_application & represents) | (is_paper_application & is_staff_of)

# An appeal is decided by the head of the handling authority or of its superior.
is_appeal_authority_of = is_head_of | is_head_of_superior

# Suspension, resumption, revocation by staff: the head of the issuing authority, or of an
# authority whose jurisdiction covers the licensee (a regional department acting on a license
# the committee issued; attestation's department under А34, А37, А38).
may_act_on_license = is_head_of | heads_jurisdiction


@rules.predicate
def may_act_on_appendix(user, appendix) -> bool:
    """An appendix is changed by whoever may act on its license (a voluntary return is granted
    by the head of the authority handling the application)."""
    return may_act_on_license(user, appendix.license)


@rules.predicate
def _affiliated_expert(user, obj) -> bool:
    organization = obj if isinstance(obj, Organization) else obj.organization
    expert = getattr(user, "expert_profile", None)
    if expert is None:
        return False
    organizations = [organization.pk] + ([organization.parent_id] if organization.parent_id else [])
    return ExpertAffiliation.objects.filter(expert=expert, organization__in=organizations).exists()


@rules.predicate
def _filed_it(user, application) -> bool:
    return application.applicant_id == user.pk


@rules.predicate
def is_portal_draft(_user, application) -> bool:
    """A draft the applicant is writing in the portal: theirs alone until they submit it."""
    return application.channel == Channel.PORTAL and application.state == "draft"


@rules.predicate
def _drawn_for_its_inspection(user, application) -> bool:
    expert = getattr(user, "expert_profile", None)
    return (
        expert is not None
        and Inspection.objects.filter(application_id=application.pk, experts=expert).exists()
    )


@rules.predicate
def _sits_on_its_council(user, application) -> bool:
    return CouncilReview.objects.filter(
        application_id=application.pk,
        council__members__user=user,
        council__members__is_active=True,
    ).exists()


# The applicant side of one application: whoever represents its organization, and the person
# who filed it.
is_applicant_side = represents | (is_active_user & _filed_it)
# An expert drawn for (any) inspection of the application.
is_drawn_expert_of = is_active_user & _drawn_for_its_inspection
# A sitting member of a council the application was sent to.
sits_on_council_of = is_active_user & _sits_on_its_council

# Who may open one license application: the applicant side; staff and heads of the handling
# authority, except a draft the applicant is still writing in the portal (a paper application
# staff are entering is theirs); the experts drawn for its inspection; the members of its
# council; admins. The same rule as a query is licensing.selectors.application_visible_to, which
# lists; a change here is a change there (licensing/tests/test_access_table.py holds them to it).
may_view_application = (
    is_admin
    | is_applicant_side
    | (is_staff_of & ~is_portal_draft)
    | is_drawn_expert_of
    | sits_on_council_of
)


# A council member with a conflict of interest with an organization (or the organization of a
# case): one who represents it, or whose expert record ties them to it or to its parent. Such a
# member may not vote.
has_conflict_of_interest = represents | (is_active_user & _affiliated_expert)


@rules.predicate
def _vote_closed(_user, review) -> bool:
    return not review.is_open


@rules.predicate
def _has_voted(user, review) -> bool:
    return any(vote.member_id == user.pk for vote in review.votes.all())


# Who reads the council's votes: everyone who may see the case once the vote is closed; while
# it is open, only a member who has cast theirs, so nobody votes after reading the others'.
may_see_votes = _vote_closed | (is_active_user & _has_voted)


# The rule of each transition, by the name the state machines give (casework.access.rule).
TRANSITION_RULES = {
    "licensing.application.submit": may_submit,
    "licensing.application.take_for_check": is_staff_of,
    "licensing.application.accept": is_staff_of,
    "licensing.application.return_for_corrections": is_staff_of,
    "licensing.application.submit_corrections": acts_for_applicant,
    "licensing.application.refuse_to_accept": is_staff_of,
    "licensing.application.send_to_inspection": is_staff_of,
    "licensing.application.send_to_council": is_staff_of,
    "licensing.application.grant": is_head_of,
    "licensing.application.refuse": is_head_of,
    "licensing.application.withdraw": acts_for_applicant,
    "licensing.application.appeal": acts_for_applicant,
    "licensing.application.uphold_appeal": is_appeal_authority_of,
    "licensing.application.dismiss_appeal": is_appeal_authority_of,
    "licensing.license.suspend": may_act_on_license,
    "licensing.license.resume": may_act_on_license,
    "licensing.license.revoke": may_act_on_license,
    "licensing.license.terminate": may_act_on_license,
    "licensing.appendix.return_voluntarily": may_act_on_appendix,
}

for _name, _predicate in TRANSITION_RULES.items():
    rules.add_rule(_name, _predicate)

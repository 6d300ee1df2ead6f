"""Who may act on apostille requests, the specimen register and apostilles: registry's
`(user, obj)` predicates composed for this procedure, and the rule each transition asks.
ApostilleConfig.ready imports this module, which registers the rules."""

import rules

from casework.models import Channel
from registry.models import Role
from registry.predicates import has_jurisdiction, is_active_user, is_admin, is_staff_of, represents


@rules.predicate
def _filed_it(user, request) -> bool:
    return request.applicant_id == user.pk


@rules.predicate
def is_paper_request(_user, request) -> bool:
    """Received in person or through the State Corporation, and entered by staff."""
    return request.channel != Channel.PORTAL


@rules.predicate
def is_citizen(user) -> bool:
    return user.has_role(Role.CITIZEN)


# The applicant side: the person who filed it (a citizen, for their own document, or a
# representative), and the other representatives of the organization that filed it.
is_requester = is_active_user & (_filed_it | represents)
# Who acts on the applicant's side: the requester, and staff of the handling authority for a
# request received on paper (they enter what the applicant brings to the counter).
acts_for_applicant = (is_requester & ~is_paper_request) | (is_paper_request & is_staff_of)
# Staff and heads of the authority handling the request.
handles = is_staff_of
may_view_request = is_admin | is_requester | is_staff_of
# Who may keep an organization's specimens: staff with jurisdiction over it, and admins.
may_keep_specimens = is_admin | has_jurisdiction
# An apostille issued in error is revoked by the authority that issued it.
may_revoke = is_staff_of

rules.add_rule("apostille.request.submit", acts_for_applicant)
rules.add_rule("apostille.request.act_for_applicant", acts_for_applicant)
rules.add_rule("apostille.request.handle", handles)
rules.add_rule("apostille.request.decide", handles)
rules.add_rule("apostille.request.deliver", handles | acts_for_applicant)
rules.add_rule("apostille.request.view", may_view_request)


@rules.predicate
def _editable(_user, request) -> bool:
    return request.state in ("draft", "returned")


# Files (the scan, the fee receipt) are added while the request is a draft or returned.
may_upload = acts_for_applicant & _editable

"""Who may act on licensing cases and licenses. Each rule is `rule(case_or_license, user)`, the
shape casework.services.case_transition takes as `permission`."""

from casework.models import Channel
from registry.models import ExpertAffiliation, Role


def represents(user, organization_id) -> bool:
    return bool(organization_id) and organization_id in user.represented_organization_ids


def is_applicant_of(application, user) -> bool:
    """The applicant side: a person who represents the organization the case is about."""
    return represents(user, application.organization_id)


def is_paper_application(application) -> bool:
    """Received on paper, in person or through the State Corporation, and entered by staff."""
    return application.channel != Channel.PORTAL


def acts_for_applicant(application, user) -> bool:
    """Who acts on the applicant's side: a representative of the organization, and, for an
    application received on paper, staff of the handling authority, who enter what the
    applicant brings to the counter (corrections, a withdrawal, an appeal)."""
    return is_applicant_of(application, user) or (
        is_paper_application(application) and is_staff_of(application, user)
    )


def may_edit_package(application, user) -> bool:
    """Who changes the details and documents of a draft or a returned application: the
    applicant side; a paper application's draft is staff's entry until they register it."""
    if is_paper_application(application) and application.state == "draft":
        return is_staff_of(application, user)
    return acts_for_applicant(application, user)


def is_staff_of(application, user) -> bool:
    """Staff (or the head) of the authority handling the case."""
    authority = user.authority
    return authority is not None and authority.pk == application.authority_id


def is_head_of(application, user) -> bool:
    """The head of the handling authority: decisions are theirs."""
    return _heads(user, application.authority_id)


def is_appeal_authority_of(application, user) -> bool:
    """An appeal is decided by the head of the handling authority or of its superior."""
    authority = application.authority
    if authority is None:
        return False
    return _heads(user, authority.pk) or (
        authority.parent_id is not None and _heads(user, authority.parent_id)
    )


def may_act_on_license(license_, user) -> bool:
    """Suspension, resumption, revocation by staff: the head of the issuing authority, or of an
    authority whose jurisdiction covers the licensee (a regional department acting on a license
    the committee issued)."""
    if _heads(user, license_.authority_id):
        return True
    region_path = license_.organization.region.path
    return any(
        a.role == Role.HEAD and region_path.startswith(a.authority.jurisdiction.path)
        for a in user.role_assignments
        if a.authority_id
    )


def council_member_conflicted(user, organization) -> bool:
    """A council member with a conflict of interest: one who represents the organization, or
    whose expert record ties them to it (or to its parent). Such a member may not vote."""
    if represents(user, organization.pk):
        return True
    expert = getattr(user, "expert_profile", None)
    if expert is None:
        return False
    organizations = [organization.pk] + ([organization.parent_id] if organization.parent_id else [])
    return ExpertAffiliation.objects.filter(expert=expert, organization__in=organizations).exists()


def _heads(user, authority_id) -> bool:
    return authority_id is not None and any(
        a.role == Role.HEAD and a.authority_id == authority_id for a in user.role_assignments
    )

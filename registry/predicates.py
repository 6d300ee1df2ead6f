"""Who a person is towards an object: the one set of access predicates every app composes.

Each predicate is a `rules` predicate taking `(user, obj)`, true only for an active, logged-in
user. `obj` is anything that belongs to an organization and is handled by an authority (a case,
a license, an attestation), or the Organization or Authority itself. Procedures compose these
with `&`, `|` and `~` in their own `permissions.py`; pages, API permission classes, services and
the state machines' `permission=` all ask the composed predicates, so a name means one thing
everywhere.
"""

import rules

from .models import Authority, Organization, Role


def organization_id_of(obj) -> int | None:
    if isinstance(obj, Organization):
        return obj.pk
    return getattr(obj, "organization_id", None)


def authority_id_of(obj) -> int | None:
    if isinstance(obj, Authority):
        return obj.pk
    return getattr(obj, "authority_id", None)


@rules.predicate
def is_active_user(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


@rules.predicate
def _is_admin(user) -> bool:
    return user.is_admin


@rules.predicate
def _represents(user, obj) -> bool:
    organization_id = organization_id_of(obj)
    return bool(organization_id) and organization_id in user.represented_organization_ids


@rules.predicate
def _works_for(user, obj) -> bool:
    authority_id = authority_id_of(obj)
    return bool(authority_id) and any(
        a.role in (Role.STAFF, Role.HEAD) and a.authority_id == authority_id
        for a in user.role_assignments
    )


@rules.predicate
def _heads(user, obj) -> bool:
    return heads_authority_id(user, authority_id_of(obj))


@rules.predicate
def _heads_superior(user, obj) -> bool:
    authority = obj if isinstance(obj, Authority) else getattr(obj, "authority", None)
    return authority is not None and heads_authority_id(user, authority.parent_id)


def heads_authority_id(user, authority_id: int | None) -> bool:
    return bool(authority_id) and any(
        a.role == Role.HEAD and a.authority_id == authority_id for a in user.role_assignments
    )


@rules.predicate
def _staff_with_jurisdiction(user, obj) -> bool:
    organization = obj if isinstance(obj, Organization) else getattr(obj, "organization", None)
    if organization is None:
        return False
    region_path = organization.region.path
    return any(
        a.role in (Role.STAFF, Role.HEAD) and region_path.startswith(a.authority.jurisdiction.path)
        for a in user.role_assignments
        if a.authority_id
    )


@rules.predicate
def _head_with_jurisdiction(user, obj) -> bool:
    organization = obj if isinstance(obj, Organization) else getattr(obj, "organization", None)
    if organization is None:
        return False
    region_path = organization.region.path
    return any(
        a.role == Role.HEAD and region_path.startswith(a.authority.jurisdiction.path)
        for a in user.role_assignments
        if a.authority_id
    )


# The user is an administrator of the portal.
is_admin = is_active_user & _is_admin
# The user represents the organization the object belongs to (an applicant of it).
represents = is_active_user & _represents
# Staff or head of the authority handling the object.
is_staff_of = is_active_user & _works_for
# Head of the authority handling the object: legal decisions are theirs.
is_head_of = is_active_user & _heads
# Head of the authority above the one handling the object (appeals go there).
is_head_of_superior = is_active_user & _heads_superior
# Staff or head of an authority whose jurisdiction covers the object's organization.
has_jurisdiction = is_active_user & _staff_with_jurisdiction
# Head of an authority whose jurisdiction covers the object's organization.
heads_jurisdiction = is_active_user & _head_with_jurisdiction
# Who may see an organization's dossier (contacts, representatives, history): admins, its
# representatives, and staff of authorities whose jurisdiction covers it. Lists filter by
# registry.selectors.organization_dossier_visible_to, the same rule as a query.
may_see_dossier = is_admin | represents | has_jurisdiction

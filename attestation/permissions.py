"""Who may do what in an attestation. Services call these; pages use them to show or hide."""

from registry.models import Role

from .models import Attestation, Commission, CommissionMember


def works_for(user, authority_id: int | None, *roles: str) -> bool:
    """The user is staff (or, with roles=(HEAD,), head) of the given authority."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not authority_id:
        return False
    roles = roles or (Role.STAFF, Role.HEAD)
    return any(a.role in roles and a.authority_id == authority_id for a in user.role_assignments)


def is_staff_of(user, authority_id) -> bool:
    return works_for(user, authority_id, Role.STAFF, Role.HEAD)


def is_head_of(user, authority_id) -> bool:
    return works_for(user, authority_id, Role.HEAD)


def represents(user, organization_id) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and organization_id in user.represented_organization_ids
    )


def seat_of(user, commission: Commission) -> CommissionMember | None:
    """The user's seat on the commission, if they have one."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return next((m for m in commission.members.all() if m.user_id == user.pk), None)


def sits_on(user, attestation: Attestation) -> bool:
    return CommissionMember.objects.filter(
        commission__attestation=attestation, user=user, commission__approved_at__isnull=False
    ).exists()


def can_view_attestation(user, attestation: Attestation) -> bool:
    """Staff of the authority, the organization's representatives, members of its commissions,
    and admins."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (
        user.is_admin
        or is_staff_of(user, attestation.authority_id)
        or represents(user, attestation.organization_id)
        or sits_on(user, attestation)
    )


# Predicates in casework's `permission(case, actor)` shape for case_transition.


def head_of_case(case, actor) -> bool:
    return is_head_of(actor, case.authority_id)


def staff_of_case(case, actor) -> bool:
    return is_staff_of(actor, case.authority_id)


def organization_of_case(case, actor) -> bool:
    return represents(actor, case.organization_id)

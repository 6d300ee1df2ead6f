"""What the attestation services share: refusals, locking, and who hears about what."""

from django.utils import timezone

from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.notifications import notify
from registry.models import Role, User

from ..models import Attestation


def refuse(message, case=None):
    """Stop the action with a reason the user reads (the views show it, the API returns it)."""
    raise TransitionRefused(message, case=case)


def require(allowed: bool) -> None:
    if not allowed:
        raise CasePermissionDenied()


def today():
    return timezone.localdate()


def lock(attestation: Attestation) -> Attestation:
    """The attestation's row, locked for the rest of the transaction: actions on one
    attestation (and on its commission, results and conclusion) queue up behind it."""
    return Attestation.objects.select_for_update(of=("self",)).get(pk=attestation.pk)


def organization_people(organization_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, roles__role=Role.APPLICANT, roles__organization_id=organization_id
        ).distinct()
    )


def authority_people(authority_id: int, *, heads_only: bool = False) -> list[User]:
    roles = [Role.HEAD] if heads_only else [Role.STAFF, Role.HEAD]
    return list(
        User.objects.filter(
            is_active=True, roles__role__in=roles, roles__authority_id=authority_id
        ).distinct()
    )


def commission_people(commission) -> list[User]:
    return [m.user for m in commission.members.select_related("user") if m.user.is_active]


def tell(users, template_key: str, context: dict, link: str = "") -> None:
    """One notification per person (inbox and e-mail, in their language, after commit)."""
    seen = set()
    for user in users:
        if user.pk not in seen:
            seen.add(user.pk)
            notify(user, template_key, context, link)

"""Reads of attestation for pages and the API; each costs a fixed number of queries."""

from django.db.models import Q, QuerySet

from registry.models import Role

from .models import Attestation, Commission, CommissionMember, Schedule


def attestation_visible_to(user) -> QuerySet[Attestation]:
    """The attestations a user may see: their authority's, their organizations', and those of
    the commissions they sit on (admins see all)."""
    base = Attestation.objects.select_related("organization", "authority", "schedule_entry")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.is_admin:
        return base
    authorities = [
        a.authority_id for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)
    ]
    seats = CommissionMember.objects.filter(
        user=user, commission__approved_at__isnull=False
    ).values("commission__attestation_id")
    return base.filter(
        Q(authority_id__in=authorities)
        | Q(organization_id__in=user.represented_organization_ids)
        | Q(pk__in=seats)
    )


def attestation_get_visible(user, pk: int) -> Attestation:
    """Attestation.DoesNotExist for one the user may not see, as for one that does not exist."""
    return attestation_visible_to(user).get(pk=pk)


def attestation_queue(authority_id: int) -> QuerySet[Attestation]:
    """Staff's queue: the authority's open attestations, the nearest term first."""
    return (
        Attestation.objects.filter(authority_id=authority_id, closed_at__isnull=True)
        .exclude(state=Attestation.State.CANCELLED)
        .select_related("organization", "assignee")
        .order_by("due_date", "start_date", "pk")
    )


def schedules_of(authority_id: int) -> QuerySet[Schedule]:
    return Schedule.objects.filter(authority_id=authority_id).order_by("-year")


def commission_seats(user) -> QuerySet[CommissionMember]:
    """A commission member's seats on approved commissions, for their workspace."""
    return (
        CommissionMember.objects.filter(user=user, commission__approved_at__isnull=False)
        .select_related("commission__attestation__organization")
        .order_by("-commission__attestation__start_date")
    )


def commission_of(attestation, purpose=Commission.Purpose.ATTESTATION) -> Commission | None:
    return (
        Commission.objects.filter(attestation=attestation, purpose=purpose)
        .prefetch_related("members__user", "assignments__member__user")
        .first()
    )

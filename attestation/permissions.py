"""Who may do what in an attestation: django-rules predicates taking `(user, obj)`, composed from
registry.predicates. Services `require` them, the API and the pages ask them to show or hide, and
the state machines' transitions name the rules registered at the bottom (casework.access.rule),
so case_transition asks the same ones.

`obj` is what the action is about: an Attestation, a Schedule (both carry `authority_id` and the
attestation `organization_id`), or a Commission (whose attestation the registry predicates read
through `on_attestation`).
"""

import rules

from registry.predicates import is_active_user, is_admin, is_head_of, is_staff_of, represents

from .models import Attestation, Commission, CommissionMember


def attestation_of(obj) -> Attestation | None:
    """The attestation a commission, a member's seat or the attestation itself belongs to."""
    if isinstance(obj, Attestation):
        return obj
    if isinstance(obj, Commission):
        return obj.attestation
    if isinstance(obj, CommissionMember):
        return obj.commission.attestation
    return None


def on_attestation(predicate):
    """A registry predicate asked of the attestation a commission (or a seat) belongs to."""

    @rules.predicate(name=f"on_attestation({predicate.name})")
    def asked(user, obj) -> bool:
        attestation = attestation_of(obj)
        return attestation is not None and predicate.test(user, attestation)

    return asked


def seat_of(user, commission: Commission | None) -> CommissionMember | None:
    """The user's seat on the commission, if they have one (uses the prefetched members)."""
    if commission is None or not is_active_user(user):
        return None
    return next((m for m in commission.members.all() if m.user_id == user.pk), None)


def _commission_of(obj) -> Commission | None:
    if isinstance(obj, Commission):
        return obj
    if isinstance(obj, CommissionMember):
        return obj.commission
    attestation = attestation_of(obj)
    if attestation is None:
        return None
    return (
        Commission.objects.filter(attestation=attestation, purpose=Commission.Purpose.ATTESTATION)
        .prefetch_related("members")
        .first()
    )


@rules.predicate
def _sits_on(user, obj) -> bool:
    """A member of an approved commission of the attestation."""
    attestation = attestation_of(obj)
    return (
        attestation is not None
        and CommissionMember.objects.filter(
            commission__attestation=attestation, user=user, commission__approved_at__isnull=False
        ).exists()
    )


@rules.predicate
def _chairs(user, obj) -> bool:
    """The chair of the attestation commission (of the commission given, or of the
    attestation's own commission)."""
    seat = seat_of(user, _commission_of(obj))
    return seat is not None and seat.is_chair


@rules.predicate
def _member_of(user, obj) -> bool:
    """Seated on the commission given (or on the attestation's own commission)."""
    return seat_of(user, _commission_of(obj)) is not None


# Staff, head and representatives of an attestation's parties, asked of a commission too.
staff_of_attestation = is_staff_of | on_attestation(is_staff_of)
head_of_attestation = is_head_of | on_attestation(is_head_of)
represents_organization = represents | on_attestation(represents)

# A member of an approved commission of the attestation (it sees the case and enters results).
sits_on = is_active_user & _sits_on
# The chair of the attestation commission (А17): drafts the conclusion, hands out areas.
chairs = is_active_user & _chairs
# Seated on the commission, approved or not (a member signs the conclusion, А31).
is_member = is_active_user & _member_of
# Who sees an attestation: the authority's staff, the organization, the commission, admins.
may_view_attestation = is_admin | is_staff_of | represents | sits_on
# The chair or the authority's staff: the visit, the roster, the sample, the conclusion's files.
chair_or_staff = chairs | staff_of_attestation
# Who reads the self-assessment: the organization that writes it and the authority.
may_read_self_assessment = represents | is_staff_of
# Corrections an admin may make through the services (the admin site's actions): removing an
# organization from the schedule and replacing a commission member.
may_cancel = is_head_of | is_admin
may_replace_member = head_of_attestation | is_admin


# The rules the state machines name (Attestation's and Schedule's `permission=`).
RULES = {
    "attestation.schedule.approve": is_head_of,  # А11
    "attestation.notify": is_head_of,  # А12, А14: told on the head's approval or change
    "attestation.cancel": may_cancel,  # А13(2)
    "attestation.self_assessment.submit": represents,  # А15
    "attestation.commission.approve": is_head_of,  # А17, А36
    "attestation.visit.start": chair_or_staff,  # А19
    "attestation.conclusion.sign": is_member,  # А31: the last signature completes it
    "attestation.decide": is_head_of,  # А33
    "attestation.license.suspend": is_head_of,  # А34
    "attestation.follow_up.conclude": is_head_of,  # А37, А38
}


def register() -> None:
    """Register the rules (AppConfig.ready); registering again replaces them."""
    for name, predicate in RULES.items():
        rules.set_rule(name, predicate)

"""What the attestation services share: the durable transaction of an entry point, the day, and
the commission's people. Refusals are casework.exceptions' `refuse` with attestation's codes
(attestation.refusals); locks are casework.locks'; who is told is casework.notifications'."""


from django.utils import timezone

from registry.models import User


def today():
    return timezone.localdate()


def commission_people(commission) -> list[User]:
    return [m.user for m in commission.members.select_related("user") if m.user.is_active]

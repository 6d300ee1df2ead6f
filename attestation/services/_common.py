"""What the attestation services share: the durable transaction of an entry point, the day, and
the commission's people. Refusals are casework.exceptions' `refuse` with attestation's codes
(attestation.refusals); locks are casework.locks'; who is told is casework.notifications'."""

import functools

from django.db import transaction
from django.utils import timezone

from registry.models import User


def entry_point(service):
    """The service as views, the API, tasks and the admin call it: in a transaction of its own,
    durable (as Zulip's actions), so nothing folds its commit into a larger one and its
    after-commit work runs when it returns. `service.inner` is the same function without the
    transaction, for a caller already inside one (another service, the demo's build)."""

    @functools.wraps(service)
    def durable(*args, **kwargs):
        with transaction.atomic(durable=True):
            return service(*args, **kwargs)

    durable.inner = service
    return durable


def today():
    return timezone.localdate()


def commission_people(commission) -> list[User]:
    return [m.user for m in commission.members.select_related("user") if m.user.is_active]

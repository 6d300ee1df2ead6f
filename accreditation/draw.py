"""The draw of the external expert commission (К14), reusing licensing's: the candidates are read
here (accreditation's conflicts and workload), the choice is licensing.draw.select_commission
(fewest seats first, ties by a random key from a stored seed), so the same candidates and seed
always give the same commission and anyone can re-run it."""

import datetime
import secrets

from django.db.models import Count, Q

from licensing.draw import Candidate, cooling_off_start, select_commission
from registry.models import Expert, ExpertAffiliation

from . import conf
from .models import ExpertSeat

ALGORITHM = "accreditation:" + "fewest-seats-then-seeded-random/1"
WORKLOAD_WINDOW_DAYS = 365


def new_seed() -> str:
    return secrets.token_hex(16)


def eligible_candidates(*, organization, programme_ids, start_on: datetime.date):
    """Experts certified on the first day of the visit, with a portal account, covering higher or
    postgraduate education (or the programmes), never affiliated with the organization (or its
    parent) within the cooling-off years, never on a visit to it within them; by id."""
    years = int(conf.get("ACCREDITATION_CONFLICT_COOLING_OFF_YEARS"))
    since = cooling_off_start(start_on, years)
    organizations = [organization.pk] + ([organization.parent_id] if organization.parent_id else [])
    covers = Q(levels__code__in=conf.get("ACCREDITATION_LEVEL_CODES"))
    if programme_ids:
        covers |= Q(specialties__in=list(programme_ids))
    experts = Expert.objects.filter(
        covers,
        certificate_valid_from__lte=start_on,
        certificate_valid_until__gte=start_on,
        user__isnull=False,
        user__is_active=True,
    )
    affiliated = ExpertAffiliation.objects.filter(organization__in=organizations).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=since)
    )
    visited = ExpertSeat.objects.filter(organization_id=organization.pk, start_on__gt=since)
    window_start = start_on - datetime.timedelta(days=WORKLOAD_WINDOW_DAYS)
    rows = (
        Expert.objects.filter(pk__in=experts.values("pk"))
        .exclude(pk__in=affiliated.values("expert_id"))
        .exclude(pk__in=visited.values("expert_id"))
        .annotate(
            workload=Count(
                "accreditation_seats",
                filter=Q(
                    accreditation_seats__start_on__gt=window_start,
                    accreditation_seats__start_on__lte=start_on,
                ),
            )
        )
        .order_by("pk")
        .values_list("pk", "workload")
    )
    return [Candidate(expert_id=pk, workload=workload) for pk, workload in rows]


def draw(candidates, seed: str, size: int) -> list[int]:
    return select_commission(candidates, seed, size)

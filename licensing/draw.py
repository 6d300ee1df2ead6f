"""The draw of a pre-license inspection commission (seed 002: "a commission of certified experts
chosen by the system").

Two steps, kept apart so the second can be re-run by anyone:

1. `eligible_candidates` reads the registry: experts certified on the visit date whose
   specialties match the application (or, without specialties, whose levels do), with a portal
   account to fill and sign the sheet, never affiliated with the organization (or its parent),
   never on a commission that visited the organization within the cooling-off period. Each comes
   with their workload: seats on commissions in the year up to the visit date
   (LICENSING_EXPERT_WORKLOAD_WINDOW_DAYS).
2. `select_commission` is pure: given the candidates in their stored order and the seed, it
   gives the fewest-loaded experts first, ties broken by a random key drawn from the seed. The
   same seed and list always give the same commission.

When an expert drops out, the seat goes to the next candidate in that same order who is still
eligible (`commission_after_replacements`): the draw is continued, not run again.
"""

import dataclasses
import datetime
import random

from django.db.models import Count, Q

from registry.models import Expert, ExpertAffiliation

from . import conf
from .models import CommissionMember

ALGORITHM = "fewest-seats-then-seeded-random/1"


@dataclasses.dataclass(frozen=True)
class Candidate:
    expert_id: int
    workload: int

    def as_json(self) -> dict:
        return {"expert": self.expert_id, "workload": self.workload}

    @classmethod
    def from_json(cls, row: dict) -> "Candidate":
        return cls(expert_id=int(row["expert"]), workload=int(row["workload"]))


def select_commission(candidates: list[Candidate], seed: str, size: int) -> list[int]:
    """The experts drawn, in order. Deterministic: random.Random seeded with a string is stable
    across runs and Python 3 versions, and it is consumed once per candidate in list order."""
    rng = random.Random(seed)
    keyed = [(c.workload, rng.random(), c.expert_id) for c in candidates]
    keyed.sort()
    return [expert_id for _, _, expert_id in keyed[:size]]


def commission_after_replacements(
    candidates: list[Candidate], seed: str, size: int, removed: set[int]
) -> list[int]:
    """The commission once `removed` experts (who dropped out, or were passed over as no longer
    eligible) are taken out: the draw's order continued, so the first `size` of what is left.
    With nothing removed it is `select_commission` itself."""
    ranking = select_commission(candidates, seed, len(candidates))
    return [expert_id for expert_id in ranking if expert_id not in removed][:size]


def cooling_off_start(visit_date: datetime.date, years: int) -> datetime.date:
    try:
        return visit_date.replace(year=visit_date.year - years)
    except ValueError:  # 29 February
        return visit_date.replace(year=visit_date.year - years, day=28)


def eligible_candidates(
    *, organization, level_id: int | None, specialty_ids: list[int], visit_date: datetime.date
) -> list[Candidate]:
    """Every expert the draw may pick for this organization and visit, ordered by id."""
    years = int(conf.get("LICENSING_EXPERT_COOLING_OFF_YEARS"))
    conflicted_orgs = [organization.pk]
    if organization.parent_id:
        conflicted_orgs.append(organization.parent_id)

    experts = Expert.objects.filter(
        certificate_valid_from__lte=visit_date,
        certificate_valid_until__gte=visit_date,
        user__isnull=False,
        user__is_active=True,
    )
    if specialty_ids:
        experts = experts.filter(specialties__in=specialty_ids)
    elif level_id is not None:
        experts = experts.filter(levels=level_id)
    else:
        return []
    affiliated = ExpertAffiliation.objects.filter(organization__in=conflicted_orgs).values(
        "expert_id"
    )
    visited = CommissionMember.objects.filter(
        organization_id=organization.pk,
        visit_date__gt=cooling_off_start(visit_date, years),
    ).values("expert_id")
    window_start = visit_date - datetime.timedelta(
        days=int(conf.get("LICENSING_EXPERT_WORKLOAD_WINDOW_DAYS"))
    )
    rows = (
        Expert.objects.filter(pk__in=experts.values("pk"))
        .exclude(pk__in=affiliated)
        .exclude(pk__in=visited)
        .annotate(
            workload=Count(
                "licensing_commission_seats",
                filter=Q(
                    licensing_commission_seats__visit_date__gt=window_start,
                    licensing_commission_seats__visit_date__lte=visit_date,
                ),
            )
        )
        .order_by("pk")
        .values_list("pk", "workload")
    )
    return [Candidate(expert_id=pk, workload=workload) for pk, workload in rows]


def draw_parameters(*, level_id, specialty_ids, visit_date) -> dict:
    return {
        "algorithm": ALGORITHM,
        "visit_date": visit_date.isoformat(),
        "level": level_id,
        "specialties": sorted(specialty_ids),
        "cooling_off_years": int(conf.get("LICENSING_EXPERT_COOLING_OFF_YEARS")),
        "workload_window_days": int(conf.get("LICENSING_EXPERT_WORKLOAD_WINDOW_DAYS")),
    }

"""Item 11 of issue 11, the effect of accreditation on attestation: an organization or programme
with a valid accreditation is listed apart in the schedule proposal, and left out of it only
when accreditation's setting says that it exempts (off by default: the 2008 Instruction does
not exempt it). Attestation asks accreditation through its selectors; accreditation never
imports attestation."""

import dataclasses
import datetime
from functools import cached_property

from django.utils import timezone

from accreditation.selectors import (
    accreditation_exempts_from_attestation,
    accredited_organization_ids,
    accredited_programmes,
)


@dataclasses.dataclass(frozen=True)
class Accredited:
    """Who holds a valid accreditation on `day`: organizations (institutional or combined
    certificates) and programmes (organization id, specialty id), and whether that exempts."""

    day: datetime.date
    organizations: frozenset[int]
    programmes: frozenset[tuple[int, int]]
    exempts: bool

    def holds(self, organization_id: int) -> bool:
        return organization_id in self.organizations

    def programmes_of(self, organization_id: int) -> set[int]:
        return self._programmes_by_organization.get(organization_id, set())

    @cached_property
    def _programmes_by_organization(self) -> dict[int, set[int]]:
        found: dict[int, set[int]] = {}
        for organization_id, specialty_id in self.programmes:
            found.setdefault(organization_id, set()).add(specialty_id)
        return found


def accreditation_day(year: int) -> datetime.date:
    """A certificate counts for the schedule of `year` when it is valid as the year begins
    (or today, once the year has begun): one that has expired by then exempts nothing."""
    return max(timezone.localdate(), datetime.date(year, 1, 1))


def accredited_for_schedule(year: int) -> Accredited:
    """Two queries, however many organizations there are."""
    day = accreditation_day(year)
    return Accredited(
        day=day,
        organizations=frozenset(accredited_organization_ids(day)),
        programmes=frozenset(accredited_programmes(day)),
        exempts=accreditation_exempts_from_attestation(),
    )

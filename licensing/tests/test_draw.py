"""The commission draw itself (licensing.draw); the service around it is tested with the
inspection services."""

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from licensing.draw import Candidate, eligible_candidates, select_commission
from licensing.models import CommissionMember, Inspection, LicenseApplication
from registry.models import ExpertAffiliation
from registry.tests.factories import (
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    SpecialtyFactory,
    UserFactory,
)

VISIT = datetime.date(2026, 6, 15)


def test_the_same_seed_and_candidates_give_the_same_commission():
    candidates = [Candidate(expert_id=i, workload=i % 3) for i in range(1, 30)]
    first = select_commission(candidates, "4f1c0de5", 3)
    assert first == select_commission(list(candidates), "4f1c0de5", 3)
    assert len(set(first)) == 3


def test_another_seed_draws_differently_among_equally_loaded_experts():
    candidates = [Candidate(expert_id=i, workload=0) for i in range(1, 40)]
    commissions = {tuple(select_commission(candidates, f"seed-{n}", 3)) for n in range(20)}
    assert len(commissions) > 1


def test_the_least_loaded_experts_are_drawn_first():
    candidates = [Candidate(1, 5), Candidate(2, 0), Candidate(3, 2), Candidate(4, 0)]
    assert set(select_commission(candidates, "any", 2)) == {2, 4}
    assert select_commission(candidates, "any", 3)[-1] == 3


def _seat(expert, organization, visit_date):
    """A past inspection of `organization` with `expert` on the commission."""
    application = LicenseApplication.objects.create(
        applicant=UserFactory(), organization=organization, kind="new_license"
    )
    inspection = Inspection.objects.create(
        application=application, visit_date=visit_date, seed="x", commission_size=1
    )
    CommissionMember.objects.create(
        inspection=inspection,
        expert=expert,
        position=1,
        organization=organization,
        visit_date=visit_date,
    )


def _expert(specialties=(), levels=(), with_account=True, **kwargs):
    expert = ExpertFactory(user=UserFactory() if with_account else None, **kwargs)
    expert.specialties.set(specialties)
    expert.levels.set(levels)
    return expert


@pytest.mark.django_db
def test_eligibility_excludes_conflicts_expired_certificates_and_other_specialties(settings):
    settings.LICENSING_EXPERT_COOLING_OFF_YEARS = 3
    organization = OrganizationFactory()
    specialty = SpecialtyFactory()
    other_specialty = SpecialtyFactory()
    eligible = _expert([specialty])
    affiliated = _expert([specialty])
    ExpertAffiliation.objects.create(expert=affiliated, organization=organization)
    recently_visited = _expert([specialty])
    _seat(recently_visited, organization, VISIT - datetime.timedelta(days=365 * 2))
    visited_long_ago = _expert([specialty])
    _seat(visited_long_ago, organization, datetime.date(2022, 6, 15))
    _expert([specialty], certificate_valid_until=VISIT - datetime.timedelta(days=1))
    _expert([specialty], certificate_valid_from=VISIT + datetime.timedelta(days=1))
    _expert([other_specialty])
    _expert([specialty], with_account=False)

    candidates = eligible_candidates(
        organization=organization, level_id=None, specialty_ids=[specialty.pk], visit_date=VISIT
    )

    assert [c.expert_id for c in candidates] == [eligible.pk, visited_long_ago.pk]
    assert {c.expert_id: c.workload for c in candidates}[visited_long_ago.pk] == 0


@pytest.mark.django_db
def test_an_expert_of_the_parent_organization_is_conflicted_for_its_branch():
    parent = OrganizationFactory()
    branch = OrganizationFactory(parent=parent)
    specialty = SpecialtyFactory()
    expert = _expert([specialty])
    ExpertAffiliation.objects.create(expert=expert, organization=parent)
    assert not eligible_candidates(
        organization=branch, level_id=None, specialty_ids=[specialty.pk], visit_date=VISIT
    )


@pytest.mark.django_db
def test_without_specialties_experts_are_matched_by_level():
    organization = OrganizationFactory()
    level = EducationLevelFactory()
    by_level = _expert(levels=[level])
    _expert(levels=[EducationLevelFactory()])
    candidates = eligible_candidates(
        organization=organization, level_id=level.pk, specialty_ids=[], visit_date=VISIT
    )
    assert [c.expert_id for c in candidates] == [by_level.pk]


@pytest.mark.django_db
def test_workload_counts_seats_of_the_twelve_months_up_to_the_visit():
    organization, elsewhere = OrganizationFactory(), OrganizationFactory()
    specialty = SpecialtyFactory()
    expert = _expert([specialty])
    _seat(expert, elsewhere, VISIT - datetime.timedelta(days=30))
    _seat(expert, elsewhere, VISIT - datetime.timedelta(days=364))
    _seat(expert, elsewhere, VISIT - datetime.timedelta(days=400))
    (candidate,) = eligible_candidates(
        organization=organization, level_id=None, specialty_ids=[specialty.pk], visit_date=VISIT
    )
    assert candidate.workload == 2


# Property: whatever the registry holds, the draw never picks a conflicted or uncertified expert.

mostly_true = st.sampled_from([True, True, True, False])
expert_profiles = st.lists(
    st.fixed_dictionaries(
        {
            "valid_from_offset": st.integers(-800, 30),
            "valid_days": st.integers(0, 1500),
            "matches": mostly_true,
            "affiliated": st.booleans(),
            "years_since_visit": st.none() | st.integers(0, 6),
            "with_account": mostly_true,
            "seats_elsewhere": st.integers(0, 3),
        }
    ),
    min_size=1,
    max_size=10,
)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(profiles=expert_profiles, seed=st.text(min_size=1, max_size=12), size=st.integers(1, 4))
def test_no_conflicted_or_uncertified_expert_is_ever_drawn(profiles, seed, size):
    cooling_off_years = 3
    with transaction.atomic():
        organization = OrganizationFactory()
        elsewhere = OrganizationFactory()
        specialty = SpecialtyFactory()
        other_specialty = SpecialtyFactory()
        experts = []
        for profile in profiles:
            valid_from = VISIT + datetime.timedelta(days=profile["valid_from_offset"])
            expert = _expert(
                [specialty if profile["matches"] else other_specialty],
                with_account=profile["with_account"],
                certificate_valid_from=valid_from,
                certificate_valid_until=valid_from + datetime.timedelta(days=profile["valid_days"]),
            )
            if profile["affiliated"]:
                ExpertAffiliation.objects.create(expert=expert, organization=organization)
            if profile["years_since_visit"] is not None:
                years_ago = profile["years_since_visit"]
                _seat(expert, organization, VISIT.replace(year=VISIT.year - years_ago))
            for n in range(profile["seats_elsewhere"]):
                _seat(expert, elsewhere, VISIT - datetime.timedelta(days=20 * (n + 1)))
            experts.append((expert, profile))

        candidates = eligible_candidates(
            organization=organization,
            level_id=None,
            specialty_ids=[specialty.pk],
            visit_date=VISIT,
        )
        drawn = set(select_commission(candidates, seed, size))
        event(f"drawn {min(len(drawn), 1)}")

        for expert, profile in experts:
            conflicted = profile["affiliated"] or (
                profile["years_since_visit"] is not None
                and profile["years_since_visit"] < cooling_off_years
            )
            certified = expert.is_certified_on(VISIT)
            if expert.pk in drawn:
                assert certified and profile["matches"] and profile["with_account"]
                assert not conflicted
        transaction.set_rollback(True)

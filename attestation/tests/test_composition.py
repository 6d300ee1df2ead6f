"""А17, А18: whom the portal proposes for a commission (by the organization's profile, nobody
from the organization itself), and the same exclusions enforced when a seat is taken."""

import datetime

import pytest

from attestation import composition, services
from attestation.models import Attestation, CommissionMember
from attestation.tests.factories import World, attestation_in
from casework.exceptions import TransitionRefused
from licensing.tests.factories import LicenseAppendixFactory, LicenseFactory
from registry.models import ExpertAffiliation, Organization, Role
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    SpecialtyFactory,
    UserFactory,
    applicant_for,
    grant,
    staff_of,
)

pytestmark = pytest.mark.django_db


def member(name, *, levels=(), specialties=(), profile=True):
    """A person with the commission-member role and, unless `profile` is False, an expert
    profile covering `levels` and `specialties`."""
    user = grant(UserFactory(full_name=name), Role.COMMISSION_MEMBER)
    if profile:
        expert = ExpertFactory(user=user, full_name=name)
        expert.levels.set(levels)
        expert.specialties.set(specialties)
    return user


@pytest.fixture
def school():
    """A private school (no supervising body seat) teaching general secondary education."""
    world = World(ownership=Organization.Ownership.PRIVATE)
    world.level = EducationLevelFactory(code="general_secondary")
    world.organization.levels.set([world.level])
    world.attestation = attestation_in(world)
    world.commission = services.commission_form(world.attestation, actor=world.staff)
    return world


def proposed(world) -> dict[str, composition.Candidate]:
    found = composition.candidates(world.attestation, world.commission)
    return {c.user.full_name: c for c in found}


def test_members_whose_profile_covers_the_organizations_levels_are_proposed(school):
    member("Covers the level", levels=[school.level])
    member("Covers another level", levels=[EducationLevelFactory(code="preschool")])

    found = proposed(school)

    assert found["Covers the level"].levels == (str(school.level),)
    assert found["Covers the level"].role == CommissionMember.Role.LEADING_TEACHER
    assert "Covers another level" not in found


def test_a_specialty_match_ranks_before_a_level_match(school):
    specialty = SpecialtyFactory(level=school.level)
    license_ = LicenseFactory(organization=school.organization, authority=school.authority)
    LicenseAppendixFactory(license=license_, level=school.level).specialties.set([specialty])
    member("Level only", levels=[school.level])
    member("Specialty", specialties=[specialty])

    found = composition.candidates(school.attestation, school.commission)

    by_profile = [c.user.full_name for c in found if c.profile_on_record]
    assert by_profile == ["Specialty", "Level only"]
    assert found[-1].specialties == () and found[-2].specialties == (specialty.code,)


def test_an_extraordinary_attestation_is_matched_on_its_specialties_only():
    world = World(ownership=Organization.Ownership.PRIVATE)
    level = EducationLevelFactory(code="higher")
    law, medicine = SpecialtyFactory(level=level), SpecialtyFactory(level=level)
    attestation = attestation_in(world)
    attestation.schedule_entry.specialties.set([law])

    profile = composition.organization_profile(attestation)

    assert profile.specialty_ids == {law.pk}
    assert medicine.pk not in profile.specialty_ids
    assert profile.level_ids == {level.pk}


def test_people_without_a_profile_on_record_come_last_for_the_authority_to_judge(school):
    member("No profile", profile=False)
    member("Covers the level", levels=[school.level])

    found = composition.candidates(school.attestation, school.commission)

    names = [c.user.full_name for c in found]
    assert names.index("Covers the level") < names.index("No profile")
    assert not found[names.index("No profile")].profile_on_record


def test_the_authoritys_staff_are_proposed_for_the_chair_then_as_its_representatives(school):
    found = proposed(school)
    assert found["Staff Member"].role == CommissionMember.Role.CHAIR
    assert found["Head of Department"].role == CommissionMember.Role.CHAIR

    chair = staff_of(school.authority, full_name="Chair")
    services.commission_member_add(
        school.commission, actor=school.staff, user=chair, role=CommissionMember.Role.CHAIR
    )
    found = proposed(school)
    assert "Chair" not in found
    assert found["Staff Member"].role == CommissionMember.Role.AUTHORITY


def test_nobody_affiliated_with_the_organization_or_representing_it_is_proposed(school):
    worked_there = member("Worked there", levels=[school.level])
    ExpertAffiliation.objects.create(
        expert=worked_there.expert_profile,
        organization=school.organization,
        ended_on=datetime.date(2020, 1, 1),
    )
    branch = OrganizationFactory(parent=school.organization, region=school.authority.jurisdiction)
    represents_branch = member("Represents a branch", levels=[school.level])
    grant(represents_branch, Role.APPLICANT, organization=branch)
    elsewhere = member("Works elsewhere", levels=[school.level])
    other_school = OrganizationFactory()
    ExpertAffiliation.objects.create(expert=elsewhere.expert_profile, organization=other_school)

    found = proposed(school)

    assert "Worked there" not in found
    assert "Represents a branch" not in found
    assert "School Director" not in found
    assert found["Works elsewhere"].role == CommissionMember.Role.ORGANIZATION
    assert found["Works elsewhere"].employer == other_school


def test_a_state_organization_gets_staff_of_its_supervising_body_proposed():
    body = AuthorityFactory()
    world = World(ownership=Organization.Ownership.STATE, supervising_body=body)
    staff_of(body, full_name="Akimat Official")
    attestation = attestation_in(world)

    found = {c.user.full_name: c for c in composition.candidates(attestation)}

    assert found["Akimat Official"].role == CommissionMember.Role.SUPERVISING_BODY
    assert found["Akimat Official"].employer_authority == body


# The service refuses what the proposal leaves out --------------------------------------------


def test_a_person_who_has_worked_at_the_organization_is_refused_with_the_reason(school):
    former = member("Former Teacher", levels=[school.level])
    ExpertAffiliation.objects.create(
        expert=former.expert_profile,
        organization=school.organization,
        ended_on=datetime.date(2019, 6, 30),
    )
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            school.commission,
            actor=school.staff,
            user=former,
            role=CommissionMember.Role.LEADING_TEACHER,
        )
    assert refused.value.code == "attestation.a18.expert_register"
    assert not school.commission.members.exists()


def test_a_representative_of_a_branch_is_refused(school):
    branch = OrganizationFactory(parent=school.organization, region=school.authority.jurisdiction)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            school.commission,
            actor=school.staff,
            user=applicant_for(branch),
            role=CommissionMember.Role.ORGANIZATION,
        )
    assert refused.value.code == "attestation.a18.represents_organization"


def test_a_person_from_another_organization_takes_a_seat(school):
    elsewhere = member("Works elsewhere", levels=[school.level])
    other_school = OrganizationFactory()
    seat = services.commission_member_add(
        school.commission,
        actor=school.staff,
        user=elsewhere,
        role=CommissionMember.Role.ORGANIZATION,
        employer=other_school,
    )
    assert seat.employer == other_school


def test_a_representative_of_the_authority_must_be_its_staff(school):
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            school.commission,
            actor=school.staff,
            user=member("Outsider", levels=[school.level]),
            role=CommissionMember.Role.AUTHORITY,
        )
    assert refused.value.code == "attestation.a18.authority_not_staff"
    seat = services.commission_member_add(
        school.commission, actor=school.staff, user=school.staff, role="authority"
    )
    assert seat.employer_authority == school.authority


def test_a_supervising_body_seat_needs_a_state_organization_and_its_bodys_staff():
    body = AuthorityFactory()
    world = World(ownership=Organization.Ownership.STATE, supervising_body=body)
    commission = services.commission_form(attestation_in(world), actor=world.staff)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission,
            actor=world.staff,
            user=staff_of(AuthorityFactory()),
            role=CommissionMember.Role.SUPERVISING_BODY,
        )
    assert refused.value.code == "attestation.a18.not_supervising_body_staff"
    seat = services.commission_member_add(
        commission, actor=world.staff, user=staff_of(body), role="supervising_body"
    )
    assert seat.employer_authority == body

    private = World(ownership=Organization.Ownership.PRIVATE)
    commission = services.commission_form(attestation_in(private), actor=private.staff)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission,
            actor=private.staff,
            user=staff_of(body),
            role=CommissionMember.Role.SUPERVISING_BODY,
        )
    assert refused.value.code == "attestation.a18.no_supervising_body"


def test_approval_is_refused_when_a_member_turns_out_to_be_affiliated(school):
    services.commission_member_add(
        school.commission,
        actor=school.staff,
        user=staff_of(school.authority, full_name="Chair"),
        role=CommissionMember.Role.CHAIR,
    )
    teacher = member("Teacher", levels=[school.level])
    services.commission_member_add(
        school.commission, actor=school.staff, user=teacher, role="leading_teacher"
    )
    ExpertAffiliation.objects.create(
        expert=teacher.expert_profile, organization=school.organization
    )

    with pytest.raises(TransitionRefused) as refused:
        services.commission_approve(school.commission, actor=school.head)
    assert refused.value.code == "attestation.a18.expert_register"

    school.attestation.refresh_from_db()
    assert school.attestation.state == Attestation.State.NOTIFIED


def test_when_the_authority_supervises_the_organization_its_representatives_suffice():
    world = World(ownership=Organization.Ownership.STATE)
    world.organization.supervising_body = world.authority
    world.organization.save()
    commission = services.commission_form(attestation_in(world), actor=world.staff)
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=staff_of(world.authority, full_name="Chair"),
        role=CommissionMember.Role.CHAIR,
    )
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=member("Teacher"),
        role=CommissionMember.Role.LEADING_TEACHER,
    )

    services.commission_approve(commission, actor=world.head)

    commission.refresh_from_db()
    assert commission.is_approved

"""Self-assessment (А15), commission (А17, А18, А20, А26) and the start of the visit (А19)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from attestation import services
from attestation.models import Attestation, Commission, CommissionMember, SelfAssessment
from attestation.services.preparation import REQUIRED_SECTIONS
from attestation.tests.factories import (
    World,
    attestation_in,
    client_for,
    commission_for,
    pdf,
    today,
)
from casework.deadlines import deadline_open
from casework.exceptions import CaseConflict, CasePermissionDenied, TransitionRefused
from casework.models import Deadline, Notification
from registry.models import ExpertAffiliation, Organization, Role
from registry.tests.factories import (
    AuthorityFactory,
    ExpertFactory,
    UserFactory,
    grant,
    staff_of,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _fill(attestation, world):
    services.self_assessment_save(
        attestation,
        actor=world.representative,
        **{area.value: f"About {area.label}" for area in REQUIRED_SECTIONS},
        teachers_total=40,
    )
    for code in SelfAssessment.REQUIRED_ATTACHMENTS:
        services.attestation_file_upload(
            attestation, code, pdf(f"{code}.pdf"), actor=world.representative
        )


def test_a_self_assessment_a_month_before_the_start_is_accepted_on_time():
    world = World()
    attestation = attestation_in(world, start_date=today() + datetime.timedelta(days=40))
    _fill(attestation, world)

    assessment = services.self_assessment_submit(attestation, actor=world.representative)

    assert not assessment.late
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.SELF_ASSESSMENT_SUBMITTED
    assert Notification.objects.filter(
        recipient=world.staff, template_key="attestation_self_assessment_submitted"
    ).exists()


def test_a_self_assessment_later_than_a_month_before_the_start_is_flagged_late():
    world = World()
    attestation = attestation_in(world, start_date=today() + datetime.timedelta(days=20))
    _fill(attestation, world)

    assessment = services.self_assessment_submit(attestation, actor=world.representative)

    assert assessment.late
    log = attestation.__class__.objects.get(pk=attestation.pk)
    assert log.state == Attestation.State.SELF_ASSESSMENT_SUBMITTED


def test_a_self_assessment_without_the_charter_and_license_is_refused():
    world = World()
    attestation = attestation_in(world)
    services.self_assessment_save(
        attestation,
        actor=world.representative,
        **{area.value: "text" for area in REQUIRED_SECTIONS},
    )
    with pytest.raises(TransitionRefused) as refused:
        services.self_assessment_submit(attestation, actor=world.representative)
    assert refused.value.code == "attestation.a15.attachments"


def test_a_self_assessment_with_empty_sections_names_them():
    world = World()
    attestation = attestation_in(world)
    services.self_assessment_save(attestation, actor=world.representative, general="About us")
    with pytest.raises(TransitionRefused) as refused:
        services.self_assessment_submit(attestation, actor=world.representative)
    assert refused.value.code == "attestation.a15.sections"


def test_another_organization_cannot_fill_in_the_self_assessment():
    world, other = World(), World()
    attestation = attestation_in(world)
    with pytest.raises(CasePermissionDenied):
        services.self_assessment_save(attestation, actor=other.representative, general="x")


# The commission ----------------------------------------------------------------------------


def _composed(world, attestation, **organization_changes):
    commission = services.commission_form(attestation, actor=world.staff)
    chair = staff_of(world.authority, full_name="Chair")
    services.commission_member_add(
        commission, actor=world.staff, user=chair, role=CommissionMember.Role.CHAIR
    )
    teacher = grant(UserFactory(), Role.COMMISSION_MEMBER)
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=teacher,
        role=CommissionMember.Role.LEADING_TEACHER,
        profile="Secondary education, mathematics",
    )
    return commission


def test_the_chair_must_be_staff_of_the_authority():
    world = World()
    commission = services.commission_form(attestation_in(world), actor=world.staff)
    outsider = staff_of(AuthorityFactory())
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission, actor=world.staff, user=outsider, role=CommissionMember.Role.CHAIR
        )
    assert refused.value.code == "attestation.a17.chair_not_staff"


def test_nobody_from_the_organization_itself_sits_on_its_commission():
    world = World()
    commission = services.commission_form(attestation_in(world), actor=world.staff)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission,
            actor=world.staff,
            user=world.representative,
            role=CommissionMember.Role.LEADING_TEACHER,
        )
    assert refused.value.code == "attestation.a18.represents_organization"
    colleague = UserFactory()
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission,
            actor=world.staff,
            user=colleague,
            role=CommissionMember.Role.LEADING_TEACHER,
            employer=world.organization,
        )
    assert refused.value.code == "attestation.a18.works_at_organization"
    expert = ExpertFactory(user=UserFactory())
    ExpertAffiliation.objects.create(expert=expert, organization=world.organization)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_member_add(
            commission,
            actor=world.staff,
            user=expert.user,
            role=CommissionMember.Role.ORGANIZATION,
        )
    assert refused.value.code == "attestation.a18.expert_register"


def test_a_commission_approved_10_days_before_the_start_is_in_time():
    world = World()
    attestation = attestation_in(world, start_date=today() + 10 * DAY)
    commission = _composed(world, attestation)

    services.commission_approve(commission, actor=world.head, order_number="45-ОД")

    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.COMMISSION_APPROVED
    assert Notification.objects.filter(template_key="attestation_commission_approved").count() == 2


def test_a_commission_approved_9_days_before_the_start_is_refused():
    world = World()
    attestation = attestation_in(world, start_date=today() + 9 * DAY)
    commission = _composed(world, attestation)

    with pytest.raises(TransitionRefused) as refused:
        services.commission_approve(commission, actor=world.head)
    assert refused.value.code == "attestation.a17.commission_late"

    commission.refresh_from_db()
    assert not commission.is_approved


def test_a_state_organizations_commission_needs_its_supervising_body():
    world = World()
    world.organization.supervising_body = AuthorityFactory()
    world.organization.ownership = Organization.Ownership.STATE
    world.organization.save()
    attestation = attestation_in(world)
    commission = _composed(world, attestation)
    with pytest.raises(TransitionRefused) as refused:
        services.commission_approve(commission, actor=world.head)
    assert refused.value.code == "attestation.a18.supervising_body_missing"
    services.commission_member_add(
        commission,
        actor=world.staff,
        user=staff_of(world.organization.supervising_body),
        role=CommissionMember.Role.SUPERVISING_BODY,
    )
    services.commission_approve(commission, actor=world.head)


def test_the_commission_term_closes_when_the_commission_is_approved():
    world = World()
    attestation = attestation_in(world, start_date=today() + 30 * DAY)
    deadline_open(attestation, "commission", calendar_days=20)
    services.commission_approve(_composed(world, attestation), actor=world.head)
    assert Deadline.objects.get(kind="commission").state == Deadline.State.DONE


def test_the_chair_assigns_study_areas_and_the_joint_commission():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    chair, member = commission.chair, commission.members.exclude(role="chair").first()

    services.study_area_assign(commission, "staff", member, actor=chair.user)
    services.written_work_panel_set(commission, member, "Teacher T.", actor=chair.user)
    with pytest.raises(CasePermissionDenied):
        services.study_area_assign(commission, "library", member, actor=member.user)

    assignment = commission.assignments.get()
    services.study_area_report(
        assignment, actor=member.user, findings="Qualified staff", deficiencies="Few PhDs"
    )
    assignment.refresh_from_db()
    assert assignment.reported_at is not None
    commission.refresh_from_db()
    assert commission.written_work_member == member


# The visit --------------------------------------------------------------------------------


def test_the_visit_cannot_start_without_an_approved_commission():
    world = World()
    attestation = attestation_in(world, Attestation.State.COMMISSION_APPROVED, start_date=today())
    commission_for(attestation, approved=False)
    with pytest.raises(TransitionRefused) as refused:
        services.visit_start(attestation, actor=world.staff)
    assert refused.value.code == "attestation.a17.visit_before_approval"


def test_a_visit_asked_for_before_the_commission_stage_is_a_conflict():
    world = World()
    attestation = attestation_in(world, Attestation.State.NOTIFIED, start_date=today())
    commission_for(attestation, approved=False)
    with pytest.raises(CaseConflict) as conflict:
        services.visit_start(attestation, actor=world.staff)
    assert conflict.value.code == "case_conflict"


def test_the_visit_starts_with_an_approved_commission_and_lasts_seven_working_days():
    world = World()
    monday = datetime.date(2026, 3, 16)
    attestation = attestation_in(world, Attestation.State.COMMISSION_APPROVED, start_date=monday)
    commission = commission_for(attestation)
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0), tick=False):
        attestation = services.visit_start(attestation, actor=commission.chair.user)
    assert attestation.state == Attestation.State.VISIT
    assert attestation.visit_ends_on == datetime.date(2026, 3, 27)  # across Nauryz


def test_the_visit_closes_a_self_assessment_term_left_unmet_and_it_stays_late():
    world = World()
    monday = datetime.date(2026, 3, 16)
    attestation = attestation_in(world, Attestation.State.COMMISSION_APPROVED, start_date=monday)
    commission = commission_for(attestation)
    with time_machine.travel(datetime.datetime(2026, 1, 16, 10, 0), tick=False):
        deadline_open(attestation, "self_assessment", calendar_days=31)
    due = Deadline.objects.get(case_id=attestation.pk, kind="self_assessment").due_at
    with time_machine.travel(datetime.datetime(2026, 3, 16, 10, 0), tick=False):
        services.visit_start(attestation, actor=commission.chair.user)
    term = Deadline.objects.get(case_id=attestation.pk, kind="self_assessment")
    assert term.state == Deadline.State.DONE and term.closed_at > due  # closed, and late
    page = client_for(world.staff).get(reverse("attestation:detail", args=[attestation.pk]))
    assert f"{due:%d.%m.%Y}" not in page.text  # no live term months gone


def test_a_follow_up_commission_is_for_a_suspended_license_only():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    with pytest.raises(TransitionRefused):
        services.commission_form(
            attestation, actor=world.staff, purpose=Commission.Purpose.FOLLOW_UP
        )

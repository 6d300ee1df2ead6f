"""Schedules: the proposal (А4, А5), approval and notice (А11, А12), changes (А13, А14)."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from attestation import services
from attestation.models import (
    Attestation,
    AttestationKind,
    ControlResult,
    PostponementRequest,
    PriorAttestation,
    Schedule,
    ScheduleChange,
)
from attestation.tests.factories import World
from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.models import Deadline, Notification, TransitionLog
from registry.tests.factories import OrganizationFactory, SpecialtyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")


@pytest.fixture
def june_15():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ALMATY), tick=False):
        yield


def _entries(schedule):
    return {e.organization_id: e for e in schedule.entries.all()}


def test_the_proposal_lists_organizations_due_by_the_five_year_rule(june_15):
    world = World()
    never = world.organization
    five_years = world.organization_in_jurisdiction()
    PriorAttestation.objects.create(organization=five_years, attested_on=D(2022, 3, 1))
    four_years = world.organization_in_jurisdiction()
    PriorAttestation.objects.create(organization=four_years, attested_on=D(2023, 1, 10))
    elsewhere = OrganizationFactory()

    schedule = services.schedule_propose(world.authority, 2027, actor=world.staff)

    entries = _entries(schedule)
    assert set(entries) == {never.pk, five_years.pk}
    assert entries[never.pk].kind == AttestationKind.PLANNED
    assert entries[five_years.pk].last_attested_on == D(2022, 3, 1)
    assert four_years.pk not in entries and elsewhere.pk not in entries


def test_the_proposal_puts_organizations_over_the_control_threshold_in_next_years_list(
    june_15, settings
):
    settings.ATTESTATION_EXTRAORDINARY_FAILED_PERCENT = 30
    world = World()
    PriorAttestation.objects.create(organization=world.organization, attested_on=D(2025, 5, 1))
    university = world.organization_in_jurisdiction()
    PriorAttestation.objects.create(organization=university, attested_on=D(2025, 5, 1))
    law, medicine = SpecialtyFactory(), SpecialtyFactory()
    data = (
        "bin;specialty;tested;failed\n"
        f"{world.organization.bin};;100;31\n"
        f"{university.bin};{law.code};40;20\n"
        f"{university.bin};{medicine.code};40;12\n"
    ).encode()
    services.control_results_import(world.authority, 2026, data, "isc.csv", actor=world.staff)

    schedule = services.schedule_propose(world.authority, 2027, actor=world.staff)

    entries = _entries(schedule)
    assert entries[world.organization.pk].kind == AttestationKind.EXTRAORDINARY
    assert list(entries[world.organization.pk].specialties.all()) == []
    assert entries[university.pk].kind == AttestationKind.EXTRAORDINARY
    # 20/40 = 50 % is over 30 %; 12/40 = 30 % is not.
    assert list(entries[university.pk].specialties.all()) == [law]


def test_a_control_results_file_with_a_bad_line_imports_nothing():
    world = World()
    data = (
        "bin,tested,failed\n"
        f"{world.organization.bin},100,10\n"
        "000000000000,10,1\n"
        f"{world.organization.bin},5,9\n"
    ).encode()
    with pytest.raises(ValidationError) as refused:
        services.control_results_import(world.authority, 2026, data, "isc.csv", actor=world.staff)
    assert [m.split(":")[0] for m in refused.value.messages] == ["Line 3", "Line 4"]
    assert not ControlResult.objects.exists()


def test_a_later_control_results_file_replaces_the_figures():
    world = World()
    line = "bin,tested,failed\n{},{},{}\n"
    services.control_results_import(
        world.authority,
        2026,
        line.format(world.organization.bin, 100, 50).encode(),
        "a.csv",
        actor=world.staff,
    )
    services.control_results_import(
        world.authority,
        2026,
        line.format(world.organization.bin, 100, 5).encode(),
        "b.csv",
        actor=world.staff,
    )
    assert list(ControlResult.objects.values_list("tested", "failed")) == [(100, 5)]


def _dated_draft(world, start):
    schedule = services.schedule_propose(world.authority, start.year, actor=world.staff)
    for entry in schedule.entries.all():
        services.schedule_entry_date(entry, start, actor=world.staff)
    return schedule


def test_approval_opens_a_case_per_organization_and_tells_it_three_months_ahead(june_15):
    world = World()
    schedule = _dated_draft(world, D(2026, 9, 15))

    services.schedule_approve(schedule, actor=world.head, order_number="12-ОД")

    attestation = Attestation.objects.get(organization=world.organization)
    assert attestation.state == Attestation.State.NOTIFIED
    assert attestation.number.startswith("ATT-2026-")
    assert attestation.start_date == D(2026, 9, 15)
    # The schedule's approval has its log row too (case_transition), then the case's.
    assert [(r.transition, r.target) for r in TransitionLog.objects.order_by("id")] == [
        ("approve", "approved"),
        ("create", "scheduled"),
        ("notify", "notified"),
    ]
    assert Notification.objects.filter(
        recipient=world.representative, template_key="attestation_notice"
    ).exists()
    kinds = dict(Deadline.objects.values_list("kind", "due_at"))
    # А15: one month before the start; А17: ten days before.
    assert kinds["self_assessment"].astimezone(ALMATY).date() == D(2026, 8, 17)  # 15th is Sat
    assert kinds["commission"].astimezone(ALMATY).date() == D(2026, 9, 7)  # 5th is Sat


def test_approval_is_refused_for_an_organization_starting_in_less_than_three_months(june_15):
    world = World()
    schedule = _dated_draft(world, D(2026, 9, 14))

    with pytest.raises(TransitionRefused) as refused:
        services.schedule_approve(schedule, actor=world.head)

    assert "Cl. 12 of the Instruction approved by Order No. 109" in str(refused.value)
    assert "15.09.2026" in str(refused.value)
    schedule.refresh_from_db()
    assert schedule.state == Schedule.State.DRAFT
    assert not Attestation.objects.exists()


def test_only_the_head_approves_the_schedule(june_15):
    world = World()
    schedule = _dated_draft(world, D(2026, 10, 1))
    with pytest.raises(CasePermissionDenied):
        services.schedule_approve(schedule, actor=world.staff)


@pytest.fixture
def approved(june_15):
    world = World()
    schedule = _dated_draft(world, D(2026, 11, 2))
    services.schedule_approve(schedule, actor=world.head)
    world.entry = schedule.entries.get()
    return world


def test_a_change_exactly_three_months_ahead_is_made_and_told(approved):
    world = approved
    change = services.schedule_change_move(
        world.entry,
        D(2026, 9, 15),
        actor=world.head,
        basis=ScheduleChange.Basis.CONTROL_RESULTS,
        reason="Results of the control",
    )
    assert change.previous_start == D(2026, 11, 2)
    attestation = Attestation.objects.get(schedule_entry=world.entry)
    assert attestation.start_date == D(2026, 9, 15)
    assert Notification.objects.filter(
        recipient=world.representative, template_key="attestation_schedule_change"
    ).exists()


def test_a_change_to_a_date_three_months_less_one_day_ahead_is_refused_with_the_reason(approved):
    world = approved
    with pytest.raises(TransitionRefused) as refused:
        services.schedule_change_move(
            world.entry,
            D(2026, 9, 14),
            actor=world.head,
            basis=ScheduleChange.Basis.CONTROL_RESULTS,
            reason="Results of the control",
        )
    assert "Cl. 14 of the Instruction approved by Order No. 109" in str(
        refused.value
    ) and "15.09.2026" in str(refused.value)
    assert Attestation.objects.get(schedule_entry=world.entry).start_date == D(2026, 11, 2)


def test_an_attestation_three_months_less_one_day_away_can_no_longer_be_changed(approved):
    world = approved
    with (
        time_machine.travel(datetime.datetime(2026, 8, 3, 10, 0, tzinfo=ALMATY), tick=False),
        pytest.raises(TransitionRefused) as refused,
    ):
        services.schedule_change_move(
            world.entry,
            D(2026, 12, 15),
            actor=world.head,
            basis=ScheduleChange.Basis.REQUEST,
            reason="Renovation",
        )
    assert "02.08.2026" in str(refused.value)  # the last day a change could be told


def test_removing_a_reorganized_organization_cancels_its_attestation(approved):
    world = approved
    services.schedule_change_remove(
        world.entry,
        actor=world.head,
        basis=ScheduleChange.Basis.REORGANIZATION,
        reason="Merged into another school",
    )
    attestation = Attestation.objects.get(schedule_entry=world.entry)
    assert attestation.state == Attestation.State.CANCELLED
    assert not Deadline.objects.filter(state=Deadline.State.RUNNING).exists()


def test_an_organization_over_the_threshold_is_added_to_the_approved_schedule(approved):
    world = approved
    other = world.organization_in_jurisdiction()
    services.schedule_change_add(
        world.entry.schedule,
        other,
        D(2026, 10, 1),
        actor=world.head,
        kind=AttestationKind.EXTRAORDINARY,
        basis=ScheduleChange.Basis.CONTROL_RESULTS,
        reason="40 % failed the intermediate state control",
    )
    assert Attestation.objects.get(organization=other).state == Attestation.State.NOTIFIED


def test_an_organization_outside_the_jurisdiction_is_not_added(approved):
    world = approved
    elsewhere = OrganizationFactory()
    with pytest.raises(TransitionRefused) as refused:
        services.schedule_change_add(
            world.entry.schedule,
            elsewhere,
            D(2026, 10, 1),
            actor=world.head,
            kind=AttestationKind.EXTRAORDINARY,
            basis=ScheduleChange.Basis.CONTROL_RESULTS,
            reason="Control results",
        )
    assert refused.value.code == "attestation.a13.outside_jurisdiction"
    assert not Attestation.objects.filter(organization=elsewhere).exists()


def test_an_approved_postponement_request_moves_the_attestation(approved):
    world = approved
    request = services.postponement_request_submit(
        world.entry,
        actor=world.representative,
        requested_start=D(2026, 12, 1),
        reasons="The building is under repair until November.",
    )
    services.postponement_request_decide(request, actor=world.head, approve=True)

    request.refresh_from_db()
    assert request.status == PostponementRequest.Status.APPROVED
    assert request.change.new_start == D(2026, 12, 1)
    assert Attestation.objects.get(schedule_entry=world.entry).start_date == D(2026, 12, 1)
    assert Notification.objects.filter(
        recipient=world.representative, template_key="attestation_postponement_decided"
    ).exists()


def test_a_postponement_request_needs_reasons_and_a_denial_needs_a_reply(approved):
    world = approved
    with pytest.raises(TransitionRefused):
        services.postponement_request_submit(
            world.entry, actor=world.representative, requested_start=D(2026, 12, 1), reasons=" "
        )
    request = services.postponement_request_submit(
        world.entry, actor=world.representative, requested_start=D(2026, 12, 1), reasons="Repair"
    )
    with pytest.raises(TransitionRefused):
        services.postponement_request_decide(request, actor=world.head, approve=False)
    services.postponement_request_decide(
        request, actor=world.head, approve=False, note="Repairs do not stop the classes."
    )
    request.refresh_from_db()
    assert request.status == PostponementRequest.Status.DENIED
    assert Attestation.objects.get(schedule_entry=world.entry).start_date == D(2026, 11, 2)

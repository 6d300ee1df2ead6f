"""What the database itself guarantees about attestation data."""

import re

import pytest
from django.db import IntegrityError, transaction
from django_fsm import TransitionNotAllowed

from attestation.models import Attestation, Column, CommissionMember, ResultCell, Schedule
from attestation.tests.factories import World, attestation_in, commission_for, sample_of

pytestmark = pytest.mark.django_db


def test_an_attestation_is_numbered_att_year_serial():
    attestation = attestation_in(World())
    assert re.fullmatch(r"ATT-\d{4}-\d{6}", attestation.number)


def test_the_state_changes_only_through_transitions():
    attestation = attestation_in(World(), Attestation.State.NOTIFIED)
    with pytest.raises(AttributeError):
        attestation.state = Attestation.State.ATTESTED
    with pytest.raises(TransitionNotAllowed):
        attestation.attest()


def test_a_result_cell_outside_its_range_is_refused_by_the_database():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    _cohort, students = sample_of(attestation, size=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultCell.objects.create(
            student=students[0], column=Column.WRITTEN, value=6, version=1, entered_by=world.head
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        ResultCell.objects.create(
            student=students[0], column=Column.TEST, value=101, version=1, entered_by=world.head
        )


def test_a_commission_has_one_chair():
    world = World()
    commission = commission_for(attestation_in(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        CommissionMember.objects.create(
            commission=commission, user=world.staff, role=CommissionMember.Role.CHAIR
        )


def test_an_authority_has_one_schedule_per_year():
    world = World()
    Schedule.objects.create(authority=world.authority, year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        Schedule.objects.create(authority=world.authority, year=2030)


def test_a_suspension_longer_than_six_months_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        attestation_in(World(), Attestation.State.SUSPENDED, suspension_months=7)

"""The admin is no back door: attestation records are read-only there, nothing is deleted, and
the corrections an admin may make go through the services, with the services' refusals."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from attestation.models import Attestation, CommissionMember, ScheduleChange
from attestation.tests.factories import World, attestation_in, commission_for, today
from casework.models import TransitionLog
from registry.models import Role
from registry.tests.factories import UserFactory, admin_user, grant

pytestmark = pytest.mark.django_db

READ_ONLY = [
    "schedule",
    "schedulechange",
    "postponementrequest",
    "controlresultimport",
    "attestation",
    "selfassessment",
    "cohort",
    "commission",
    "commissionmember",
    "conclusion",
]


@pytest.mark.parametrize("model", READ_ONLY)
def test_attestation_records_are_read_only_in_the_admin(verified_client, model):
    world = World()
    commission_for(attestation_in(world))
    client = verified_client(admin_user())
    listing = client.get(reverse(f"admin:attestation_{model}_changelist"))
    assert listing.status_code == 200
    assert b'value="delete_selected"' not in listing.content
    assert client.get(reverse(f"admin:attestation_{model}_add")).status_code == 403


def test_an_attestation_cannot_be_edited_or_deleted_in_the_admin(verified_client):
    attestation = attestation_in(World())
    client = verified_client(admin_user())
    page = client.get(reverse("admin:attestation_attestation_change", args=[attestation.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    delete = client.post(
        reverse("admin:attestation_attestation_delete", args=[attestation.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Attestation.objects.filter(pk=attestation.pk).exists()


def _act(client, model, action, pks, **data):
    return client.post(
        reverse(f"admin:attestation_{model}_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [str(pk) for pk in pks], **data},
        follow=True,
    )


def test_removing_from_the_schedule_asks_for_the_basis_and_cancels_through_the_service(
    verified_client,
):
    world = World()
    attestation = attestation_in(world, start_date=today() + datetime.timedelta(days=200))
    client = verified_client(admin_user())

    asked = _act(client, "attestation", "remove_from_schedule", [attestation.pk])
    assert b'name="reason"' in asked.content
    assert Attestation.objects.get().state == Attestation.State.NOTIFIED

    _act(
        client,
        "attestation",
        "remove_from_schedule",
        [attestation.pk],
        apply="1",
        basis="reorganization",
        reason="Merged into another school",
    )

    attestation = Attestation.objects.get()
    assert attestation.state == Attestation.State.CANCELLED
    change = ScheduleChange.objects.get()
    assert (change.kind, change.reason) == ("remove", "Merged into another school")
    assert TransitionLog.objects.filter(case_id=attestation.pk, transition="cancel").exists()


def test_the_services_refusal_is_the_admins_message(verified_client):
    world = World()
    attestation = attestation_in(world, start_date=today() + datetime.timedelta(days=30))
    client = verified_client(admin_user())

    page = _act(
        client,
        "attestation",
        "remove_from_schedule",
        [attestation.pk],
        apply="1",
        basis="reorganization",
        reason="Merged",
    )

    # А14: inside three months the schedule no longer changes, for an admin neither.
    assert (
        "Cl. 14 of the Instruction approved by Order No. 109: changes to the schedule are told"
        in page.content.decode()
    )
    assert Attestation.objects.get().state == Attestation.State.NOTIFIED
    assert not ScheduleChange.objects.exists()


def test_an_admin_replaces_a_commission_member_through_the_service(verified_client):
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    member = commission.members.exclude(role="chair").first()
    newcomer = grant(UserFactory(email="new.member@example.kz"), Role.COMMISSION_MEMBER)
    client = verified_client(admin_user())

    _act(
        client,
        "commissionmember",
        "replace_member",
        [member.pk],
        apply="1",
        email="new.member@example.kz",
        reason="Fell ill",
    )

    member = CommissionMember.objects.get(pk=member.pk)
    assert member.user == newcomer
    assert member.role == CommissionMember.Role.LEADING_TEACHER

    # А18: the organization's own people are refused, for an admin too.
    page = _act(
        client,
        "commissionmember",
        "replace_member",
        [member.pk],
        apply="1",
        email=world.representative.email,
        reason="Local knowledge",
    )
    assert "Cl. 18 of the Instruction approved by Order No. 109:" in page.content.decode()
    assert CommissionMember.objects.get(pk=member.pk).user == newcomer

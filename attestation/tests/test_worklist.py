"""The dashboard's "Awaiting me" for attestation (issue 10): each role sees what waits for it,
the action one click away, at a fixed number of queries whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from attestation.models import Attestation, Conclusion
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    decided_ready,
    today,
)
from attestation.worklist import attestation_work
from registry.models import User

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)


def _queries(user) -> tuple[int, list]:
    user = _fresh(user)
    with CaptureQueriesContext(connection) as captured:
        items = attestation_work(user)
    return len(captured), items


def _organizations(world, n):
    """`n` more organizations of the world's authority, each with an attestation awaiting the
    decision and a commission, represented by the world's representative."""
    from registry.tests.factories import grant

    for _i in range(n):
        organization = world.organization_in_jurisdiction()
        grant(world.representative, "applicant", organization=organization)
        world.organization = organization
        decided_ready(world)


def test_the_head_sees_decisions_waiting_with_the_legal_term_at_a_fixed_cost():
    world = World()
    _organizations(world, 2)
    small, items = _queries(world.head)
    assert [i.action for i in items] == ["Decide", "Decide"]
    assert items[0].due == today() + datetime.timedelta(days=10)
    assert items[0].url.endswith("/decide/")

    _organizations(world, 18)
    large, items = _queries(world.head)
    assert len(items) == 20
    assert small == large


def test_the_organization_acknowledges_and_members_sign_at_a_fixed_cost():
    world = World()
    _organizations(world, 2)
    small, items = _queries(world.representative)
    assert {i.action for i in items} == {"Acknowledge"}
    _organizations(world, 18)
    large, items = _queries(world.representative)
    assert len(items) == 20
    assert small == large


def test_members_at_the_visit_enter_results_and_sign_the_drafted_conclusion():
    world = World()
    attestation = attestation_in(
        world, Attestation.State.VISIT, start_date=today() - datetime.timedelta(days=1)
    )
    commission = commission_for(attestation)
    member = commission.members.exclude(role="chair").first().user
    assert [i.action for i in attestation_work(_fresh(member))] == ["Enter results"]
    assert [i.action for i in attestation_work(_fresh(commission.chair.user))] == [
        "Enter results",
        "Write",
    ]

    Conclusion.objects.create(commission=commission)
    actions = [i.action for i in attestation_work(_fresh(member))]
    assert actions == ["Enter results", "Sign"]
    assert attestation_work(_fresh(member))[0].url == reverse(
        "attestation:grid", args=[attestation.pk]
    )


def test_staff_compose_and_the_organization_fills_in_the_self_assessment():
    world = World()
    attestation = attestation_in(world, Attestation.State.NOTIFIED)
    staff = attestation_work(_fresh(world.staff))
    assert [i.action for i in staff] == ["Compose"]
    organization = attestation_work(_fresh(world.representative))
    assert [i.action for i in organization] == ["Fill in"]
    assert organization[0].url == reverse("attestation:self_assessment", args=[attestation.pk])


def test_the_dashboard_shows_the_heads_decision_under_awaiting_me(verified_client):
    world = World()
    attestation = decided_ready(world)
    page = verified_client(world.head).get("/dashboard/").content.decode()
    assert reverse("attestation:decide", args=[attestation.pk]) in page

"""The head's decision page (issue 10): "not attest" and a decision before the organization's
acknowledgement go through a confirmation page that states the consequence and its dates; a
refusal keeps every value typed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from attestation.models import Attestation, Conclusion
from attestation.rules import suspension_end
from attestation.tests.factories import World, decided_ready, results, sample_of, today

pytestmark = pytest.mark.django_db


def _url(attestation):
    return reverse("attestation:decide", args=[attestation.pk])


def _acknowledged(attestation, world):
    Conclusion.objects.filter(commission__attestation=attestation).update(
        acknowledged_at=timezone.now(), acknowledged_by=world.representative
    )


def _licensed(world):
    from licensing.tests.factories import LicenseFactory

    return LicenseFactory(organization=world.organization, authority=world.authority)


def test_not_attest_states_the_suspension_and_its_dates_before_anything_is_recorded(
    verified_client,
):
    world = World()
    attestation = decided_ready(world)
    _acknowledged(attestation, world)
    license_ = _licensed(world)
    _cohort, students = sample_of(attestation)
    results(students, absent=10)
    client = verified_client(world.head)
    data = {"decision": "not_attest", "order_number": "7", "suspension_months": "3"}

    page = client.post(_url(attestation), data).content.decode()

    until = suspension_end(today(), 3).strftime("%d.%m.%Y")
    assert f"License {license_.number} is suspended from {today():%d.%m.%Y} until {until}" in page
    assert 'name="confirmed"' in page
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION

    client.post(_url(attestation), {**data, "confirmed": "1"})
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.SUSPENDED
    assert attestation.suspended_until == suspension_end(today(), 3)


def test_the_suspension_period_is_chosen_never_pre_filled(verified_client):
    world = World()
    attestation = decided_ready(world)
    client = verified_client(world.head)

    page = client.get(_url(attestation)).content.decode()
    assert 'name="suspension_months"' in page
    assert 'name="suspension_months" value=' not in page

    response = client.post(_url(attestation), {"decision": "not_attest", "order_number": "8"})
    assert response.status_code == 400
    assert "Choose for how many months the license is suspended." in response.content.decode()
    assert 'value="8"' in response.content.decode()


def test_deciding_before_the_acknowledgement_warns_and_asks_for_confirmation(verified_client):
    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation)
    results(students)
    client = verified_client(world.head)

    page = client.get(_url(attestation)).content.decode()
    assert "The organization has not acknowledged the conclusion yet" in page

    page = client.post(_url(attestation), {"decision": "attest", "order_number": "9"})
    assert "you decide without its acknowledgement" in page.content.decode()
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION


def test_an_acknowledged_attest_is_confirmed_then_recorded(verified_client):
    world = World()
    attestation = decided_ready(world)
    _acknowledged(attestation, world)
    _cohort, students = sample_of(attestation)
    results(students)
    client = verified_client(world.head)

    data = {"decision": "attest", "order_number": "10"}
    page = client.post(_url(attestation), data).content.decode()
    assert "You record “Attest”" in page
    assert "without its acknowledgement" not in page

    response = client.post(_url(attestation), {**data, "confirmed": "1"})

    assert response.status_code == 302
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.ATTESTED


def test_a_refused_decision_keeps_the_order_number_and_the_values_typed(verified_client):
    world = World()
    attestation = decided_ready(world)
    _acknowledged(attestation, world)
    _cohort, students = sample_of(attestation)
    results(students, absent=10)
    client = verified_client(world.head)

    response = client.post(
        _url(attestation),
        {
            "decision": "attest",
            "order_number": "No. 42-a",
            "fine_note": "kept note",
            "confirmed": "1",
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Cl. 35" in page
    assert 'value="No. 42-a"' in page
    assert 'value="kept note"' in page
    assert 'value="attest" id="id_decision_0" checked' in page

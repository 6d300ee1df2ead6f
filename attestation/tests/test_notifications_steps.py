"""Issue 10: every party hears of each step that concerns it, with the date and a link."""

import datetime

import pytest

from attestation import services
from attestation.models import Attestation
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    decided_ready,
    results,
    sample_of,
    today,
)
from casework.models import Notification

pytestmark = pytest.mark.django_db


def _to(user, key):
    return Notification.objects.get(recipient=user, template_key=key)


def test_the_organization_hears_who_sits_on_the_commission_and_when_the_visit_starts():
    world = World()
    attestation = attestation_in(world, Attestation.State.SELF_ASSESSMENT_SUBMITTED)
    commission = commission_for(attestation, approved=False)

    services.commission_approve(commission, actor=world.head, order_number="12")

    told = _to(world.representative, "attestation_commission_formed")
    assert attestation.start_date.strftime("%d.%m.%Y") in told.subject
    assert "Commission Chair" in told.body and "Member 1" in told.body
    assert told.link == attestation.get_absolute_url()
    member = commission.members.exclude(role="chair").first().user
    assert _to(member, "attestation_commission_approved").link == attestation.get_absolute_url()


def test_the_organization_hears_that_the_visit_started_and_until_when():
    world = World()
    attestation = attestation_in(
        world,
        Attestation.State.COMMISSION_APPROVED,
        start_date=today() - datetime.timedelta(days=1),
    )
    commission_for(attestation)

    attestation = services.visit_start(attestation, actor=world.staff)

    told = _to(world.representative, "attestation_visit_started")
    assert attestation.visit_ends_on.strftime("%d.%m.%Y") in told.body
    assert told.link == attestation.get_absolute_url()


def test_the_decision_reaches_the_organization_the_staff_and_the_commission():
    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation)
    results(students)

    services.attestation_decide(attestation, "attest", actor=world.head, order_number="5")

    chair = attestation.commissions.get().chair.user
    for user in (world.representative, world.staff, chair):
        assert "order 5" in _to(user, "attestation_decided").body


def test_the_case_page_shows_every_party_where_the_case_stands(log_in):
    from django.urls import reverse

    world = World()
    attestation = decided_ready(world)
    page = log_in(world.representative).get(reverse("attestation:detail", args=[attestation.pk]))
    text = page.content.decode()
    assert "Where the case stands" in text
    assert 'aria-current="step"' in text
    # Signed, not yet acknowledged: the organization's acknowledgement is the step now.
    now = text.split("data-step-now>")[1].split("</p>")[0]
    assert "Receipt of the conclusion acknowledged" in now
    assert "The organization" in now


def test_the_steps_follow_the_case_to_the_decision():
    from attestation.rules import self_assessment_deadline
    from attestation.steps import attestation_steps
    from casework.steps import StepState, step_current

    world = World()
    attestation = attestation_in(world, Attestation.State.NOTIFIED)
    steps = attestation_steps(attestation, self_assessment=None, commission=None, conclusion=None)
    assert step_current(steps).title.startswith("Self-assessment")
    assert step_current(steps).due == self_assessment_deadline(attestation.start_date)
    assert step_current(steps).who == "The organization"
    assert [s.state for s in steps][-1] == StepState.UPCOMING


def test_the_start_page_says_what_to_prepare_the_terms_and_the_usual_duration(client):
    from django.urls import reverse
    from django.utils import timezone

    world = World()
    attestation = decided_ready(world)
    Attestation.objects.filter(pk=attestation.pk).update(
        notified_at=timezone.now() - datetime.timedelta(days=100),
        decided_at=timezone.now(),
        visit_started_on=today(),
    )

    page = client.get(reverse("attestation:service_start")).content.decode()

    assert "State attestation of education organizations" in page
    assert "A copy of the charter" in page
    assert "free of charge" in page
    assert "Order No. 109 of 5 March 2008" in page
    assert "100" in page  # the median of closed attestations, in days


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_start_page_gives_clause_35_shares_with_one_percent_sign(client, language):
    from django.urls import reverse

    client.cookies["django_language"] = language
    page = client.get(reverse("attestation:service_start")).content.decode()

    assert f'<html lang="{language}"' in page
    assert "95 %" in page and "70 %" in page
    assert "%%" not in page

"""Reminders to the organization of its self-assessment term (А15), each sent once."""

import datetime

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from attestation import services
from attestation.models import Attestation, SelfAssessment
from attestation.tests.factories import World, attestation_in, today
from casework.models import Notification

pytestmark = pytest.mark.django_db


def _reminders(world):
    return Notification.objects.filter(
        recipient=world.representative, template_key="attestation_self_assessment_reminder"
    )


def test_the_organization_is_reminded_14_and_3_days_before_its_term_once_each():
    world = World()
    start = today() + relativedelta(months=1) + datetime.timedelta(days=14)
    attestation_in(world, Attestation.State.NOTIFIED, start_date=start)

    assert services.self_assessment_reminders_send() == 1
    assert services.self_assessment_reminders_send() == 0
    eleven_days_on = timezone.now() + datetime.timedelta(days=11)
    with time_machine.travel(eleven_days_on, tick=False):
        assert services.self_assessment_reminders_send() == 1
        assert services.self_assessment_reminders_send() == 0
    assert _reminders(world).count() == 2


def test_no_reminder_once_the_self_assessment_is_submitted():
    world = World()
    start = today() + relativedelta(months=1) + datetime.timedelta(days=2)
    attestation = attestation_in(
        world, Attestation.State.SELF_ASSESSMENT_SUBMITTED, start_date=start
    )
    SelfAssessment.objects.create(attestation=attestation, submitted_at=timezone.now())
    assert services.self_assessment_reminders_send() == 0

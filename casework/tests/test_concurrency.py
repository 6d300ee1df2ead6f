"""Many people acting on one case at the same moment: one wins, the others get a conflict."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from casework.exceptions import CaseConflict
from casework.models import OutboxMessage, TransitionLog
from casework.tests.sample.factories import SampleApplicationFactory
from casework.tests.sample.models import SampleApplication
from casework.tests.sample.services import sample_application_submit
from casework.tests.threads import run_together

# Threads need their own connections to real, committed rows; SQLite's shared in-memory test
# database answers concurrent writers with "table is locked" rather than waiting.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def test_ten_threads_firing_the_same_transition_one_succeeds_nine_conflict():
    application = SampleApplicationFactory()

    def submit(i, barrier):
        copy = SampleApplication.objects.get(pk=application.pk)  # each user saw the draft
        barrier.wait()
        return sample_application_submit(copy, actor=copy.applicant).state

    outcomes = run_together(10, submit)

    assert outcomes.count("submitted") == 1
    conflicts = [o for o in outcomes if isinstance(o, CaseConflict)]
    assert len(conflicts) == 9, outcomes
    assert TransitionLog.objects.count() == 1
    assert OutboxMessage.objects.count() == 1
    assert SampleApplication.objects.get().state == "submitted"


@pytest.mark.urls("casework.tests.sample.urls")
def test_two_concurrent_api_requests_get_one_200_and_one_409_with_a_message():
    application = SampleApplicationFactory()
    url = reverse("sample:api-application-submit", args=[application.pk])
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(application.applicant)

    def post(i, barrier):
        barrier.wait()
        return clients[i].post(url, {}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")

    responses = run_together(2, post)

    assert sorted(r.status_code for r in responses) == [200, 409], responses
    conflict = next(r for r in responses if r.status_code == 409).json()
    assert conflict["code"] == "case_conflict"
    assert conflict["detail"].startswith("Someone else has just changed this case.")
    assert TransitionLog.objects.count() == 1

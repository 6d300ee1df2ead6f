"""One corrected application per refusal, even when two people send it at the same moment
(seed 002: a refusal is answered by resubmitting): the refused row's lock makes them take
turns, and the database constraint holds the rule behind the check."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection

from casework.exceptions import CaseActionError
from casework.models import TransitionLog
from casework.tests.threads import run_together
from licensing import services
from licensing.models import LicenseApplication
from registry.tests.factories import applicant_for

from .factories import refused, world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def test_two_people_resubmitting_one_refusal_at_once_get_one_corrected_application():
    w = world()
    refusal = refused(w)
    people = [w.applicant, applicant_for(w.organization)]
    logs_before = TransitionLog.objects.count()

    def resubmit(i, barrier):
        copy = LicenseApplication.objects.get(pk=refusal.pk)  # each saw the refusal
        barrier.wait()
        return services.license_application_resubmit(copy, actor=people[i])

    outcomes = run_together(2, resubmit)

    created = [o for o in outcomes if isinstance(o, LicenseApplication)]
    refusals = [o for o in outcomes if isinstance(o, CaseActionError)]
    assert len(created) == 1, outcomes
    assert len(refusals) == 1, outcomes
    assert refusals[0].code == "licensing.resubmission.exists"
    assert list(LicenseApplication.objects.filter(resubmission_of=refusal)) == created
    new_logs = TransitionLog.objects.count() - logs_before
    assert new_logs == 1
    log = TransitionLog.objects.order_by("-pk").first()
    assert log.case_type == ContentType.objects.get_for_model(LicenseApplication)
    assert (log.case_id, log.transition) == (created[0].pk, "create")


def test_the_database_refuses_a_second_live_corrected_application():
    w = world()
    refusal = refused(w)
    first = services.license_application_resubmit(refusal, actor=w.applicant)
    with pytest.raises(IntegrityError, match="licapp_one_live_resubmission"):
        LicenseApplication.objects.create(
            organization=refusal.organization,
            applicant=w.applicant,
            kind=refusal.kind,
            resubmission_of=refusal,
        )
    # Once the first is withdrawn, another may be made.
    services.license_application_withdraw(first, actor=w.applicant)
    second = services.license_application_resubmit(refusal, actor=w.applicant)
    assert second.resubmission_of == refusal

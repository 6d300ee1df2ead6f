"""Bodies that run their own systems push decisions, keyed by their own case identifier,
idempotently (issue 11, item 10; EQAR's DEQAR submission API is the model)."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, Certificate, Decision, Kind
from accreditation.tests.factories import on, world
from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.models import TransitionLog

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 3, 1)


def push(w, actor=None, **fields):
    values = {
        "actor": actor or w.staff,
        "body": w.body,
        "external_id": "AG-2027-17",
        "organization": w.organization,
        "kind": Kind.INSTITUTIONAL,
        "decision": Decision.ACCREDIT,
        "decided_on": datetime.date(2027, 2, 20),
        **fields,
    }
    with on(DAY):
        return services.accreditation_decision_record(**values)


def test_a_pushed_decision_creates_the_case_and_its_certificate_once():
    w = world()
    case, created = push(w)
    assert created
    assert case.state == AccreditationCase.State.DECIDED
    certificate = Certificate.objects.get(case=case)
    assert certificate.valid_from == datetime.date(2027, 2, 20)
    assert certificate.valid_until == datetime.date(2032, 2, 19)
    assert list(
        TransitionLog.objects.filter(case_id=case.pk, case_type__model="accreditationcase")
        .order_by("id")
        .values_list("transition", flat=True)
    ) == ["create", "record_decision"]

    again, created = push(w, report_url="https://agency.example.org/r/17")
    assert not created
    assert again.pk == case.pk
    assert again.state == AccreditationCase.State.REPORT_PUBLISHED
    assert Certificate.objects.filter(case=case).count() == 1


def test_a_different_decision_under_the_same_identifier_is_refused():
    w = world()
    push(w)
    with pytest.raises(TransitionRefused) as refused:
        push(w, decision=Decision.REFUSE, reasons="Not met.")
    assert refused.value.code == "accreditation.external.conflict"


def test_only_the_bodys_staff_push_its_decisions():
    w = world()
    other = world()
    with pytest.raises(CasePermissionDenied):
        push(w, actor=other.staff)


def test_k4_a_decision_of_a_body_not_certified_that_day_is_refused():
    w = world()
    w.body.certified_from = datetime.date(2027, 2, 21)
    w.body.save()
    with pytest.raises(TransitionRefused) as refused:
        push(w)
    assert refused.value.code == "accreditation.k4.body_not_certified"

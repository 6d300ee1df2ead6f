"""Certificates after the decision: five years then expired by the daily task (К20, К25), the
verification page saying so; duplicates within ten days, the original marked replaced (К28);
renewal carrying the previous cycle (К21) and its reminders; the register following a
reorganization or liquidation recorded in the registry (К26)."""

import datetime

import pytest
from django.urls import reverse

from accreditation import services
from accreditation.models import AccreditationCase, Certificate, RenewalReminder
from accreditation.selectors import case_history_of_cycle
from accreditation.tests.factories import (
    accredited,
    applied,
    certificate_on_record,
    on,
    world,
)
from casework.documents import document_act_status
from casework.exceptions import TransitionRefused
from casework.models import IssuedDocument, Notification
from registry import services as registry_services
from registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2027, 2, 1)
DECIDED = datetime.date(2027, 7, 1)
LAST_DAY = datetime.date(2032, 6, 30)


@pytest.fixture
def w():
    return world()


@pytest.fixture
def certificate(w):
    return accredited(w, APPLIED, DECIDED)


def verification_page(client, document, day):
    with on(day):
        response = client.get(reverse("verify_document", args=[document.verification_code]))
    assert response.status_code == 200
    return response.content.decode()


# К20, К25


def test_k25_the_daily_task_expires_a_certificate_after_its_five_years(client, certificate):
    assert services.certificates_expire(day=LAST_DAY) == 0
    assert "Expired" not in verification_page(client, certificate.document, LAST_DAY)

    assert services.certificates_expire(day=LAST_DAY + datetime.timedelta(days=1)) == 1
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.EXPIRED
    assert certificate.status_changed_on == LAST_DAY + datetime.timedelta(days=1)
    assert services.certificates_expire(day=LAST_DAY + datetime.timedelta(days=2)) == 0
    page = verification_page(client, certificate.document, LAST_DAY + datetime.timedelta(days=1))
    assert "Expired" in page


# К28


def _duplicate(w, certificate, requested_on, issued_on):
    with on(requested_on):
        request = services.accreditation_duplicate_request(
            certificate, actor=w.applicant, reason="Lost in a move."
        )
    assert request.due_on == requested_on + datetime.timedelta(days=10)
    with on(issued_on):
        return services.accreditation_duplicate_issue(request, actor=w.staff)


def test_k28_a_duplicate_on_day_10_is_on_time_and_replaces_the_original(client, w, certificate):
    original = certificate.document
    request = _duplicate(w, certificate, DECIDED, DECIDED + datetime.timedelta(days=10))
    assert not request.is_late
    original.refresh_from_db()
    assert original.status == IssuedDocument.Status.SUPERSEDED
    assert original.superseded_by == request.document
    assert request.document.number == certificate.number
    assert request.document.context["duplicate"] is True
    status = document_act_status(original, today=DECIDED + datetime.timedelta(days=10))
    assert status.code == "superseded"
    assert status.successor == request.document
    assert "Superseded" in verification_page(
        client, original, DECIDED + datetime.timedelta(days=10)
    )
    certificate.refresh_from_db()
    assert certificate.document == request.document


def test_k28_a_duplicate_on_day_11_is_issued_and_marked_late(w, certificate):
    request = _duplicate(w, certificate, DECIDED, DECIDED + datetime.timedelta(days=11))
    assert request.is_late
    assert request.document is not None


def test_k28_the_term_counts_working_days_where_the_setting_says(settings, w, certificate):
    settings.ACCREDITATION_DUPLICATE_WORKING_DAYS = True
    with on(datetime.date(2027, 7, 2)):  # a Friday
        request = services.accreditation_duplicate_request(
            certificate, actor=w.applicant, reason="Lost."
        )
    # Ten working days from Friday 2 July: Tuesday 6 July (Capital Day) is a holiday.
    assert request.due_on == datetime.date(2027, 7, 19)


def test_k28_no_duplicate_of_a_certificate_no_longer_in_force(w):
    certificate = certificate_on_record(w, valid_until=datetime.date(2026, 12, 31))
    services.certificates_expire(day=datetime.date(2027, 1, 1))
    with on(datetime.date(2027, 1, 5)), pytest.raises(TransitionRefused) as refused:
        services.accreditation_duplicate_request(
            Certificate.objects.get(pk=certificate.pk), actor=w.applicant, reason="Lost."
        )
    assert refused.value.code == "accreditation.k28.certificate_not_active"


# К21


def test_k21_a_renewal_carries_the_previous_cycle_and_replaces_its_certificate(
    client, w, certificate
):
    renewed = accredited(
        w, datetime.date(2031, 5, 3), datetime.date(2031, 10, 1), renewal_of=certificate
    )
    certificate.refresh_from_db()
    assert renewed.previous == certificate
    assert certificate.status == Certificate.Status.REPLACED
    assert [c.pk for c in case_history_of_cycle(renewed)] == [
        certificate.case_id,
        renewed.case_id,
    ]
    status = document_act_status(certificate.document, today=datetime.date(2031, 10, 2))
    assert status.code == "superseded"
    assert renewed.number in status.basis


def test_k21_renewal_reminders_18_15_and_13_months_before_expiry_once_each(w):
    certificate = certificate_on_record(w, valid_until=datetime.date(2029, 6, 30))

    def sent_on(day):
        return services.renewal_reminders_send(day=day)

    assert sent_on(datetime.date(2027, 12, 29)) == 0  # 18 months and a day before
    assert sent_on(datetime.date(2027, 12, 30)) == 1
    assert sent_on(datetime.date(2027, 12, 31)) == 0
    assert sent_on(datetime.date(2028, 3, 30)) == 1
    assert sent_on(datetime.date(2028, 5, 30)) == 1
    assert set(
        RenewalReminder.objects.filter(certificate=certificate).values_list(
            "months_before", flat=True
        )
    ) == {18, 15, 13}
    told = Notification.objects.filter(recipient=w.applicant, subject__contains="renewal")
    assert told.count() == 3


def test_k21_no_reminder_once_the_renewal_is_filed(w):
    certificate = certificate_on_record(w, valid_until=datetime.date(2029, 6, 30))
    applied(w, datetime.date(2027, 12, 1), renewal_of=certificate)
    assert services.renewal_reminders_send(day=datetime.date(2028, 3, 30)) == 0


# К26


def test_k26_a_reorganization_carries_the_certificate_over_to_the_successor(
    django_capture_on_commit_callbacks, w, certificate
):
    successor = OrganizationFactory(region=w.organization.region)
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.organization_reorganize(
            w.organization, successor=successor, effective_date=datetime.date(2026, 11, 1)
        )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ACTIVE
    assert certificate.organization == successor
    assert certificate.carried_over_from == w.organization
    status = document_act_status(certificate.document, today=datetime.date(2027, 7, 2))
    assert status.code == "valid"
    assert str(successor.name) in status.basis


def test_k26_a_liquidation_annuls_the_certificate(
    client, django_capture_on_commit_callbacks, w, certificate
):
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.organization_liquidate(
            w.organization, effective_date=datetime.date(2026, 11, 1), basis="Court decision 12"
        )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ANNULLED
    assert certificate.document.status == IssuedDocument.Status.ANNULLED
    assert "Annulled" in verification_page(client, certificate.document, DECIDED)


def test_k26_the_authority_may_annul_instead_of_carrying_over(w, certificate):
    successor = OrganizationFactory(region=w.organization.region)
    changed = services.accreditation_follow_registry_change(
        w.organization, successor=successor, annul=True, basis="Authority's decision"
    )
    assert [c.status for c in changed] == [Certificate.Status.ANNULLED]
    assert AccreditationCase.objects.get(pk=certificate.case_id).state == "decided"


def test_k26_only_the_authority_over_the_organization_annuls(w, certificate):
    from casework.exceptions import CasePermissionDenied

    with pytest.raises(CasePermissionDenied):
        services.accreditation_follow_registry_change(
            w.organization, annul=True, actor=world().head, basis="Another body's wish"
        )
    changed = services.accreditation_follow_registry_change(
        w.organization, annul=True, actor=w.appeal_head, basis="Authority's decision"
    )
    assert [c.status_reason for c in changed] == ["Authority's decision"]

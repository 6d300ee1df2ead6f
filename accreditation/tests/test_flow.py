"""The whole procedure through the services on the real database: application and contract
(К9.1), self-assessment (К13), review and recommendations (К9.4–5), visit (К14–К16), expert
report (К17), council (К18–К19), decision and certificate (К20), publication (К9.10)."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, Certificate, Decision, Recommendation
from accreditation.tests.factories import (
    at_council,
    council_voted,
    on,
    world,
)
from casework.models import DocumentKind, IssuedDocument, Notification, TransitionLog

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2027, 2, 1)


def test_from_application_to_certificate_and_published_report():
    w = world()
    case = at_council(w, APPLIED)
    assert case.state == AccreditationCase.State.COUNCIL
    assert case.license == w.license
    assert case.license_snapshot["number"] == w.license.number
    assert case.term_until == datetime.date(2030, 2, 1)
    assert case.visit.seats.count() == 3
    assert case.expert_report.findings.count() == 2
    assert set(case.recommendations.values_list("source", flat=True)) == {
        Recommendation.Source.BODY,
        Recommendation.Source.EXPERTS,
    }

    decision_day = datetime.date(2027, 7, 1)
    case = council_voted(w, case, decision_day)
    assert case.council_result == Decision.ACCREDIT
    assert case.council_closed_at is not None
    with on(decision_day):
        case = services.accreditation_decide(case, actor=w.head)
    assert case.state == AccreditationCase.State.DECIDED
    assert case.decision == Decision.ACCREDIT

    certificate = Certificate.objects.get(case=case)
    assert certificate.valid_from == decision_day
    assert certificate.valid_until == datetime.date(2032, 6, 30)  # К20: five years
    assert certificate.status == Certificate.Status.ACTIVE
    document = certificate.document
    assert document.kind == DocumentKind.CERTIFICATE
    assert document.number == certificate.number
    assert document.valid_until == certificate.valid_until
    assert set(document.renditions.values_list("language", flat=True)) >= {"kk", "ru", "en"}

    with on(decision_day + datetime.timedelta(days=3)):
        case = services.accreditation_report_publish(
            case, actor=w.staff, report_url="https://agency.example.org/reports/1"
        )
    assert case.state == AccreditationCase.State.REPORT_PUBLISHED
    assert case.report_published_at is not None

    transitions = list(
        TransitionLog.objects.filter(case_id=case.pk, case_type__model="accreditationcase")
        .order_by("id")
        .values_list("transition", flat=True)
    )
    assert transitions == [
        "create",
        "submit",
        "conclude_contract",
        "submit_self_assessment",
        "review",
        "schedule_visit",
        "complete_visit",
        "refer_to_council",
        "decide",
        "publish_report",
    ]
    # Every party heard of the decision, each in their language with a link to the case.
    told = Notification.objects.filter(
        template_key="accreditation_event", link=f"/accreditation/cases/{case.pk}/"
    )
    recipients = set(told.values_list("recipient_id", flat=True))
    assert {w.applicant.pk, w.staff.pk, w.head.pk} <= recipients
    assert set(u.pk for u in w.council_users) <= recipients
    assert told.filter(recipient=w.applicant, subject__contains="Accredit").exists()


def test_refusal_issues_a_written_notice_with_reasons():
    # К22: a refusal in writing, with its reasons.
    w = world()
    case = at_council(w, APPLIED)
    case = council_voted(w, case, datetime.date(2027, 7, 1), choice=Decision.REFUSE)
    assert case.council_result == Decision.REFUSE
    with on(datetime.date(2027, 7, 1)):
        case = services.accreditation_decide(case, actor=w.head, reasons="Standard 2 is not met.")
    assert case.decision == Decision.REFUSE
    assert not Certificate.objects.filter(case=case).exists()
    notice = IssuedDocument.objects.get(kind=DocumentKind.REFUSAL, case_id=case.pk)
    assert notice.context["reasons"] == "Standard 2 is not met."

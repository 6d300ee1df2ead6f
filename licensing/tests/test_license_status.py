"""Suspension, resumption and revocation: services that staff and other procedures call
(attestation: А34 suspends, А37 resumes, А38 revokes)."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from casework.documents import document_act_status
from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.models import DocumentKind, IssuedDocument, Notification
from casework.tests.sample.models import SampleApplication
from licensing import services
from licensing.models import License, LicenseEvent
from registry.tests.factories import AuthorityFactory, RegionFactory, staff_of

from .factories import in_review, licensed, world

pytestmark = pytest.mark.django_db


def _in_a_month():
    return timezone.localdate() + datetime.timedelta(days=30)


def _with_pdfs(w, license_):
    services.license_application_grant(
        in_review(w, "duplicate", license=license_, grounds_details="Утерян"), actor=w.head
    )


def test_the_head_suspends_a_license_until_a_date_with_a_reason_and_a_pdf_decision():
    w = world()
    license_ = licensed(w)
    suspended = services.license_suspend(
        license_, _in_a_month(), "Предписание не исполнено", w.head
    )
    assert suspended.status == License.Status.SUSPENDED
    assert suspended.suspended_until == _in_a_month()
    assert suspended.status_reason == "Предписание не исполнено"
    event = LicenseEvent.objects.get(license=license_, kind="suspended")
    decision = IssuedDocument.objects.get(kind=DocumentKind.DECISION)
    assert (event.actor, event.reason, event.details) == (
        w.head,
        "Предписание не исполнено",
        {"until": _in_a_month().isoformat(), "decision": decision.number},
    )
    assert license_.number in decision.context["license_number"]
    assert "Предписание не исполнено" in decision.context["text"]
    assert Notification.objects.filter(
        recipient=w.applicant, template_key="licensing_license_status"
    ).exists()


def test_a_suspension_needs_a_future_end_and_a_reason():
    w = world()
    license_ = licensed(w)
    with pytest.raises(TransitionRefused) as today:
        services.license_suspend(license_, timezone.localdate(), "Причина", w.head)
    assert today.value.code == "licensing.suspension.end_not_future"
    with pytest.raises(TransitionRefused) as no_reason:
        services.license_suspend(license_, _in_a_month(), "  ", w.head)
    assert no_reason.value.code == "licensing.license.reason_required"
    license_.refresh_from_db()
    assert license_.status == License.Status.ACTIVE


def test_staff_who_are_not_heads_and_heads_elsewhere_may_not_change_the_status():
    w = world()
    license_ = licensed(w)
    with pytest.raises(CasePermissionDenied):
        services.license_suspend(license_, _in_a_month(), "Причина", w.staff)
    with pytest.raises(CasePermissionDenied):
        services.license_revoke(license_, "Причина", staff_of(AuthorityFactory(), head=True))


def test_the_head_of_an_authority_covering_the_licensee_may_act_on_a_license_issued_elsewhere():
    w = world()
    license_ = licensed(w)
    license_.authority = AuthorityFactory(jurisdiction=RegionFactory())
    license_.save()
    regional_head = w.head  # their jurisdiction is the licensee's region
    suspended = services.license_suspend(license_, _in_a_month(), "Причина", regional_head)
    assert suspended.status == License.Status.SUSPENDED


def test_resumption_ends_the_suspension():
    w = world()
    license_ = licensed(w)
    services.license_suspend(license_, _in_a_month(), "А34", w.head)
    resumed = services.license_resume(license_, "А37: нарушения устранены", w.head)
    assert resumed.status == License.Status.ACTIVE
    assert resumed.suspended_until is None
    assert list(license_.events.values_list("kind", flat=True)) == ["suspended", "resumed"]
    with pytest.raises(TransitionRefused) as again:
        services.license_resume(license_, "Ещё раз", w.head)
    assert again.value.code == "licensing.license.status"


def test_revocation_makes_the_pdfs_of_the_license_and_its_appendices_say_revoked():
    w = world()
    license_ = licensed(w, appendices=2)
    _with_pdfs(w, license_)
    services.license_suspend(license_, _in_a_month(), "А34", w.head)
    revoked = services.license_revoke(license_, "А38: не устранено за 6 месяцев", w.head)
    assert revoked.status == License.Status.REVOKED
    decision = IssuedDocument.objects.filter(kind=DocumentKind.DECISION).latest("id")
    pdfs = IssuedDocument.objects.filter(
        kind__in=[DocumentKind.LICENSE, DocumentKind.LICENSE_APPENDIX], status="valid"
    )
    assert pdfs.count() == 3
    for pdf in pdfs:
        act = document_act_status(pdf)
        assert (act.code, act.since) == ("revoked", timezone.localdate())
        assert decision.number in act.basis and "А38" in act.basis
    with pytest.raises(TransitionRefused) as revoked_already:
        services.license_suspend(license_, _in_a_month(), "Поздно", w.head)
    assert revoked_already.value.code == "licensing.license.status"


def test_another_procedure_acts_through_its_own_case_and_the_history_names_it():
    """Attestation passes its case; its own service checked who decided."""
    w = world()
    license_ = licensed(w)
    attestation_case = SampleApplication.objects.create(applicant=w.head)
    services.license_suspend(
        license_, _in_a_month(), "Не аттестована (А34)", w.head, case=attestation_case
    )
    event = LicenseEvent.objects.get(kind="suspended")
    assert event.case == attestation_case
    assert event.case_number == attestation_case.number
    decision = IssuedDocument.objects.get(kind=DocumentKind.DECISION)
    assert decision.case_type == ContentType.objects.get_for_model(SampleApplication)
    assert decision.context["case_number"] == attestation_case.number


def test_termination_ends_a_license_for_good():
    w = world()
    license_ = licensed(w)
    terminated = services.license_terminate(license_, "Ликвидация организации", w.head)
    assert terminated.status == License.Status.TERMINATED
    with pytest.raises(TransitionRefused):
        services.license_resume(license_, "Ошибка", w.head)

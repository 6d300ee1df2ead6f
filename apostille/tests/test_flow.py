"""The request's way through the procedure: who applies, what a submission needs, the fee, the
completeness check, the decision and delivery, withdrawal before the decision."""

import pytest
from django.core.exceptions import PermissionDenied

from apostille import services
from apostille.models import Apostille, ApostilleRequest, Decision, RequestCheck
from casework.exceptions import TransitionRefused
from casework.models import Channel, IssuedDocument, Notification
from registry.tests.factories import OrganizationFactory, UserFactory, applicant_for

from .factories import RefusalReasonFactory, citizen, details, draft, in_review, submitted, world

pytestmark = pytest.mark.django_db
State = ApostilleRequest.State


def test_a_citizen_requests_only_for_their_own_document():
    w = world()
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_create(actor=w.citizen, holder_iin=citizen().iin, **details(w))
    assert refused.value.code == "apostille.citizen.not_holder"


def test_a_citizen_without_an_iin_cannot_request():
    w = world()
    nameless = citizen(iin="")
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_create(actor=nameless, **details(w))
    assert refused.value.code == "apostille.citizen.no_iin"


def test_a_person_who_is_no_citizen_nor_representative_may_not_request():
    w = world()
    with pytest.raises(PermissionDenied):
        services.apostille_request_create(actor=UserFactory(), **details(w))


def test_a_representative_requests_on_behalf_of_a_graduate():
    w = world()
    college = OrganizationFactory()
    representative = applicant_for(college)
    request = services.apostille_request_create(
        actor=representative,
        organization=college,
        holder_name="Graduate",
        holder_iin=citizen().iin,
        language="en",
        **details(w),
    )
    assert request.organization == college and request.applicant == representative


def test_submission_needs_the_scan():
    w = world()
    request = services.apostille_request_create(actor=w.citizen, **details(w))
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_submit(request, actor=w.citizen)
    assert refused.value.code == "apostille.scan.missing"
    assert ApostilleRequest.objects.get(pk=request.pk).state == State.DRAFT


def test_submission_needs_the_fee_receipt_or_its_number():
    w = world()
    request = draft(w, fee_receipt_number="")
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_submit(request, actor=w.citizen)
    assert refused.value.code == "apostille.fee.missing"


def test_submission_needs_every_detail():
    w = world()
    request = draft(w, country_of_use="")
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_submit(request, actor=w.citizen)
    assert refused.value.code == "apostille.request.incomplete"
    assert "country where it will be used" in refused.value.message


def test_a_document_dated_in_the_future_is_refused(settings):
    import datetime

    w = world()
    request = draft(w, issued_on=datetime.date.today() + datetime.timedelta(days=3))
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_submit(request, actor=w.citizen)
    assert refused.value.code == "apostille.request.issue_date_future"


def test_submission_registers_with_the_authority_runs_the_checks_and_tells_staff():
    w = world()
    request = submitted(w)
    assert request.state == State.SUBMITTED
    assert request.authority == w.authority
    assert request.due_date is not None
    assert {c.kind for c in request.checks.all()} == set(RequestCheck.Kind.values)
    assert Notification.objects.filter(recipient=w.staff, template_key="apostille_submitted")
    assert Notification.objects.filter(recipient=w.citizen, template_key="apostille_registered")


def test_review_waits_for_the_fee_to_be_confirmed():
    w = world()
    request = submitted(w)
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_request_accept(request, actor=w.staff)
    assert refused.value.code == "apostille.fee.not_confirmed"
    services.apostille_fee_confirm(request, actor=w.staff)
    assert services.apostille_request_accept(request, actor=w.staff).state == State.REVIEW


def test_only_staff_of_the_authority_confirm_the_fee():
    w = world()
    request = submitted(w)
    with pytest.raises(PermissionDenied):
        services.apostille_fee_confirm(request, actor=w.citizen)


def test_affixing_issues_a_numbered_apostille_and_tells_the_citizen():
    w = world()
    request = in_review(w)
    apostille = services.apostille_affix(request, actor=w.staff)
    assert apostille.number.startswith("APS-")
    assert apostille.document.kind == "apostille"
    assert apostille.document.number == apostille.number
    request.refresh_from_db()
    assert request.state == State.AFFIXED and request.decision == Decision.AFFIXED
    assert Notification.objects.filter(recipient=w.citizen, template_key="apostille_affixed")
    delivered = services.apostille_request_deliver(request, actor=w.citizen)
    assert delivered.state == State.DELIVERED and delivered.decision == Decision.AFFIXED


def test_numbers_are_allotted_by_the_database_one_after_another():
    w = world()
    first = services.apostille_affix(in_review(w), actor=w.staff)
    second = services.apostille_affix(in_review(w, document_number="777"), actor=w.staff)
    assert int(second.number.rsplit("-", 1)[1]) == int(first.number.rsplit("-", 1)[1]) + 1


def test_a_refusal_needs_a_reason_from_the_list_and_makes_a_letter():
    w = world()
    request = in_review(w)
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_refuse(request, actor=w.staff, reasons=[], text="No.")
    assert refused.value.code == "apostille.refusal.no_reason"
    reason = RefusalReasonFactory()
    refused_request = services.apostille_refuse(
        request, actor=w.staff, reasons=[reason], text="The seal does not match."
    )
    assert refused_request.state == State.REFUSED
    assert refused_request.decision == Decision.REFUSED
    letter = IssuedDocument.objects.get(kind="refusal", case_id=request.pk)
    assert letter.context["reasons"] == [reason.text_en]
    assert letter.context["text"] == "The seal does not match."
    assert letter.rendition("en").holder_name == ""


def test_withdrawal_before_the_decision_only():
    w = world()
    request = submitted(w)
    withdrawn = services.apostille_request_withdraw(request, actor=w.citizen)
    assert withdrawn.state == State.WITHDRAWN and withdrawn.due_date is None
    decided = in_review(w, document_number="555")
    services.apostille_affix(decided, actor=w.staff)
    with pytest.raises(Exception) as conflict:
        services.apostille_request_withdraw(
            ApostilleRequest.objects.get(pk=decided.pk), actor=w.citizen
        )
    assert getattr(conflict.value, "code", "") == "case_conflict"


def test_staff_enter_a_paper_request_with_its_channel():
    w = world()
    request = services.apostille_request_create(
        actor=w.staff,
        channel=Channel.STATE_CORPORATION,
        holder_name="Сериков Арман",
        holder_iin=w.citizen.iin,
        language="ru",
        **details(w),
    )
    assert request.channel == Channel.STATE_CORPORATION and request.authority == w.authority


def test_revoking_an_apostille_issued_in_error_needs_a_reason():
    w = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_revoke(apostille, actor=w.staff, reason=" ")
    assert refused.value.code == "apostille.revocation.no_reason"
    revoked = services.apostille_revoke(apostille, actor=w.staff, reason="Issued in error.")
    assert revoked.status == Apostille.Status.REVOKED and revoked.revoked_on
    assert IssuedDocument.objects.get(pk=apostille.document_id).status == "revoked"
    with pytest.raises(TransitionRefused) as again:
        services.apostille_revoke(revoked, actor=w.staff, reason="Again.")
    assert again.value.code == "apostille.revocation.already_revoked"


def test_only_the_issuing_authority_revokes():
    w = world()
    other = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    with pytest.raises(PermissionDenied):
        services.apostille_revoke(apostille, actor=other.staff, reason="Not ours.")

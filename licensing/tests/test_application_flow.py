"""Every transition of the license application with its guard: submission, the completeness
check (return for corrections, refusal to accept), withdrawal, appeal and resubmission."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.attachments import attachment_upload
from casework.calendar import add_working_days
from casework.exceptions import CaseConflict, CasePermissionDenied, TransitionRefused
from casework.models import Deadline, DocumentKind, IssuedDocument, Notification, TransitionLog
from licensing import services
from licensing.models import LicenseApplication
from registry.tests.factories import AuthorityFactory, OrganizationFactory, staff_of

from .factories import (
    ChecklistItemFactory,
    RefusalReasonFactory,
    draft,
    in_review,
    licensed,
    new_license_draft,
    world,
)

pytestmark = pytest.mark.django_db
State = LicenseApplication.State

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _log(application):
    return list(
        TransitionLog.objects.filter(
            case_type=ContentType.objects.get_for_model(application), case_id=application.pk
        ).values_list("transition", "source", "target")
    )


def _submitted(w, kind="new_license", **details):
    return services.license_application_submit(draft(w, kind, **details), actor=w.applicant)


# Drafts


def test_only_a_representative_of_the_organization_creates_an_application():
    w = world()
    with pytest.raises(CasePermissionDenied):
        services.license_application_create(
            actor=w.staff, organization=w.organization, kind="new_license"
        )
    with pytest.raises(CasePermissionDenied):
        services.license_application_create(
            actor=w.applicant, organization=OrganizationFactory(), kind="new_license"
        )


def test_a_draft_refuses_specialties_of_another_level():
    w = world()
    other = world()
    with pytest.raises(ValidationError) as error:
        new_license_draft(w, specialties=other.specialties)
    assert "specialties" in error.value.message_dict


def test_the_applicant_saves_a_draft_step_by_step():
    w = world()
    application = services.license_application_create(
        actor=w.applicant, organization=w.organization, kind="new_license"
    )
    services.license_application_update(application, actor=w.applicant, level=w.level)
    updated = services.license_application_update(
        application, actor=w.applicant, activity_address="Абай к-сі, 5", specialties=w.specialties
    )
    assert updated.level == w.level
    assert set(updated.specialties.all()) == set(w.specialties)
    assert _log(updated) == [("create", "", "draft")]


# Submission


def test_submission_registers_the_application_with_the_regional_authority_and_starts_terms():
    w = world()
    application = _submitted(w)
    assert application.state == State.SUBMITTED
    assert application.authority == w.authority
    assert application.registered_at is not None
    kinds = dict(
        Deadline.objects.filter(case_id=application.pk).values_list("kind", "working_days")
    )
    assert kinds == {"completeness_check": 2, "service": 15}
    # The case is due at the end of its earliest term: the completeness check.
    assert application.due_date == add_working_days(timezone.localdate(), 2)
    assert Notification.objects.filter(
        recipient=w.applicant, template_key="licensing_registered"
    ).exists()
    assert _log(application)[-1] == ("submit", "draft", "submitted")


@pytest.mark.parametrize(
    ("kind", "days"),
    [("new_license", 15), ("new_appendix", 15), ("reissue", 3), ("duplicate", 2)],
)
def test_the_term_of_the_service_depends_on_the_kind(kind, days):
    w = world()
    details = {}
    if kind != "new_license":
        details["license"] = licensed(w)
    if kind == "reissue":
        details["reissue_ground"] = "name_change"
    if kind == "duplicate":
        details["grounds_details"] = "Утерян при переезде"
    application = _submitted(w, kind, **details)
    service = Deadline.objects.get(case_id=application.pk, kind="service")
    assert service.working_days == days


def test_the_terms_are_settings(settings):
    settings.LICENSING_TERMS_WORKING_DAYS = {"duplicate": 5}
    w = world()
    application = _submitted(w, "duplicate", license=licensed(w), grounds_details="Утерян")
    assert Deadline.objects.get(case_id=application.pk, kind="service").working_days == 5


def test_only_the_applicant_side_submits():
    w = world()
    application = new_license_draft(w)
    with pytest.raises(CasePermissionDenied):
        services.license_application_submit(application, actor=w.staff)
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_submission_needs_every_required_document_of_the_kind():
    w = world()
    item = ChecklistItemFactory(kind="new_license", code="charter")
    ChecklistItemFactory(kind="new_license", code="photos", is_required=False)
    ChecklistItemFactory(kind="reissue", code="reissue-only")
    application = new_license_draft(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_submit(application, actor=w.applicant)
    assert refused.value.code == "licensing.application.documents_missing"
    assert str(item.title) in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.DRAFT
    assert _log(application) == [("create", "", "draft")]

    attachment_upload(
        case=application,
        item_code="charter",
        upload=SimpleUploadedFile("charter.pdf", PDF_BYTES),
        uploaded_by=w.applicant,
    )
    submitted = services.license_application_submit(application, actor=w.applicant)
    assert submitted.state == State.SUBMITTED


def test_submission_reports_missing_details_per_field():
    w = world()
    application = services.license_application_create(
        actor=w.applicant, organization=w.organization, kind="new_license"
    )
    with pytest.raises(ValidationError) as error:
        services.license_application_submit(application, actor=w.applicant)
    assert {"level", "activity_address"} <= set(error.value.message_dict)
    application.refresh_from_db()
    assert application.state == State.DRAFT


def test_an_organization_with_a_license_applies_for_an_appendix_not_a_second_license():
    w = world()
    licensed(w)
    with pytest.raises(ValidationError) as error:
        services.license_application_submit(new_license_draft(w), actor=w.applicant)
    assert "kind" in error.value.message_dict


def test_submission_is_refused_where_no_authority_handles_licensing():
    w = world()
    w.authority.procedures = ["attestation"]
    w.authority.save()
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_submit(new_license_draft(w), actor=w.applicant)
    assert refused.value.code == "licensing.application.no_authority"


def test_a_stale_copy_of_the_case_gets_a_conflict_not_a_second_transition():
    w = world()
    application = new_license_draft(w)
    stale = LicenseApplication.objects.get(pk=application.pk)
    services.license_application_submit(application, actor=w.applicant)
    with pytest.raises(CaseConflict) as conflict:
        services.license_application_withdraw(stale, actor=w.applicant)
    assert conflict.value.code == "case_conflict"


# Completeness check


def test_staff_take_the_application_for_the_check_and_become_its_assignee():
    w = world()
    taken = services.license_application_take_for_check(_submitted(w), actor=w.staff)
    assert taken.state == State.COMPLETENESS_CHECK
    assert taken.assignee == w.staff


def test_staff_of_another_authority_cannot_touch_the_case():
    w = world()
    stranger = staff_of(AuthorityFactory())
    application = _submitted(w)
    with pytest.raises(CasePermissionDenied):
        services.license_application_take_for_check(application, actor=stranger)
    with pytest.raises(CasePermissionDenied):
        services.license_application_check_completeness(application, actor=stranger)
    with pytest.raises(CasePermissionDenied):
        services.license_application_check_completeness(application, actor=w.applicant)


def test_a_complete_package_goes_to_review_and_closes_the_completeness_term():
    w = world()
    application = services.license_application_check_completeness(_submitted(w), actor=w.staff)
    assert application.state == State.REVIEW
    states = dict(Deadline.objects.filter(case_id=application.pk).values_list("kind", "state"))
    assert states == {"completeness_check": "done", "service": "running"}


def test_returning_for_corrections_stops_the_clock_and_needs_a_request():
    w = world()
    application = _submitted(w)
    with pytest.raises(ValidationError):
        services.license_application_return_for_corrections(
            application, actor=w.staff, request="  "
        )
    returned = services.license_application_return_for_corrections(
        application, actor=w.staff, request="Приложите устав"
    )
    assert returned.state == State.RETURNED
    assert returned.correction_request == "Приложите устав"
    assert returned.due_date is None
    assert set(
        Deadline.objects.filter(case_id=returned.pk)
        .exclude(kind="corrections")
        .values_list("state", flat=True)
    ) == {"paused"}
    # ...while the applicant's own term for the corrections runs.
    assert Deadline.objects.get(case_id=returned.pk, kind="corrections").state == "running"
    assert Notification.objects.filter(template_key="licensing_returned").exists()


def test_corrections_resume_the_check_with_the_days_that_were_left():
    w = world()
    returned = services.license_application_return_for_corrections(
        _submitted(w), actor=w.staff, request="Приложите устав"
    )
    with pytest.raises(CasePermissionDenied):
        services.license_application_submit_corrections(returned, actor=w.staff)
    corrected = services.license_application_submit_corrections(returned, actor=w.applicant)
    assert corrected.state == State.COMPLETENESS_CHECK
    assert corrected.due_date is not None
    assert set(
        Deadline.objects.filter(case_id=corrected.pk)
        .exclude(kind="corrections")
        .values_list("state", flat=True)
    ) == {"running"}
    assert Deadline.objects.get(case_id=corrected.pk, kind="corrections").state == "done"


def test_a_returned_application_can_be_edited_but_a_submitted_one_cannot():
    w = world()
    application = _submitted(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_update(application, actor=w.applicant, activity_address="x")
    assert refused.value.code == "licensing.application.not_editable"
    returned = services.license_application_return_for_corrections(
        application, actor=w.staff, request="Уточните адрес"
    )
    updated = services.license_application_update(
        returned, actor=w.applicant, activity_address="Абай к-сі, 7"
    )
    assert updated.activity_address == "Абай к-сі, 7"


def test_a_reasoned_refusal_to_accept_issues_a_letter():
    w = world()
    reason = RefusalReasonFactory(stage="acceptance")
    application = _submitted(w)
    with pytest.raises(ValidationError):
        services.license_application_refuse_to_accept(application, actor=w.staff, text="")
    with pytest.raises(ValidationError):
        # A reason of the decision stage does not fit a refusal to accept.
        services.license_application_refuse_to_accept(
            application, actor=w.staff, text="Неполный пакет", reasons=[RefusalReasonFactory()]
        )
    refused = services.license_application_refuse_to_accept(
        application, actor=w.staff, text="Неполный пакет документов", reasons=[reason]
    )
    assert refused.state == State.NOT_ACCEPTED
    assert list(refused.refusal_reasons.all()) == [reason]
    letter = IssuedDocument.objects.get(case_id=refused.pk, kind=DocumentKind.REFUSAL)
    assert letter.context["stage"] == "acceptance"
    assert letter.context["text"] == "Неполный пакет документов"
    assert set(Deadline.objects.filter(case_id=refused.pk).values_list("state", flat=True)) == {
        "done"
    }


def test_an_application_returned_and_never_corrected_can_be_refused_to_accept():
    w = world()
    returned = services.license_application_return_for_corrections(
        _submitted(w), actor=w.staff, request="Приложите устав"
    )
    refused = services.license_application_refuse_to_accept(
        returned, actor=w.staff, text="Исправления не представлены"
    )
    assert refused.state == State.NOT_ACCEPTED


def test_the_completeness_check_cannot_be_skipped_or_repeated():
    w = world()
    with pytest.raises(CaseConflict):
        services.license_application_check_completeness(new_license_draft(w), actor=w.staff)
    reviewed = in_review(w)
    with pytest.raises(CaseConflict):
        services.license_application_return_for_corrections(reviewed, actor=w.staff, request="x")


# Withdrawal


def _at(w, state):
    application = new_license_draft(w)
    if state == State.DRAFT:
        return application
    application = services.license_application_submit(application, actor=w.applicant)
    if state == State.COMPLETENESS_CHECK:
        return services.license_application_take_for_check(application, actor=w.staff)
    if state == State.RETURNED:
        return services.license_application_return_for_corrections(
            application, actor=w.staff, request="Приложите устав"
        )
    if state == State.REVIEW:
        return services.license_application_check_completeness(application, actor=w.staff)
    return application


@pytest.mark.parametrize(
    "state",
    [State.DRAFT, State.SUBMITTED, State.COMPLETENESS_CHECK, State.RETURNED, State.REVIEW],
)
def test_the_applicant_withdraws_at_any_point_before_the_decision(state):
    w = world()
    application = _at(w, state)
    with pytest.raises(CasePermissionDenied):
        services.license_application_withdraw(application, actor=w.staff)
    withdrawn = services.license_application_withdraw(
        application, actor=w.applicant, comment="Передумали"
    )
    assert withdrawn.state == State.WITHDRAWN
    assert withdrawn.withdrawn_at is not None
    assert _log(withdrawn)[-1] == ("withdraw", state, "withdrawn")
    assert not Deadline.objects.filter(case_id=withdrawn.pk, state__in=["running", "paused"])


def test_no_withdrawal_after_the_decision():
    w = world()
    refused = services.license_application_refuse(
        in_review(w, "reissue", license=licensed(w), reissue_ground="name_change"),
        actor=w.head,
        reasons=[RefusalReasonFactory()],
    )
    with pytest.raises(CaseConflict):
        services.license_application_withdraw(refused, actor=w.applicant)


# Decision guards (the effects of a grant are tested in test_grant.py)


def test_decisions_are_the_heads():
    w = world()
    application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    with pytest.raises(CasePermissionDenied):
        services.license_application_grant(application, actor=w.staff)
    with pytest.raises(CasePermissionDenied):
        services.license_application_refuse(
            application, actor=w.staff, reasons=[RefusalReasonFactory()]
        )


def test_a_new_license_is_not_decided_straight_after_review():
    w = world()
    application = in_review(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_grant(application, actor=w.head)
    assert refused.value.code == "licensing.decision.not_due"
    with pytest.raises(TransitionRefused):
        services.license_application_refuse(
            application, actor=w.head, reasons=[RefusalReasonFactory()]
        )


def test_a_refusal_needs_a_reason_from_the_list_and_issues_a_letter():
    w = world()
    application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    with pytest.raises(ValidationError):
        services.license_application_refuse(application, actor=w.head, reasons=[])
    reason = RefusalReasonFactory()
    refused = services.license_application_refuse(
        application, actor=w.head, reasons=[reason], text="Наименование не изменялось"
    )
    assert refused.state == State.REFUSED
    assert refused.decided_by == w.head
    letter = IssuedDocument.objects.get(case_id=refused.pk, kind=DocumentKind.REFUSAL)
    # In the applicant's language, whatever the language of the request.
    assert letter.context["reasons"] == [getattr(reason, f"text_{w.applicant.language}")]
    assert Notification.objects.filter(template_key="licensing_refused").exists()


# Appeal and resubmission


def _refused(w):
    return services.license_application_refuse(
        in_review(w, "reissue", license=licensed(w), reissue_ground="name_change"),
        actor=w.head,
        reasons=[RefusalReasonFactory()],
        text="Основание не подтверждено",
    )


def test_the_applicant_appeals_a_refusal_with_grounds():
    w = world()
    refused = _refused(w)
    with pytest.raises(ValidationError):
        services.license_application_appeal(refused, actor=w.applicant, text="")
    with pytest.raises(CasePermissionDenied):
        services.license_application_appeal(refused, actor=w.staff, text="Не согласны")
    appealed = services.license_application_appeal(refused, actor=w.applicant, text="Не согласны")
    assert appealed.state == State.UNDER_APPEAL
    assert appealed.appeal_text == "Не согласны"


def test_an_appeal_after_the_period_is_refused(settings):
    settings.LICENSING_APPEAL_PERIOD_DAYS = 30
    w = world()
    refused = _refused(w)
    LicenseApplication.objects.filter(pk=refused.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=60)
    )
    refused.refresh_from_db()
    with pytest.raises(TransitionRefused) as late:
        services.license_application_appeal(refused, actor=w.applicant, text="Не согласны")
    assert late.value.code == "licensing.appeal.period_ended"
    refused.refresh_from_db()
    assert refused.state == State.REFUSED


def test_an_upheld_appeal_sends_the_case_back_to_review_with_a_new_term():
    w = world()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    with pytest.raises(CasePermissionDenied):
        services.license_application_appeal_decide(appealed, actor=w.staff, upheld=True)
    upheld = services.license_application_appeal_decide(appealed, actor=w.head, upheld=True)
    assert upheld.state == State.REVIEW
    assert upheld.appeal_upheld is True
    assert Deadline.objects.filter(case_id=upheld.pk, kind="service", state="running").exists()
    granted = services.license_application_grant(upheld, actor=w.head)
    assert granted.state == State.GRANTED


def test_the_head_of_the_superior_authority_may_decide_an_appeal():
    w = world()
    superior = AuthorityFactory()
    w.authority.parent = superior
    w.authority.save()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    decided = services.license_application_appeal_decide(
        appealed, actor=staff_of(superior, head=True), upheld=False
    )
    assert decided.state == State.REFUSED


def test_a_dismissed_appeal_leaves_the_refusal_and_cannot_be_repeated():
    w = world()
    appealed = services.license_application_appeal(_refused(w), actor=w.applicant, text="Ошибка")
    dismissed = services.license_application_appeal_decide(appealed, actor=w.head, upheld=False)
    assert dismissed.state == State.REFUSED
    assert dismissed.appeal_upheld is False
    with pytest.raises(TransitionRefused) as again:
        services.license_application_appeal(dismissed, actor=w.applicant, text="Ещё раз")
    assert again.value.code == "licensing.appeal.already_appealed"


def test_a_corrected_application_refers_to_the_refused_one():
    w = world()
    refused = _refused(w)
    with pytest.raises(CasePermissionDenied):
        services.license_application_resubmit(refused, actor=w.staff)
    corrected = services.license_application_resubmit(refused, actor=w.applicant)
    assert corrected.state == State.DRAFT
    assert corrected.resubmission_of == refused
    assert (corrected.kind, corrected.license, corrected.reissue_ground) == (
        refused.kind,
        refused.license,
        refused.reissue_ground,
    )
    assert corrected.number != refused.number
    with pytest.raises(TransitionRefused) as second:
        services.license_application_resubmit(refused, actor=w.applicant)
    assert second.value.code == "licensing.resubmission.exists"
    submitted = services.license_application_submit(corrected, actor=w.applicant)
    assert submitted.state == State.SUBMITTED


def test_only_a_refused_application_is_answered_by_a_corrected_one():
    w = world()
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_resubmit(in_review(w), actor=w.applicant)
    assert refused.value.code == "licensing.resubmission.not_refused"


# Reminders and escalation come from casework's deadline scan.


def test_an_overdue_application_reminds_staff_and_escalates_to_the_head():
    from casework.deadlines import deadline_reminders_send

    w = world()
    application = _submitted(w)
    deadline_reminders_send(now=timezone.now() + datetime.timedelta(days=60))
    overdue = Notification.objects.filter(recipient=w.staff, template_key="deadline_overdue")
    assert overdue.exists()
    assert application.number in overdue.first().subject
    assert Notification.objects.filter(
        recipient=w.head, template_key="deadline_escalation"
    ).exists()
    assert application.get_absolute_url() in overdue.first().link


def test_a_new_license_application_names_no_license():
    w = world()
    application = new_license_draft(w, license=licensed(w))
    with pytest.raises(ValidationError) as error:
        services.license_application_submit(application, actor=w.applicant)
    assert "license" in error.value.message_dict

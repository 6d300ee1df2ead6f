"""Pre-license inspection (seed 002): the drawn commission, the sheet, the signatures."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from casework.exceptions import CaseConflict, CasePermissionDenied, TransitionRefused
from casework.models import Notification
from licensing import services
from licensing.models import Inspection, InspectionSignature, LicenseApplication
from registry.models import ExpertAffiliation

from .factories import (
    InspectionCriterionFactory,
    council_for,
    drawable_experts,
    in_review,
    inspected,
    licensed,
    world,
)

pytestmark = pytest.mark.django_db
State = LicenseApplication.State
VISIT = datetime.date.today() + datetime.timedelta(days=10)


def _send(w, application=None, seed="seed-1", visit=VISIT):
    return services.license_application_send_to_inspection(
        application or in_review(w), actor=w.staff, visit_date=visit, seed=seed
    )


def test_the_commission_is_drawn_from_matching_experts_and_the_draw_is_stored(settings):
    settings.LICENSING_COMMISSION_SIZE = 3
    w = world()
    InspectionCriterionFactory()
    experts = drawable_experts(w, 6)
    application = _send(w)
    assert application.state == State.INSPECTION
    inspection = application.inspections.get()
    assert inspection.seed == "seed-1"
    assert [row["expert"] for row in inspection.candidates] == sorted(e.pk for e in experts)
    assert inspection.members.count() == 3
    assert inspection.parameters["specialties"] == sorted(s.pk for s in w.specialties)
    drawn_users = {m.expert.user for m in inspection.members.select_related("expert__user")}
    notified = {
        n.recipient
        for n in Notification.objects.filter(template_key="licensing_inspection_assigned")
    }
    assert notified == drawn_users


def test_anyone_can_rerun_the_draw_from_the_stored_seed_and_get_the_same_commission():
    w = world()
    InspectionCriterionFactory()
    drawable_experts(w, 8)
    inspection = _send(w, seed="reproducible").inspections.get()
    check = services.inspection_draw_verify(inspection)
    assert check.matches
    assert check.stored == check.recomputed
    # Tampering with the record is caught by the check.
    member = inspection.members.order_by("position").first()
    member.expert = next(e for e in drawable_experts(w, 1) if e.pk not in check.stored)
    member.save()
    assert not services.inspection_draw_verify(inspection).matches


def test_an_affiliated_expert_is_never_drawn(settings):
    settings.LICENSING_COMMISSION_SIZE = 3
    w = world()
    InspectionCriterionFactory()
    experts = drawable_experts(w, 4)
    ExpertAffiliation.objects.create(expert=experts[0], organization=w.organization)
    inspection = _send(w).inspections.get()
    assert experts[0].pk not in {row["expert"] for row in inspection.candidates}
    assert set(inspection.members.values_list("expert_id", flat=True)) == {
        e.pk for e in experts[1:]
    }


def test_too_few_eligible_experts_leave_the_case_in_review(settings):
    settings.LICENSING_COMMISSION_SIZE = 3
    w = world()
    InspectionCriterionFactory()
    drawable_experts(w, 2)
    application = in_review(w)
    with pytest.raises(TransitionRefused) as refused:
        _send(w, application)
    assert refused.value.code == "licensing.inspection.too_few_experts"
    assert "2" in str(refused.value)
    application.refresh_from_db()
    assert application.state == State.REVIEW
    assert not Inspection.objects.exists()


def test_the_visit_cannot_be_in_the_past():
    w = world()
    InspectionCriterionFactory()
    drawable_experts(w)
    with pytest.raises(TransitionRefused) as refused:
        _send(w, visit=datetime.date.today() - datetime.timedelta(days=1))
    assert refused.value.code == "licensing.inspection.visit_in_past"


def test_reissues_are_not_inspected():
    w = world()
    application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    with pytest.raises(TransitionRefused) as refused:
        _send(w, application)
    assert refused.value.code == "licensing.inspection.kind"


def test_only_staff_of_the_authority_send_to_inspection():
    w = world()
    InspectionCriterionFactory()
    drawable_experts(w)
    with pytest.raises(CasePermissionDenied):
        services.license_application_send_to_inspection(
            in_review(w), actor=w.applicant, visit_date=VISIT
        )


def test_the_sheet_holds_the_criteria_of_the_level_as_they_read_on_the_day():
    w = world()
    general = InspectionCriterionFactory(
        text_ru="Наличие помещений", text_kk="Үй-жайлардың болуы", text_en="Premises"
    )
    InspectionCriterionFactory(is_active=False)
    other_level = InspectionCriterionFactory()
    other_level.levels.set([world().level])
    this_level = InspectionCriterionFactory()
    this_level.levels.set([w.level])
    drawable_experts(w)
    inspection = _send(w).inspections.get()
    assert set(inspection.findings.values_list("criterion_id", flat=True)) == {
        general.pk,
        this_level.pk,
    }
    snapshot = inspection.findings.get(criterion=general).criterion_text
    # In the portal's language, whoever drew it.
    assert snapshot == getattr(general, f"text_{settings.LANGUAGE_CODE}")
    general.text_ru = general.text_kk = general.text_en = "Изменённый текст"
    general.save()
    assert inspection.findings.get(criterion=general).criterion_text == snapshot


def _open_sheet(w):
    InspectionCriterionFactory()
    InspectionCriterionFactory()
    drawable_experts(w, 3)
    inspection = _send(w).inspections.get()
    users = [m.expert.user for m in inspection.members.select_related("expert__user")]
    return inspection, users


def test_only_drawn_experts_fill_the_sheet_and_an_unmet_requirement_needs_a_comment():
    w = world()
    inspection, users = _open_sheet(w)
    finding = inspection.findings.first()
    with pytest.raises(PermissionDenied):
        services.inspection_finding_record(finding, actor=w.staff, met=True)
    outsider = drawable_experts(w, 1)[0].user
    with pytest.raises(PermissionDenied):
        services.inspection_finding_record(finding, actor=outsider, met=True)
    with pytest.raises(TransitionRefused) as refused:
        services.inspection_finding_record(finding, actor=users[0], met=False)
    assert refused.value.code == "licensing.sheet.comment_required"
    recorded = services.inspection_finding_record(
        finding, actor=users[0], met=False, comment="Нет лицензии на помещение"
    )
    assert recorded.met is False
    assert recorded.filled_by == users[0].expert_profile


def test_the_sheet_is_signed_over_the_sha256_of_its_exact_content():
    w = world()
    inspection, users = _open_sheet(w)
    with pytest.raises(TransitionRefused) as incomplete:
        # Not every requirement is marked yet.
        services.inspection_sheet_sign(
            inspection, actor=users[0], content_sha256=services.sheet_sha256(inspection)
        )
    assert incomplete.value.code == "licensing.sheet.incomplete"
    for finding in inspection.findings.all():
        services.inspection_finding_record(finding, actor=users[0], met=True)
    digest = services.sheet_sha256(inspection)
    assert len(digest) == 64
    signature = services.inspection_sheet_sign(inspection, actor=users[1], content_sha256=digest)
    assert (signature.signer, signature.content_sha256) == (users[1], digest)
    assert signature.signed_at is not None
    with pytest.raises(TransitionRefused) as again:
        services.inspection_sheet_sign(inspection, actor=users[1], content_sha256=digest)
    assert again.value.code == "licensing.sheet.already_signed"


def test_signing_a_sheet_that_changed_since_it_was_read_is_refused():
    w = world()
    inspection, users = _open_sheet(w)
    for finding in inspection.findings.all():
        services.inspection_finding_record(finding, actor=users[0], met=True)
    seen = services.sheet_sha256(inspection)
    services.inspection_finding_record(
        inspection.findings.first(), actor=users[0], met=True, comment="Уточнение"
    )
    with pytest.raises(TransitionRefused) as changed:
        services.inspection_sheet_sign(inspection, actor=users[1], content_sha256=seen)
    assert changed.value.code == "licensing.sheet.changed"


def test_an_edit_voids_the_signatures_given_only_when_the_expert_confirms_it():
    w = world()
    inspection, users = _open_sheet(w)
    for finding in inspection.findings.all():
        services.inspection_finding_record(finding, actor=users[0], met=True)
    for user in users[:2]:
        services.inspection_sheet_sign(
            inspection, actor=user, content_sha256=services.sheet_sha256(inspection)
        )
    with pytest.raises(TransitionRefused) as unconfirmed:
        services.inspection_finding_record(
            inspection.findings.first(), actor=users[2], met=False, comment="Нет спортзала"
        )
    assert unconfirmed.value.code == "licensing.sheet.voids_signatures"
    assert inspection.findings.first().met is True
    assert InspectionSignature.objects.filter(voided_at__isnull=True).count() == 2
    services.inspection_finding_record(
        inspection.findings.first(),
        actor=users[2],
        met=False,
        comment="Нет спортзала",
        void_signatures=True,
    )
    assert not InspectionSignature.objects.filter(voided_at__isnull=True).exists()
    assert InspectionSignature.objects.filter(voided_at__isnull=False).count() == 2
    # Recording the same thing again is not an edit.
    services.inspection_sheet_sign(
        inspection, actor=users[0], content_sha256=services.sheet_sha256(inspection)
    )
    services.inspection_finding_record(
        inspection.findings.first(), actor=users[2], met=False, comment="Нет спортзала"
    )
    assert InspectionSignature.objects.filter(voided_at__isnull=True).count() == 1


def test_the_application_goes_to_the_council_only_when_every_member_signed():
    w = world()
    council_for(w.authority)
    inspection, users = _open_sheet(w)
    application = inspection.application
    for finding in inspection.findings.all():
        services.inspection_finding_record(finding, actor=users[0], met=True)
    for user in users[:2]:
        services.inspection_sheet_sign(
            inspection, actor=user, content_sha256=services.sheet_sha256(inspection)
        )
    with pytest.raises(TransitionRefused) as unsigned:
        services.license_application_send_to_council(application, actor=w.staff)
    assert unsigned.value.code == "licensing.sheet.unsigned"
    services.inspection_sheet_sign(
        inspection, actor=users[2], content_sha256=services.sheet_sha256(inspection)
    )
    moved = services.license_application_send_to_council(application, actor=w.staff)
    assert moved.state == State.COUNCIL
    assert moved.council_reviews.get().is_open
    inspection.refresh_from_db()
    assert inspection.completed_at is not None
    with pytest.raises(TransitionRefused) as closed:
        services.inspection_finding_record(inspection.findings.first(), actor=users[0], met=True)
    assert closed.value.code == "licensing.sheet.closed"


def test_without_a_sitting_council_the_application_stays_at_inspection():
    w = world()
    application = inspected(w)
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_send_to_council(application, actor=w.staff)
    assert refused.value.code == "licensing.council.none_sitting"
    application.refresh_from_db()
    assert application.state == State.INSPECTION


def test_the_applicant_may_withdraw_during_the_inspection():
    w = world()
    application = inspected(w)
    withdrawn = services.license_application_withdraw(application, actor=w.applicant)
    assert withdrawn.state == State.WITHDRAWN
    with pytest.raises(CaseConflict):
        services.license_application_send_to_council(application, actor=w.staff)

"""Appeals against the decision (К27), the follow-up of recommendations (issue 11, item 9), the
self-assessment (К13), the contract (К9.1) and withdrawal."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, Appeal, Decision, Recommendation
from accreditation.selectors import certificate_register
from accreditation.tests.factories import (
    accredited,
    applied,
    at_council,
    contracted,
    decided,
    on,
    world,
)
from casework.exceptions import CasePermissionDenied, TransitionRefused
from registry.tests.factories import staff_of

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2027, 2, 1)
DECIDED = datetime.date(2027, 7, 1)


@pytest.fixture
def w():
    return world()


# К27


def test_k27_an_appeal_on_the_last_day_of_the_period_is_filed_and_shown_in_the_register(w):
    certificate = accredited(w, APPLIED, DECIDED)
    with on(DECIDED + datetime.timedelta(days=30)):
        appeal = services.accreditation_appeal_file(
            AccreditationCase.objects.get(pk=certificate.case_id),
            actor=w.applicant,
            grounds="The programmes were left out.",
        )
    assert appeal.case.state == AccreditationCase.State.UNDER_APPEAL
    assert certificate_register().get(pk=certificate.pk).under_appeal


def test_k27_an_appeal_after_the_period_is_refused(w):
    case = decided(w, at_council(w, APPLIED), DECIDED, choice=Decision.REFUSE)
    with on(DECIDED + datetime.timedelta(days=31)), pytest.raises(TransitionRefused) as refused:
        services.accreditation_appeal_file(case, actor=w.applicant, grounds="Unfair.")
    assert refused.value.code == "accreditation.k27.appeal_period_ended"


def test_k27_an_upheld_appeal_sends_the_case_to_the_council_again(w):
    case = decided(w, at_council(w, APPLIED), DECIDED, choice=Decision.REFUSE)
    with on(DECIDED + datetime.timedelta(days=5)):
        services.accreditation_appeal_file(case, actor=w.applicant, grounds="Unfair.")
        # Neither the body's own head nor another body's decides an appeal against it.
        for head in (w.head, world().head):
            with pytest.raises(CasePermissionDenied):
                services.accreditation_appeal_decide(
                    AccreditationCase.objects.get(pk=case.pk), actor=head, upheld=True, text="No."
                )
        appeal = services.accreditation_appeal_decide(
            AccreditationCase.objects.get(pk=case.pk),
            actor=w.appeal_head,
            upheld=True,
            text="The findings on standard 2 were not considered.",
        )
    assert appeal.outcome == Appeal.Outcome.UPHELD
    case = AccreditationCase.objects.get(pk=case.pk)
    assert case.state == AccreditationCase.State.COUNCIL
    assert case.council_round == 2
    assert case.council_result == ""
    with on(DECIDED + datetime.timedelta(days=20)):
        services.accreditation_council_vote(
            case, actor=w.council_users[0], choice=Decision.ACCREDIT
        )


def test_k27_a_dismissed_appeal_leaves_the_decision_where_it_stood(w):
    case = decided(w, at_council(w, APPLIED), DECIDED, choice=Decision.REFUSE)
    with on(DECIDED + datetime.timedelta(days=2)):
        case = services.accreditation_report_publish(case, actor=w.staff)
        services.accreditation_appeal_file(case, actor=w.applicant, grounds="Unfair.")
        appeal = services.accreditation_appeal_decide(
            AccreditationCase.objects.get(pk=case.pk),
            actor=w.appeal_head,
            upheld=False,
            text="The decision is reasoned.",
        )
    assert appeal.outcome == Appeal.Outcome.DISMISSED
    assert appeal.case.state == AccreditationCase.State.REPORT_PUBLISHED


# Item 9: follow-up of recommendations


def test_recommendations_are_followed_up_and_counted_in_the_register(w):
    certificate = accredited(w, APPLIED, DECIDED)
    body_rec = Recommendation.objects.get(
        case_id=certificate.case_id, source=Recommendation.Source.BODY
    )
    expert_rec = Recommendation.objects.get(
        case_id=certificate.case_id, source=Recommendation.Source.EXPERTS
    )
    with on(DECIDED):
        services.accreditation_recommendation_evidence(
            body_rec, actor=w.applicant, evidence="Published on the website."
        )
        services.accreditation_recommendation_close(body_rec, actor=w.staff)
    assert services.recommendations_mark_overdue(day=expert_rec.due_on) == 0
    assert (
        services.recommendations_mark_overdue(day=expert_rec.due_on + datetime.timedelta(days=1))
        == 1
    )
    row = certificate_register().get(pk=certificate.pk)
    assert (row.recommendations_open, row.recommendations_done, row.recommendations_overdue) == (
        0,
        1,
        1,
    )


# К9.1, К13, withdrawal


def test_k9_the_contract_is_concluded_when_both_sides_have_signed(w):
    case = applied(w, APPLIED)
    with on(APPLIED):
        case = services.accreditation_contract_sign(case, actor=w.applicant)
        assert case.state == AccreditationCase.State.APPLICATION
        other_body = staff_of(world().body.authority)
        with pytest.raises(CasePermissionDenied):
            services.accreditation_contract_sign(case, actor=other_body)
        case = services.accreditation_contract_sign(case, actor=w.staff)
    assert case.state == AccreditationCase.State.SELF_ASSESSMENT


def test_k13_the_self_assessment_needs_the_signed_report_and_every_criterion(w):
    case = contracted(w, applied(w, APPLIED), APPLIED)
    with on(APPLIED), pytest.raises(TransitionRefused) as refused:
        services.accreditation_self_assessment_submit(case, actor=w.applicant)
    assert refused.value.code == "accreditation.k13.self_assessment_incomplete"
    assert "S1.1" in refused.value.message


def test_the_organization_withdraws_before_the_decision(w):
    case = applied(w, APPLIED)
    with on(APPLIED):
        case = services.accreditation_case_withdraw(case, actor=w.applicant)
    assert case.state == AccreditationCase.State.WITHDRAWN
    assert case.due_date is None

"""The pages of each role on the real database: the wizard, the case page and its actions (with
the confirmation of decisions with legal consequences), the self-assessment, the expert
workspace, the council vote, follow-up and duplicates; and who gets a 404."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accreditation.models import (
    AccreditationCase,
    Certificate,
    DuplicateRequest,
    ExpertSeat,
    Kind,
    Recommendation,
)
from accreditation.tests.factories import (
    PDF_BYTES,
    applied,
    at_council,
    at_recommendations,
    chair_of,
    council_voted,
    next_monday,
    on,
    visit_completed,
    visit_scheduled,
    world,
)
from registry.tests.factories import OrganizationFactory, UserFactory, applicant_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 2, 1)


def url(name, *args):
    return reverse(f"accreditation:{name}", args=args)


def test_the_organization_applies_through_the_wizard(log_in):
    w = world()
    with on(DAY):
        client = log_in(w.applicant)
        page = client.get(url("wizard_start"))
        assert page.status_code == 200
        assert w.body.authority.name in page.content.decode()
        response = client.post(
            url("wizard_start"),
            {"organization": w.organization.pk, "body": w.body.pk, "kind": Kind.COMBINED},
        )
        case = AccreditationCase.objects.get()
        assert response.url == url("wizard", case.pk, "programmes")
        page = client.get(url("wizard", case.pk, "programmes"))
        assert w.programmes[0].code in page.content.decode()
        # The filter narrows the list (by code) and keeps what is already chosen.
        page = client.get(url("wizard", case.pk, "programmes"), {"filter": w.programmes[1].code})
        assert w.programmes[1].code in page.content.decode()
        client.post(url("wizard", case.pk, "programmes"), {"programmes": [w.programmes[0].pk]})
        assert list(case.programmes.all()) == [w.programmes[0]]
        review = client.get(url("wizard", case.pk, "review"))
        assert w.license.number in review.content.decode()
        response = client.post(url("wizard", case.pk, "review"))
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.APPLICATION
    assert response.url == case.get_absolute_url() == f"/accreditation/cases/{case.pk}/"
    assert case.license_snapshot["number"] == w.license.number


def test_a_refused_submission_says_why_and_keeps_the_draft(log_in):
    # К8: specialized without an institutional certificate is refused with its message.
    w = world()
    with on(DAY):
        client = log_in(w.applicant)
        client.post(
            url("wizard_start"),
            {"organization": w.organization.pk, "body": w.body.pk, "kind": Kind.SPECIALIZED},
        )
        case = AccreditationCase.objects.get()
        client.post(url("wizard", case.pk, "programmes"), {"programmes": [w.programmes[0].pk]})
        page = client.post(url("wizard", case.pk, "review"), follow=True)
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.DRAFT
    assert "institutional" in page.content.decode().lower()


def test_both_sides_sign_the_contract_on_the_case_page(log_in, client):
    w = world()
    case = applied(w, DAY)
    with on(DAY):
        log_in(w.applicant).post(url("case_action", case.pk, "sign_contract"))
        client.logout()
        page = log_in(w.staff).get(case.get_absolute_url())
        assert 'data-action="sign_contract"' in page.content.decode()
        log_in(w.staff).post(url("case_action", case.pk, "sign_contract"))
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.SELF_ASSESSMENT


def test_self_assessment_saved_per_criterion_and_sent(log_in):
    w = world()
    case = applied(w, DAY)
    from accreditation.tests.factories import contracted

    case = contracted(w, case, DAY)
    with on(DAY):
        client = log_in(w.applicant)
        for criterion in w.criteria:
            response = client.post(
                url("self_assessment", case.pk),
                {
                    "criterion": criterion.pk,
                    f"c{criterion.pk}-rating": "met",
                    f"c{criterion.pk}-text": "Met.",
                },
            )
            assert response.status_code == 302
        # Refused while the signed report is missing (К13): the page says what is missing.
        page = client.post(url("self_assessment", case.pk), {"submit": "1"}, follow=True)
        assert "self-assessment report" in page.content.decode()
        client.post(
            reverse(
                "attachment_upload",
                args=[case._meta.label_lower, case.pk, "self_assessment_report"],
            ),
            {"file": SimpleUploadedFile("r.pdf", PDF_BYTES, "application/pdf")},
        )
        client.post(url("self_assessment", case.pk), {"submit": "1"})
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.BODY_REVIEW


def test_an_invalid_rating_keeps_what_was_typed(log_in):
    w = world()
    from accreditation.tests.factories import contracted

    case = contracted(w, applied(w, DAY), DAY)
    criterion = w.criteria[0]
    with on(DAY):
        page = log_in(w.applicant).post(
            url("self_assessment", case.pk),
            {"criterion": criterion.pk, f"c{criterion.pk}-text": "Typed text kept"},
        )
    assert page.status_code == 400
    assert "Typed text kept" in page.content.decode()


def test_visit_too_soon_is_refused_on_the_page_keeping_the_dates(log_in):
    # К14: less than three months' notice: the form comes back with the refusal and the dates.
    w = world()
    case = at_recommendations(w, DAY)
    start = next_monday(DAY + datetime.timedelta(days=30))
    with on(DAY):
        page = log_in(w.staff).post(
            url("case_action", case.pk, "schedule_visit"),
            {
                "schedule_visit-start_on": start.isoformat(),
                "schedule_visit-end_on": (start + datetime.timedelta(days=2)).isoformat(),
            },
        )
    assert page.status_code == 409
    assert start.isoformat() in page.content.decode()
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.RECOMMENDATIONS


def test_expert_download_records_the_opening_and_the_report_is_submitted(log_in, client):
    w = world()
    case = at_recommendations(w, DAY)
    start = next_monday(DAY + datetime.timedelta(days=120))
    visit = visit_scheduled(w, case, DAY, start, start + datetime.timedelta(days=2))
    expert = chair_of(visit)
    with on(start - datetime.timedelta(days=10)):
        workspace = log_in(expert).get(url("expert_visits"))
        assert case.number in workspace.content.decode()
        download = log_in(expert).get(url("self_assessment_report", case.pk))
        assert download.status_code == 200
    seat = ExpertSeat.objects.get(visit=visit, expert__user=expert)
    assert seat.report_opened_at is not None  # К16
    case = visit_completed(w, case, visit)
    data = {"summary": "Meets the standards."}
    for standard in w.standards:
        data[f"assessment_{standard.pk}"] = "compliant"
    with on(visit.end_on):
        response = log_in(expert).post(url("expert_report", case.pk), data)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.expert_report.findings.count() == len(w.standards)


def test_council_votes_are_hidden_until_the_member_voted(log_in):
    w = world()
    case = at_council(w, DAY)
    first, second = w.council_users[:2]
    with on(datetime.date(2027, 7, 1)):
        log_in(first).post(url("council_vote", case.pk), {"choice": "accredit"})
        page = log_in(second).get(url("council_vote", case.pk))
        assert str(first) not in page.content.decode()
        assert "data-my-vote" not in page.content.decode()
        page = log_in(first).get(url("council_vote", case.pk))
        assert 'data-my-vote="accredit"' in page.content.decode()
        assert str(first) in page.content.decode()


def test_the_decision_is_taken_only_after_its_confirmation_page(log_in):
    w = world()
    case = council_voted(w, at_council(w, DAY), datetime.date(2027, 7, 1))
    with on(datetime.date(2027, 7, 1)):
        client = log_in(w.head)
        page = client.post(url("case_action", case.pk, "decide"), {"decide-reasons": ""})
        text = page.content.decode()
        assert 'data-confirm="decide"' in text
        assert "30.06.2032" in text or "6/30/2032" in text or "2032" in text
        case.refresh_from_db()
        assert case.state == AccreditationCase.State.COUNCIL
        client.post(url("case_action", case.pk, "decide"), {"decide-reasons": "", "confirmed": "1"})
    case.refresh_from_db()
    assert case.state == AccreditationCase.State.DECIDED
    assert Certificate.objects.filter(case=case).exists()


def test_follow_up_and_duplicate_through_the_pages(log_in, client):
    w = world()
    case = council_voted(w, at_council(w, DAY), datetime.date(2027, 7, 1))
    with on(datetime.date(2027, 7, 1)):
        from accreditation import services

        services.accreditation_decide(case, actor=w.head)
    recommendation = Recommendation.objects.filter(case=case).first()
    certificate = Certificate.objects.get(case=case)
    with on(datetime.date(2027, 8, 1)):
        log_in(w.applicant).post(
            url("recommendation_evidence", recommendation.pk),
            {"evidence-evidence": "Done: the library is updated."},
        )
        log_in(w.applicant).post(
            url("duplicate_request", certificate.pk), {"duplicate-reason": "Lost in a move."}
        )
        client.logout()
        staff = log_in(w.staff)
        staff.post(url("recommendation_close", recommendation.pk))
        dup = DuplicateRequest.objects.get()
        staff.post(url("duplicate_issue", dup.pk))
    recommendation.refresh_from_db()
    dup.refresh_from_db()
    assert recommendation.status == Recommendation.Status.DONE
    assert dup.issued_on == datetime.date(2027, 8, 1)


@pytest.mark.parametrize("who", ["stranger", "other_org", "anonymous"])
def test_case_pages_are_404_for_those_who_may_not_see_them(log_in, who):
    from django.contrib.auth.models import AnonymousUser

    w = world()
    case = at_recommendations(w, DAY)
    user = {
        "stranger": lambda: UserFactory(),
        "other_org": lambda: applicant_for(OrganizationFactory()),
        "anonymous": AnonymousUser,
    }[who]()
    client = log_in(user)
    for path in (
        case.get_absolute_url(),
        url("self_assessment", case.pk),
        url("council_vote", case.pk),
        url("expert_report", case.pk),
        url("self_assessment_report", case.pk),
    ):
        response = client.get(path)
        expected = 302 if who == "anonymous" else 404
        assert response.status_code == expected, path
    if who != "anonymous":
        response = client.post(url("case_action", case.pk, "withdraw"))
        assert response.status_code == 404
        assert client.get(reverse("api-accreditation-case", args=[case.pk])).status_code == 404


def test_body_queue_costs_the_same_for_one_case_and_for_many(log_in, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world()
    applied(w, DAY)
    client = log_in(w.staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url("queue")).status_code == 200
    for _ in range(5):
        other = OrganizationFactory(region=w.organization.region)
        from accreditation.tests.factories import licensed_university

        other, _license = licensed_university(w.organization.region, w.higher)
        rep = applicant_for(other)
        with on(DAY):
            from accreditation import services

            draft = services.accreditation_case_create(
                actor=rep, organization=other, body=w.body, kind=Kind.INSTITUTIONAL
            )
            services.accreditation_case_submit(draft, actor=rep)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url("queue"))
    assert page.content.decode().count("data-case=") == 6
    assert len(many) == len(one)


def test_worklists_tell_each_role_what_waits(log_in):
    from casework.worklist import work_for

    w = world()
    case = at_council(w, DAY)
    assert [i.title for i in work_for(w.council_users[0]) if i.procedure == "Accreditation"] == [
        "Vote on the accreditation"
    ]
    council_voted(w, case, datetime.date(2027, 7, 1))
    head_items = [i for i in work_for(w.head) if i.procedure == "Accreditation"]
    assert [i.title for i in head_items] == ["Take the decision"]
    assert head_items[0].url == case.get_absolute_url()


def test_dashboard_shows_the_accreditation_parts(log_in):
    w = world()
    with on(DAY):
        page = log_in(w.staff).get(reverse("dashboard"))
        assert 'data-part="accreditation-authority"' in page.content.decode()
        page = log_in(w.applicant).get(reverse("dashboard"))
        assert 'data-part="accreditation-applicant"' in page.content.decode()

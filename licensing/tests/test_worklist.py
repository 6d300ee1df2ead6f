"""What awaits each person in licensing, on the dashboard (issue 10), in a fixed number of
queries whatever the number of rows."""

import pytest
from django.urls import reverse

from licensing import services
from licensing.worklist import licensing_work
from registry.models import User

from .factories import (
    before_council,
    council_decided,
    draft,
    in_review,
    licensed,
    new_license_draft,
    refused,
    world,
)

pytestmark = pytest.mark.django_db


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no cached roles: count every query


def _submitted(w, count):
    for _ in range(count):
        services.license_application_submit(new_license_draft(w), actor=w.applicant)


@pytest.mark.parametrize("rows", [2, 20])
def test_staff_see_packages_to_check_in_fixed_queries(rows, django_assert_max_num_queries):
    w = world()
    _submitted(w, rows)
    staff = _fresh(w.staff)
    with django_assert_max_num_queries(5):
        items = licensing_work(staff)
    assert len(items) == rows
    assert {i.action for i in items} == {"Check"}
    assert [i.due for i in items] == sorted(i.due for i in items)


def test_the_head_sees_decisions_awaiting_them_and_staff_do_not():
    w = world()
    decided = council_decided(w, "grant")
    reissue = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    head_items = {i.subject.split(" · ")[0]: i for i in licensing_work(_fresh(w.head))}
    assert head_items[reissue.number].action == "Decide"
    assert head_items[decided.number].title == "Decide on the application"
    assert head_items[reissue.number].due is not None
    staff_titles = {i.title for i in licensing_work(_fresh(w.staff))}
    assert "Decide on the application" not in staff_titles


@pytest.mark.parametrize("rows", [2, 20])
def test_the_applicant_sees_drafts_and_returns_in_fixed_queries(
    rows, django_assert_max_num_queries
):
    w = world()
    for _ in range(rows):
        new_license_draft(w)
    applicant = _fresh(w.applicant)
    with django_assert_max_num_queries(5):
        items = licensing_work(applicant)
    assert len(items) == rows
    assert all(i.action == "Continue" for i in items)


def test_the_applicant_sees_the_correction_term_and_the_appeal_window():
    w = world()
    returned = services.license_application_return_for_corrections(
        services.license_application_submit(new_license_draft(w), actor=w.applicant),
        actor=w.staff,
        request="Attach the plan",
    )
    refusal = refused(w)
    items = {i.subject.split(" · ")[0]: i for i in licensing_work(_fresh(w.applicant))}
    assert items[returned.number].action == "Send corrections"
    assert items[returned.number].due == services.corrections_due(returned)
    assert items[refusal.number].action == "Appeal"
    assert items[refusal.number].due == services.appeal_deadline(refusal)


def test_experts_and_council_members_see_sheets_to_sign_and_votes_to_cast(
    django_assert_max_num_queries,
):
    w = world()
    application, members = before_council(w, council_size=3)
    member = _fresh(members[0])
    with django_assert_max_num_queries(5):
        items = licensing_work(member)
    assert [i.action for i in items] == ["Vote"]
    review = application.council_reviews.get()
    assert items[0].url == reverse("licensing:council_review", args=[review.pk])
    services.council_vote_cast(review, actor=members[0], choice="for")
    assert licensing_work(_fresh(members[0])) == []


def test_a_drawn_expert_sees_the_sheet_until_they_sign():
    w = world()
    from .factories import InspectionCriterionFactory, drawable_experts

    InspectionCriterionFactory()
    drawable_experts(w, 3)
    import datetime

    application = services.license_application_send_to_inspection(
        in_review(w),
        actor=w.staff,
        visit_date=datetime.date.today() + datetime.timedelta(days=5),
    )
    inspection = application.inspections.get()
    expert_user = inspection.members.first().expert.user
    items = licensing_work(_fresh(expert_user))
    assert [i.action for i in items] == ["Sign"]
    assert items[0].url == reverse("licensing:inspection_sheet", args=[inspection.pk])
    assert draft  # the factory module's helpers stay importable

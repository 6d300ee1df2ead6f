"""What awaits each person in licensing, on the dashboard (issue 10), in a fixed number of
queries whatever the number of rows."""

import datetime

import pytest
from django.urls import reverse

from licensing import services
from licensing.models import BulkReissueItem
from licensing.worklist import licensing_work
from registry.models import User
from registry.tests.factories import AuthorityFactory, OrganizationFactory, staff_of

from .factories import (
    LicenseFactory,
    before_council,
    council_decided,
    draft,
    in_review,
    inspected,
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


def _by_subject(user):
    return {i.subject.split(" · ")[0]: i for i in licensing_work(_fresh(user))}


def test_an_appeal_waits_on_the_head_of_the_authority_and_of_its_superior():
    w = world()
    superior_head = staff_of(AuthorityFactory(), head=True)
    w.authority.parent = superior_head.authority
    w.authority.save()
    appealed = services.license_application_appeal(
        refused(w), actor=w.applicant, text="Не согласны"
    )
    for head in (w.head, superior_head):
        item = _by_subject(head)[appealed.number]
        assert (item.title, item.action, item.due) == (
            "Decide on the appeal",
            "Decide",
            appealed.due_date,
        )
    assert appealed.number not in _by_subject(w.staff)
    assert appealed.number not in _by_subject(staff_of(AuthorityFactory(), head=True))


def test_the_head_is_asked_to_close_a_council_vote_once_it_has_its_quorum(
    settings, django_assert_max_num_queries
):
    settings.LICENSING_COUNCIL_QUORUM = "2/3"
    w = world()
    application, members = before_council(w, council_size=3)
    review = application.council_reviews.get()
    services.council_vote_cast(review, actor=members[0], choice="for")
    assert application.number not in _by_subject(w.head)  # 1 of 3: no quorum yet
    services.council_vote_cast(review, actor=members[1], choice="against")
    head = _fresh(w.head)
    with django_assert_max_num_queries(8):
        items = licensing_work(head)
    (item,) = [i for i in items if i.subject.startswith(application.number)]
    assert item.action == "Close the vote"
    assert item.title == "Close the council's vote (2 of 3 members voted)"
    assert item.url == reverse("licensing:council_review", args=[review.pk])
    assert "Close the vote" not in {i.action for i in licensing_work(_fresh(w.staff))}
    services.council_review_close(review, actor=w.head)
    assert _by_subject(w.head)[application.number].title == "Decide on the application"


def test_a_bulk_reissue_run_with_failures_waits_on_the_head_until_retried():
    w = world()
    school = OrganizationFactory(region=w.organization.region)
    LicenseFactory(organization=school, authority=w.authority)
    data = f"bin,name_ru,name_kk,name_en\n{school.bin},Только русское имя,,".encode()
    run = services.bulk_reissue_start(
        actor=w.head,
        effective_date=datetime.date.today() - datetime.timedelta(days=1),
        csv_file=data,
    )
    services.bulk_reissue_run(run.pk)
    assert run.items.get().status == BulkReissueItem.Status.FAILED
    (item,) = [i for i in licensing_work(_fresh(w.head)) if i.action == "Retry"]
    assert item.url == reverse("licensing:bulk_reissue_detail", args=[run.pk])
    assert item.title == "Bulk reissue: 1 organization failed; correct its data and retry"
    assert "Retry" not in {i.action for i in licensing_work(_fresh(w.staff))}
    services.bulk_reissue_retry_failed(run, actor=w.head)
    assert "Retry" not in {i.action for i in licensing_work(_fresh(w.head))}


def test_staff_are_asked_to_send_the_sheet_once_every_member_signed_it():
    w = world()
    application = inspected(w)
    items = _by_subject(w.staff)
    assert items[application.number].action == "Send"
    assert items[application.number].url == application.get_absolute_url()
    inspection = application.inspections.get()
    expert = inspection.members.select_related("expert__user").first().expert.user
    services.inspection_finding_record(
        inspection.findings.first(),
        actor=expert,
        met=False,
        comment="Нет спортзала",
        void_signatures=True,
    )
    assert application.number not in _by_subject(w.staff)  # the signatures were voided
    services.inspection_sheet_sign(
        inspection, actor=expert, content_sha256=services.sheet_sha256(inspection)
    )
    assert application.number not in _by_subject(w.staff)  # one of the commission signed

"""Reads for attestation (issue 11, item 11) and the register (К24)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation import selectors
from accreditation.models import Kind
from accreditation.tests.factories import certificate_on_record, world

pytestmark = pytest.mark.django_db


def test_accredited_organizations_and_programmes_on_a_day():
    w = world()
    institutional = certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))
    programmes = certificate_on_record(
        w, valid_until=datetime.date(2028, 12, 31), kind=Kind.SPECIALIZED
    )
    programmes.programmes.set(w.programmes)
    day = datetime.date(2028, 6, 1)
    assert selectors.accredited_organization_ids(day) == {institutional.organization_id}
    assert selectors.accredited_programmes(day) == {(w.organization.pk, p.pk) for p in w.programmes}
    assert selectors.accredited_programmes(datetime.date(2029, 1, 1)) == set()
    assert selectors.accredited_organization_ids(datetime.date(2030, 1, 1)) == set()
    assert selectors.accreditation_exempts_from_attestation() is False


def test_the_register_costs_the_same_queries_for_one_row_and_for_many():
    w = world()
    certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(selectors.certificate_register()[:50])
            for row in rows:
                _ = (row.organization.name, row.body.authority.name, row.case.number)
                _ = [p.code for p in row.programmes.all()]
        return len(captured)

    one = queries()
    for _ in range(4):
        certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))
    assert queries() == one


def test_who_sees_which_case_follows_the_access_rule():
    from accreditation.models import AccreditationCase
    from accreditation.permissions import may_view_case
    from accreditation.tests.factories import at_council, draft
    from registry.tests.factories import UserFactory, admin_user, staff_of

    w = world()
    case = at_council(w, datetime.date(2027, 2, 1))
    other = world()
    their_draft = draft(other)
    expert = case.visit.seats.first().expert.user
    stranger = UserFactory()
    other_staff = staff_of(other.body.authority)
    people = [
        w.applicant,
        w.staff,
        w.head,
        expert,
        w.council_users[0],
        stranger,
        other_staff,
        other.staff,
        admin_user(),
    ]
    for person in people:
        listed = set(selectors.case_visible_to(person).values_list("pk", flat=True))
        for each in AccreditationCase.objects.filter(pk__in=[case.pk, their_draft.pk]):
            assert (each.pk in listed) == may_view_case(person, each), (person, each)
    assert case.pk not in set(selectors.case_visible_to(stranger).values_list("pk", flat=True))
    assert their_draft.pk not in set(
        selectors.case_visible_to(other.staff).values_list("pk", flat=True)
    )


def test_queues_of_the_body_the_expert_and_the_council():
    from accreditation import services
    from accreditation.models import Decision
    from accreditation.tests.factories import at_council, on

    w = world()
    case = at_council(w, datetime.date(2027, 2, 1))
    assert list(selectors.body_queue(w.body.authority_id)) == [case]
    expert = case.visit.seats.first().expert.user
    assert [seat.visit.case for seat in selectors.visits_of_expert(expert)] == [case]
    member = w.council_users[0]
    assert list(selectors.council_cases_awaiting(member)) == [case]
    with on(datetime.date(2027, 7, 1)):
        services.accreditation_council_vote(case, actor=member, choice=Decision.ACCREDIT)
    assert list(selectors.council_cases_awaiting(member)) == []
    assert list(selectors.council_cases_awaiting(w.council_users[1])) == [case]
    detail = selectors.case_detail(case.pk)
    assert detail.visit.seats.all()[0].expert
    assert detail.expert_report.findings.all()[0].standard

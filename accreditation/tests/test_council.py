"""The accreditation council: formed with every group (К6–К7), members with a conflict do not
vote, one vote each, quorum and majority (К19), the decision within the term (К11)."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, CouncilMember, CouncilVote, Decision
from accreditation.tests.factories import at_council, on, world
from casework.exceptions import TransitionRefused
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

APPLIED = datetime.date(2027, 2, 1)
VOTE_DAY = datetime.date(2027, 7, 1)


def vote(case, user, choice=Decision.ACCREDIT, day=VOTE_DAY):
    with on(day):
        return services.accreditation_council_vote(
            AccreditationCase.objects.get(pk=case.pk), actor=user, choice=choice
        )


def refusal(action) -> str:
    with pytest.raises(TransitionRefused) as refused:
        action()
    return refused.value.code


def test_k6_a_council_without_student_members_is_refused():
    w = world()
    groups = [g for g in CouncilMember.Group.values if g != CouncilMember.Group.STUDENTS]
    code = refusal(
        lambda: services.accreditation_council_form(
            actor=w.head,
            body=w.body,
            name="Incomplete",
            members=[{"user": UserFactory(), "group": g} for g in groups],
        )
    )
    assert code == "accreditation.k6.council_groups"
    assert w.body.councils.get(is_sitting=True).name == "Council"


def test_k6_a_council_with_every_group_sits_in_place_of_the_previous_one():
    w = world()
    council = services.accreditation_council_form(
        actor=w.head,
        body=w.body,
        name="Second",
        members=[{"user": UserFactory(), "group": g} for g in CouncilMember.Group.values],
    )
    assert list(w.body.councils.filter(is_sitting=True)) == [council]


@pytest.fixture
def w():
    return world()


@pytest.fixture
def case(w):
    return at_council(w, APPLIED)


def test_k19_a_member_employed_by_the_organization_may_not_vote(w, case):
    member = CouncilMember.objects.get(user=w.council_users[2])
    member.employer = w.organization
    member.save()
    assert refusal(lambda: vote(case, w.council_users[2])) == "accreditation.k19.conflict"
    assert not CouncilVote.objects.filter(case=case).exists()


def test_k19_a_member_who_left_the_organization_within_the_cooling_off_years_may_not_vote(w, case):
    CouncilMember.objects.filter(user=w.council_users[2]).update(
        employer=w.organization, worked_until=datetime.date(2025, 1, 1)
    )
    assert refusal(lambda: vote(case, w.council_users[2])) == "accreditation.k19.conflict"


def test_k19_a_member_who_left_longer_ago_votes(w, case):
    CouncilMember.objects.filter(user=w.council_users[2]).update(
        employer=w.organization, worked_until=datetime.date(2024, 6, 30)
    )
    assert vote(case, w.council_users[2]).choice == Decision.ACCREDIT


def test_k19_the_vote_closes_without_the_conflicted_member(w, case):
    CouncilMember.objects.filter(user=w.council_users[0]).update(employer=w.organization)
    for user in w.council_users[1:]:
        vote(case, user)
    case = AccreditationCase.objects.get(pk=case.pk)
    assert case.council_result == Decision.ACCREDIT


def test_k19_a_member_votes_once(w, case):
    vote(case, w.council_users[0])
    code = refusal(lambda: vote(case, w.council_users[0], Decision.REFUSE))
    assert code == "accreditation.k19.already_voted"
    assert CouncilVote.objects.get(case=case).choice == Decision.ACCREDIT


def test_k19_the_head_cannot_close_the_vote_without_a_quorum(w, case):
    vote(case, w.council_users[0])
    vote(case, w.council_users[1])
    with on(VOTE_DAY):
        code = refusal(lambda: services.accreditation_council_close(case, actor=w.head))
    assert code == "accreditation.k19.quorum"


def test_k19_with_a_quorum_the_majority_of_votes_cast_decides(w, case):
    vote(case, w.council_users[0], Decision.ACCREDIT)
    vote(case, w.council_users[1], Decision.ACCREDIT)
    vote(case, w.council_users[2], Decision.REFUSE)
    vote(case, w.council_users[3], Decision.REFUSE)
    with on(VOTE_DAY):
        services.accreditation_council_close(case, actor=w.head)
    # Two of four is not more than half: refused.
    assert AccreditationCase.objects.get(pk=case.pk).council_result == Decision.REFUSE


def test_k19_the_body_decides_only_on_the_councils_result(w, case):
    with on(VOTE_DAY):
        code = refusal(lambda: services.accreditation_decide(case, actor=w.head))
    assert code == "accreditation.k19.no_result"


# К11: the decision within three years of the application (1 February 2027).


def _voted(w, case, day):
    for user in w.council_users:
        vote(case, user, day=day)
    return AccreditationCase.objects.get(pk=case.pk)


def test_k11_a_decision_three_years_less_a_day_after_the_application_is_taken(w, case):
    day = datetime.date(2030, 1, 31)
    case = _voted(w, case, day)
    with on(day):
        decided = services.accreditation_decide(case, actor=w.head)
    assert decided.state == AccreditationCase.State.DECIDED


def test_k11_a_decision_three_years_and_a_day_after_the_application_is_refused(w, case):
    day = datetime.date(2030, 2, 2)
    case = _voted(w, case, day)
    with on(day):
        code = refusal(lambda: services.accreditation_decide(case, actor=w.head))
    assert code == "accreditation.k11.total_term"


def test_k11_the_term_runs_as_a_deadline_with_an_overdue_flag(w, case):
    from casework.models import Deadline

    term = Deadline.objects.get(case_id=case.pk, kind="total_term", state="running")
    assert term.due_at.date() == datetime.date(2030, 2, 1)

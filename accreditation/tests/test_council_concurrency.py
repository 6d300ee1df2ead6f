"""К19: two members voting at the same moment as the last two give one result."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, CouncilVote, Decision
from accreditation.tests.factories import at_council, world
from casework.models import Notification
from casework.tests.threads import race


@pytest.mark.django_db(transaction=True)
def test_two_last_votes_at_once_close_the_vote_once():
    w = world()
    case = at_council(w, datetime.date(2027, 2, 1))
    for user in w.council_users[:3]:
        services.accreditation_council_vote(case, actor=user, choice=Decision.ACCREDIT)
    stale = AccreditationCase.objects.get(pk=case.pk)
    last_two = w.council_users[3:]

    outcomes = race(
        *(
            lambda user=user: services.accreditation_council_vote(
                stale, actor=user, choice=Decision.REFUSE
            )
            for user in last_two
        )
    )

    assert all(isinstance(o, CouncilVote) for o in outcomes), outcomes
    case = AccreditationCase.objects.get(pk=case.pk)
    assert CouncilVote.objects.filter(case=case).count() == 5
    assert case.council_result == Decision.ACCREDIT  # three of five
    # The vote closed once: each council member heard of the result once.
    closed = Notification.objects.filter(
        recipient=w.council_users[0], subject__contains="council has voted"
    )
    assert closed.count() == 1

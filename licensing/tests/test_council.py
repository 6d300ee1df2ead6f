"""The licensing council (seed 002: a collegial decision): votes, conflicts of interest, quorum
and majority at their boundaries."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from casework.exceptions import TransitionRefused
from licensing import services
from licensing.models import CouncilReview, CouncilVote
from licensing.permissions import may_see_votes
from registry.models import ExpertAffiliation, Role
from registry.tests.factories import ExpertFactory, grant

from .factories import before_council, world

pytestmark = pytest.mark.django_db


# The rule itself, at its boundaries (defaults: quorum 2/3 of those entitled, majority > 1/2).


@pytest.mark.parametrize(
    ("entitled", "cast", "quorum"),
    [(9, 6, True), (9, 5, False), (6, 4, True), (6, 3, False), (3, 2, True), (3, 1, False)],
)
def test_quorum_is_two_thirds_of_the_members_entitled_to_vote(entitled, cast, quorum):
    tally = services.council_tally(entitled, cast, 0, 0)
    assert tally.quorum is quorum
    assert tally.outcome == ("grant" if quorum else "")


@pytest.mark.parametrize(
    ("votes_for", "against", "abstain", "outcome"),
    [
        (4, 3, 0, "grant"),  # more than half
        (3, 3, 0, "refuse"),  # exactly half is not a majority
        (3, 2, 1, "refuse"),  # abstentions count among the votes cast
        (4, 2, 1, "grant"),
    ],
)
def test_a_grant_needs_more_than_half_of_the_votes_cast(votes_for, against, abstain, outcome):
    assert services.council_tally(7, votes_for, against, abstain).outcome == outcome


def test_quorum_and_majority_are_settings(settings):
    settings.LICENSING_COUNCIL_QUORUM = "1/2"
    settings.LICENSING_COUNCIL_MAJORITY = "2/3"
    assert services.council_tally(6, 3, 0, 0).quorum
    assert services.council_tally(6, 2, 1, 0).outcome == "refuse"
    assert services.council_tally(6, 3, 1, 0).outcome == "grant"


def test_a_council_where_nobody_may_vote_has_no_quorum():
    assert not services.council_tally(0, 0, 0, 0).quorum


# The services


def test_members_vote_once_each_and_only_members_vote():
    w = world()
    application, members = before_council(w)
    review = application.council_reviews.get()
    vote = services.council_vote_cast(review, actor=members[0], choice="for", comment="Готовы")
    assert (vote.member, vote.choice) == (members[0], "for")
    with pytest.raises(TransitionRefused) as again:
        services.council_vote_cast(review, actor=members[0], choice="against")
    assert again.value.code == "licensing.council.already_voted"
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(review, actor=w.staff, choice="for")


def test_a_member_affiliated_with_the_organization_cannot_vote_and_is_not_counted():
    w = world()
    application, members = before_council(w, council_size=4)
    expert = ExpertFactory(user=members[3])
    ExpertAffiliation.objects.create(expert=expert, organization=w.organization)
    review = application.council_reviews.get()
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(review, actor=members[3], choice="for")
    # Two of the three entitled members reach the quorum of 2/3.
    services.council_vote_cast(review, actor=members[0], choice="for")
    services.council_vote_cast(review, actor=members[1], choice="for")
    closed = services.council_review_close(review, actor=w.head)
    assert closed.members_count == 3
    assert closed.recused == [members[3].pk]
    assert closed.outcome == CouncilReview.Outcome.GRANT


def test_a_member_who_represents_the_organization_cannot_vote():
    w = world()
    application, members = before_council(w)
    grant(members[1], Role.APPLICANT, organization=w.organization)
    with pytest.raises(PermissionDenied):
        services.council_vote_cast(
            application.council_reviews.get(), actor=members[1], choice="for"
        )


def test_without_a_quorum_the_vote_stays_open():
    w = world()
    application, members = before_council(w, council_size=6)
    review = application.council_reviews.get()
    for member in members[:3]:
        services.council_vote_cast(review, actor=member, choice="for")
    with pytest.raises(TransitionRefused) as refused:
        services.council_review_close(review, actor=w.head)
    assert refused.value.code == "licensing.council.quorum"
    assert "3" in str(refused.value)
    review.refresh_from_db()
    assert review.is_open
    services.council_vote_cast(review, actor=members[3], choice="against")
    closed = services.council_review_close(review, actor=w.head)
    assert (closed.votes_for, closed.votes_against, closed.outcome) == (3, 1, "grant")


def test_a_tie_refuses_and_the_decision_lists_every_vote():
    w = world()
    application, members = before_council(w, council_size=4)
    review = application.council_reviews.get()
    for member, choice in zip(members, ["for", "for", "against", "against"], strict=True):
        services.council_vote_cast(review, actor=member, choice=choice)
    closed = services.council_review_close(review, actor=w.head)
    assert closed.outcome == CouncilReview.Outcome.REFUSE
    assert sorted(closed.votes.values_list("member_id", "choice")) == sorted(
        zip([m.pk for m in members], ["for", "for", "against", "against"], strict=True)
    )


def test_the_chair_or_the_head_closes_the_vote_and_no_vote_comes_after():
    w = world()
    application, members = before_council(w, council_size=3)
    review = application.council_reviews.get()
    for member in members:
        services.council_vote_cast(review, actor=member, choice="for")
    with pytest.raises(PermissionDenied):
        services.council_review_close(review, actor=members[1])
    closed = services.council_review_close(review, actor=members[0])  # the chair
    assert closed.closed_by == members[0]
    with pytest.raises(TransitionRefused) as closed_vote:
        services.council_vote_cast(review, actor=members[1], choice="against")
    assert closed_vote.value.code == "licensing.council.review_closed"
    assert CouncilVote.objects.filter(review=review).count() == 3


def test_the_council_outcome_binds_the_heads_decision():
    w = world()
    application, members = before_council(w, council_size=3)
    review = application.council_reviews.get()
    with pytest.raises(TransitionRefused) as open_vote:
        services.license_application_grant(application, actor=w.head)
    assert open_vote.value.code == "licensing.decision.no_council_grant"
    for member in members:
        services.council_vote_cast(review, actor=member, choice="against")
    services.council_review_close(review, actor=w.head)
    with pytest.raises(TransitionRefused) as against:
        services.license_application_grant(application, actor=w.head)
    assert against.value.code == "licensing.decision.no_council_grant"
    from .factories import RefusalReasonFactory

    refused = services.license_application_refuse(
        application, actor=w.head, reasons=[RefusalReasonFactory()]
    )
    assert refused.state == "refused"


# Who reads the votes


def test_a_member_reads_the_others_votes_only_after_casting_their_own(client, verified_client):
    w = world()
    application, members = before_council(w)
    review = application.council_reviews.get()
    services.council_vote_cast(
        review, actor=members[0], choice="against", comment="Нет лаборатории"
    )
    url = reverse("licensing:council_review", args=[review.pk])

    client.force_login(members[1])
    before = client.get(url).text
    assert "data-votes-hidden" in before and "Нет лаборатории" not in before
    assert not may_see_votes(members[1], review)

    services.council_vote_cast(review, actor=members[1], choice="for")
    after = client.get(url).text
    assert "data-votes-hidden" not in after and "Нет лаборатории" in after

    # Staff read them once the vote is closed, not before.
    staff = verified_client(w.staff)
    assert "Нет лаборатории" not in staff.get(url).text
    services.council_vote_cast(review, actor=members[2], choice="for")
    services.council_vote_cast(review, actor=members[3], choice="for")
    services.council_review_close(review, actor=w.head)
    assert "Нет лаборатории" in staff.get(url).text
    assert may_see_votes(w.staff, CouncilReview.objects.get(pk=review.pk))

"""The licensing council's vote (seed 002: "the Licensing Council decides collegially").

Quorum and majority are settings (licensing.conf): the council decides when at least
LICENSING_COUNCIL_QUORUM of the members entitled to vote have voted, and grants when more than
LICENSING_COUNCIL_MAJORITY of the votes cast are for. Abstentions count toward the quorum, not
for the grant. A member with a conflict of interest (licensing.permissions) may not vote and is
not counted among those entitled to. One vote per member: the check, and the database's
licensing_one_vote constraint behind it.
"""

import dataclasses
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.exceptions import refuse
from casework.locks import locked
from casework.services import entry_point

from .. import conf, documents
from ..models import CouncilReview, CouncilVote, LicenseApplication
from ..permissions import has_conflict_of_interest, is_head_of
from ..refusals import LicensingRefusal


@dataclasses.dataclass(frozen=True)
class Tally:
    entitled: int
    votes_for: int
    votes_against: int
    abstentions: int
    quorum: bool
    outcome: str  # CouncilReview.Outcome value, or "" without a quorum

    @property
    def cast(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions


def council_tally(entitled: int, votes_for: int, votes_against: int, abstentions: int) -> Tally:
    quorum_share: Fraction = conf.fraction("LICENSING_COUNCIL_QUORUM")
    majority_share: Fraction = conf.fraction("LICENSING_COUNCIL_MAJORITY")
    cast = votes_for + votes_against + abstentions
    quorum = entitled > 0 and cast >= quorum_share * entitled
    outcome = ""
    if quorum:
        granted = votes_for > majority_share * cast
        outcome = CouncilReview.Outcome.GRANT if granted else CouncilReview.Outcome.REFUSE
    return Tally(entitled, votes_for, votes_against, abstentions, quorum, outcome)


def council_entitled_members(review) -> tuple[list, list]:
    """(members entitled to vote, members with a conflict of interest) among the sitting ones."""
    organization = review.application.organization
    entitled, recused = [], []
    for member in review.council.members.filter(is_active=True).select_related(
        "user__expert_profile"
    ):
        (recused if has_conflict_of_interest(member.user, organization) else entitled).append(
            member
        )
    return entitled, recused


def _lock_open_review(review) -> CouncilReview:
    review = (
        locked(CouncilReview)
        .select_related("application__organization", "council")
        .get(pk=review.pk)
    )
    if not review.is_open or review.application.state != LicenseApplication.State.COUNCIL:
        refuse(LicensingRefusal.COUNCIL_REVIEW_CLOSED, case=review.application)
    return review


@entry_point
def council_vote_cast(review, *, actor, choice: str, comment: str = "") -> CouncilVote:
    if choice not in CouncilVote.Choice.values:
        refuse(LicensingRefusal.COUNCIL_VOTE_CHOICE)
    review = _lock_open_review(review)
    member = review.council.members.filter(user=actor, is_active=True).first()
    if member is None:
        raise PermissionDenied(_("Only the sitting members of the council vote."))
    if has_conflict_of_interest(actor, review.application.organization):
        raise PermissionDenied(
            _("You have a conflict of interest with this organization and may not vote.")
        )
    if review.votes.filter(member=actor).exists():
        refuse(LicensingRefusal.COUNCIL_ALREADY_VOTED, case=review.application)
    try:
        with transaction.atomic():
            return CouncilVote.objects.create(
                review=review, member=actor, choice=choice, comment=(comment or "").strip()
            )
    except IntegrityError as error:
        if "licensing_one_vote" not in str(error):
            raise
        refuse(LicensingRefusal.COUNCIL_ALREADY_VOTED, case=review.application)


@entry_point
def council_review_close(review, *, actor) -> CouncilReview:
    """The chair or the head of the authority closes the vote; without a quorum it stays open.
    The record keeps the counts, who was entitled and who was recused, and its PDF lists every
    vote."""
    review = _lock_open_review(review)
    is_chair = review.council.members.filter(user=actor, is_active=True, is_chair=True)
    if not (is_chair.exists() or is_head_of(actor, review.application)):
        raise PermissionDenied(_("The chair or the head of department closes the vote."))
    entitled, recused = council_entitled_members(review)
    entitled_ids = {m.user_id for m in entitled}
    votes = [v for v in review.votes.select_related("member") if v.member_id in entitled_ids]
    count = {choice: sum(v.choice == choice for v in votes) for choice in CouncilVote.Choice}
    tally = council_tally(
        len(entitled),
        count[CouncilVote.Choice.FOR],
        count[CouncilVote.Choice.AGAINST],
        count[CouncilVote.Choice.ABSTAIN],
    )
    if not tally.quorum:
        refuse(
            LicensingRefusal.COUNCIL_NO_QUORUM,
            case=review.application,
            cast=tally.cast,
            entitled=tally.entitled,
        )
    review.members_count = tally.entitled
    review.recused = [m.user_id for m in recused]
    review.votes_for = tally.votes_for
    review.votes_against = tally.votes_against
    review.abstentions = tally.abstentions
    review.outcome = tally.outcome
    review.closed_at = timezone.now()
    review.closed_by = actor
    review.save()
    documents.council_decision_issue(
        review,
        entitled=entitled,
        recused=recused,
        votes=votes,
        quorum=conf.fraction("LICENSING_COUNCIL_QUORUM"),
        majority=conf.fraction("LICENSING_COUNCIL_MAJORITY"),
    )
    return review

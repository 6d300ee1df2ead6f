"""The accreditation council (К6–К7), the materials before it (К18), its vote (К19), the body's
decision (К9.9) and the publication of the report (К9.10)."""

import datetime
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casework.deadlines import deadline_complete
from casework.exceptions import CaseConflict, CasePermissionDenied, refuse
from casework.locks import lock
from casework.services import case_transition, entry_point
from registry.models import Role
from registry.predicates import is_admin, is_head_of

from .. import conf
from ..models import AccreditationCase, Council, CouncilMember, CouncilVote, Decision
from ..notifications import tell
from ..refusals import AccreditationRefusal
from ._common import add_years, case_set, today
from .applications import DEADLINE_BODY_STEP, DEADLINE_TOTAL_TERM
from .certificates import certificate_issue, refusal_notice

State = AccreditationCase.State
Group = CouncilMember.Group


def council_groups_missing(members) -> list[str]:
    """К7: the groups without an active member."""
    present = {m.group for m in members if m.is_active}
    return [str(label) for value, label in Group.choices if value not in present]


def _require_groups(members, case=None) -> None:
    missing = council_groups_missing(members)
    if missing:
        refuse(AccreditationRefusal.K6_COUNCIL_GROUPS, case=case, groups=", ".join(missing))


@entry_point
def accreditation_council_form(
    *, actor, body, name: str, members: list[dict], formed_on: datetime.date | None = None
) -> Council:
    """К6: the body forms its council; К7: every group is represented. The new council sits
    from now on, in place of the previous one. `members`: dicts of user, group, employer,
    worked_until."""
    if not (is_admin(actor) or is_head_of(actor, body.authority)):
        raise CasePermissionDenied()
    candidates = [CouncilMember(is_active=True, **member) for member in members]
    _require_groups(candidates)
    Council.objects.filter(body=body, is_sitting=True).update(is_sitting=False)
    council = Council.objects.create(
        body=body, name=name, formed_on=formed_on or today(), is_sitting=True
    )
    for member in candidates:
        member.council = council
    CouncilMember.objects.bulk_create(candidates)
    return council


def member_has_conflict(member: CouncilMember, organization, day: datetime.date) -> bool:
    """К19 (conflict of interest): the member works for the organization (or its parent), or
    worked there within the cooling-off years, or represents it in the portal."""
    organizations = {organization.pk, organization.parent_id} - {None}
    if member.employer_id in organizations:
        if member.worked_until is None:
            return True
        years = int(conf.get("ACCREDITATION_CONFLICT_COOLING_OFF_YEARS"))
        if add_years(member.worked_until, years) > day:
            return True
    return member.user.roles.filter(
        role=Role.APPLICANT, organization_id__in=list(organizations)
    ).exists()


def entitled_members(case, day) -> list[CouncilMember]:
    members = CouncilMember.objects.filter(council_id=case.council_id, is_active=True)
    return [
        m
        for m in members.select_related("user")
        if not member_has_conflict(m, case.organization, day)
    ]


@entry_point
def accreditation_council_refer(case, *, actor, materials: str = "") -> AccreditationCase:
    """К18: the body has studied both reports and prepared the materials; the case goes to its
    sitting council, whose composition is checked again (К7)."""
    case = lock(case)
    if case.state != State.EXPERT_REPORT:
        raise CaseConflict(case=case)
    if not hasattr(case, "expert_report"):
        refuse(AccreditationRefusal.K18_NO_EXPERT_REPORT, case=case)
    council = Council.objects.filter(body_id=case.body_id, is_sitting=True).first()
    _require_groups(list(council.members.all()) if council else [], case)
    referred = case_transition(case, "refer_to_council", actor=actor)
    case_set(referred, council=council, materials_text=materials)
    deadline_complete(referred, DEADLINE_BODY_STEP)
    tell(referred, "referred_to_council", parties=("organization", "body", "council"))
    return referred


@entry_point
def accreditation_council_vote(case, *, actor, choice: str) -> CouncilVote:
    """К19: a member votes to accredit or to refuse. The case row is locked, so members voting
    at the same moment take turns, and the vote closes once, when the last entitled member has
    voted: one result."""
    case = lock(case)
    if case.state != State.COUNCIL or case.council_closed_at is not None:
        raise CaseConflict(case=case)
    if choice not in Decision.values:
        raise ValidationError({"choice": _("Vote to accredit or to refuse.")})
    member = CouncilMember.objects.filter(
        council_id=case.council_id, user=actor, is_active=True
    ).first()
    if member is None:
        raise CasePermissionDenied(_("You do not sit on this case's council."))
    day = today()
    if member_has_conflict(member, case.organization, day):
        refuse(AccreditationRefusal.K19_CONFLICT, case=case)
    if CouncilVote.objects.filter(case=case, member=member, round=case.council_round).exists():
        refuse(AccreditationRefusal.K19_ALREADY_VOTED, case=case)
    try:
        with transaction.atomic():
            vote = CouncilVote.objects.create(
                case=case, member=member, round=case.council_round, choice=choice
            )
    except IntegrityError:  # a writer that skipped the lock
        refuse(AccreditationRefusal.K19_ALREADY_VOTED, case=case)
    entitled = entitled_members(case, day)
    votes = list(CouncilVote.objects.filter(case=case, round=case.council_round))
    if {m.pk for m in entitled} <= {v.member_id for v in votes}:
        _close_vote(case, votes, len(entitled))
    return vote


@entry_point
def accreditation_council_close(case, *, actor) -> AccreditationCase:
    """The body's head closes the vote before every member has voted: only with a quorum."""
    case = lock(case)
    if not (is_admin(actor) or is_head_of(actor, case)):
        raise CasePermissionDenied()
    if case.state != State.COUNCIL or case.council_closed_at is not None:
        raise CaseConflict(case=case)
    votes = list(CouncilVote.objects.filter(case=case, round=case.council_round))
    _close_vote(case, votes, len(entitled_members(case, today())))
    return case


def _close_vote(case, votes, entitled: int) -> None:
    # К19: a quorum of the members entitled to vote, and a majority of the votes cast.
    quorum = conf.fraction("ACCREDITATION_COUNCIL_QUORUM")
    if entitled == 0 or Fraction(len(votes), entitled) < quorum:
        refuse(AccreditationRefusal.K19_QUORUM, case=case, cast=len(votes), entitled=entitled)
    for_accreditation = sum(1 for v in votes if v.choice == Decision.ACCREDIT)
    majority = conf.fraction("ACCREDITATION_COUNCIL_MAJORITY")
    result = (
        Decision.ACCREDIT
        if Fraction(for_accreditation, len(votes)) > majority
        else (Decision.REFUSE)
    )
    case_set(case, council_result=result, council_closed_at=timezone.now())
    tell(
        case,
        "council_voted",
        parties=("body", "council"),
        result=Decision(result).label,
    )


@entry_point
def accreditation_decide(case, *, actor, reasons: str = "") -> AccreditationCase:
    """К9.9, К19–К20, К22: the body's decision on the council's result: a certificate for five
    years, or a written notice of refusal with its reasons."""
    case = lock(case)
    if case.state != State.COUNCIL:
        raise CaseConflict(case=case)
    if not case.council_result or case.council_closed_at is None:
        refuse(AccreditationRefusal.K19_NO_RESULT, case=case)
    day = today()
    # К11: the body decides within three years of the application.
    if case.term_until is not None and day > case.term_until:
        refuse(
            AccreditationRefusal.K11_TOTAL_TERM,
            case=case,
            day=case.term_until.strftime("%d.%m.%Y"),
        )
    if case.council_result == Decision.REFUSE and not (reasons or "").strip():
        raise ValidationError({"reasons": _("A refusal states its reasons (clause 22).")})
    decided = case_transition(case, "decide", actor=actor)
    case_set(
        decided,
        decision=case.council_result,
        decision_reasons=(reasons or "").strip(),
        decided_at=timezone.now(),
        decided_by=actor,
    )
    if decided.decision == Decision.ACCREDIT:
        certificate_issue(decided, actor=actor)
    else:
        refusal_notice(decided)
    deadline_complete(decided, DEADLINE_TOTAL_TERM)
    tell(
        decided,
        "decided",
        parties=("organization", "body", "council"),
        decision=Decision(decided.decision).label,
    )
    return decided


@entry_point
def accreditation_report_publish(case, *, actor, report_url: str = "") -> AccreditationCase:
    """К9.10: the full report is published (on the body's website and in the register)."""
    published = case_transition(case, "publish_report", actor=actor)
    case_set(published, report_published_at=timezone.now(), report_url=report_url)
    tell(published, "report_published", parties=("organization", "body", "experts", "council"))
    return published


@entry_point
def accreditation_council_seat(council, *, actor) -> Council:
    """A council composed in the admin starts sitting once every group of К7 is represented."""
    council = lock(council)
    if not (is_admin(actor) or is_head_of(actor, council.body.authority)):
        raise CasePermissionDenied()
    _require_groups(list(council.members.all()))
    Council.objects.filter(body_id=council.body_id, is_sitting=True).exclude(pk=council.pk).update(
        is_sitting=False
    )
    council.is_sitting = True
    council.formed_on = council.formed_on or today()
    council.save(update_fields=["is_sitting", "formed_on"])
    return council

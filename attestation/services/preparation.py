"""Before and at the start of the visit: self-assessment (А15), commission (А16-А18, А20, А26),
files, and the visit itself (А19)."""

from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.attachments import attachment_checklist, attachment_upload
from casework.deadlines import deadline_complete
from casework.exceptions import refuse, require
from casework.locks import lock, locked
from casework.notifications import notify_each, representatives_of, staff_of
from casework.services import case_transition, entry_point
from registry.models import Organization
from registry.predicates import is_head_of, is_staff_of, represents

from .. import composition, rules
from ..checklist import CONCLUSION_CODES, SELF_ASSESSMENT_CODES
from ..models import (
    Attestation,
    Commission,
    CommissionMember,
    SelfAssessment,
    StudyArea,
    StudyAreaAssignment,
)
from ..permissions import chair_or_staff, may_replace_member, seat_of
from ..refusals import AttestationRefusal as Refusal
from ._common import commission_people, today

# А15: the sections every organization fills in; laboratories, research and professional
# practice (А7 items 7, 10, 11) concern only some levels of education.
REQUIRED_SECTIONS = (
    StudyArea.GENERAL,
    StudyArea.STAFF,
    StudyArea.STUDENTS,
    StudyArea.METHODOLOGY,
    StudyArea.UPBRINGING,
    StudyArea.MATERIAL_ASSETS,
    StudyArea.LIBRARY,
    StudyArea.KNOWLEDGE,
)
SELF_ASSESSMENT_FIELDS = frozenset(
    [area.value for area in StudyArea]
    + [
        "teachers_total",
        "teachers_qualified",
        "students_total",
        "graduates_total",
        "library_items",
        "computers",
        "laboratories_count",
    ]
)


def _date(day) -> str:
    return formats.date_format(day, "d.m.Y")


# ---------------------------------------------------------------------------------------------
# Self-assessment (А15)


@entry_point
def self_assessment_save(attestation: Attestation, *, actor, **fields) -> SelfAssessment:
    """The organization fills in (part of) its self-assessment; it can keep editing until it
    submits."""
    require(represents(actor, attestation))
    unknown = set(fields) - SELF_ASSESSMENT_FIELDS
    if unknown:
        raise ValueError(f"Not self-assessment fields: {sorted(unknown)}")
    attestation = lock(attestation)
    if attestation.state not in (
        Attestation.State.NOTIFIED,
        Attestation.State.COMMISSION_APPROVED,
    ):
        refuse(Refusal.A15_CLOSED, case=attestation)
    assessment, _created = SelfAssessment.objects.get_or_create(attestation=attestation)
    if assessment.submitted_at is not None:
        refuse(Refusal.A15_SUBMITTED, case=attestation)
    for name, value in fields.items():
        setattr(assessment, name, value)
    assessment.updated_at = timezone.now()
    assessment.full_clean()
    assessment.save()
    return assessment


@entry_point
def self_assessment_submit(attestation: Attestation, *, actor) -> SelfAssessment:
    """А15: submit the self-assessment with copies of the charter and license; due one month
    before the start, and flagged when later.

    case_transition locks the case, answers a stale copy with `case_conflict` and asks the
    organization's rule; a refusal below rolls the transition back."""
    late = rules.self_assessment_late(attestation.start_date, today())
    comment = (
        _(
            "Submitted after the term of cl. 15 of the Instruction approved by Order No. 109 "
            "(%(due)s)."
        )
        % {"due": _date(rules.self_assessment_deadline(attestation.start_date))}
        if late
        else ""
    )
    seen = attestation
    attestation = case_transition(
        attestation, "submit_self_assessment", actor=actor, comment=comment
    )
    assessment = SelfAssessment.objects.filter(attestation=attestation).first()
    if assessment is None:
        refuse(Refusal.A15_NOT_STARTED, case=seen)
    if assessment.submitted_at is not None:
        refuse(Refusal.A15_SUBMITTED, case=seen)
    empty = [
        str(StudyArea(code).label)
        for code in assessment.empty_sections()
        if code in REQUIRED_SECTIONS
    ]
    if empty:
        refuse(Refusal.A15_SECTIONS, case=seen, sections="; ".join(empty))
    present = {e.item.code for e in attachment_checklist(attestation) if e.current}
    if any(code not in present for code in SelfAssessment.REQUIRED_ATTACHMENTS):
        refuse(Refusal.A15_ATTACHMENTS, case=seen)
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = actor
    assessment.late = late
    assessment.save(update_fields=["submitted_at", "submitted_by", "late"])
    deadline_complete(attestation, "self_assessment")
    notify_each(
        staff_of(attestation.authority_id),
        "attestation_self_assessment_submitted",
        {"attestation": attestation, "late": late},
        attestation.get_absolute_url(),
    )
    return assessment


@entry_point
def attestation_file_upload(
    attestation: Attestation, item_code: str, upload, *, actor, void_signatures=False
):
    """Add a file to the attestation: the organization its self-assessment's, before it is
    submitted; the chair (or staff) the conclusion's, while the conclusion is being written.
    A conclusion file changed after signatures voids them, since they cover its hash."""
    attestation = lock(attestation)
    if item_code in SELF_ASSESSMENT_CODES:
        require(represents(actor, attestation))
        submitted = SelfAssessment.objects.filter(
            attestation=attestation, submitted_at__isnull=False
        ).exists()
        if submitted:
            refuse(Refusal.A15_SUBMITTED, case=attestation)
    elif item_code in CONCLUSION_CODES:
        require(chair_or_staff(actor, attestation))
        if attestation.state != Attestation.State.VISIT:
            refuse(Refusal.A32_FILES_CLOSED, case=attestation)
        from .conclusions import _void_confirmed

        _void_confirmed(attestation, void_signatures)
    else:
        raise ValidationError(_("This case has no such checklist item."), code="unknown_item")
    attachment = attachment_upload(
        case=attestation, item_code=item_code, upload=upload, uploaded_by=actor
    )
    if item_code in CONCLUSION_CODES:
        from .conclusions import signatures_void

        signatures_void(attestation)
    return attachment


@entry_point
def self_assessment_update(
    attestation: Attestation, *, actor, fields: dict, files: dict | None = None, submit=False
):
    """The self-assessment page's one form: the typed sections and every file chosen on it are
    saved together, or nothing is (a refused file leaves the sections as they were, and the
    page keeps what was typed). Returns the assessment and the attachments added."""
    assessment = self_assessment_save.inner(attestation, actor=actor, **fields)
    attached = [
        attestation_file_upload.inner(attestation, code, upload, actor=actor)
        for code, upload in (files or {}).items()
        if code in SELF_ASSESSMENT_CODES
    ]
    if submit:
        assessment = self_assessment_submit.inner(attestation, actor=actor)
    return assessment, attached


# ---------------------------------------------------------------------------------------------
# The commission (А16-А18, А20, А26)


def _commission(attestation, purpose) -> Commission | None:
    return (
        Commission.objects.filter(attestation=attestation, purpose=purpose)
        .prefetch_related("members")
        .first()
    )


@entry_point
def commission_form(
    attestation: Attestation, *, actor, purpose=Commission.Purpose.ATTESTATION
) -> Commission:
    """А16: staff of the authority start composing a commission (one per purpose: a unique
    constraint backs the lock)."""
    require(is_staff_of(actor, attestation))
    attestation = lock(attestation)
    if purpose == Commission.Purpose.ATTESTATION and attestation.state not in (
        Attestation.State.NOTIFIED,
        Attestation.State.SELF_ASSESSMENT_SUBMITTED,
    ):
        refuse(Refusal.A16_NOT_NOW, case=attestation)
    if purpose == Commission.Purpose.FOLLOW_UP and attestation.state != (
        Attestation.State.SUSPENDED
    ):
        refuse(Refusal.A36_NOT_SUSPENDED, case=attestation)
    commission, _created = Commission.objects.get_or_create(
        attestation=attestation, purpose=purpose
    )
    return commission


def _draft_commission(commission: Commission, actor) -> Commission:
    commission = (
        locked(Commission).select_related("attestation__organization").get(pk=commission.pk)
    )
    require(is_staff_of(actor, commission.attestation))
    if commission.is_approved:
        refuse(Refusal.A17_COMMISSION_APPROVED)
    return commission


def _seat_checks(commission: Commission, user, role, employer) -> object:
    """А17, А18: whether `user` may take a seat of `role` on the commission; returns the state
    body the person represents there (the authority, or the supervising body), if any."""
    attestation = commission.attestation
    organization = attestation.organization
    employer_authority = None
    if not user.is_active:
        refuse(Refusal.A18_INACTIVE_ACCOUNT, person=user)
    if role == CommissionMember.Role.CHAIR:
        if not is_staff_of(user, attestation):
            refuse(Refusal.A17_CHAIR_NOT_STAFF)
        employer_authority = attestation.authority
    if role == CommissionMember.Role.AUTHORITY:
        if not is_staff_of(user, attestation):
            refuse(Refusal.A18_AUTHORITY_NOT_STAFF, person=user, authority=attestation.authority)
        employer_authority = attestation.authority
    if role == CommissionMember.Role.SUPERVISING_BODY:
        body = organization.supervising_body
        if organization.ownership != Organization.Ownership.STATE or body is None:
            refuse(Refusal.A18_NO_SUPERVISING_BODY, organization=organization)
        if not is_staff_of(user, body):
            refuse(
                Refusal.A18_NOT_SUPERVISING_BODY_STAFF,
                person=user,
                body=body,
                organization=organization,
            )
        employer_authority = body
    reason = composition.exclusion(user, organization, employer=employer)
    if reason:
        refuse(reason.code, reason.message)
    if commission.members.filter(user=user).exists():
        refuse(Refusal.A18_ALREADY_MEMBER)
    return employer_authority


@entry_point
def commission_member_add(
    commission: Commission,
    *,
    actor,
    user,
    role: str,
    employer: Organization | None = None,
    employer_authority=None,
    position: str = "",
    profile: str = "",
) -> CommissionMember:
    """А17, А18: seat a person on the commission. The chair is staff of the authority, and so
    is a representative of the authority; a representative of the supervising body works for
    the state body the (state) organization is under; nobody from the organization being
    attested, its parent or branches (composition.exclusion gives the reason). One seat per
    person and one chair: the commission's lock orders the checks, unique constraints back
    them."""
    commission = _draft_commission(commission, actor)
    role = CommissionMember.Role(role)
    employer_authority = _seat_checks(commission, user, role, employer) or employer_authority
    if role == CommissionMember.Role.CHAIR and commission.members.filter(role=role).exists():
        refuse(Refusal.A17_ONE_CHAIR)
    return CommissionMember.objects.create(
        commission=commission,
        user=user,
        role=role,
        employer=employer,
        employer_authority=employer_authority,
        position=position,
        profile=profile,
    )


@entry_point
def commission_member_remove(member: CommissionMember, *, actor) -> None:
    _draft_commission(member.commission, actor)
    member.delete()


@entry_point
def commission_member_replace(
    member: CommissionMember,
    *,
    actor,
    user,
    reason: str,
    employer: Organization | None = None,
    position: str = "",
    profile: str = "",
) -> CommissionMember:
    """А17, А18: someone else takes a member's seat (the member fell ill, or turned out to be
    from the organization), on an approved commission too, until the conclusion is signed. The
    newcomer passes the checks of a new seat; the seat keeps its role and its areas of study,
    and signatures given so far are void (the commission that signs has changed). The head of
    the authority does it, or an admin correcting the record (the admin site's action)."""
    from .conclusions import signatures_void

    attestation = lock(member.commission.attestation)
    commission = (
        locked(Commission).select_related("attestation__organization").get(pk=member.commission_id)
    )
    require(may_replace_member(actor, attestation))
    if attestation.state not in (*Attestation.BEFORE_VISIT, Attestation.State.VISIT):
        refuse(Refusal.A17_REPLACEMENT_CLOSED, case=attestation)
    if not reason.strip():
        refuse(Refusal.A17_REPLACEMENT_REASON, case=attestation)
    member = CommissionMember.objects.get(pk=member.pk)
    employer_authority = _seat_checks(commission, user, member.role, employer)
    member.user = user
    member.employer = employer
    member.employer_authority = employer_authority
    member.position = position
    member.profile = profile
    member.added_at = timezone.now()
    member.save()
    signatures_void(attestation)
    return member


@entry_point
def commission_approve(commission: Commission, *, actor, order_number: str = "") -> Commission:
    """А17: the head approves the commission no later than ten days before the start (the
    attestation commission) or when the suspension ends (the follow-up commission, А36).

    case_transition locks the case, answers a stale copy (approved meanwhile) with
    `case_conflict` and asks the head's rule; a refusal below rolls the transition back."""
    seen = commission.attestation
    require(is_head_of(actor, seen))
    transition = (
        "approve_commission"
        if commission.purpose == Commission.Purpose.ATTESTATION
        else "start_follow_up"
    )
    attestation = case_transition(seen, transition, actor=actor, comment=order_number)
    commission = locked(Commission).get(pk=commission.pk)
    members = list(commission.members.select_related("user", "employer"))
    if not any(m.is_chair for m in members):
        refuse(Refusal.A17_NO_CHAIR, case=seen)
    if len(members) < 2:
        refuse(Refusal.A18_TOO_FEW_MEMBERS, case=seen)
    organization = attestation.organization
    # А18: someone may have joined the organization (or the register learned of it) since
    # they were seated.
    excluded = [
        reason
        for m in members
        if (reason := composition.exclusion(m.user, organization, employer=m.employer))
    ]
    if excluded:
        refuse(excluded[0].code, " ".join(r.message for r in excluded), case=seen)
    if not composition.supervising_body_sits(attestation, members):
        refuse(Refusal.A18_SUPERVISING_BODY_MISSING, case=seen, body=organization.supervising_body)
    if commission.purpose == Commission.Purpose.ATTESTATION and not rules.commission_in_time(
        attestation.start_date, today()
    ):
        refuse(
            Refusal.A17_COMMISSION_LATE,
            case=seen,
            start=_date(attestation.start_date),
            deadline=_date(rules.commission_deadline(attestation.start_date)),
        )
    commission.approved_at = timezone.now()
    commission.approved_by = actor
    commission.order_number = order_number
    commission.save(update_fields=["approved_at", "approved_by", "order_number"])
    if commission.purpose == Commission.Purpose.ATTESTATION:
        deadline_complete(attestation, "commission")
    link = attestation.get_absolute_url()
    notify_each(
        commission_people(commission),
        "attestation_commission_approved",
        {"attestation": attestation, "commission": commission},
        link,
    )
    # The organization hears who comes and when the visit starts.
    members = list(commission.members.select_related("user").order_by("role", "pk"))
    notify_each(
        representatives_of(attestation.organization_id),
        "attestation_commission_formed",
        {"attestation": attestation, "commission": commission, "members": members},
        link,
    )
    return commission


def _chair_seat(commission: Commission, actor) -> CommissionMember:
    seat = seat_of(actor, commission)
    require(seat is not None and seat.is_chair)
    return seat


@entry_point
def study_area_assign(
    commission: Commission, area: str, member: CommissionMember, *, actor
) -> StudyAreaAssignment:
    """А20: the chair gives an area of study (А7) to a member (one member per area: a unique
    constraint, and the commission's lock)."""
    lock(commission)
    commission = Commission.objects.prefetch_related("members").get(pk=commission.pk)
    _chair_seat(commission, actor)
    if member.commission_id != commission.pk:
        refuse(Refusal.A20_NOT_A_MEMBER)
    if area not in StudyArea.values:
        raise ValueError(f"Not an area of study: {area!r}")
    assignment, _created = StudyAreaAssignment.objects.update_or_create(
        commission=commission, area=area, defaults={"member": member}
    )
    return assignment


@entry_point
def study_area_report(
    assignment: StudyAreaAssignment,
    *,
    actor,
    findings: str,
    deficiencies: str = "",
    recommendations: str = "",
) -> StudyAreaAssignment:
    """А23: the member reports findings, deficiencies and recommendations on their area."""
    assignment = locked(StudyAreaAssignment).get(pk=assignment.pk)
    commission = (
        Commission.objects.prefetch_related("members")
        .select_related("attestation")
        .get(pk=assignment.commission_id)
    )
    seat = seat_of(actor, commission)
    require(seat is not None and (seat.pk == assignment.member_id or seat.is_chair))
    if commission.attestation.state != Attestation.State.VISIT:
        refuse(Refusal.A23_NOT_DURING_VISIT, case=commission.attestation)
    assignment.findings = findings
    assignment.deficiencies = deficiencies
    assignment.recommendations = recommendations
    assignment.reported_at = timezone.now()
    assignment.save()
    return assignment


@entry_point
def written_work_panel_set(
    commission: Commission, member: CommissionMember, teacher: str, *, actor
) -> Commission:
    """А26: the chair approves the joint commission for written works: the chair, this member
    and one teacher of the organization."""
    lock(commission)
    commission = Commission.objects.prefetch_related("members").get(pk=commission.pk)
    _chair_seat(commission, actor)
    if member.commission_id != commission.pk or member.is_chair:
        refuse(Refusal.A26_PANEL_MEMBER)
    if not teacher.strip():
        refuse(Refusal.A26_PANEL_TEACHER)
    commission.written_work_member = member
    commission.written_work_teacher = teacher
    commission.save(update_fields=["written_work_member", "written_work_teacher"])
    return commission


# ---------------------------------------------------------------------------------------------
# The visit (А19)


@entry_point
def visit_start(attestation: Attestation, *, actor) -> Attestation:
    """А17, А19: the visit starts only with an approved commission, on or after the scheduled
    start, and lasts at most seven working days. The chair or the authority's staff start it
    (the transition's rule)."""
    seen = attestation
    attestation = case_transition(attestation, "start_visit", actor=actor)
    commission = _commission(attestation, Commission.Purpose.ATTESTATION)
    if commission is None or not commission.is_approved:
        refuse(Refusal.A17_VISIT_BEFORE_APPROVAL, case=seen)
    day = today()
    if day < attestation.start_date:
        refuse(Refusal.A19_BEFORE_START, case=seen, start=_date(attestation.start_date))
    attestation.visit_started_on = day
    attestation.visit_ends_on = rules.visit_last_day(day)
    attestation.save(update_fields=["visit_started_on", "visit_ends_on"])
    # А15: the self-assessment's term ends with the visit; one not met is closed as it stands,
    # after its due date (late), instead of running through the conclusion.
    deadline_complete(attestation, "self_assessment")
    notify_each(
        representatives_of(attestation.organization_id),
        "attestation_visit_started",
        {"attestation": attestation},
        attestation.get_absolute_url(),
    )
    return attestation

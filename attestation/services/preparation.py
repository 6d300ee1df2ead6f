"""Before and at the start of the visit: self-assessment (А15), commission (А16-А18, А20, А26),
files, and the visit itself (А19)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.attachments import attachment_checklist, attachment_upload
from casework.deadlines import deadline_complete
from casework.services import case_transition
from registry.models import Organization

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
from ..permissions import (
    head_of_case,
    is_head_of,
    is_staff_of,
    organization_of_case,
    represents,
    seat_of,
)
from ._common import authority_people, commission_people, lock, refuse, require, tell, today

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


def self_assessment_save(attestation: Attestation, *, actor, **fields) -> SelfAssessment:
    """The organization fills in (part of) its self-assessment; it can keep editing until it
    submits."""
    require(represents(actor, attestation.organization_id))
    unknown = set(fields) - SELF_ASSESSMENT_FIELDS
    if unknown:
        raise ValueError(f"Not self-assessment fields: {sorted(unknown)}")
    with transaction.atomic():
        attestation = lock(attestation)
        if attestation.state not in (
            Attestation.State.NOTIFIED,
            Attestation.State.COMMISSION_APPROVED,
        ):
            refuse(_("The self-assessment can no longer be changed."), attestation)
        assessment, _created = SelfAssessment.objects.get_or_create(attestation=attestation)
        if assessment.submitted_at is not None:
            refuse(_("The self-assessment has been submitted."), attestation)
        for name, value in fields.items():
            setattr(assessment, name, value)
        assessment.updated_at = timezone.now()
        assessment.full_clean()
        assessment.save()
    return assessment


def self_assessment_submit(attestation: Attestation, *, actor) -> SelfAssessment:
    """А15: submit the self-assessment with copies of the charter and license; due one month
    before the start, and flagged when later."""
    require(represents(actor, attestation.organization_id))
    with transaction.atomic():
        attestation = lock(attestation)
        assessment = SelfAssessment.objects.filter(attestation=attestation).first()
        if assessment is None:
            refuse(_("Fill in the self-assessment first."), attestation)
        if assessment.submitted_at is not None:
            refuse(_("The self-assessment has been submitted already."), attestation)
        empty = [
            str(StudyArea(code).label)
            for code in assessment.empty_sections()
            if code in REQUIRED_SECTIONS
        ]
        if empty:
            refuse(
                _("Fill in these sections: %(sections)s.") % {"sections": "; ".join(empty)},
                attestation,
            )
        present = {e.item.code for e in attachment_checklist(attestation) if e.current}
        missing = [code for code in SelfAssessment.REQUIRED_ATTACHMENTS if code not in present]
        if missing:
            refuse(_("Clause 15: attach copies of the charter and of the license."), attestation)
        day = today()
        late = rules.self_assessment_late(attestation.start_date, day)
        comment = (
            _("Submitted after the term of clause 15 (%(due)s).")
            % {"due": _date(rules.self_assessment_deadline(attestation.start_date))}
            if late
            else ""
        )
        attestation = case_transition(
            attestation,
            "submit_self_assessment",
            actor=actor,
            permission=organization_of_case,
            comment=comment,
        )
        assessment.submitted_at = timezone.now()
        assessment.submitted_by = actor
        assessment.late = late
        assessment.save(update_fields=["submitted_at", "submitted_by", "late"])
        deadline_complete(attestation, "self_assessment")
        tell(
            authority_people(attestation.authority_id),
            "attestation_self_assessment_submitted",
            {"attestation": attestation, "late": late},
            attestation.get_absolute_url(),
        )
    return assessment


def attestation_file_upload(attestation: Attestation, item_code: str, upload, *, actor):
    """Add a file to the attestation: the organization its self-assessment's, before it is
    submitted; the chair (or staff) the conclusion's, while the conclusion is being written.
    A conclusion file changed after signatures voids them, since they cover its hash."""
    with transaction.atomic():
        attestation = lock(attestation)
        if item_code in SELF_ASSESSMENT_CODES:
            require(represents(actor, attestation.organization_id))
            submitted = SelfAssessment.objects.filter(
                attestation=attestation, submitted_at__isnull=False
            ).exists()
            if submitted:
                refuse(_("The self-assessment has been submitted."), attestation)
        elif item_code in CONCLUSION_CODES:
            commission = _commission(attestation, Commission.Purpose.ATTESTATION)
            seat = seat_of(actor, commission) if commission else None
            require(
                (seat is not None and seat.is_chair) or is_staff_of(actor, attestation.authority_id)
            )
            if attestation.state != Attestation.State.VISIT:
                refuse(_("The conclusion is signed; its files cannot change."), attestation)
        else:
            raise ValidationError(_("This case has no such checklist item."))
        attachment = attachment_upload(
            case=attestation, item_code=item_code, upload=upload, uploaded_by=actor
        )
        if item_code in CONCLUSION_CODES:
            from .conclusions import signatures_void

            signatures_void(attestation)
    return attachment


# ---------------------------------------------------------------------------------------------
# The commission (А16-А18, А20, А26)


def _commission(attestation, purpose) -> Commission | None:
    return (
        Commission.objects.filter(attestation=attestation, purpose=purpose)
        .prefetch_related("members")
        .first()
    )


def commission_form(
    attestation: Attestation, *, actor, purpose=Commission.Purpose.ATTESTATION
) -> Commission:
    """А16: staff of the authority start composing a commission (one per purpose)."""
    require(is_staff_of(actor, attestation.authority_id))
    with transaction.atomic():
        attestation = lock(attestation)
        if purpose == Commission.Purpose.ATTESTATION and attestation.state not in (
            Attestation.State.NOTIFIED,
            Attestation.State.SELF_ASSESSMENT_SUBMITTED,
        ):
            refuse(_("The commission cannot be formed at this stage."), attestation)
        if purpose == Commission.Purpose.FOLLOW_UP and attestation.state != (
            Attestation.State.SUSPENDED
        ):
            refuse(_("A follow-up commission checks a suspended license only."), attestation)
        commission, _created = Commission.objects.get_or_create(
            attestation=attestation, purpose=purpose
        )
    return commission


def _draft_commission(commission: Commission, actor) -> Commission:
    commission = (
        Commission.objects.select_for_update(of=("self",))
        .select_related("attestation__organization")
        .get(pk=commission.pk)
    )
    require(is_staff_of(actor, commission.attestation.authority_id))
    if commission.is_approved:
        refuse(_("The commission is approved; its composition cannot change."))
    return commission


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
    attested, its parent or branches (composition.exclusion gives the reason)."""
    with transaction.atomic():
        commission = _draft_commission(commission, actor)
        attestation = commission.attestation
        organization = attestation.organization
        role = CommissionMember.Role(role)
        if not user.is_active:
            refuse(_("%(person)s has no active portal account.") % {"person": user})
        if role == CommissionMember.Role.CHAIR and not is_staff_of(user, attestation.authority_id):
            refuse(_("Clause 17: the chair must be a staff member of the authority."))
        if role == CommissionMember.Role.AUTHORITY:
            if not is_staff_of(user, attestation.authority_id):
                refuse(
                    _(
                        "Clause 18: a representative of the authority is one of its staff; "
                        "%(person)s does not work for %(authority)s."
                    )
                    % {"person": user, "authority": attestation.authority}
                )
            employer_authority = attestation.authority
        if role == CommissionMember.Role.SUPERVISING_BODY:
            body = organization.supervising_body
            if organization.ownership != Organization.Ownership.STATE or body is None:
                refuse(
                    _(
                        "Clause 18: a representative of a supervising state body sits on the "
                        "commission of a state organization; %(organization)s has no "
                        "supervising body on record."
                    )
                    % {"organization": organization}
                )
            if not is_staff_of(user, body.pk):
                refuse(
                    _(
                        "Clause 18: %(person)s does not work for %(body)s, the state body "
                        "%(organization)s is under."
                    )
                    % {"person": user, "body": body, "organization": organization}
                )
            employer_authority = body
        if role == CommissionMember.Role.CHAIR:
            employer_authority = attestation.authority
        reason = composition.exclusion(user, organization, employer=employer)
        if reason:
            refuse(reason)
        if commission.members.filter(user=user).exists():
            refuse(_("This person is already on the commission."))
        if role == CommissionMember.Role.CHAIR and commission.members.filter(role=role).exists():
            refuse(_("The commission already has a chair."))
        return CommissionMember.objects.create(
            commission=commission,
            user=user,
            role=role,
            employer=employer,
            employer_authority=employer_authority,
            position=position,
            profile=profile,
        )


def commission_member_remove(member: CommissionMember, *, actor) -> None:
    with transaction.atomic():
        _draft_commission(member.commission, actor)
        member.delete()


def commission_approve(commission: Commission, *, actor, order_number: str = "") -> Commission:
    """А17: the head approves the commission no later than ten days before the start (the
    attestation commission) or when the suspension ends (the follow-up commission, А36)."""
    with transaction.atomic():
        attestation = lock(commission.attestation)
        commission = Commission.objects.select_for_update().get(pk=commission.pk)
        require(is_head_of(actor, attestation.authority_id))
        if commission.is_approved:
            refuse(_("The commission is approved already."), attestation)
        members = list(commission.members.select_related("user", "employer"))
        if not any(m.is_chair for m in members):
            refuse(_("Clause 17: appoint a chair from the authority's staff."), attestation)
        if len(members) < 2:
            refuse(_("Add the members of the commission."), attestation)
        organization = attestation.organization
        # А18: someone may have joined the organization (or the register learned of it) since
        # they were seated.
        excluded = [
            reason
            for m in members
            if (reason := composition.exclusion(m.user, organization, employer=m.employer))
        ]
        if excluded:
            refuse(" ".join(excluded), attestation)
        if not composition.supervising_body_sits(attestation, members):
            refuse(
                _(
                    "Clause 18: a state organization's commission includes a representative "
                    "of its supervising body (%(body)s)."
                )
                % {"body": organization.supervising_body},
                attestation,
            )
        if commission.purpose == Commission.Purpose.ATTESTATION:
            day = today()
            if not rules.commission_in_time(attestation.start_date, day):
                refuse(
                    _(
                        "Clause 17: the commission is approved no later than ten days before "
                        "the attestation starts (%(start)s); the last day was %(deadline)s."
                    )
                    % {
                        "start": _date(attestation.start_date),
                        "deadline": _date(rules.commission_deadline(attestation.start_date)),
                    },
                    attestation,
                )
            transition = "approve_commission"
        else:
            transition = "start_follow_up"
        attestation = case_transition(
            attestation, transition, actor=actor, permission=head_of_case, comment=order_number
        )
        commission.approved_at = timezone.now()
        commission.approved_by = actor
        commission.order_number = order_number
        commission.save(update_fields=["approved_at", "approved_by", "order_number"])
        if commission.purpose == Commission.Purpose.ATTESTATION:
            deadline_complete(attestation, "commission")
        tell(
            commission_people(commission),
            "attestation_commission_approved",
            {"attestation": attestation, "commission": commission},
            attestation.get_absolute_url(),
        )
    return commission


def _chair_seat(commission: Commission, actor) -> CommissionMember:
    seat = seat_of(actor, commission)
    require(seat is not None and seat.is_chair)
    return seat


def study_area_assign(
    commission: Commission, area: str, member: CommissionMember, *, actor
) -> StudyAreaAssignment:
    """А20: the chair gives an area of study (А7) to a member."""
    commission = Commission.objects.prefetch_related("members").get(pk=commission.pk)
    _chair_seat(commission, actor)
    if member.commission_id != commission.pk:
        refuse(_("Only a member of this commission can be given an area."))
    if area not in StudyArea.values:
        raise ValueError(f"Not an area of study: {area!r}")
    with transaction.atomic():
        assignment, _created = StudyAreaAssignment.objects.update_or_create(
            commission=commission, area=area, defaults={"member": member}
        )
    return assignment


def study_area_report(
    assignment: StudyAreaAssignment,
    *,
    actor,
    findings: str,
    deficiencies: str = "",
    recommendations: str = "",
) -> StudyAreaAssignment:
    """А23: the member reports findings, deficiencies and recommendations on their area."""
    assignment = StudyAreaAssignment.objects.select_related(
        "member", "commission__attestation"
    ).get(pk=assignment.pk)
    commission = Commission.objects.prefetch_related("members").get(pk=assignment.commission_id)
    seat = seat_of(actor, commission)
    require(seat is not None and (seat.pk == assignment.member_id or seat.is_chair))
    if commission.attestation.state != Attestation.State.VISIT:
        refuse(_("Findings are reported during the visit."))
    assignment.findings = findings
    assignment.deficiencies = deficiencies
    assignment.recommendations = recommendations
    assignment.reported_at = timezone.now()
    assignment.save()
    return assignment


def written_work_panel_set(
    commission: Commission, member: CommissionMember, teacher: str, *, actor
) -> Commission:
    """А26: the chair approves the joint commission for written works: the chair, this member
    and one teacher of the organization."""
    commission = Commission.objects.prefetch_related("members").get(pk=commission.pk)
    _chair_seat(commission, actor)
    if member.commission_id != commission.pk or member.is_chair:
        refuse(_("Clause 26: choose one member of the commission other than the chair."))
    if not teacher.strip():
        refuse(_("Clause 26: name the teacher of the organization."))
    commission.written_work_member = member
    commission.written_work_teacher = teacher
    commission.save(update_fields=["written_work_member", "written_work_teacher"])
    return commission


# ---------------------------------------------------------------------------------------------
# The visit (А19)


def visit_start(attestation: Attestation, *, actor) -> Attestation:
    """А17, А19: the visit starts only with an approved commission, on or after the scheduled
    start, and lasts at most seven working days."""
    with transaction.atomic():
        attestation = lock(attestation)
        commission = _commission(attestation, Commission.Purpose.ATTESTATION)
        seat = seat_of(actor, commission) if commission else None
        require(
            (seat is not None and seat.is_chair) or is_staff_of(actor, attestation.authority_id)
        )
        if commission is None or not commission.is_approved:
            refuse(
                _("Clause 17: the visit cannot start before the commission is approved."),
                attestation,
            )
        day = today()
        if day < attestation.start_date:
            refuse(
                _("The attestation starts on %(start)s.")
                % {"start": _date(attestation.start_date)},
                attestation,
            )
        attestation = case_transition(attestation, "start_visit", actor=actor)
        attestation.visit_started_on = day
        attestation.visit_ends_on = rules.visit_last_day(day)
        attestation.save(update_fields=["visit_started_on", "visit_ends_on"])
    return attestation

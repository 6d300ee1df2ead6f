"""Reads of attestation for pages and the API; each costs a fixed number of queries."""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from casework.deadlines import LIVE as DEADLINE_LIVE
from casework.deadlines import deadline_list
from registry.models import Organization, Role, Specialty
from registry.predicates import is_head_of, is_staff_of, represents

from .accredited import accredited_for_schedule
from .models import (
    Attestation,
    Cohort,
    Commission,
    CommissionMember,
    Conclusion,
    PostponementRequest,
    ResultCell,
    Schedule,
    ScheduleEntry,
    Student,
    StudyArea,
)


def attestation_visible_to(user) -> QuerySet[Attestation]:
    """The attestations a user may see: their authority's, their organizations', and those of
    the commissions they sit on (admins see all)."""
    base = Attestation.objects.select_related("organization", "authority", "schedule_entry")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.is_admin:
        return base
    authorities = [
        a.authority_id for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)
    ]
    seats = CommissionMember.objects.filter(
        user=user, commission__approved_at__isnull=False
    ).values("commission__attestation_id")
    return base.filter(
        Q(authority_id__in=authorities)
        | Q(organization_id__in=user.represented_organization_ids)
        | Q(pk__in=seats)
    )


def attestation_get_visible(user, pk: int) -> Attestation:
    """Attestation.DoesNotExist for one the user may not see, as for one that does not exist."""
    return attestation_visible_to(user).get(pk=pk)


def attestation_queue(authority_id: int) -> QuerySet[Attestation]:
    """Staff's queue: the authority's open attestations, the nearest term first."""
    return (
        Attestation.objects.filter(authority_id=authority_id, closed_at__isnull=True)
        .exclude(state=Attestation.State.CANCELLED)
        .select_related("organization", "assignee")
        .order_by("due_date", "start_date", "pk")
    )


def schedules_of(authority_id: int) -> QuerySet[Schedule]:
    return Schedule.objects.filter(authority_id=authority_id).order_by("-year")


def schedule_visible_to(user) -> QuerySet[Schedule]:
    """The schedules of the authority a staff member or head works for (admins see all)."""
    base = Schedule.objects.select_related("authority", "approved_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return base.none()
    if user.is_admin:
        return base
    authorities = [
        a.authority_id for a in user.role_assignments if a.role in (Role.STAFF, Role.HEAD)
    ]
    return base.filter(authority_id__in=authorities)


def commission_seats(user) -> QuerySet[CommissionMember]:
    """A commission member's seats on approved commissions, for their workspace."""
    return (
        CommissionMember.objects.filter(user=user, commission__approved_at__isnull=False)
        .select_related("commission__attestation__organization")
        .order_by("-commission__attestation__start_date")
    )


def commission_of(attestation, purpose=Commission.Purpose.ATTESTATION) -> Commission | None:
    return (
        Commission.objects.filter(attestation=attestation, purpose=purpose)
        .prefetch_related("members__user", "assignments__member__user")
        .first()
    )


def attestations_of_organizations(organization_ids) -> QuerySet[Attestation]:
    """An organization's attestations, for its representatives' notices."""
    return (
        Attestation.objects.filter(organization_id__in=list(organization_ids))
        .select_related("organization", "schedule_entry")
        .order_by("-start_date")
    )


def schedule_entries(schedule: Schedule) -> QuerySet[ScheduleEntry]:
    return (
        schedule.entries.select_related("organization", "attestation")
        .prefetch_related("specialties")
        .order_by("removed_at", "start_date", "organization__name")
    )


def schedule_entries_apart(schedule: Schedule) -> dict:
    """Item 11 of issue 11: the schedule's entries with those of organizations holding a valid
    institutional accreditation listed apart, each entry's programmes with a valid specialized
    accreditation named, and, when accreditation exempts, the accredited organizations of the
    jurisdiction the proposal left out. A fixed number of queries for any number of entries."""
    accredited = accredited_for_schedule(schedule.year)
    entries = list(schedule_entries(schedule))
    programme_ids = set()
    for entry in entries:
        entry.holds_accreditation = accredited.holds(entry.organization_id)
        programme_ids |= accredited.programmes_of(entry.organization_id)
    programmes = (
        {s.pk: s for s in Specialty.objects.filter(pk__in=programme_ids).order_by("code")}
        if programme_ids
        else {}
    )
    for entry in entries:
        entry.accredited_programmes = [
            programme
            for pk, programme in programmes.items()
            if pk in accredited.programmes_of(entry.organization_id)
        ]
    left_out = []
    if accredited.exempts and schedule.state == Schedule.State.DRAFT:
        present = {e.organization_id for e in entries if e.removed_at is None}
        left_out = list(
            Organization.objects.filter(
                pk__in=accredited.organizations - present,
                region__path__startswith=schedule.authority.jurisdiction.path,
                status=Organization.Status.ACTIVE,
            ).order_by("name")
        )
    return {
        "all_entries": entries,
        "entries": [e for e in entries if not e.holds_accreditation],
        "accredited_entries": [e for e in entries if e.holds_accreditation],
        "accredited": accredited,
        "left_out": left_out,
    }


def pending_postponements(schedule: Schedule) -> QuerySet[PostponementRequest]:
    return PostponementRequest.objects.filter(
        entry__schedule=schedule, status=PostponementRequest.Status.PENDING
    ).select_related("entry__organization", "submitted_by")


def files_of(attestation: Attestation, part: str) -> dict:
    """The checklist entries of the self-assessment ("self") or of the conclusion."""
    from casework.attachments import attachment_checklist

    from .checklist import CONCLUSION_CODES, SELF_ASSESSMENT_CODES

    codes = SELF_ASSESSMENT_CODES if part == "self" else CONCLUSION_CODES
    return {"files": [e for e in attachment_checklist(attestation) if e.item.code in codes]}


def attestation_page(attestation: Attestation, user) -> dict:
    """Everything the case page shows, and which of its panels this user acts in."""
    from . import figures

    commission = commission_of(attestation)
    follow_up = commission_of(attestation, Commission.Purpose.FOLLOW_UP)
    seat = (
        next((m for m in commission.members.all() if m.user_id == user.pk), None)
        if commission
        else None
    )
    conclusion = (
        Conclusion.objects.filter(commission=commission).prefetch_related("signatures").first()
        if commission
        else None
    )
    states = Attestation.State
    today = timezone.localdate()
    terms = [
        {
            "label": Attestation.DEADLINE_KINDS.get(d.kind, d.kind),
            "due": timezone.localdate(d.due_at),
            "overdue": timezone.localdate(d.due_at) < today,
        }
        for d in deadline_list(attestation)
        if d.state in DEADLINE_LIVE
    ]
    return {
        "terms": terms,
        "results_entered": ResultCell.objects.filter(
            student__cohort__attestation=attestation
        ).exists(),
        "is_staff": is_staff_of(user, attestation),
        "is_head": is_head_of(user, attestation),
        "is_organization": represents(user, attestation),
        "seat": seat,
        "commission": commission,
        "follow_up_commission": follow_up,
        "self_assessment": getattr(attestation, "self_assessment", None),
        "conclusion": conclusion,
        "report": figures.figures(attestation, conclusion.compliant if conclusion else True)
        if attestation.state not in (states.SCHEDULED, states.NOTIFIED, states.CANCELLED)
        else None,
        "cohorts": attestation.cohorts.select_related("specialty"),
        "requests": PostponementRequest.objects.filter(entry=attestation.schedule_entry_id),
        "conclusion_files": files_of(attestation, "conclusion")["files"],
        "area_choices": StudyArea.choices,
    }


def grid_rows(attestation: Attestation, columns=()) -> list[dict]:
    """The grid: per cohort, its sampled students with their cells, in the order of `columns`
    (an empty cell where nothing was entered). Three queries for any number of students."""
    from .figures import test_grade
    from .models import COLUMN_RANGES

    cohorts = (
        Cohort.objects.filter(attestation=attestation)
        .select_related("specialty")
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "students",
                queryset=Student.objects.filter(in_sample=True)
                .order_by("row")
                .prefetch_related("cells__entered_by"),
                to_attr="sampled",
            )
        )
    )
    rows = []
    for cohort in cohorts:
        students = []
        for student in cohort.sampled:
            cells = {c.column: c for c in student.cells.all()}
            students.append(
                {
                    "student": student,
                    "cells": cells,
                    "grade": test_grade({k: c.value for k, c in cells.items()}),
                    "row": [
                        {
                            "column": column,
                            "cell": cells.get(column),
                            "min": COLUMN_RANGES[column][0],
                            "max": COLUMN_RANGES[column][1],
                        }
                        for column in columns
                    ],
                }
            )
        rows.append({"cohort": cohort, "students": students})
    return rows


def conclusion_page(attestation, commission, conclusion, user) -> dict:
    from .services import content_hash

    seat = (
        next((m for m in commission.members.all() if m.user_id == user.pk), None)
        if commission
        else None
    )
    signatures = (
        list(conclusion.signatures.select_related("signer", "member")) if conclusion else []
    )
    live = {s.member_id for s in signatures if s.voided_at is None}
    return {
        "commission": commission,
        "conclusion": conclusion,
        "seat": seat,
        "signatures": signatures,
        "unsigned": [m for m in commission.members.all() if m.pk not in live] if commission else [],
        "has_signed": seat is not None and seat.pk in live,
        "sha256": content_hash(conclusion, attestation) if conclusion else "",
        **files_of(attestation, "conclusion"),
    }


def _attestation_conclusion(attestation: Attestation):
    return (
        Conclusion.objects.filter(
            commission__attestation=attestation,
            commission__purpose=Commission.Purpose.ATTESTATION,
        )
        .select_related("acknowledged_by")
        .first()
    )


def decision_page(attestation: Attestation) -> dict:
    """What the head reads beside the decision form: the conclusion's recommendation, whether
    the organization acknowledged it (А31), and А35's figures."""
    from . import figures, rules

    conclusion = _attestation_conclusion(attestation)
    signed_on = attestation.conclusion_signed_on
    return {
        "conclusion": conclusion,
        "report": figures.figures(attestation, conclusion.compliant if conclusion else True),
        "decision_due": rules.decision_deadline(signed_on) if signed_on else None,
    }


def decision_facts(attestation: Attestation, data: dict) -> dict:
    """What a decision will do, stated before it is recorded: for "not attest" the license
    suspended and its dates (А34); whether the organization has acknowledged the conclusion
    (А31)."""
    from . import rules
    from .models import Decision
    from .services.decisions import _organization_license

    conclusion = _attestation_conclusion(attestation)
    acknowledged = conclusion is not None and conclusion.acknowledged_at is not None
    suspension = None
    if data["decision"] == Decision.NOT_ATTEST:
        start = timezone.localdate()
        months = data["suspension_months"]
        license_ = _organization_license(attestation)
        suspension = {
            "months": months,
            "start": start,
            "until": rules.suspension_end(start, months),
            "license": license_.number if license_ else "",
            "remedy_by": rules.remedy_deadline(start),
        }
    return {
        "decision_label": Decision(data["decision"]).label,
        "acknowledged": acknowledged,
        "conclusion": conclusion,
        "suspension": suspension,
    }

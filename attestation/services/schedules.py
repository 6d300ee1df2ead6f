"""Schedules (А4, А5, А11-А14), postponement requests, and intermediate state control results."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from casework.deadlines import deadline_cancel, deadline_open
from casework.exceptions import refuse, require
from casework.locks import lock, locked
from casework.notifications import notify_each, representatives_of, staff_of
from casework.services import case_create, case_transition, entry_point
from registry.models import EducationLevel, Organization, Procedure, Specialty
from registry.predicates import is_head_of, is_staff_of, represents

from .. import csv_import, rules
from ..accredited import accredited_for_schedule
from ..models import (
    Attestation,
    AttestationKind,
    ControlResult,
    ControlResultImport,
    KnowledgeCheck,
    PostponementRequest,
    PriorAttestation,
    Schedule,
    ScheduleChange,
    ScheduleEntry,
)
from ..permissions import may_cancel
from ..refusals import AttestationRefusal as Refusal
from ._common import today


def _date(day) -> str:
    return formats.date_format(day, "d.m.Y")


# ---------------------------------------------------------------------------------------------
# Reads the proposal needs


def last_attested_on(organization_ids) -> dict[int, object]:
    """А4: the date each organization was last attested, from the portal's decisions and from
    the attestations entered from before the portal (absent: never)."""
    ids = list(organization_ids)
    last = dict(
        PriorAttestation.objects.filter(organization_id__in=ids)
        .values("organization_id")
        .annotate(last=Max("attested_on"))
        .values_list("organization_id", "last")
    )
    decided = (
        Attestation.objects.filter(organization_id__in=ids, decision="attest")
        .values("organization_id")
        .annotate(last=Max("decided_at"))
        .values_list("organization_id", "last")
    )
    for organization_id, moment in decided:
        day = timezone.localdate(moment)
        if organization_id not in last or last[organization_id] < day:
            last[organization_id] = day
    return last


def control_results_over_threshold(organization_ids, control_year: int) -> dict[int, dict]:
    """А5: organizations whose intermediate state control of `control_year` is over the
    threshold: {organization id: {"specialties": [ids], "basis": text}}. An organization-wide
    result over it takes the whole organization; otherwise (higher education) the specialties
    over it."""
    found: dict[int, dict] = {}
    rows = ControlResult.objects.filter(
        organization_id__in=list(organization_ids), year=control_year
    ).select_related("specialty")
    for row in rows.order_by("organization_id", "specialty__code"):
        if not rules.control_over_threshold(row.tested, row.failed):
            continue
        item = found.setdefault(
            row.organization_id, {"whole": False, "specialties": [], "parts": []}
        )
        if row.specialty_id is None:
            item["whole"] = True
        else:
            item["specialties"].append(row.specialty_id)
        label = row.specialty.code if row.specialty_id else _("organization")
        item["parts"].append(f"{label}: {row.failed}/{row.tested}")
    return {
        org_id: {
            "specialties": [] if item["whole"] else item["specialties"],
            "basis": _("Intermediate state control %(year)s, failed of tested: %(parts)s")
            % {"year": control_year, "parts": "; ".join(item["parts"])},
        }
        for org_id, item in found.items()
    }


def default_test_form(organization: Organization) -> str:
    """А24, А27: how knowledge is checked, guessed from the levels the organization teaches;
    staff may change it before the roster is loaded."""
    levels = list(organization.levels.all())
    if levels and all(level.group == EducationLevel.Group.SPECIAL for level in levels):
        return KnowledgeCheck.OTHER
    if is_preschool(organization):
        return KnowledgeCheck.QUESTIONNAIRE
    return KnowledgeCheck.TEST


def is_preschool(organization: Organization) -> bool:
    """А27: an organization that teaches preschool levels only."""
    levels = list(organization.levels.all())
    return bool(levels) and all("preschool" in level.code for level in levels)


# ---------------------------------------------------------------------------------------------
# The draft


@entry_point
def schedule_propose(authority, year: int, *, actor) -> Schedule:
    """А4, А5, А11: the portal's proposal for an authority's schedule of `year`: organizations
    in its jurisdiction last attested five or more years before (or never) as planned, and those
    over the control threshold the year before as extraordinary. Proposing again adds what is
    new and keeps the entries (and dates) already there.

    Item 11 of issue 11: organizations and programmes holding a valid accreditation stay in the
    proposal (the schedule page lists them apart) unless accreditation's setting exempts them;
    then an accredited organization is left out, and so is an accredited specialty of an
    extraordinary attestation (the organization too, when all of them are)."""
    require(is_staff_of(actor, authority))
    if not authority.handles(Procedure.ATTESTATION):
        refuse(Refusal.A11_NOT_CONDUCTED)
    with transaction.atomic():
        schedule, _created = Schedule.objects.get_or_create(authority=authority, year=year)
        schedule = lock(schedule)
        if schedule.state != Schedule.State.DRAFT:
            refuse(Refusal.A11_SCHEDULE_APPROVED)
        present = set(
            schedule.entries.filter(removed_at__isnull=True).values_list(
                "organization_id", flat=True
            )
        )
        elsewhere = ScheduleEntry.objects.filter(
            schedule__year=year, removed_at__isnull=True
        ).exclude(schedule=schedule)
        candidates = list(
            Organization.objects.filter(
                region__path__startswith=authority.jurisdiction.path,
                status=Organization.Status.ACTIVE,
            )
            .exclude(pk__in=present)
            .exclude(pk__in=elsewhere.values("organization_id"))
            .order_by("pk")
        )
        accredited = accredited_for_schedule(year)
        if accredited.exempts:
            candidates = [org for org in candidates if not accredited.holds(org.pk)]
        ids = [org.pk for org in candidates]
        last = last_attested_on(ids)
        over = control_results_over_threshold(ids, year - 1)
        if accredited.exempts:
            over = _accredited_programmes_left_out(over, accredited)
        specialties = []
        for org in candidates:
            if org.pk in over:  # А5
                entry = ScheduleEntry.objects.create(
                    schedule=schedule,
                    organization=org,
                    kind=AttestationKind.EXTRAORDINARY,
                    basis=over[org.pk]["basis"],
                    last_attested_on=last.get(org.pk),
                )
                specialties += [(entry, s) for s in over[org.pk]["specialties"]]
            elif rules.planned_attestation_due(last.get(org.pk), year):  # А4
                ScheduleEntry.objects.create(
                    schedule=schedule,
                    organization=org,
                    kind=AttestationKind.PLANNED,
                    basis=(
                        _("Last attested on %(date)s") % {"date": _date(last[org.pk])}
                        if org.pk in last
                        else _("Never attested")
                    ),
                    last_attested_on=last.get(org.pk),
                )
        through = ScheduleEntry.specialties.through
        through.objects.bulk_create(
            [through(scheduleentry_id=e.pk, specialty_id=s) for e, s in specialties]
        )
    return schedule


def _accredited_programmes_left_out(over: dict[int, dict], accredited) -> dict[int, dict]:
    """Item 11 of issue 11, when accreditation exempts: an extraordinary attestation of some
    specialties (А5) keeps those without a valid accreditation; with none left, the organization
    is not due for it (the five-year rule may still list it)."""
    kept = {}
    for org_id, item in over.items():
        due = item["specialties"]
        if not due:
            kept[org_id] = item
            continue
        due = [s for s in due if s not in accredited.programmes_of(org_id)]
        if due:
            kept[org_id] = {**item, "specialties": due}
    return kept


def _draft_entry(entry: ScheduleEntry, actor) -> ScheduleEntry:
    entry = locked(ScheduleEntry).select_related("schedule").get(pk=entry.pk)
    require(is_staff_of(actor, entry.schedule))
    if entry.schedule.state != Schedule.State.DRAFT:
        refuse(Refusal.A11_SCHEDULE_APPROVED)
    return entry


@entry_point
def schedule_entry_date(entry: ScheduleEntry, start_date, *, actor) -> ScheduleEntry:
    """Set the start date of an entry of a draft schedule (within the schedule's year)."""
    entry = _draft_entry(entry, actor)
    if start_date.year != entry.schedule.year:
        refuse(Refusal.A11_START_OUTSIDE_YEAR, year=entry.schedule.year)
    entry.start_date = start_date
    entry.save(update_fields=["start_date"])
    return entry


@entry_point
def schedule_entry_drop(entry: ScheduleEntry, *, actor) -> None:
    """Take an organization out of a draft schedule."""
    _draft_entry(entry, actor).delete()


@entry_point
def schedule_approve(schedule: Schedule, *, actor, order_number: str = "") -> Schedule:
    """А11, А12: the head approves the schedule; each organization in it gets its attestation
    case and is told of it, which must be at least three months before its start.

    case_transition locks the schedule, answers a stale copy (approved meanwhile) with
    `case_conflict` and asks the head's rule; a refusal below rolls the approval back."""
    require(is_head_of(actor, schedule))
    day = today()
    schedule = case_transition(schedule, "approve", actor=actor, comment=order_number)
    entries = list(schedule.entries.filter(removed_at__isnull=True).select_related("organization"))
    undated = [str(e.organization) for e in entries if e.start_date is None]
    if undated:
        refuse(Refusal.A11_UNDATED, names=", ".join(undated))
    too_soon = [
        f"{e.organization} ({_date(e.start_date)})"
        for e in entries
        if not rules.notice_in_time(e.start_date, day)
    ]
    if too_soon:
        refuse(
            Refusal.A12_NOTICE,
            names=", ".join(too_soon),
            earliest=_date(rules.earliest_start(day)),
        )
    schedule.approved_at = timezone.now()
    schedule.approved_by = actor
    schedule.order_number = order_number
    schedule.save(update_fields=["approved_at", "approved_by", "order_number"])
    for entry in entries:
        attestation = case_create(
            Attestation,
            actor=actor,
            organization=entry.organization,
            authority=schedule.authority,
            schedule_entry=entry,
            kind=entry.kind,
            start_date=entry.start_date,
            test_form=default_test_form(entry.organization),
            comment=entry.basis,
        )
        _notice(attestation, actor, "attestation_notice")
    return schedule


def _notice(attestation: Attestation, actor, template: str, change=None) -> Attestation:
    """Tell the organization of its attestation (А12) or of a change to it (А14), and (re)open
    the terms that count back from the start: self-assessment (А15) and commission (А17)."""
    now = timezone.now()
    if attestation.state == Attestation.State.SCHEDULED:
        attestation = case_transition(attestation, "notify", actor=actor)
    attestation.notified_at = now
    attestation.save(update_fields=["notified_at"])
    ScheduleEntry.objects.filter(pk=attestation.schedule_entry_id).update(notified_at=now)
    day = today()
    if (
        not hasattr(attestation, "self_assessment")
        or attestation.self_assessment.submitted_at is None
    ):
        due = rules.self_assessment_deadline(attestation.start_date)
        deadline_open(attestation, "self_assessment", calendar_days=(due - day).days, start=day)
    due = rules.commission_deadline(attestation.start_date)
    deadline_open(attestation, "commission", calendar_days=(due - day).days, start=day)
    notify_each(
        representatives_of(attestation.organization_id),
        template,
        {
            "attestation": attestation,
            "start_date": attestation.start_date,
            "self_assessment_due": rules.self_assessment_deadline(attestation.start_date),
            "change": change,
        },
        attestation.get_absolute_url(),
    )
    return attestation


# ---------------------------------------------------------------------------------------------
# Changes to an approved schedule (А13, А14)


def _approved_schedule_of(entry_or_schedule, actor, allowed=is_head_of) -> Schedule:
    schedule = (
        entry_or_schedule if isinstance(entry_or_schedule, Schedule) else entry_or_schedule.schedule
    )
    require(allowed(actor, schedule))
    if schedule.state != Schedule.State.APPROVED:
        refuse(Refusal.A13_SCHEDULE_DRAFT)
    return schedule


def _check_window(current_start, new_start, day) -> None:
    """А14: a change is told at least three months before the attestation starts: the
    attestation being changed must still be three months away, and so must its new date."""
    if current_start is not None and not rules.notice_in_time(current_start, day):
        refuse(
            Refusal.A14_CHANGE_TOO_LATE,
            start=_date(current_start),
            deadline=_date(rules.notice_deadline(current_start)),
        )
    if new_start is not None and not rules.notice_in_time(new_start, day):
        refuse(Refusal.A14_NEW_START_TOO_SOON, earliest=_date(rules.earliest_start(day)))


def _locked_entry(entry: ScheduleEntry) -> ScheduleEntry:
    return locked(ScheduleEntry).select_related("schedule").get(pk=entry.pk)


@entry_point
def schedule_change_move(
    entry: ScheduleEntry, new_start, *, actor, basis: str, reason: str, request=None
) -> ScheduleChange:
    """А13, А14: move an organization's attestation to another date."""
    entry = _locked_entry(entry)
    _approved_schedule_of(entry, actor)
    if entry.removed_at is not None:
        refuse(Refusal.A13_ENTRY_REMOVED)
    if not reason.strip():
        refuse(Refusal.A13_REASON_REQUIRED)
    _check_window(entry.start_date, new_start, today())
    change = ScheduleChange.objects.create(
        entry=entry,
        kind=ScheduleChange.Kind.MOVE,
        basis=basis,
        previous_start=entry.start_date,
        new_start=new_start,
        reason=reason,
        request=request,
        made_by=actor,
    )
    entry.start_date = new_start
    entry.save(update_fields=["start_date"])
    attestation = locked(Attestation).get(schedule_entry=entry)
    attestation.start_date = new_start
    attestation.save(update_fields=["start_date"])
    _notice(attestation, actor, "attestation_schedule_change", change)
    return change


@entry_point
def schedule_change_remove(
    entry: ScheduleEntry, *, actor, basis: str, reason: str
) -> ScheduleChange:
    """А13(2): take an organization out of the approved schedule (reorganized, say). The
    admin site's correction of a case that should not be there comes here too."""
    entry = _locked_entry(entry)
    _approved_schedule_of(entry, actor, allowed=may_cancel)
    if entry.removed_at is not None:
        refuse(Refusal.A13_ENTRY_REMOVED)
    if not reason.strip():
        refuse(Refusal.A13_REASON_REQUIRED)
    _check_window(entry.start_date, None, today())
    change = ScheduleChange.objects.create(
        entry=entry,
        kind=ScheduleChange.Kind.REMOVE,
        basis=basis,
        previous_start=entry.start_date,
        reason=reason,
        made_by=actor,
    )
    entry.removed_at = timezone.now()
    entry.save(update_fields=["removed_at"])
    attestation = case_transition(
        Attestation.objects.get(schedule_entry=entry), "cancel", actor=actor, comment=reason
    )
    deadline_cancel(attestation)
    notify_each(
        representatives_of(attestation.organization_id),
        "attestation_schedule_change",
        {"attestation": attestation, "change": change, "start_date": None},
        attestation.get_absolute_url(),
    )
    return change


@entry_point
def schedule_change_add(
    schedule: Schedule,
    organization: Organization,
    start_date,
    *,
    actor,
    kind: str,
    basis: str,
    reason: str,
    specialties=(),
) -> ScheduleChange:
    """А13(2), А13(3): add an organization to the approved schedule (a new legal entity after
    a reorganization, or control results over the threshold)."""
    schedule = lock(schedule)
    _approved_schedule_of(schedule, actor)
    if not reason.strip():
        refuse(Refusal.A13_REASON_REQUIRED)
    if schedule.entries.filter(organization=organization, removed_at__isnull=True).exists():
        refuse(Refusal.A13_ALREADY_IN_SCHEDULE)
    if not organization.region.path.startswith(schedule.authority.jurisdiction.path):
        refuse(
            Refusal.A13_OUTSIDE_JURISDICTION,
            organization=organization,
            authority=schedule.authority,
        )
    _check_window(None, start_date, today())
    entry = ScheduleEntry.objects.create(
        schedule=schedule,
        organization=organization,
        kind=kind,
        start_date=start_date,
        basis=reason,
        last_attested_on=last_attested_on([organization.pk]).get(organization.pk),
    )
    entry.specialties.set(specialties)
    change = ScheduleChange.objects.create(
        entry=entry,
        kind=ScheduleChange.Kind.ADD,
        basis=basis,
        new_start=start_date,
        reason=reason,
        made_by=actor,
    )
    attestation = case_create(
        Attestation,
        actor=actor,
        organization=organization,
        authority=schedule.authority,
        schedule_entry=entry,
        kind=kind,
        start_date=start_date,
        test_form=default_test_form(organization),
        comment=reason,
    )
    _notice(attestation, actor, "attestation_schedule_change", change)
    return change


# ---------------------------------------------------------------------------------------------
# Postponement requests (А13(1))


@entry_point
def postponement_request_submit(
    entry: ScheduleEntry, *, actor, requested_start, reasons: str
) -> PostponementRequest:
    """The organization asks, with reasons, to move its attestation. One request at a time:
    the entry's lock queues two submissions, and a unique constraint backs the check."""
    entry = _locked_entry(entry)
    require(represents(actor, entry))
    if entry.schedule.state != Schedule.State.APPROVED or entry.removed_at is not None:
        refuse(Refusal.A13_POSTPONEMENT_NOT_SCHEDULED)
    if not reasons.strip():
        refuse(Refusal.A13_POSTPONEMENT_REASONS)
    if requested_start <= entry.start_date:
        refuse(Refusal.A13_POSTPONEMENT_NOT_LATER)
    _check_window(entry.start_date, requested_start, today())
    if entry.postponement_requests.filter(status=PostponementRequest.Status.PENDING).exists():
        refuse(Refusal.A13_POSTPONEMENT_PENDING)
    try:
        with transaction.atomic():
            request = PostponementRequest.objects.create(
                entry=entry, requested_start=requested_start, reasons=reasons, submitted_by=actor
            )
    except IntegrityError:
        refuse(Refusal.A13_POSTPONEMENT_PENDING)
    notify_each(
        staff_of(entry.schedule.authority_id, heads_only=True),
        "attestation_postponement_requested",
        {"request": request, "entry": entry},
        entry.attestation.get_absolute_url(),
    )
    return request


@entry_point
def postponement_request_decide(
    request: PostponementRequest, *, actor, approve: bool, note: str = ""
) -> PostponementRequest:
    """The head approves the request (the schedule changes, if still in time: А14) or denies it
    with a reply."""
    request = locked(PostponementRequest).select_related("entry__schedule").get(pk=request.pk)
    require(is_head_of(actor, request.entry.schedule))
    if request.status != PostponementRequest.Status.PENDING:
        refuse(Refusal.A13_POSTPONEMENT_DECIDED)
    if approve:
        schedule_change_move.inner(
            request.entry,
            request.requested_start,
            actor=actor,
            basis=ScheduleChange.Basis.REQUEST,
            reason=request.reasons,
            request=request,
        )
        request.status = PostponementRequest.Status.APPROVED
    else:
        if not note.strip():
            refuse(Refusal.A13_DENIAL_REASON)
        request.status = PostponementRequest.Status.DENIED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.decision_note = note
    request.save()
    notify_each(
        [request.submitted_by],
        "attestation_postponement_decided",
        {"request": request},
        request.entry.attestation.get_absolute_url(),
    )
    return request


# ---------------------------------------------------------------------------------------------
# Intermediate state control results (А5)

CONTROL_COLUMNS = {
    "bin": ("bin", "бин", "бсн"),
    "specialty": ("specialty", "specialty_code", "специальность", "код специальности", "мамандық"),
    "tested": ("tested", "участвовали", "тестировались", "қатысқандар"),
    "failed": ("failed", "не прошли", "не прошедшие", "өтпегендер"),
}


@entry_point
def control_results_import(authority, year: int, data: bytes, file_name: str, *, actor):
    """Load a CSV of intermediate state control results (bin, specialty code for higher
    education, tested, failed). Every line is checked first; if any is wrong, nothing is
    loaded. A later file replaces the same organization's (or specialty's) figures."""
    require(is_staff_of(actor, authority))
    lines = csv_import.read(data, CONTROL_COLUMNS, ("bin", "tested", "failed"))
    organizations = {
        o.bin: o
        for o in Organization.objects.filter(
            bin__in=[line.values["bin"] for line in lines],
            region__path__startswith=authority.jurisdiction.path,
        )
    }
    codes = {line.values.get("specialty", "") for line in lines} - {""}
    specialties = {s.code: s for s in Specialty.objects.filter(code__in=codes)}
    errors, rows, seen = [], [], set()
    for line in lines:
        v = line.values
        org = organizations.get(v["bin"])
        tested, failed = csv_import.whole_number(v["tested"]), csv_import.whole_number(v["failed"])
        code = v.get("specialty", "")
        if org is None:
            errors.append(
                csv_import.line_error(
                    line,
                    _("no organization with BIN %(bin)s in the jurisdiction") % {"bin": v["bin"]},
                )
            )
        elif code and code not in specialties:
            errors.append(
                csv_import.line_error(line, _("unknown specialty code %(code)s") % {"code": code})
            )
        elif tested is None or failed is None:
            errors.append(csv_import.line_error(line, _("tested and failed must be whole numbers")))
        elif failed > tested:
            errors.append(csv_import.line_error(line, _("more failed than tested")))
        elif (org.pk, code) in seen:
            errors.append(
                csv_import.line_error(line, _("the same organization and specialty again"))
            )
        else:
            seen.add((org.pk, code))
            rows.append((org, specialties.get(code), tested, failed))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        source = ControlResultImport.objects.create(
            authority=authority,
            year=year,
            file_name=file_name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(rows),
            uploaded_by=actor,
        )
        for org, specialty, _tested, _failed in rows:
            ControlResult.objects.filter(year=year, organization=org, specialty=specialty).delete()
        ControlResult.objects.bulk_create(
            [
                ControlResult(
                    source=source,
                    organization=org,
                    specialty=specialty,
                    year=year,
                    tested=tested,
                    failed=failed,
                )
                for org, specialty, tested, failed in rows
            ]
        )
    return source

"""Deadlines of cases: opening a term, stopping and restarting its clock, closing it, and the
periodic scan that sends reminders.

Procedures call these from their services, inside the transaction that changes the case:
`deadline_open` when a term starts (registration, say), `deadline_pause` when the case goes back
to the applicant for corrections, `deadline_resume` when the corrections arrive, and
`deadline_complete` when the decision is taken. Each keeps the case's `due_date` (the end of its
earliest running term, None while the clock stands) and `paused_days` in step.

Reminders: settings.DEADLINE_REMINDER_OFFSETS working days before the end (at
DEADLINE_REMINDER_HOUR local time), and "overdue" once the end has passed, which also goes to
the head of department. Each reminder of a deadline is sent at most once: a ReminderSent row is
inserted first, and its unique constraint turns a second attempt into a no-op.
"""

import datetime
import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F, Min, QuerySet
from django.utils import timezone

from casework.calendar import WorkingCalendar, add_calendar_days, calendar_for
from casework.locks import locked
from casework.models import Deadline, ReminderSent
from casework.notifications import notify
from registry.models import Role, RoleAssignment

logger = logging.getLogger(__name__)

OVERDUE = "overdue"
LIVE = (Deadline.State.RUNNING, Deadline.State.PAUSED)
SCAN_BATCH_SIZE = 500


def _localdate(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def _for_case(case, rows: QuerySet[Deadline] | None = None) -> QuerySet[Deadline]:
    return (Deadline.objects if rows is None else rows).filter(
        case_type=ContentType.objects.get_for_model(case),
        case_id=case.pk,
    )


def deadline_list(case) -> QuerySet[Deadline]:
    """The case's deadlines, live and closed, by due time."""
    return _for_case(case).order_by("due_at", "id")


@dataclass(frozen=True)
class CaseTerms:
    """The legal term of the service and, apart from it, the term of the step under way."""

    legal_due: datetime.date | None  # the end of the service's legal term, while it runs
    step_kind: str | None  # the kind of the earliest other running deadline
    step_due: datetime.date | None


def deadline_terms(case, legal_kind: str) -> CaseTerms:
    """Read the case's live deadlines once and tell the legal term from the current step's: a
    2-day completeness check is not the term of the service (one query)."""
    legal_due = step_kind = step_due = None
    for deadline in _for_case(case).filter(state__in=LIVE).order_by("due_at", "id"):
        due = _localdate(deadline.due_at) if deadline.state == Deadline.State.RUNNING else None
        if deadline.kind == legal_kind:
            legal_due = legal_due or due
        elif step_kind is None:
            step_kind, step_due = deadline.kind, due
    return CaseTerms(legal_due=legal_due, step_kind=step_kind, step_due=step_due)


# The clock.


def deadline_open(
    case,
    kind: str,
    *,
    working_days: int | None = None,
    calendar_days: int | None = None,
    start: datetime.date | None = None,
    at: datetime.datetime | None = None,
) -> Deadline:
    """Start a term of `working_days` (or `calendar_days`) counted from the day after `start`
    (today by default). Opening a kind the case already has live restarts that term."""
    if (working_days is None) == (calendar_days is None):
        raise ValueError("Give either working_days or calendar_days.")
    now = at or timezone.now()
    start = start or _localdate(now)
    calendar = calendar_for()
    if working_days is not None:
        due_day = calendar.add_working_days(start, working_days)
    else:
        due_day = add_calendar_days(start, calendar_days)
    with transaction.atomic():
        _for_case(case).filter(kind=kind, state__in=LIVE).update(
            state=Deadline.State.CANCELLED, closed_at=now, next_reminder_at=None
        )
        deadline = Deadline(
            case_type=ContentType.objects.get_for_model(case),
            case_id=case.pk,
            kind=kind,
            working_days=working_days,
            opened_at=now,
            due_at=calendar.deadline_end(due_day),
        )
        deadline.next_reminder_at = next_reminder_at(deadline, now, set(), calendar)
        deadline.save()
        _case_sync(case)
    return deadline


def deadline_pause(case, *, at: datetime.datetime | None = None) -> list[Deadline]:
    """Stop the case's running clocks, keeping the working days each had left. The day of the
    pause counts as used; a term already past its end keeps zero days."""
    now = at or timezone.now()
    today = _localdate(now)
    calendar = calendar_for()
    with transaction.atomic():
        deadlines = list(_for_case(case, locked(Deadline)).filter(state=Deadline.State.RUNNING))
        for deadline in deadlines:
            left = calendar.working_days_between(today, _localdate(deadline.due_at))
            deadline.remaining_working_days = max(left, 0)
            deadline.state = Deadline.State.PAUSED
            deadline.paused_at = now
            deadline.next_reminder_at = None
        Deadline.objects.bulk_update(
            deadlines, ["remaining_working_days", "state", "paused_at", "next_reminder_at"]
        )
        _case_sync(case)
    return deadlines


def deadline_resume(case, *, at: datetime.datetime | None = None) -> list[Deadline]:
    """Restart the case's paused clocks with the working days they had left, counted from the
    day after the resumption; the working days the clock stood still are added to the case's
    paused_days."""
    now = at or timezone.now()
    today = _localdate(now)
    calendar = calendar_for()
    with transaction.atomic():
        deadlines = list(_for_case(case, locked(Deadline)).filter(state=Deadline.State.PAUSED))
        if not deadlines:
            return []
        sent = _sent_kinds(deadlines)
        paused_since = min(_localdate(d.paused_at) for d in deadlines)
        for deadline in deadlines:
            due_day = calendar.add_working_days(today, deadline.remaining_working_days)
            deadline.due_at = calendar.deadline_end(due_day)
            deadline.state = Deadline.State.RUNNING
            deadline.paused_at = None
            deadline.remaining_working_days = None
            deadline.next_reminder_at = next_reminder_at(deadline, now, sent[deadline.pk], calendar)
        Deadline.objects.bulk_update(
            deadlines,
            ["due_at", "state", "paused_at", "remaining_working_days", "next_reminder_at"],
        )
        stood_still = max(calendar.working_days_between(paused_since, today), 0)
        _case_sync(case, paused_days_added=stood_still)
    return deadlines


def deadline_complete(case, kind: str | None = None, *, at=None) -> int:
    """The work the term was for is done (of one kind, or every live term of the case)."""
    return _close(case, kind, Deadline.State.DONE, at)


def deadline_cancel(case, kind: str | None = None, *, at=None) -> int:
    """The term no longer applies (the application was withdrawn, say)."""
    return _close(case, kind, Deadline.State.CANCELLED, at)


def _close(case, kind, state, at) -> int:
    live = _for_case(case).filter(state__in=LIVE)
    if kind is not None:
        live = live.filter(kind=kind)
    with transaction.atomic():
        closed = live.update(state=state, closed_at=at or timezone.now(), next_reminder_at=None)
        _case_sync(case)
    return closed


def _case_sync(case, *, paused_days_added: int = 0) -> None:
    """Write the case's due date (the end of its earliest running term) and paused days, in the
    database and on the instance the caller holds, without touching its protected state."""
    earliest = _for_case(case).filter(state=Deadline.State.RUNNING).aggregate(Min("due_at"))
    due_date = _localdate(earliest["due_at__min"]) if earliest["due_at__min"] else None
    type(case)._base_manager.filter(pk=case.pk).update(
        due_date=due_date, paused_days=F("paused_days") + paused_days_added
    )
    case.due_date = due_date
    case.paused_days += paused_days_added


# Reminders.


def reminder_offsets() -> list[int]:
    """Working days before the end at which reminders go out, farthest first."""
    offsets = getattr(settings, "DEADLINE_REMINDER_OFFSETS", [3, 1])
    return sorted({int(o) for o in offsets if int(o) >= 0}, reverse=True)


def reminder_schedule(
    deadline: Deadline, calendar: WorkingCalendar | None = None
) -> list[tuple[str, datetime.datetime]]:
    """(reminder kind, moment it falls due) of a deadline, earliest first: "before_3" at the
    reminder hour three working days before the last day, ..., "overdue" right after the end."""
    calendar = calendar or calendar_for()
    zone = timezone.get_default_timezone()
    hour = datetime.time(getattr(settings, "DEADLINE_REMINDER_HOUR", 9))
    last_day = _localdate(deadline.due_at)
    schedule = [
        (
            f"before_{offset}",
            datetime.datetime.combine(
                calendar.add_working_days(last_day, -offset), hour, tzinfo=zone
            ),
        )
        for offset in reminder_offsets()
    ]
    schedule.append((OVERDUE, deadline.due_at + datetime.timedelta(seconds=1)))
    return sorted(schedule, key=lambda item: item[1])


def next_reminder_at(
    deadline: Deadline, now: datetime.datetime, sent: set[str], calendar=None
) -> datetime.datetime | None:
    """When the scan should next look at the deadline. An advance reminder whose moment has
    already passed (a term opened with less time left than the offset) is skipped; "overdue"
    never is."""
    for kind, moment in reminder_schedule(deadline, calendar):
        if kind not in sent and (moment > now or kind == OVERDUE):
            return moment
    return None


def reminder_batch(now: datetime.datetime, size: int = SCAN_BATCH_SIZE) -> QuerySet[Deadline]:
    """Running deadlines with a reminder due, locked; rows another scan holds are skipped.
    Reads the partial index deadline_reminder_due, which holds nothing but running rows."""
    return (
        Deadline.objects.filter(
            state=Deadline.State.RUNNING,
            next_reminder_at__isnull=False,
            next_reminder_at__lte=now,
        )
        .order_by("next_reminder_at")
        .select_for_update(skip_locked=True)[:size]
    )


def deadline_reminders_send(
    *, now: datetime.datetime | None = None, batch_size: int = SCAN_BATCH_SIZE
) -> int:
    """The periodic scan: send every reminder that is due; returns how many were sent.

    Each batch is one transaction: the ReminderSent rows, the notifications, their e-mails in
    the outbox and the deadlines' next reminder times commit together or not at all."""
    now = now or timezone.now()
    calendar = calendar_for()
    total = 0
    while True:
        with transaction.atomic():
            batch = list(reminder_batch(now, batch_size))
            total += _send_batch(batch, now, calendar)
        if len(batch) < batch_size:
            return total


def _send_batch(batch: list[Deadline], now, calendar) -> int:
    if not batch:
        return 0
    sent = _sent_kinds(batch)
    cases = _cases(batch)
    people = _authority_people({c.authority_id for c in cases.values() if c.authority_id})
    count = 0
    for deadline in batch:
        case = cases.get((deadline.case_type_id, deadline.case_id))
        if case is None:  # the case is gone; nobody is left to remind
            deadline.state, deadline.closed_at = Deadline.State.CANCELLED, now
            deadline.next_reminder_at = None
            continue
        due = [
            kind
            for kind, moment in reminder_schedule(deadline, calendar)
            if moment <= now and kind not in sent[deadline.pk]
        ]
        if due:
            # Only the most urgent one: a scan that missed a day does not send stale reminders.
            kind = due[-1]
            count += reminder_send(deadline, kind, case=case, now=now, people=people)
            sent[deadline.pk].add(kind)
        deadline.next_reminder_at = next_reminder_at(deadline, now, sent[deadline.pk], calendar)
    Deadline.objects.bulk_update(batch, ["next_reminder_at", "state", "closed_at"])
    return count


def reminder_send(deadline: Deadline, kind: str, *, case=None, now=None, people=None) -> bool:
    """Send one reminder of a deadline unless it was sent before; True when this call sent it.

    The ReminderSent row goes in first, in a savepoint: if another worker inserted it (even one
    still in its transaction — the insert waits for it), the unique constraint refuses ours and
    nothing is sent."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            ReminderSent.objects.create(deadline=deadline, kind=kind, sent_at=now)
    except IntegrityError:
        return False
    case = case if case is not None else deadline.case
    if people is None:
        people = _authority_people({case.authority_id} if case.authority_id else set())
    staff, heads = people.get(case.authority_id, ([], []))
    responsible = [case.assignee] if case.assignee_id and case.assignee.is_active else staff
    responsible = responsible or heads
    context = {
        "case": case,
        "deadline": deadline,
        "kind_label": getattr(case, "DEADLINE_KINDS", {}).get(deadline.kind, deadline.kind),
        "due_at": deadline.due_at,
        "days_left": int(kind.removeprefix("before_")) if kind.startswith("before_") else 0,
    }
    link = case.get_absolute_url() if hasattr(case, "get_absolute_url") else ""
    template = "deadline_overdue" if kind == OVERDUE else "deadline_reminder"
    notified = set()
    for user in responsible:
        notify(user, template, context, link)
        notified.add(user.pk)
    if kind == OVERDUE:
        for head in heads:
            if head.pk not in notified:
                notify(head, "deadline_escalation", context, link)
                notified.add(head.pk)
    if not notified:
        logger.warning("Deadline %s of %s: nobody to remind (%s).", deadline.pk, case, kind)
    return True


def _sent_kinds(deadlines: list[Deadline]) -> dict[int, set[str]]:
    sent = defaultdict(set)
    rows = ReminderSent.objects.filter(deadline__in=[d.pk for d in deadlines])
    for deadline_id, kind in rows.values_list("deadline_id", "kind"):
        sent[deadline_id].add(kind)
    return sent


def _cases(deadlines: list[Deadline]) -> dict[tuple[int, int], object]:
    """The cases of a batch of deadlines: one query per procedure, not one per deadline."""
    ids_by_type = defaultdict(set)
    for deadline in deadlines:
        ids_by_type[deadline.case_type_id].add(deadline.case_id)
    cases = {}
    for type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        for case in model._base_manager.select_related("assignee").filter(pk__in=ids):
            cases[(type_id, case.pk)] = case
    return cases


def _authority_people(authority_ids: set[int]) -> dict[int, tuple[list, list]]:
    """Active staff and heads of department of each authority."""
    people = defaultdict(lambda: ([], []))
    if not authority_ids:
        return people
    roles = RoleAssignment.objects.filter(
        authority_id__in=authority_ids, role__in=[Role.STAFF, Role.HEAD], user__is_active=True
    ).select_related("user")
    for assignment in roles.order_by("user_id"):
        staff, heads = people[assignment.authority_id]
        (heads if assignment.role == Role.HEAD else staff).append(assignment.user)
    return people

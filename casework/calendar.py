"""The working-day calendar every legal term is counted on.

A day is a working day unless it is a weekend day or a public holiday of the jurisdiction
(settings.PORTAL_JURISDICTION: "KZ" Kazakhstan, "KG" Kyrgyzstan). Public holidays come from the
`holidays` package, which also knows the rule that a holiday falling on a weekend moves to the
next working day (Kazakhstan: Labour Code art. 85 — Nauryz on Saturday and Sunday gives the
following Monday and Tuesday off) and some of the government's yearly transfers, including the
weekend days they turn into working days (Kazakhstan 2025: Sunday 5 January worked for Friday
3 January). Days an admin enters as CalendarDay rows override all of that.

Counting convention: a term of n working days "from" a day starts on the next day, so
`add_working_days(friday, 1)` is the following Monday. Seed 004, clause 11: a deadline that
falls on a day off ends at the end of the next working day (`deadline_end`).

The admin rows are few (a dozen a year) and read on every term computed, so each process keeps
them in memory. Saving or deleting a row bumps a generation number in Django's cache after the
commit, which tells every process to reload; a snapshot also expires after SNAPSHOT_TTL seconds
in case the cache lost the number. Inside a transaction that has itself changed rows, reads go
to the database, so a rolled-back change never lands in the snapshot.
"""

import datetime
import functools
import logging
import threading
import time

import holidays
from django.conf import settings
from django.core.cache import cache
from django.db import connections, router, transaction
from django.utils import timezone

from casework.models.calendar import CalendarDay

logger = logging.getLogger(__name__)

END_OF_DAY = datetime.time(23, 59, 59)
# A run of this many days without a working day means the calendar data is wrong.
MAX_DAYS_OFF_IN_A_ROW = 60
SNAPSHOT_TTL = 600.0
GENERATION_KEY = "casework:calendar:generation"
_DIRTY = "_casework_calendar_changed"

_snapshots: dict[str, tuple[object, float, dict[datetime.date, str]]] = {}
_snapshots_lock = threading.Lock()


class CalendarError(RuntimeError):
    pass


def current_jurisdiction() -> str:
    return settings.PORTAL_JURISDICTION.upper()


@functools.lru_cache(maxsize=128)
def _public_year(jurisdiction: str, year: int):
    """(public holidays, weekend days made working days, weekday numbers of the weekend)."""
    days = holidays.country_holidays(jurisdiction, years=year)
    return frozenset(days), frozenset(days.weekend_workdays), frozenset(days.weekend)


def public_holidays(year: int, jurisdiction: str | None = None) -> dict[datetime.date, str]:
    """The package's public holidays of a year with their names (for the admin's reference)."""
    return dict(holidays.country_holidays(jurisdiction or current_jurisdiction(), years=year))


class WorkingCalendar:
    """One jurisdiction's calendar with a fixed set of admin rows; cheap to ask many times."""

    def __init__(self, jurisdiction: str, overrides: dict[datetime.date, str]):
        self.jurisdiction = jurisdiction
        self.overrides = overrides

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.overrides.get(day)
        if kind is not None:
            return kind == CalendarDay.Kind.WORKING_DAY
        public, weekend_workdays, weekend = _public_year(self.jurisdiction, day.year)
        if day.weekday() in weekend:
            # A transfer decree of next year can reach back into December (Kazakhstan
            # worked Saturday 28 December 2013 for Friday 3 January 2014).
            next_year_workdays = _public_year(self.jurisdiction, day.year + 1)[1]
            return day in weekend_workdays or day in next_year_workdays
        return day not in public

    def add_working_days(self, start: datetime.date, n: int) -> datetime.date:
        """The n-th working day after `start` (before it, for negative n); n = 0 is `start`."""
        step = datetime.timedelta(days=1 if n >= 0 else -1)
        day, left, idle = start, abs(n), 0
        while left:
            day += step
            if self.is_working_day(day):
                left -= 1
                idle = 0
            else:
                idle += 1
                if idle > MAX_DAYS_OFF_IN_A_ROW:
                    raise CalendarError(f"No working day for {idle} days around {day}.")
        return day

    def next_working_day(self, day: datetime.date) -> datetime.date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days after `start` up to and including `end`; negative when end < start.
        The inverse of add_working_days: add_working_days(a, working_days_between(a, b)) == b
        for a working day b."""
        if end < start:
            return -self.working_days_between(end, start)
        return sum(
            self.is_working_day(start + datetime.timedelta(days=i))
            for i in range(1, (end - start).days + 1)
        )

    def deadline_end(self, day: datetime.date) -> datetime.datetime:
        """Seed 004, clause 11: the end of `day` (23:59:59 local time), or, when `day` is a day
        off, the end of the next working day."""
        if not self.is_working_day(day):
            day = self.next_working_day(day)
        return datetime.datetime.combine(day, END_OF_DAY, tzinfo=timezone.get_default_timezone())


def calendar_for(jurisdiction: str | None = None) -> WorkingCalendar:
    """The calendar as it stands now; hold on to it for a batch of computations."""
    jurisdiction = (jurisdiction or current_jurisdiction()).upper()
    return WorkingCalendar(jurisdiction, _overrides(jurisdiction))


def is_working_day(day: datetime.date, *, jurisdiction: str | None = None) -> bool:
    return calendar_for(jurisdiction).is_working_day(day)


def add_working_days(
    start: datetime.date, n: int, *, jurisdiction: str | None = None
) -> datetime.date:
    return calendar_for(jurisdiction).add_working_days(start, n)


def add_calendar_days(start: datetime.date, n: int) -> datetime.date:
    """Calendar days: the same in every jurisdiction. Where the law counts a term in calendar
    days, pass the result to deadline_end, which moves a day off to the next working day."""
    return start + datetime.timedelta(days=n)


def next_working_day(day: datetime.date, *, jurisdiction: str | None = None) -> datetime.date:
    return calendar_for(jurisdiction).next_working_day(day)


def working_days_between(
    start: datetime.date, end: datetime.date, *, jurisdiction: str | None = None
) -> int:
    return calendar_for(jurisdiction).working_days_between(start, end)


def deadline_end(day: datetime.date, *, jurisdiction: str | None = None) -> datetime.datetime:
    return calendar_for(jurisdiction).deadline_end(day)


# The admin rows, kept per process.


def _load(jurisdiction: str) -> dict[datetime.date, str]:
    return dict(CalendarDay.objects.filter(jurisdiction=jurisdiction).values_list("date", "kind"))


def _overrides(jurisdiction: str) -> dict[datetime.date, str]:
    connection = connections[router.db_for_read(CalendarDay)]
    if getattr(connection, _DIRTY, False):
        if connection.in_atomic_block:
            return _load(jurisdiction)  # this transaction changed rows nobody else sees yet
        setattr(connection, _DIRTY, False)
    try:
        generation = cache.get(GENERATION_KEY, 0)
    except Exception:  # the cache (Redis) is down: the database still answers
        return _load(jurisdiction)
    snapshot = _snapshots.get(jurisdiction)
    if (
        snapshot is not None
        and snapshot[0] == generation
        and time.monotonic() - snapshot[1] < SNAPSHOT_TTL
    ):
        return snapshot[2]
    rows = _load(jurisdiction)
    with _snapshots_lock:
        _snapshots[jurisdiction] = (generation, time.monotonic(), rows)
    return rows


def calendar_changed(using: str) -> None:
    """A CalendarDay row was saved or deleted on the connection `using`."""
    connection = connections[using]
    if connection.in_atomic_block:
        setattr(connection, _DIRTY, True)
    transaction.on_commit(functools.partial(_committed, using), using=using, robust=True)


def _committed(using: str) -> None:
    setattr(connections[using], _DIRTY, False)
    with _snapshots_lock:
        _snapshots.clear()
    try:
        if not cache.add(GENERATION_KEY, 1, timeout=None):
            cache.incr(GENERATION_KEY)
    except Exception:  # other processes reload within SNAPSHOT_TTL
        logger.warning("Calendar change not announced through the cache.", exc_info=True)


def cache_clear() -> None:
    """Forget this process's snapshot and this thread's "changed" mark (tests use it between
    transactions that are rolled back)."""
    with _snapshots_lock:
        _snapshots.clear()
    for connection in connections.all(initialized_only=True):
        setattr(connection, _DIRTY, False)

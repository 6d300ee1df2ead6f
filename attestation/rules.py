"""The figures of the attestation Instruction (seed 001, Russian clause numbers) as pure functions.

Nothing here touches the database: services ask these functions and act on the answer. Every
threshold is a figure of attestation/conf.py (a setting may override it) holding the law's
figure, read at call time so a test or an amendment can change it. Shares are compared as exact
fractions, so 94.9 % against 95 % is decided by integers, never by floating point.
"""

import datetime
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import conf


def _fraction(value) -> Fraction:
    """A setting or an entered value as an exact fraction (str() keeps 94.9 as 949/10)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(Decimal(str(value)))


# ---------------------------------------------------------------------------------------------
# Grades


class Grade(models.TextChoices):
    """A student's grade: the current one on the roster (А24) or the test's (А25)."""

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")


# The grades a roster divides students by for the sample (А24 names these three).
ROSTER_GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.SATISFACTORY)


def grade_from_percent(percent) -> Grade:
    """А25: the comprehensive test's grade from the percent of right answers.

    88-100 excellent, 75-87 good, 60-74 satisfactory, below 60 unsatisfactory. The bands are read
    as lower bounds, so a fractional percent (74.5) falls in the lower band: it has not reached 75.
    """
    value = _fraction(percent)
    if not 0 <= value <= 100:
        raise ValueError("A test result is a percent from 0 to 100.")
    if value >= _fraction(conf.get("ATTESTATION_EXCELLENT_PERCENT")):
        return Grade.EXCELLENT
    if value >= _fraction(conf.get("ATTESTATION_GOOD_PERCENT")):
        return Grade.GOOD
    if value >= _fraction(conf.get("ATTESTATION_SATISFACTORY_PERCENT")):
        return Grade.SATISFACTORY
    return Grade.UNSATISFACTORY


def percent_is_positive(percent) -> bool:
    """А25, А35: any grade but unsatisfactory is positive."""
    return grade_from_percent(percent) != Grade.UNSATISFACTORY


def written_work_positive(right_answers: int) -> bool:
    """А26: a written work is positive with three or more of its five questions answered right."""
    if not 0 <= right_answers <= conf.get("ATTESTATION_WRITTEN_WORK_QUESTIONS"):
        raise ValueError("A written work has from 0 to 5 right answers.")
    return right_answers >= conf.get("ATTESTATION_WRITTEN_WORK_POSITIVE")


# ---------------------------------------------------------------------------------------------
# The sample (А24)


def sample_quotas(counts: Mapping[str, int], size: int | None = None) -> dict[str, int]:
    """А24: how many students of each grade the sample of one specialty takes.

    Everyone when the specialty has no more students than the sample size (50); otherwise 50 in
    proportion to the grade shares, rounded by the largest remainder so the quotas add up to
    exactly 50. Equal remainders go to the larger group, then to the better grade (the order of
    `counts`), so the answer never depends on chance.
    """
    size = conf.get("ATTESTATION_SAMPLE_SIZE") if size is None else size
    counts = {grade: int(n) for grade, n in counts.items()}
    if any(n < 0 for n in counts.values()):
        raise ValueError("A count of students cannot be negative.")
    total = sum(counts.values())
    if total <= size:
        return dict(counts)
    exact = {grade: Fraction(n * size, total) for grade, n in counts.items()}
    quotas = {grade: int(share) for grade, share in exact.items()}  # floor: shares are >= 0
    order = list(counts)
    leftover = size - sum(quotas.values())
    by_remainder = sorted(
        order, key=lambda g: (-(exact[g] - quotas[g]), -counts[g], order.index(g))
    )
    for grade in by_remainder[:leftover]:
        quotas[grade] += 1
    return quotas


def draw_sample(
    students_by_grade: Mapping[str, Iterable], seed: str, size: int | None = None
) -> list:
    """А24: the students of one specialty to be tested, drawn reproducibly from a stored seed.

    Students are identified by any sortable key (roster row ids). The same roster and seed always
    give the same sample, so the draw can be checked afterwards.
    """
    groups = {grade: sorted(keys) for grade, keys in students_by_grade.items()}
    quotas = sample_quotas({grade: len(keys) for grade, keys in groups.items()}, size)
    chosen = []
    for grade, keys in groups.items():
        rng = random.Random(f"{seed}:{grade}")  # noqa: S311 - reproducibility, not secrecy
        chosen.extend(sorted(rng.sample(keys, quotas[grade])))
    return chosen


# ---------------------------------------------------------------------------------------------
# Results and the decision (А35)


class Failure(models.TextChoices):
    """Which condition of А35 an "attest" decision does not meet."""

    NOT_COMPLIANT = "not_compliant", _("The activity does not fully comply with the standard")
    PARTICIPATION = "participation", _("Fewer than the required share of the sample took part")
    POSITIVE_SHARE = "positive_share", _("Fewer than the required share got a positive grade")


@dataclass(frozen=True)
class Results:
    """А35's figures for a specialty or a whole organization."""

    sample: int
    took_part: int
    positive: int
    compliant: bool = True
    failures: tuple[str, ...] = field(default=())

    @property
    def participation(self) -> Fraction | None:
        """Took part / sample, as an exact fraction (None for an empty sample)."""
        return Fraction(self.took_part, self.sample) if self.sample else None

    @property
    def positive_share(self) -> Fraction | None:
        """Positive / took part, as an exact fraction (None when nobody took part)."""
        return Fraction(self.positive, self.took_part) if self.took_part else None

    @property
    def participation_percent(self) -> Decimal | None:
        return _percent(self.participation)

    @property
    def positive_percent(self) -> Decimal | None:
        return _percent(self.positive_share)

    @property
    def may_attest(self) -> bool:
        return not self.failures


def _percent(share: Fraction | None) -> Decimal | None:
    """A share shown as a percent with one decimal (for reading; decisions use the fraction)."""
    if share is None:
        return None
    return (Decimal(share.numerator) * 100 / Decimal(share.denominator)).quantize(Decimal("0.1"))


def results(sample: int, took_part: int, positive: int, compliant: bool = True) -> Results:
    """А35: "attest" only when the activity complies with the standard, at least 95 % of the
    sample (А24) took part, and at least 70 % of those who took part got a positive grade.

    The returned `failures` name each condition that does not hold, for the refusal message.
    """
    if not 0 <= positive <= took_part <= sample:
        raise ValueError("Expected 0 <= positive <= took part <= sample.")
    failures = []
    if not compliant:
        failures.append(Failure.NOT_COMPLIANT)
    min_participation = _fraction(conf.get("ATTESTATION_MIN_PARTICIPATION_PERCENT")) / 100
    if sample == 0 or Fraction(took_part, sample) < min_participation:
        failures.append(Failure.PARTICIPATION)
    min_positive = _fraction(conf.get("ATTESTATION_MIN_POSITIVE_PERCENT")) / 100
    if took_part == 0 or Fraction(positive, took_part) < min_positive:
        failures.append(Failure.POSITIVE_SHARE)
    return Results(sample, took_part, positive, compliant, tuple(failures))


def combine(parts: Sequence[Results], compliant: bool = True) -> Results:
    """The organization's figures from its specialties' (А9: in total and per specialty)."""
    return results(
        sum(p.sample for p in parts),
        sum(p.took_part for p in parts),
        sum(p.positive for p in parts),
        compliant,
    )


# ---------------------------------------------------------------------------------------------
# Schedules (А4, А5, А11-А14)


def planned_attestation_due(last_attested_on: datetime.date | None, year: int) -> bool:
    """А4: planned attestation once every five years: due in `year` when the organization was
    last attested five or more calendar years before, or never."""
    if last_attested_on is None:
        return True
    return year - last_attested_on.year >= conf.get("ATTESTATION_PLANNED_INTERVAL_YEARS")


def control_over_threshold(tested: int, failed: int) -> bool:
    """А5: intermediate state control is over the threshold when the share of students who
    failed it exceeds the set limit (strictly: the limit itself is still allowed)."""
    if not 0 <= failed <= tested:
        raise ValueError("Expected 0 <= failed <= tested.")
    if tested == 0:
        return False
    limit = _fraction(conf.get("ATTESTATION_EXTRAORDINARY_FAILED_PERCENT")) / 100
    return Fraction(failed, tested) > limit


def extraordinary_year(control_year: int) -> int:
    """А5: an organization over the threshold is attested during the next calendar year."""
    return control_year + 1


def notice_deadline(start: datetime.date) -> datetime.date:
    """А12, А14: the last day on which an organization may be told of its attestation starting
    on `start`, or of a change to it: three months before."""
    return start - relativedelta(months=conf.get("ATTESTATION_NOTICE_MONTHS"))


def notice_in_time(start: datetime.date, on: datetime.date) -> bool:
    """А12, А14: telling the organization on `on` is at least three months ahead of `start`."""
    return on <= notice_deadline(start)


def earliest_start(day: datetime.date) -> datetime.date:
    """А12, А14: the earliest start date an organization told on `day` is told of in time."""
    start = day + relativedelta(months=conf.get("ATTESTATION_NOTICE_MONTHS"))
    while not notice_in_time(start, day):  # 30 November + 3 months is 28 February: too soon
        start += datetime.timedelta(days=1)
    return start


def self_assessment_deadline(start: datetime.date) -> datetime.date:
    """А15: self-assessment materials arrive no later than one month before the start."""
    return start - relativedelta(months=conf.get("ATTESTATION_SELF_ASSESSMENT_MONTHS"))


def self_assessment_late(start: datetime.date, submitted_on: datetime.date) -> bool:
    return submitted_on > self_assessment_deadline(start)


def commission_deadline(start: datetime.date) -> datetime.date:
    """А17: the commission is approved no later than ten (calendar) days before the start."""
    return start - datetime.timedelta(days=conf.get("ATTESTATION_COMMISSION_DAYS"))


def commission_in_time(start: datetime.date, approved_on: datetime.date) -> bool:
    return approved_on <= commission_deadline(start)


def visit_last_day(start: datetime.date) -> datetime.date:
    """А19: the last day a visit starting on `start` may last: its seventh working day (the
    start counts when it is a working day), per the jurisdiction's calendar."""
    from casework.calendar import add_working_days, is_working_day

    days = conf.get("ATTESTATION_VISIT_WORKING_DAYS")
    first = start if is_working_day(start) else add_working_days(start, 1)
    return add_working_days(first, days - 1)


def visit_within_limit(start: datetime.date, end: datetime.date) -> bool:
    """А19: a visit from `start` to `end` (inclusive) takes at most seven working days."""
    return start <= end <= visit_last_day(start)


def decision_deadline(conclusion_on: datetime.date) -> datetime.date:
    """А33: the authority decides within ten calendar days of the commission's conclusion."""
    return conclusion_on + datetime.timedelta(days=conf.get("ATTESTATION_DECISION_DAYS"))


def decision_in_time(conclusion_on: datetime.date, decided_on: datetime.date) -> bool:
    return decided_on <= decision_deadline(conclusion_on)


def suspension_end(start: datetime.date, months: int | None = None) -> datetime.date:
    """А34: "not attest" suspends the license for up to six months; the last day suspended."""
    limit = conf.get("ATTESTATION_SUSPENSION_MONTHS")
    months = limit if months is None else months
    if not 1 <= months <= limit:
        raise ValueError("A suspension lasts from one to six months.")
    return start + relativedelta(months=months) - datetime.timedelta(days=1)


def remedy_deadline(suspended_on: datetime.date) -> datetime.date:
    """А38: deficiencies not remedied within six months of the suspension lead to revocation."""
    return suspended_on + relativedelta(months=conf.get("ATTESTATION_SUSPENSION_MONTHS"))

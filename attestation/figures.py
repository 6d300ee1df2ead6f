"""А35's figures from the entered results: what counts as taking part and as positive.

A sampled student took part unless marked absent, once something is entered for them; with
nothing entered yet they are pending (and count as not having taken part, so the figures only
rise as the grid fills in). A student is positive when every result entered for them is: the
comprehensive test by А25's scale, the written work by А26's three of five, the questionnaire
(А27) when favourable, other forms of control when passed.
"""

from dataclasses import dataclass

from django.db.models import Prefetch

from . import rules
from .models import Attestation, Cohort, Column, KnowledgeCheck, ResultCell, Student

# The columns of the grid for each form of the knowledge check.
FORM_COLUMNS = {
    KnowledgeCheck.TEST: (Column.TEST, Column.WRITTEN, Column.ABSENT),
    KnowledgeCheck.QUESTIONNAIRE: (Column.QUESTIONNAIRE, Column.ABSENT),
    KnowledgeCheck.OTHER: (Column.PASS, Column.ABSENT),
}


@dataclass(frozen=True)
class Outcome:
    took_part: bool
    positive: bool
    pending: bool


def outcome(values: dict[str, int | None]) -> Outcome:
    """A student's standing from their cells ({column: value}, missing or None = empty)."""
    if values.get(Column.ABSENT) == 1:
        return Outcome(took_part=False, positive=False, pending=False)
    verdicts = []
    if values.get(Column.TEST) is not None:
        verdicts.append(rules.percent_is_positive(values[Column.TEST]))
    if values.get(Column.WRITTEN) is not None:
        verdicts.append(rules.written_work_positive(values[Column.WRITTEN]))
    for column in (Column.QUESTIONNAIRE, Column.PASS):
        if values.get(column) is not None:
            verdicts.append(values[column] == 1)
    if not verdicts:
        return Outcome(took_part=False, positive=False, pending=True)
    return Outcome(took_part=True, positive=all(verdicts), pending=False)


def test_grade(values: dict[str, int | None]) -> rules.Grade | None:
    """А25: the grade of a student's comprehensive test (None when absent or not tested)."""
    if values.get(Column.ABSENT) == 1 or values.get(Column.TEST) is None:
        return None
    return rules.grade_from_percent(values[Column.TEST])


def grade_counts(grades) -> list[tuple[rules.Grade, int]]:
    """How many tests got each grade of А25, in the scale's order (zeros included)."""
    grades = list(grades)
    return [(grade, grades.count(grade)) for grade in rules.Grade]


@dataclass(frozen=True)
class CohortFigures:
    cohort: Cohort
    results: rules.Results
    pending: int
    grades: tuple = ()  # А25: (grade, count) in the scale's order


@dataclass(frozen=True)
class Figures:
    cohorts: list[CohortFigures]
    total: rules.Results
    pending: int
    grades: tuple = ()

    @property
    def tested(self) -> bool:
        """Whether any comprehensive test has a grade (the grade columns are worth showing)."""
        return any(count for _grade, count in self.grades)


def figures(attestation: Attestation, compliant: bool = True) -> Figures:
    """А35, per cohort (specialty or class) and in total. Three queries, however large."""
    sampled = Student.objects.filter(in_sample=True).prefetch_related(
        Prefetch("cells", queryset=ResultCell.objects.only("student_id", "column", "value"))
    )
    cohorts = list(
        Cohort.objects.filter(attestation=attestation)
        .select_related("specialty")
        .order_by("name")
        .prefetch_related(Prefetch("students", queryset=sampled, to_attr="sampled"))
    )
    parts = []
    for cohort in cohorts:
        values = [{c.column: c.value for c in s.cells.all()} for s in cohort.sampled]
        outcomes = [outcome(v) for v in values]
        results = rules.results(
            sample=len(outcomes),
            took_part=sum(o.took_part for o in outcomes),
            positive=sum(o.positive for o in outcomes),
            compliant=compliant,
        )
        grades = grade_counts(g for g in map(test_grade, values) if g is not None)
        parts.append(
            CohortFigures(cohort, results, sum(o.pending for o in outcomes), tuple(grades))
        )
    total = rules.combine([p.results for p in parts], compliant)
    totals = tuple(
        (grade, sum(dict(p.grades)[grade] for p in parts)) for grade in rules.Grade
    )
    return Figures(parts, total, sum(p.pending for p in parts), totals)


def snapshot(report: Figures) -> dict:
    """The figures as JSON, for the record of a decision and for the conclusion's hash."""

    def row(results: rules.Results) -> dict:
        return {
            "sample": results.sample,
            "took_part": results.took_part,
            "positive": results.positive,
            "participation_percent": str(results.participation_percent),
            "positive_percent": str(results.positive_percent),
            "failures": list(results.failures),
        }

    return {
        "total": row(report.total),
        "cohorts": [{"name": p.cohort.name, **row(p.results)} for p in report.cohorts],
    }

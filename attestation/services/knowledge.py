"""The knowledge check (А24-А29): roster, sample, and results entered cell by cell."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from casework.exceptions import CasePermissionDenied, refuse, require
from casework.locks import lock
from casework.services import entry_point
from registry.models import Specialty
from registry.predicates import is_staff_of

from .. import csv_import, rules
from ..exceptions import ResultConflict
from ..figures import FORM_COLUMNS
from ..models import (
    COLUMN_RANGES,
    Attestation,
    Cohort,
    Column,
    Commission,
    KnowledgeCheck,
    ResultCell,
    Student,
)
from ..permissions import chair_or_staff, seat_of
from ..refusals import AttestationRefusal as Refusal
from .conclusions import _void_confirmed, signatures_void
from .schedules import is_preschool

ROSTER_COLUMNS = {
    "student": ("student", "full name", "обучающийся", "студент", "фио", "білім алушы", "аты-жөні"),
    "group": (
        "group",
        "specialty",
        "class",
        "группа",
        "специальность",
        "класс",
        "топ",
        "мамандық",
        "сынып",
    ),
    "grade": ("grade", "current grade", "успеваемость", "оценка", "үлгерім", "баға"),
}

# А24 names the grades; spreadsheets write them in any of the three languages, or as marks.
GRADE_NAMES = {
    rules.Grade.EXCELLENT: ("excellent", "отлично", "өте жақсы", "5"),
    rules.Grade.GOOD: ("good", "хорошо", "жақсы", "4"),
    rules.Grade.SATISFACTORY: ("satisfactory", "удовлетворительно", "қанағаттанарлық", "3"),
}
_GRADES = {name: grade for grade, names in GRADE_NAMES.items() for name in names}


def _attestation_commission(attestation) -> Commission | None:
    return (
        Commission.objects.filter(attestation=attestation, purpose=Commission.Purpose.ATTESTATION)
        .prefetch_related("members")
        .first()
    )


@entry_point
def test_form_set(attestation: Attestation, test_form: str, *, actor) -> Attestation:
    """А24, А27: staff choose how knowledge is checked, before the roster is loaded."""
    require(is_staff_of(actor, attestation))
    attestation = lock(attestation)
    if attestation.cohorts.exists():
        refuse(Refusal.A27_FORM_FIXED, case=attestation)
    # А27: preschool organizations answer questionnaires instead of being tested.
    if test_form == KnowledgeCheck.TEST and is_preschool(attestation.organization):
        refuse(Refusal.A27_PRESCHOOL_QUESTIONNAIRES, case=attestation)
    attestation.test_form = KnowledgeCheck(test_form)
    attestation.save(update_fields=["test_form"])
    return attestation


@entry_point
def roster_import(attestation: Attestation, data: bytes, *, actor) -> list[Cohort]:
    """А24: load the roster of graduating students (student, group or specialty, current
    grade). It replaces the previous roster while no result has been entered."""
    attestation = lock(attestation)
    require(chair_or_staff(actor, attestation))
    if attestation.state not in (
        Attestation.State.COMMISSION_APPROVED,
        Attestation.State.VISIT,
    ):
        refuse(Refusal.A24_ROSTER_NOT_NOW, case=attestation)
    if ResultCell.objects.filter(student__cohort__attestation=attestation).exists():
        refuse(Refusal.A24_ROSTER_AFTER_RESULTS, case=attestation)
    lines = csv_import.read(data, ROSTER_COLUMNS, ("student", "group", "grade"))
    errors, rows = [], []
    for line in lines:
        name, group = line.values["student"], line.values["group"]
        grade = _GRADES.get(line.values["grade"].casefold())
        if not name:
            errors.append(csv_import.line_error(line, _("the student's name is empty")))
        elif not group:
            errors.append(csv_import.line_error(line, _("the group or specialty is empty")))
        elif grade is None:
            errors.append(
                csv_import.line_error(
                    line,
                    _("the grade must be excellent, good or satisfactory, not “%(value)s”")
                    % {"value": line.values["grade"]},
                )
            )
        else:
            rows.append((group, name, grade))
    if not rows and not errors:
        errors.append(_("The file has no students."))
    if errors:
        raise ValidationError(errors)
    attestation.cohorts.all().delete()
    groups = sorted({group for group, _name, _grade in rows})
    specialties = {s.code: s for s in Specialty.objects.filter(code__in=groups)}
    cohorts = {
        group: Cohort.objects.create(
            attestation=attestation, name=group, specialty=specialties.get(group)
        )
        for group in groups
    }
    counters = dict.fromkeys(groups, 0)
    students = []
    for group, name, grade in rows:
        counters[group] += 1
        students.append(
            Student(cohort=cohorts[group], row=counters[group], full_name=name, current_grade=grade)
        )
    Student.objects.bulk_create(students)
    return list(cohorts.values())


@entry_point
def sample_draw(attestation: Attestation, *, actor) -> list[Cohort]:
    """А24: draw each cohort's sample: 50 in proportion to the grade shares, or everyone when
    50 or fewer; the stored seed makes the draw the same every time it is repeated."""
    attestation = lock(attestation)
    require(chair_or_staff(actor, attestation))
    if attestation.state not in (
        Attestation.State.COMMISSION_APPROVED,
        Attestation.State.VISIT,
    ):
        refuse(Refusal.A24_SAMPLE_NOT_NOW, case=attestation)
    if ResultCell.objects.filter(student__cohort__attestation=attestation).exists():
        refuse(Refusal.A24_SAMPLE_AFTER_RESULTS, case=attestation)
    cohorts = list(attestation.cohorts.select_related("specialty").prefetch_related("students"))
    for cohort in cohorts:
        by_grade = {grade: [] for grade in rules.ROSTER_GRADES}
        for student in cohort.students.all():
            by_grade[rules.Grade(student.current_grade)].append(student.pk)
        chosen = set(rules.draw_sample(by_grade, cohort.sample_seed))
        cohort.students.update(in_sample=False)
        Student.objects.filter(pk__in=chosen).update(in_sample=True)
        cohort.sample_drawn_at = timezone.now()
        cohort.save(update_fields=["sample_drawn_at"])
    return cohorts


def _parse(column: str, value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    low, high = COLUMN_RANGES[Column(column)]
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValidationError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            code="out_of_range",
        )
    return number


@entry_point
def results_enter(
    student: Student, column: str, value, *, actor, version: int, void_signatures: bool = False
) -> ResultCell:
    """Enter one result (А25-А27) into the grid. `version` is the cell's version the member's
    screen showed (0 for a cell never written): if someone wrote it since, nothing is saved
    and ResultConflict tells whose value is there now. Clearing a cell is entering None.
    The conclusion's signatures cover the results (А31), so once any member has signed, a
    result is saved only when the member confirms by `void_signatures` that it voids them."""
    student = Student.objects.select_related("cohort__attestation").get(pk=student.pk)
    attestation = lock(student.cohort.attestation)
    commission = _attestation_commission(attestation)
    seat = seat_of(actor, commission) if commission and commission.is_approved else None
    if seat is None:
        raise CasePermissionDenied(_("Only members of the commission enter results."))
    if attestation.state != Attestation.State.VISIT:
        refuse(Refusal.A25_RESULTS_NOT_DURING_VISIT, case=attestation)
    if not student.in_sample:
        refuse(Refusal.A24_NOT_IN_SAMPLE, case=attestation)
    if column not in FORM_COLUMNS[attestation.test_form]:
        refuse(Refusal.A25_NO_SUCH_COLUMN, case=attestation)
    if column == Column.WRITTEN and not (
        seat.is_chair or seat.pk == commission.written_work_member_id
    ):
        raise CasePermissionDenied(
            _(
                "Cl. 26 of the Instruction approved by Order No. 109: written works are graded "
                "by the joint commission."
            )
        )
    number = _parse(column, value)
    if number is not None:
        _absent_or_results(student, column, number, attestation)
    _void_confirmed(attestation, void_signatures)
    now = timezone.now()
    updated = ResultCell.objects.filter(student=student, column=column, version=version).update(
        value=number, version=F("version") + 1, entered_by=actor, entered_at=now
    )
    if not updated:
        if version != 0:
            _conflict(student, column)
        try:
            with transaction.atomic():
                ResultCell.objects.create(
                    student=student,
                    column=column,
                    value=number,
                    version=1,
                    entered_by=actor,
                    entered_at=now,
                )
        except IntegrityError:
            _conflict(student, column)
    signatures_void(attestation)
    return ResultCell.objects.select_related("entered_by").get(student=student, column=column)


def _absent_or_results(student, column, number, attestation) -> None:
    """А35: a student who did not take part has no results, and one with results took part."""
    entered = ResultCell.objects.filter(student=student, value__isnull=False)
    if column == Column.ABSENT:
        if number == 1 and entered.exclude(column=Column.ABSENT).exists():
            refuse(Refusal.A35_ABSENT_OR_RESULTS, case=attestation)
    elif entered.filter(column=Column.ABSENT, value=1).exists():
        refuse(Refusal.A35_ABSENT_OR_RESULTS, case=attestation)


def _conflict(student, column):
    cell = ResultCell.objects.select_related("entered_by").get(student=student, column=column)
    raise ResultConflict(
        cell,
        _("%(person)s has just entered %(value)s here (you typed over an older value).")
        % {"person": cell.entered_by, "value": "—" if cell.value is None else cell.value},
    )

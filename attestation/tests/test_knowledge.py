"""Roster, sample (А24) and results (А25-А27) as the commission enters them."""

import pytest
from django.core.exceptions import ValidationError

from attestation import figures, services
from attestation.exceptions import ResultConflict
from attestation.models import Attestation, Column, KnowledgeCheck, ResultCell, Student
from attestation.rules import Grade
from attestation.tests.factories import World, attestation_in, commission_for, results, sample_of
from casework.exceptions import CasePermissionDenied, TransitionRefused
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _roster(rows) -> bytes:
    lines = ["ФИО;Специальность;Успеваемость"]
    lines += [f"{name};{group};{grade}" for name, group, grade in rows]
    return "\n".join(lines).encode("cp1251")


@pytest.fixture
def visit():
    world = World()
    world.attestation = attestation_in(world, Attestation.State.VISIT)
    world.commission = commission_for(world.attestation)
    world.chair = world.commission.chair.user
    world.members = [m.user for m in world.commission.members.exclude(role="chair")]
    return world


def test_a_roster_in_russian_and_windows_1251_loads_by_group(visit):
    rows = [(f"Студент {i}", "0101000 Юриспруденция", "хорошо") for i in range(3)]
    rows += [("Ученик 1", "11 А", "отлично")]
    cohorts = services.roster_import(visit.attestation, _roster(rows), actor=visit.chair)
    assert sorted((c.name, c.students.count()) for c in cohorts) == [
        ("0101000 Юриспруденция", 3),
        ("11 А", 1),
    ]


def test_a_roster_with_a_bad_grade_loads_nothing(visit):
    rows = [("A", "11 А", "отлично"), ("B", "11 А", "неуд")]
    with pytest.raises(ValidationError, match="Line 3"):
        services.roster_import(visit.attestation, _roster(rows), actor=visit.chair)
    assert not Student.objects.exists()


def test_a_specialty_of_120_gives_a_sample_of_50_in_proportion_drawn_reproducibly(visit):
    rows = [(f"S{i}", "Law", "отлично") for i in range(30)]
    rows += [(f"S{i}", "Law", "хорошо") for i in range(30, 90)]
    rows += [(f"S{i}", "Law", "удовлетворительно") for i in range(90, 120)]
    services.roster_import(visit.attestation, _roster(rows), actor=visit.chair)

    services.sample_draw(visit.attestation, actor=visit.chair)
    first = set(Student.objects.filter(in_sample=True).values_list("full_name", flat=True))
    services.sample_draw(visit.attestation, actor=visit.chair)
    again = set(Student.objects.filter(in_sample=True).values_list("full_name", flat=True))

    assert first == again and len(first) == 50
    sampled = Student.objects.filter(in_sample=True)
    assert sampled.filter(current_grade=Grade.EXCELLENT).count() == 13
    assert sampled.filter(current_grade=Grade.GOOD).count() == 25
    assert sampled.filter(current_grade=Grade.SATISFACTORY).count() == 12


def test_a_specialty_of_50_is_tested_whole(visit):
    rows = [(f"S{i}", "Law", ["отлично", "хорошо", "удовлетворительно"][i % 3]) for i in range(50)]
    services.roster_import(visit.attestation, _roster(rows), actor=visit.chair)
    services.sample_draw(visit.attestation, actor=visit.chair)
    assert Student.objects.filter(in_sample=True).count() == 50


def test_a_specialty_of_51_gives_a_sample_of_50(visit):
    rows = [(f"S{i}", "Law", ["отлично", "хорошо", "удовлетворительно"][i % 3]) for i in range(51)]
    services.roster_import(visit.attestation, _roster(rows), actor=visit.chair)
    services.sample_draw(visit.attestation, actor=visit.chair)
    sampled = Student.objects.filter(in_sample=True)
    assert sampled.count() == 50
    assert sorted(sampled.values_list("current_grade", flat=True)).count(Grade.SATISFACTORY) == 16


def test_a_member_enters_a_test_result_and_the_version_rises(visit):
    _cohort, students = sample_of(visit.attestation, size=2)
    cell = services.results_enter(students[0], Column.TEST, "87", actor=visit.members[0], version=0)
    assert (cell.value, cell.version, cell.entered_by) == (87, 1, visit.members[0])
    cell = services.results_enter(students[0], Column.TEST, 88, actor=visit.members[0], version=1)
    assert (cell.value, cell.version) == (88, 2)


def test_a_student_marked_absent_gets_no_score_and_one_with_a_score_is_not_absent(visit):
    _cohort, (absent, present) = sample_of(visit.attestation, size=2)
    member = visit.members[0]
    services.results_enter(absent, Column.ABSENT, 1, actor=member, version=0)
    with pytest.raises(TransitionRefused) as scored:
        services.results_enter(absent, Column.TEST, 75, actor=member, version=0)
    assert scored.value.code == "attestation.a35.absent_or_results"
    assert not ResultCell.objects.filter(student=absent, column=Column.TEST).exists()

    services.results_enter(present, Column.TEST, 75, actor=member, version=0)
    with pytest.raises(TransitionRefused) as marked:
        services.results_enter(present, Column.ABSENT, 1, actor=member, version=0)
    assert marked.value.code == "attestation.a35.absent_or_results"
    # Clearing the mark, then scoring, is the way (0 is "took part").
    services.results_enter(absent, Column.ABSENT, None, actor=member, version=1)
    assert services.results_enter(absent, Column.TEST, 80, actor=member, version=0).value == 80
    services.results_enter(present, Column.ABSENT, 0, actor=member, version=0)


@pytest.mark.parametrize(
    ("column", "value"), [(Column.TEST, 101), (Column.TEST, -1), (Column.TEST, "8x")]
)
def test_values_out_of_range_are_refused(visit, column, value):
    _cohort, students = sample_of(visit.attestation, size=1)
    with pytest.raises(ValidationError, match="0 to 100"):
        services.results_enter(students[0], column, value, actor=visit.chair, version=0)


def test_a_written_work_takes_0_to_5_and_only_from_the_joint_commission(visit):
    _cohort, students = sample_of(visit.attestation, size=1)
    with pytest.raises(ValidationError, match="0 to 5"):
        services.results_enter(students[0], Column.WRITTEN, 6, actor=visit.chair, version=0)
    with pytest.raises(CasePermissionDenied):
        services.results_enter(students[0], Column.WRITTEN, 3, actor=visit.members[0], version=0)
    member = visit.commission.members.get(user=visit.members[0])
    services.written_work_panel_set(visit.commission, member, "Teacher", actor=visit.chair)
    cell = services.results_enter(students[0], Column.WRITTEN, 3, actor=visit.members[0], version=0)
    assert cell.value == 3


def test_two_members_typing_into_one_cell_do_not_overwrite_each_other(visit):
    _cohort, students = sample_of(visit.attestation, size=1)
    first, second = visit.members
    services.results_enter(students[0], Column.TEST, 70, actor=first, version=0)

    with pytest.raises(ResultConflict) as conflict:
        services.results_enter(students[0], Column.TEST, 90, actor=second, version=0)

    assert conflict.value.cell.value == 70
    assert conflict.value.cell.entered_by == first
    assert "70" in str(conflict.value)
    assert students[0].cells.get().value == 70


def test_someone_off_the_commission_cannot_enter_results(visit):
    _cohort, students = sample_of(visit.attestation, size=1)
    with pytest.raises(CasePermissionDenied):
        services.results_enter(students[0], Column.TEST, 70, actor=UserFactory(), version=0)


def test_results_are_entered_during_the_visit_only(visit):
    _cohort, students = sample_of(visit.attestation, size=1)
    Attestation.objects.filter(pk=visit.attestation.pk).update(state=Attestation.State.CONCLUSION)
    with pytest.raises(TransitionRefused):
        services.results_enter(students[0], Column.TEST, 70, actor=visit.chair, version=0)


def test_a_preschool_grid_takes_questionnaires_not_tests(visit):
    Attestation.objects.filter(pk=visit.attestation.pk).update(
        test_form=KnowledgeCheck.QUESTIONNAIRE
    )
    _cohort, students = sample_of(visit.attestation, size=1)
    with pytest.raises(TransitionRefused):
        services.results_enter(students[0], Column.TEST, 70, actor=visit.chair, version=0)
    services.results_enter(students[0], Column.QUESTIONNAIRE, 1, actor=visit.chair, version=0)
    assert figures.figures(visit.attestation).total.positive == 1


def test_the_figures_count_absences_and_unsatisfactory_results(visit):
    _cohort, students = sample_of(visit.attestation, size=50)
    results(students, absent=3, failing=14)
    report = figures.figures(visit.attestation)
    assert (report.total.sample, report.total.took_part, report.total.positive) == (50, 47, 33)
    assert str(report.total.participation_percent) == "94.0"
    assert str(report.total.positive_percent) == "70.2"


def test_a_student_with_nothing_entered_is_pending_and_has_not_taken_part(visit):
    _cohort, students = sample_of(visit.attestation, size=2)
    services.results_enter(students[0], Column.TEST, 60, actor=visit.chair, version=0)
    report = figures.figures(visit.attestation)
    assert (report.total.took_part, report.pending) == (1, 1)


def test_a_written_work_with_two_right_makes_the_student_not_positive(visit):
    _cohort, students = sample_of(visit.attestation, size=1)
    services.results_enter(students[0], Column.TEST, 90, actor=visit.chair, version=0)
    services.results_enter(students[0], Column.WRITTEN, 2, actor=visit.chair, version=0)
    assert figures.figures(visit.attestation).total.positive == 0
    services.results_enter(students[0], Column.WRITTEN, 3, actor=visit.chair, version=1)
    assert figures.figures(visit.attestation).total.positive == 1

"""The Instruction's figures on both sides of every boundary (seed 001, Russian clause numbers)."""

import datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from attestation import rules
from attestation.rules import Failure, Grade

D = datetime.date


# А25 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "grade"),
    [
        (0, Grade.UNSATISFACTORY),
        (59, Grade.UNSATISFACTORY),
        ("59.9", Grade.UNSATISFACTORY),
        (60, Grade.SATISFACTORY),
        (74, Grade.SATISFACTORY),
        ("74.5", Grade.SATISFACTORY),
        (75, Grade.GOOD),
        (87, Grade.GOOD),
        (88, Grade.EXCELLENT),
        (100, Grade.EXCELLENT),
    ],
)
def test_test_percent_is_graded_by_the_clause_25_scale(percent, grade):
    assert rules.grade_from_percent(percent) == grade


@pytest.mark.parametrize("percent", [-1, 101, "100.1"])
def test_a_test_percent_outside_0_to_100_is_refused(percent):
    with pytest.raises(ValueError):
        rules.grade_from_percent(percent)


def test_only_an_unsatisfactory_test_is_not_positive():
    assert not rules.percent_is_positive(59)
    assert rules.percent_is_positive(60)


def test_the_scale_follows_the_settings(settings):
    settings.ATTESTATION_SATISFACTORY_PERCENT = 50
    assert rules.grade_from_percent(55) == Grade.SATISFACTORY


# А26 ---------------------------------------------------------------------------------------


def test_written_work_with_two_of_five_right_is_not_positive():
    assert not rules.written_work_positive(2)


def test_written_work_with_three_of_five_right_is_positive():
    assert rules.written_work_positive(3)
    assert rules.written_work_positive(5)


@pytest.mark.parametrize("right", [-1, 6])
def test_written_work_outside_0_to_5_is_refused(right):
    with pytest.raises(ValueError):
        rules.written_work_positive(right)


# А24 ---------------------------------------------------------------------------------------


def test_a_specialty_of_50_is_tested_whole():
    counts = {Grade.EXCELLENT: 10, Grade.GOOD: 25, Grade.SATISFACTORY: 15}
    assert rules.sample_quotas(counts) == counts


def test_a_specialty_of_51_gives_a_sample_of_exactly_50_in_proportion():
    counts = {Grade.EXCELLENT: 17, Grade.GOOD: 17, Grade.SATISFACTORY: 17}
    quotas = rules.sample_quotas(counts)
    assert sum(quotas.values()) == 50
    for grade, n in counts.items():
        assert abs(quotas[grade] - Fraction(n * 50, 51)) < 1
    # Equal remainders: the better grades take the spare places, the same way every time.
    assert quotas == {Grade.EXCELLENT: 17, Grade.GOOD: 17, Grade.SATISFACTORY: 16}


def test_largest_remainder_gives_the_spare_place_to_the_largest_fraction():
    # 7/51*50 = 6.86, 30/51*50 = 29.41, 14/51*50 = 13.73: floors sum to 48, spares go to .86, .73
    quotas = rules.sample_quotas({Grade.EXCELLENT: 7, Grade.GOOD: 30, Grade.SATISFACTORY: 14})
    assert quotas == {Grade.EXCELLENT: 7, Grade.GOOD: 29, Grade.SATISFACTORY: 14}


@given(
    st.lists(st.integers(min_value=0, max_value=2000), min_size=3, max_size=3).filter(
        lambda c: sum(c) > 50
    )
)
def test_any_large_specialty_gives_50_each_grade_within_rounding(counts):
    by_grade = dict(zip(rules.ROSTER_GRADES, counts, strict=True))
    quotas = rules.sample_quotas(by_grade)
    assert sum(quotas.values()) == 50
    total = sum(counts)
    for grade, n in by_grade.items():
        assert abs(quotas[grade] - Fraction(n * 50, total)) < 1
        assert 0 <= quotas[grade] <= n


def test_the_draw_is_reproducible_from_its_seed_and_keeps_the_proportions():
    students = {
        Grade.EXCELLENT: range(1, 31),
        Grade.GOOD: range(31, 91),
        Grade.SATISFACTORY: range(91, 121),
    }
    first = rules.draw_sample(students, seed="abc")
    assert first == rules.draw_sample(students, seed="abc")
    assert first != rules.draw_sample(students, seed="abd")
    assert len(first) == len(set(first)) == 50
    assert sum(1 for s in first if s <= 30) == 13  # 30/120 of 50 = 12.5 -> 13 (tie: better grade)
    assert sum(1 for s in first if 31 <= s <= 90) == 25
    assert sum(1 for s in first if s > 90) == 12


# А35 ---------------------------------------------------------------------------------------


def test_not_attested_when_94_9_percent_took_part():
    result = rules.results(sample=1000, took_part=949, positive=949)
    assert result.failures == (Failure.PARTICIPATION,)
    assert result.participation_percent == rules.Decimal("94.9")


def test_attested_when_exactly_95_percent_took_part():
    result = rules.results(sample=1000, took_part=950, positive=950)
    assert result.may_attest


def test_not_attested_when_69_9_percent_of_those_who_took_part_are_positive():
    result = rules.results(sample=1000, took_part=1000, positive=699)
    assert result.failures == (Failure.POSITIVE_SHARE,)
    assert result.positive_percent == rules.Decimal("69.9")


def test_attested_when_exactly_70_percent_are_positive():
    assert rules.results(sample=1000, took_part=1000, positive=700).may_attest


def test_in_a_sample_of_50_three_absences_fail_and_two_pass():
    assert rules.results(50, 47, 47).failures == (Failure.PARTICIPATION,)  # 94 %
    assert rules.results(50, 48, 48).may_attest  # 96 %


def test_every_failed_condition_is_named():
    result = rules.results(sample=50, took_part=40, positive=10, compliant=False)
    assert result.failures == (
        Failure.NOT_COMPLIANT,
        Failure.PARTICIPATION,
        Failure.POSITIVE_SHARE,
    )


def test_nobody_taking_part_fails_both_figures():
    result = rules.results(sample=50, took_part=0, positive=0)
    assert result.positive_share is None
    assert set(result.failures) == {Failure.PARTICIPATION, Failure.POSITIVE_SHARE}


def test_the_totals_combine_the_specialties():
    total = rules.combine([rules.results(50, 50, 30), rules.results(20, 20, 20)])
    assert (total.sample, total.took_part, total.positive) == (70, 70, 50)
    assert total.may_attest  # 50/70 = 71.4 %, though one specialty alone is at 60 %


def test_inconsistent_counts_are_refused():
    with pytest.raises(ValueError):
        rules.results(sample=10, took_part=11, positive=0)


# А4, А5 ------------------------------------------------------------------------------------


def test_planned_attestation_is_due_five_years_after_the_last_or_when_never_attested():
    assert rules.planned_attestation_due(None, 2026)
    assert rules.planned_attestation_due(D(2021, 12, 31), 2026)
    assert not rules.planned_attestation_due(D(2022, 1, 1), 2026)


def test_control_results_at_the_threshold_do_not_call_for_extraordinary_attestation(settings):
    settings.ATTESTATION_EXTRAORDINARY_FAILED_PERCENT = 30
    assert not rules.control_over_threshold(tested=1000, failed=300)
    assert rules.control_over_threshold(tested=1000, failed=301)
    assert not rules.control_over_threshold(tested=0, failed=0)


def test_extraordinary_attestation_falls_in_the_next_calendar_year():
    assert rules.extraordinary_year(2025) == 2026


# А12, А14, А15, А17 ------------------------------------------------------------------------


def test_a_notice_three_months_ahead_is_in_time():
    assert rules.notice_in_time(D(2026, 9, 15), on=D(2026, 6, 15))


def test_a_schedule_change_three_months_less_one_day_ahead_is_too_late():
    assert not rules.notice_in_time(D(2026, 9, 15), on=D(2026, 6, 16))


def test_three_months_before_the_31st_is_the_end_of_a_shorter_month():
    assert rules.notice_deadline(D(2026, 5, 31)) == D(2026, 2, 28)


def test_self_assessment_a_day_after_the_one_month_mark_is_late():
    assert not rules.self_assessment_late(D(2026, 9, 15), D(2026, 8, 15))
    assert rules.self_assessment_late(D(2026, 9, 15), D(2026, 8, 16))


def test_commission_approved_10_days_before_the_start_is_in_time():
    assert rules.commission_in_time(D(2026, 9, 15), approved_on=D(2026, 9, 5))


def test_commission_approved_9_days_before_the_start_is_too_late():
    assert not rules.commission_in_time(D(2026, 9, 15), approved_on=D(2026, 9, 6))


# А33, А34, А38 -----------------------------------------------------------------------------


def test_a_decision_on_day_10_after_the_conclusion_is_in_time():
    assert rules.decision_in_time(D(2026, 10, 1), decided_on=D(2026, 10, 11))


def test_a_decision_on_day_11_after_the_conclusion_is_late():
    assert not rules.decision_in_time(D(2026, 10, 1), decided_on=D(2026, 10, 12))


def test_a_suspension_lasts_up_to_six_months():
    assert rules.suspension_end(D(2026, 11, 1)) == D(2027, 4, 30)
    assert rules.suspension_end(D(2026, 11, 1), months=1) == D(2026, 11, 30)
    with pytest.raises(ValueError):
        rules.suspension_end(D(2026, 11, 1), months=7)


def test_deficiencies_are_to_be_remedied_within_six_months_of_the_suspension():
    assert rules.remedy_deadline(D(2026, 11, 1)) == D(2027, 5, 1)


# А19 ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visit_of_7_working_days_across_nauryz_is_within_the_limit():
    # Monday 16 March 2026: 16-20 March, Nauryz 21-25 March off, then 26 and 27 March.
    assert rules.visit_last_day(D(2026, 3, 16)) == D(2026, 3, 27)
    assert rules.visit_within_limit(D(2026, 3, 16), D(2026, 3, 27))


@pytest.mark.django_db
def test_a_visit_of_8_working_days_across_nauryz_is_too_long():
    assert not rules.visit_within_limit(D(2026, 3, 16), D(2026, 3, 30))


@pytest.mark.django_db
def test_a_visit_starting_on_a_day_off_counts_from_the_next_working_day():
    assert rules.visit_last_day(D(2026, 3, 21)) == D(2026, 4, 3)


def test_the_earliest_start_told_today_is_three_months_on_even_from_a_month_end():
    assert rules.earliest_start(D(2026, 6, 15)) == D(2026, 9, 15)
    # 30 November + 3 months is 28 February, but 28 February - 3 months is 28 November.
    assert rules.earliest_start(D(2026, 11, 30)) == D(2027, 3, 1)

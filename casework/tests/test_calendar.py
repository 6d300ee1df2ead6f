"""The working-day calendar on real dates of Kazakhstan and Kyrgyzstan.

The dates asserted are those of the `holidays` package (0.109) and the laws it cites:
Kazakhstan's Labour Code moves a holiday that falls on a weekend to the next working day, and the
government's 2025 decree moved Sunday 5 January to Friday 3 January; Kyrgyzstan's Labour Code of
23 January 2025 stopped moving weekend holidays and, from 2026, made 1–7 January a holiday.
"""

import datetime

import pytest
from django.db import transaction

from casework import calendar
from casework.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _fresh_calendar():
    calendar.cache_clear()
    yield
    calendar.cache_clear()


@pytest.fixture
def kz(settings):
    settings.PORTAL_JURISDICTION = "KZ"


@pytest.fixture
def kg(settings):
    settings.PORTAL_JURISDICTION = "KG"


def days_off(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    span = (end - start).days + 1
    days = [start + datetime.timedelta(days=i) for i in range(span)]
    return [d for d in days if not calendar.is_working_day(d)]


# Kazakhstan.


def test_kz_nauryz_2025_falls_partly_on_a_weekend_so_monday_and_tuesday_are_off_too(kz):
    # 21 (Fri), 22 (Sat), 23 (Sun) March; the weekend two move to Monday 24 and Tuesday 25.
    assert days_off(D(2025, 3, 20), D(2025, 3, 26)) == [
        D(2025, 3, 21),
        D(2025, 3, 22),
        D(2025, 3, 23),
        D(2025, 3, 24),
        D(2025, 3, 25),
    ]
    assert calendar.add_working_days(D(2025, 3, 20), 1) == D(2025, 3, 26)
    assert calendar.next_working_day(D(2025, 3, 20)) == D(2025, 3, 26)


def test_kz_nauryz_2026_from_saturday_to_wednesday(kz):
    # 21 (Sat), 22 (Sun), 23 (Mon); Saturday's and Sunday's moved to Tuesday 24 and Wednesday 25.
    assert days_off(D(2026, 3, 20), D(2026, 3, 26)) == [D(2026, 3, d) for d in range(21, 26)]
    assert calendar.add_working_days(D(2026, 3, 20), 1) == D(2026, 3, 26)
    assert calendar.working_days_between(D(2026, 3, 20), D(2026, 3, 27)) == 2


def test_kz_new_year_2025_worked_sunday_5_january_for_friday_3_january(kz):
    assert days_off(D(2024, 12, 31), D(2025, 1, 8)) == [
        D(2025, 1, 1),
        D(2025, 1, 2),
        D(2025, 1, 3),  # the transfer's day off
        D(2025, 1, 4),
        D(2025, 1, 7),  # Orthodox Christmas
    ]
    assert calendar.is_working_day(D(2025, 1, 5))  # a Sunday, worked by decree
    assert calendar.add_working_days(D(2024, 12, 31), 1) == D(2025, 1, 5)
    assert calendar.add_working_days(D(2024, 12, 31), 3) == D(2025, 1, 8)


def test_kz_new_year_2026_two_days_then_orthodox_christmas(kz):
    assert days_off(D(2025, 12, 31), D(2026, 1, 8)) == [
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 1, 3),
        D(2026, 1, 4),
        D(2026, 1, 7),
    ]
    assert calendar.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 5)
    assert calendar.add_working_days(D(2026, 1, 6), 1) == D(2026, 1, 8)


def test_add_working_days_counts_backwards_over_holidays(kz):
    assert calendar.add_working_days(D(2025, 3, 26), -1) == D(2025, 3, 20)
    assert calendar.add_working_days(D(2025, 3, 26), 0) == D(2025, 3, 26)
    assert calendar.working_days_between(D(2025, 3, 26), D(2025, 3, 20)) == -1


def test_add_calendar_days_ignores_the_calendar_and_deadline_end_moves_it(kz):
    due = calendar.add_calendar_days(D(2025, 3, 11), 10)
    assert due == D(2025, 3, 21)  # Nauryz
    assert calendar.deadline_end(due).date() == D(2025, 3, 26)


# Kyrgyzstan.


def test_kg_new_year_2025_with_saturday_11_january_worked(kg):
    assert days_off(D(2024, 12, 31), D(2025, 1, 12)) == [
        D(2025, 1, 1),
        D(2025, 1, 2),  # moved from Saturday 11 January
        D(2025, 1, 3),
        D(2025, 1, 4),
        D(2025, 1, 5),
        D(2025, 1, 6),
        D(2025, 1, 7),  # Christmas
        D(2025, 1, 12),
    ]
    assert calendar.is_working_day(D(2025, 1, 11))
    assert calendar.add_working_days(D(2024, 12, 31), 1) == D(2025, 1, 8)


def test_kg_new_year_holidays_from_2026_run_to_christmas(kg):
    assert days_off(D(2026, 1, 1), D(2026, 1, 8)) == [D(2026, 1, d) for d in range(1, 8)]
    assert calendar.next_working_day(D(2025, 12, 31)) == D(2026, 1, 8)


def test_kg_nooruz_is_one_day_and_a_weekend_nooruz_is_not_moved(kg):
    assert days_off(D(2025, 3, 20), D(2025, 3, 24)) == [
        D(2025, 3, 21),
        D(2025, 3, 22),
        D(2025, 3, 23),
    ]
    assert calendar.add_working_days(D(2025, 3, 20), 1) == D(2025, 3, 24)
    # 2026: Orozo Ait on Friday 20 March, Nooruz on Saturday 21; Monday 23 is worked.
    assert days_off(D(2026, 3, 19), D(2026, 3, 23)) == [D(2026, 3, d) for d in (20, 21, 22)]
    assert calendar.is_working_day(D(2026, 3, 23))


def test_the_jurisdiction_decides_whose_holidays_count(kz):
    # 24 March 2025 is off in Kazakhstan (moved Nauryz) and worked in Kyrgyzstan.
    assert not calendar.is_working_day(D(2025, 3, 24))
    assert calendar.is_working_day(D(2025, 3, 24), jurisdiction="KG")


# Days an admin adds.


def test_an_admin_transfer_makes_a_saturday_working_and_a_monday_off(kz):
    saturday, monday = D(2026, 6, 13), D(2026, 6, 15)
    assert not calendar.is_working_day(saturday)
    assert calendar.add_working_days(D(2026, 6, 12), 1) == monday

    CalendarDay.objects.create(date=saturday, kind=CalendarDay.Kind.WORKING_DAY, note="decree")
    CalendarDay.objects.create(date=monday, kind=CalendarDay.Kind.DAY_OFF, note="decree")

    assert calendar.is_working_day(saturday)
    assert not calendar.is_working_day(monday)
    assert calendar.add_working_days(D(2026, 6, 12), 1) == saturday
    assert calendar.add_working_days(D(2026, 6, 12), 2) == D(2026, 6, 16)


def test_an_admin_row_of_the_other_jurisdiction_changes_nothing_here(kz):
    CalendarDay.objects.create(
        date=D(2026, 6, 15), jurisdiction="KG", kind=CalendarDay.Kind.DAY_OFF
    )
    assert calendar.is_working_day(D(2026, 6, 15))
    assert not calendar.is_working_day(D(2026, 6, 15), jurisdiction="KG")


def test_the_admin_rows_are_read_once_and_reread_after_a_change(kz, django_assert_num_queries):
    with django_assert_num_queries(1):
        calendar.is_working_day(D(2026, 6, 15))
    with django_assert_num_queries(0):
        calendar.add_working_days(D(2026, 6, 12), 5)
    day = CalendarDay.objects.create(date=D(2026, 6, 15), kind=CalendarDay.Kind.DAY_OFF)
    assert not calendar.is_working_day(D(2026, 6, 15))
    day.delete()
    assert calendar.is_working_day(D(2026, 6, 15))


def test_a_rolled_back_admin_row_does_not_stay_in_the_cache(kz):
    with pytest.raises(RuntimeError), transaction.atomic():
        CalendarDay.objects.create(date=D(2026, 6, 15), kind=CalendarDay.Kind.DAY_OFF)
        assert not calendar.is_working_day(D(2026, 6, 15))
        raise RuntimeError
    assert calendar.is_working_day(D(2026, 6, 15))


# Seed 004: a deadline on a day off ends at the end of the next working day.


def test_a_deadline_on_a_saturday_ends_at_the_end_of_monday(kz):
    end = calendar.deadline_end(D(2026, 6, 13))
    assert (end.date(), end.time()) == (D(2026, 6, 15), datetime.time(23, 59, 59))
    assert end.tzinfo is not None and end.utcoffset() == datetime.timedelta(hours=5)  # Almaty


def test_a_deadline_on_a_saturday_before_a_holiday_monday_ends_on_tuesday(kz):
    # Saturday 8 March 2025 is Women's Day; observed on Monday 10 March.
    assert calendar.deadline_end(D(2025, 3, 8)).date() == D(2025, 3, 11)


def test_a_deadline_on_a_working_day_ends_that_evening(kz):
    end = calendar.deadline_end(D(2026, 6, 12))
    assert (end.date(), end.time()) == (D(2026, 6, 12), datetime.time(23, 59, 59))


def test_a_deadline_on_an_admin_made_working_saturday_stays_there(kz):
    CalendarDay.objects.create(date=D(2026, 6, 13), kind=CalendarDay.Kind.WORKING_DAY)
    assert calendar.deadline_end(D(2026, 6, 13)).date() == D(2026, 6, 13)

"""The case page's list of the ten stages (К9)."""

import datetime

import pytest

from accreditation.steps import case_steps
from accreditation.tests.factories import at_council, decided, world
from casework.steps import StepState, step_current

pytestmark = pytest.mark.django_db


def test_the_steps_follow_the_ten_stages():
    w = world()
    case = at_council(w, datetime.date(2027, 2, 1))
    steps = case_steps(case, step_due=datetime.date(2027, 8, 1))
    assert len(steps) == 10
    assert [s.state for s in steps[:7]] == [StepState.DONE] * 7
    assert "council" in str(step_current(steps).title)
    assert step_current(steps).due == datetime.date(2027, 8, 1)

    refused = decided(w, case, datetime.date(2027, 7, 1), choice="refuse")
    steps = case_steps(refused)
    assert steps[8].state == StepState.FAILED
    assert steps[9].state == StepState.CURRENT

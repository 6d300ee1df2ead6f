"""The results grid page (issue 10): "absent" is a checkbox, each test shows its grade (А25), and
a locked grid says why instead of asking for values."""

import datetime

import pytest
from django.urls import reverse
from django.utils.translation import override

from attestation import documents, figures
from attestation.models import Attestation, Conclusion
from attestation.rules import Grade
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    results,
    sample_of,
    today,
)

pytestmark = pytest.mark.django_db


def _grid(client, attestation):
    return client.get(reverse("attestation:grid", args=[attestation.pk])).content.decode()


def _at_visit():
    world = World()
    attestation = attestation_in(
        world, Attestation.State.VISIT, start_date=today() - datetime.timedelta(days=1)
    )
    commission = commission_for(attestation)
    return world, attestation, commission


def test_absent_is_a_checkbox_and_each_test_shows_its_grade(client):
    _world, attestation, commission = _at_visit()
    _cohort, students = sample_of(attestation, size=4)
    results(students[:1], absent=1)
    results(students[1:2], percent=90)
    results(students[2:3], percent=59)
    client.force_login(commission.members.exclude(role="chair").first().user)

    page = _grid(client, attestation)

    assert f'type="checkbox" id="cell-{students[0].pk}-absent"' in page
    assert 'data-column="absent" data-min' not in page  # no typed "1" any more
    assert f'data-grade-for="{students[1].pk}" data-grade="excellent">Excellent</span>' in page
    assert (
        f'data-grade-for="{students[2].pk}" data-grade="unsatisfactory">Unsatisfactory</span>'
        in page
    )
    assert f'data-grade-for="{students[0].pk}" data-grade="">—</span>' in page
    assert "Type a value" in page
    assert "The grid is locked." not in page


def test_a_grid_locked_by_the_signed_conclusion_says_why_and_asks_for_nothing(verified_client):
    _world, attestation, commission = _at_visit()
    sample_of(attestation, size=2)
    Attestation.objects.filter(pk=attestation.pk).update(
        state=Attestation.State.CONCLUSION, conclusion_signed_on=today()
    )
    page = _grid(verified_client(commission.chair.user), attestation)

    assert "The grid is locked." in page
    assert "The conclusion was signed on" in page
    assert "Type a value" not in page
    assert " readonly" in page


def test_the_figures_count_the_grades_of_the_tests_in_total_and_per_cohort():
    _world, attestation, _commission = _at_visit()
    _cohort, students = sample_of(attestation, size=5)
    results(students, absent=1, failing=1, percent=80)

    report = figures.figures(attestation)

    assert dict(report.grades) == {
        Grade.EXCELLENT: 0,
        Grade.GOOD: 3,
        Grade.SATISFACTORY: 0,
        Grade.UNSATISFACTORY: 1,
    }
    assert dict(report.cohorts[0].grades) == dict(report.grades)


def test_the_conclusion_pdf_states_the_grades():
    _world, attestation, commission = _at_visit()
    _cohort, students = sample_of(attestation, size=3)
    results(students, percent=95)
    conclusion = Conclusion.objects.create(commission=commission, recommendation="attest")

    with override("en"):
        content = documents.conclusion_context(attestation, conclusion)

    total = content["figures"][-1]
    assert {"grade": "Excellent", "count": 3} in total["grades"]

"""The attestation samples of `manage.py seed_demo`: an approved schedule of the demo department,
one attestation decided, one at the knowledge test with the demo commission, a few notified;
the same on every run with the same seed, and nothing added by a second `--if-empty`."""

import io

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from attestation import demo, figures
from attestation.models import Attestation, Schedule, Student
from casework.documents import document_list_for_case, document_search_public
from registry.demo import _steps
from registry.demo.build import build
from registry.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def test_the_demo_has_a_schedule_a_decided_attestation_and_one_at_the_test():
    output = _seed()

    schedules = Schedule.objects.filter(authority__staff__user__email="staff@example.com")
    assert schedules.exists()
    assert all(s.state == Schedule.State.APPROVED for s in schedules)
    states = sorted(Attestation.objects.values_list("state", flat=True))
    assert states == ["attested", "notified", "notified", "notified", "visit"]
    assert "at the knowledge test" in output

    testing = Attestation.objects.get(state=Attestation.State.VISIT)
    commission = testing.commissions.get()
    seats = {m.user.email: m.role for m in commission.members.select_related("user")}
    assert seats == {"staff@example.com": "chair", "commission@example.com": "leading_teacher"}
    assert commission.is_approved
    assert Student.objects.filter(cohort__attestation=testing, in_sample=True).count() == 50
    assert figures.figures(testing).pending == 50 - 18
    applicant = testing.organization.representatives.get(role=Role.APPLICANT).user
    assert applicant.email == "applicant@example.com"

    decided = Attestation.objects.get(state=Attestation.State.ATTESTED)
    total = decided.decision_figures["total"]
    assert (total["sample"], total["took_part"], total["positive"]) == (50, 48, 43)
    assert decided.commissions.get().conclusion.signatures.filter(voided_at=None).count() == 2
    # Its conclusion and its order are issued acts, found by number and date.
    acts = {d.kind: d for d in document_list_for_case(decided)}
    assert set(acts) == {"conclusion", "order"}
    assert acts["order"].number == decided.order_number
    order_day = timezone.localtime(decided.decided_at).date()
    assert list(document_search_public(decided.order_number, order_day)) == [acts["order"]]


def test_a_second_if_empty_run_adds_no_attestation():
    _seed("--if-empty")
    counts = (Attestation.objects.count(), Schedule.objects.count())
    assert "nothing to do" in _seed("--if-empty")
    assert (Attestation.objects.count(), Schedule.objects.count()) == counts


class _Rollback(Exception):
    pass


def _snapshot(seed: int):
    """Builds the demo, reads its attestations, and leaves the database as it was; with the
    number of queries the attestation step made (a wall-clock limit fails on a loaded machine;
    a query count does not)."""
    key = f"{demo.attestation_samples.__module__}.{demo.attestation_samples.__qualname__}"
    order, step = _steps[key]
    counts = []

    def timed(ctx):
        with CaptureQueriesContext(connection) as queries:
            step(ctx)
        counts.append(len(queries))

    _steps[key] = (order, timed)
    try:
        with transaction.atomic():
            build(seed=seed, out=lambda line: None)
            rows = list(
                Attestation.objects.order_by("number").values_list(
                    "number", "organization__bin", "state", "start_date"
                )
            )
            students = list(
                Student.objects.order_by("cohort__attestation__number", "row").values_list(
                    "full_name", "current_grade", "in_sample"
                )
            )
            cells = list(
                Student.objects.filter(cells__isnull=False)
                .order_by("cohort__attestation__number", "row", "cells__column")
                .values_list("row", "cells__column", "cells__value")
            )
            raise _Rollback
    except _Rollback:
        return (rows, students, cells), counts[0]
    finally:
        _steps[key] = (order, step)


def test_the_same_seed_gives_the_same_attestations_in_a_bounded_number_of_queries():
    first, queries = _snapshot(seed=11)
    second, again = _snapshot(seed=11)
    assert first == second
    assert not Attestation.objects.exists()
    # The attestation step is bulk work: about 380 queries for its 50-student samples and
    # their cells (the first run also fills Django's content-type cache).
    assert max(queries, again) < 600, (queries, again)

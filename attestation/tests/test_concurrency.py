"""Two commission members typing into the grid at the same moment, each in their own request and
database connection: one value is saved, the other member is told of it (never overwritten
unseen), and writes to different cells never get in each other's way."""

import pytest
from django.db import connection

from attestation import services
from attestation.models import Attestation, Column, ResultCell
from attestation.tests.factories import (
    World,
    attestation_in,
    client_for,
    commission_for,
    decided_ready,
    results,
    sample_of,
)
from casework.exceptions import CaseConflict
from casework.models import TransitionLog
from casework.tests.threads import race
from registry.tests.factories import staff_of

# Threads need their own connections to committed rows; SQLite's test database answers a second
# writer with "database table is locked" instead of making it wait, so there is nothing to test.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL: SQLite locks the whole database",
    ),
]

URL = "/api/v1/attestation/results/"


@pytest.fixture
def grid():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation, members=2)
    _cohort, students = sample_of(attestation, size=2)
    members = [m.user for m in commission.members.exclude(role="chair").order_by("pk")]
    return members, students


def _entry(client, student, value, version=0, column=Column.TEST):
    body = {"student": student.pk, "column": column, "value": value, "version": version}
    return lambda: client.post(
        URL, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )


def test_two_members_writing_the_same_cell_at_once_one_is_saved_the_other_told(grid):
    (first, second), (student, _other) = grid
    typed = {first.pk: "75", second.pk: "40"}
    clients = [client_for(first), client_for(second)]

    responses = race(_entry(clients[0], student, "75"), _entry(clients[1], student, "40"))

    assert sorted(r.status_code for r in responses) == [200, 409], responses
    saved = next(r for r in responses if r.status_code == 200).json()["cell"]
    told = next(r for r in responses if r.status_code == 409).json()
    cell = ResultCell.objects.select_related("entered_by").get()
    winner = cell.entered_by
    assert cell.version == 1 and saved["version"] == 1
    assert cell.value == int(typed[winner.pk]) == saved["value"]
    # The other member sees the value that is there now and who entered it, not their own.
    assert told["code"] == "result_conflict"
    assert told["cell"]["value"] == cell.value and told["cell"]["version"] == 1
    assert told["cell"]["entered_by"] == winner.full_name
    assert told["detail"].startswith(f"{winner.full_name} has just entered {cell.value} here")

    # Nothing is lost: having seen it, the other member may still write over version 1.
    loser = second if winner == first else first
    again = _entry(client_for(loser), student, typed[loser.pk], version=1)()
    assert again.status_code == 200
    cell.refresh_from_db()
    assert (cell.value, cell.version, cell.entered_by_id) == (int(typed[loser.pk]), 2, loser.pk)


def test_two_members_writing_different_cells_at_once_are_both_saved(grid):
    (first, second), (one, other) = grid

    responses = race(_entry(client_for(first), one, "91"), _entry(client_for(second), other, "58"))

    assert [r.status_code for r in responses] == [200, 200], responses
    values = dict(ResultCell.objects.values_list("student_id", "value"))
    assert values == {one.pk: 91, other.pk: 58}
    # The later of the two answers counts both.
    assert max(r.json()["figures"]["total"]["took_part"] for r in responses) == 2


def test_two_decisions_at_once_one_is_made_the_other_told_of_a_conflict():
    """Two heads' screens show the conclusion; both order a decision at the same moment. The
    case's lock (case_transition) queues them: one decision is made and logged, the other finds
    the case decided and answers `case_conflict`, and nothing of it is saved."""

    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation, size=50)
    results(students)
    second_head = staff_of(world.authority, head=True)
    copies = [Attestation.objects.get(pk=attestation.pk) for _ in range(2)]

    outcomes = race(
        lambda: services.attestation_decide(
            copies[0], "attest", actor=world.head, order_number="1-ОД"
        ),
        lambda: services.attestation_decide(
            copies[1], "not_attest", actor=second_head, order_number="2-ОД"
        ),
    )

    made = [o for o in outcomes if isinstance(o, Attestation)]
    conflicts = [o for o in outcomes if isinstance(o, CaseConflict)]
    assert len(made) == 1 and len(conflicts) == 1, outcomes
    assert conflicts[0].code == "case_conflict"
    decided = Attestation.objects.get(pk=attestation.pk)
    assert decided.state == made[0].state
    assert decided.order_number == made[0].order_number
    logged = TransitionLog.objects.filter(case_id=attestation.pk, source="conclusion")
    assert list(logged.values_list("target", flat=True)) == [decided.state]


def test_a_stale_copy_of_the_attestation_answers_409_case_conflict_through_the_api():
    """The head's page still shows the conclusion awaiting a decision; meanwhile the decision
    was made elsewhere. The API answers 409 `case_conflict` with the state the case is in."""

    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation, size=50)
    results(students)
    services.attestation_decide(attestation, "attest", actor=world.head, order_number="1-ОД")

    response = client_for(world.head).post(
        f"/api/v1/attestation/attestations/{attestation.pk}/decision/",
        {"decision": "not_attest", "order_number": "2-ОД"},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 409
    body = response.json()
    assert (body["code"], body["state"], body["fields"]) == ("case_conflict", "attested", {})
    assert Attestation.objects.get(pk=attestation.pk).order_number == "1-ОД"

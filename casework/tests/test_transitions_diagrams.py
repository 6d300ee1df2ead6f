import shutil

import pytest
from django.core.management import call_command

from casework.tests.sample.models import SampleApplication


def test_graph_states_draws_the_sample_procedure_from_its_transitions(tmp_path):
    call_command("graph_states", "sample", output_dir=tmp_path)

    dot = (tmp_path / "sample.sampleapplication.dot").read_text()
    assert '"_initial" -> "draft";' in dot
    assert '"draft" -> "submitted" [label="submit\\n[has_subject]"];' in dot
    assert '"submitted" -> "withdrawn" [label="withdraw"];' in dot
    assert '"accepted" [label="Accepted", peripheries=2];' in dot  # a final state
    assert '"draft" [label="Draft"];' in dot


def test_the_diagram_is_the_same_on_every_run(tmp_path):
    call_command("graph_states", "sample", output_dir=tmp_path / "a")
    call_command("graph_states", "sample", output_dir=tmp_path / "b")
    name = "sample.sampleapplication.dot"
    assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz is not installed")
def test_graph_states_writes_an_svg_next_to_the_dot(tmp_path):
    call_command("graph_states", "sample", output_dir=tmp_path)
    svg = (tmp_path / "sample.sampleapplication.svg").read_text()
    assert "<svg" in svg and "Submitted" in svg


def test_a_redeclared_state_field_lists_its_own_transitions():
    # The procedure's own `state` (with choices) knows its transitions, so available actions
    # and admin buttons work (casework.fsm.bind_transitions).
    application = SampleApplication(subject="x")
    assert {t.name for t in application.get_available_state_transitions()} == {
        "submit",
        "withdraw",
    }

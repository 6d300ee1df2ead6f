"""The case page's step list (issue 10): where the application stands, who acts, by when."""

import pytest

from licensing import services

from .factories import (
    before_council,
    in_review,
    new_license_draft,
    refused,
    world,
)

pytestmark = pytest.mark.django_db


def _steps(client, user, application):
    client.force_login(user)
    page = client.get(application.get_absolute_url())
    assert page.status_code == 200
    return page, [(str(s.title), s.state) for s in page.context["steps"]]


def test_a_submitted_application_is_at_the_completeness_check_with_its_term(client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    page, steps = _steps(client, w.applicant, application)
    assert steps[0] == ("File the application", "done")
    assert steps[1] == ("Completeness check of the package", "current")
    assert [s for _t, s in steps[2:]] == ["upcoming"] * 4
    current = page.context["steps"][1]
    assert current.due == page.context["terms"].step_due
    assert "data-step-now" in page.content.decode()


def test_the_council_step_is_current_while_members_vote(client, verified_client):
    w = world()
    application, _members = before_council(w, council_size=3)
    page = verified_client(w.staff).get(application.get_absolute_url())
    states = {str(s.title): s.state for s in page.context["steps"]}
    assert states["Pre-license inspection"] == "done"
    assert states["Vote of the licensing council"] == "current"
    assert states["Decision on the application"] == "upcoming"


def test_a_reissue_has_no_inspection_and_awaits_the_heads_decision(client):
    w = world()
    from .factories import licensed

    application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    _page, steps = _steps(client, w.applicant, application)
    titles = [t for t, _s in steps]
    assert "Pre-license inspection" not in titles
    assert ("Decision on the application", "current") in steps


def test_a_refusal_shows_the_failed_decision_and_the_appeal_window(client):
    w = world()
    application = refused(w)
    page, steps = _steps(client, w.applicant, application)
    assert ("Decision on the application", "failed") in steps
    appeal = next(s for s in page.context["steps"] if "Appeal" in str(s.title))
    assert appeal.state == "current" and appeal.due == page.context["appeal_until"]
    assert ("License issued and entered in the register", "skipped") in steps

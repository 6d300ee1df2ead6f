"""The shared pieces of a person's journey: what waits for me (the dashboard's list), where a
case stands (the step list), the legal term apart from the step's term, and how long a service
usually takes (the start page's median)."""

import datetime

import pytest
from django.urls import reverse

from casework import calendar, worklist
from casework.deadlines import deadline_complete, deadline_open, deadline_pause, deadline_terms
from casework.service_start import median_days
from casework.steps import Step, StepState, step_current, step_next
from casework.tests.deadline_factories import local, sample_case
from casework.tests.sample.models import SampleApplication
from casework.worklist import WorkItem, work_for, worklist_provider
from registry.tests.factories import AuthorityFactory, UserFactory, staff_of

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def _kazakhstan(settings):
    settings.PORTAL_JURISDICTION = "KZ"
    calendar.cache_clear()
    yield
    calendar.cache_clear()


@pytest.fixture
def provider():
    """A provider of the items given to it, registered for one test."""
    items: list[WorkItem] = []

    def sample_provider(user):
        return [item for item in items if item.subject.startswith(user.email)]

    worklist_provider(sample_provider)
    yield items
    worklist._providers.remove(sample_provider)


def _item(user, subject, due=None, since=None):
    return WorkItem(
        procedure="Sample",
        title="Decide",
        subject=f"{user.email} {subject}",
        url=f"/cases/{subject}/",
        action="Decide",
        due=due,
        since=since,
    )


def test_work_for_puts_the_earliest_term_first_and_items_without_a_term_last(provider):
    user = UserFactory()
    provider += [
        _item(user, "no-term"),
        _item(user, "late", due=D(2026, 12, 20)),
        _item(user, "early", due=D(2026, 11, 2)),
        _item(UserFactory(), "someone-else", due=D(2026, 1, 1)),
    ]
    assert [i.subject.split()[-1] for i in work_for(user)] == ["early", "late", "no-term"]


def test_registering_a_provider_twice_lists_its_items_once(provider):
    user = UserFactory()
    provider.append(_item(user, "one"))
    worklist_provider(worklist._providers[-1])
    assert len(work_for(user)) == 1


def test_the_dashboard_shows_what_awaits_me_with_the_action_one_click_away(log_in, provider):
    user = staff_of(AuthorityFactory(), language="en")
    provider.append(_item(user, "A-1", due=D(2020, 1, 10)))
    page = log_in(user).get(reverse("dashboard")).content.decode()
    assert "data-worklist" in page
    assert 'href="/cases/A-1/"' in page
    assert "overdue" in page  # 2020 is long gone


def test_the_dashboard_says_when_nothing_waits(log_in):
    user = staff_of(AuthorityFactory(), language="en")
    page = log_in(user).get(reverse("dashboard")).content.decode()
    assert "Nothing waits for you now." in page


def test_the_current_step_and_the_next_one():
    steps = [
        Step("Registered", StepState.DONE),
        Step("Completeness", StepState.CURRENT, due=D(2026, 12, 3)),
        Step("Inspection", StepState.SKIPPED),
        Step("Council"),
        Step("Decision"),
    ]
    assert step_current(steps).title == "Completeness"
    assert step_next(steps).title == "Council"
    assert step_next([Step("Decision", StepState.DONE)]) is None
    assert step_current([Step("Decision", StepState.DONE)]) is None


def test_the_legal_term_is_told_apart_from_the_step_term():
    """The seed's example: a 2-day completeness check is not the end of the service's term."""
    case = sample_case()
    received = local(2026, 12, 1, 10)
    deadline_open(case, "completeness", working_days=2, at=received)
    deadline_open(case, "service", working_days=15, at=received)
    terms = deadline_terms(case, "service")
    assert terms.step_kind == "completeness"
    assert terms.step_due == D(2026, 12, 3)
    assert terms.legal_due > D(2026, 12, 18)  # 15 working days, holidays of 16–17 Dec skipped

    deadline_complete(case, "completeness")
    terms = deadline_terms(case, "service")
    assert (terms.step_kind, terms.step_due) == (None, None)
    assert terms.legal_due is not None

    deadline_pause(case)  # returned to the applicant: the clock stands, no date to promise
    assert deadline_terms(case, "service").legal_due is None


def test_median_days_of_closed_cases():
    start = local(2026, 1, 1, 10)
    for days in (2, 4, 10):
        case = sample_case()
        SampleApplication.objects.filter(pk=case.pk).update(
            submitted_at=start, acknowledged_at=start + datetime.timedelta(days=days)
        )
    sample_case()  # still open: not counted
    assert median_days(SampleApplication.objects.all(), "submitted_at", "acknowledged_at") == 4.0
    case = sample_case()
    SampleApplication.objects.filter(pk=case.pk).update(
        submitted_at=start, acknowledged_at=start + datetime.timedelta(days=5)
    )
    assert median_days(SampleApplication.objects.all(), "submitted_at", "acknowledged_at") == 4.5
    assert median_days(SampleApplication.objects.none(), "submitted_at", "acknowledged_at") is None


def test_the_step_list_says_what_is_expected_now_and_what_comes_next():
    from django.template.loader import render_to_string

    html = render_to_string(
        "casework/_steps.html",
        {
            "steps": [
                Step("Registered", StepState.DONE, done_on=D(2026, 12, 1)),
                Step("Completeness check", StepState.CURRENT, who="Staff", due=D(2020, 1, 3)),
                Step("Inspection visit", who="Experts"),
            ]
        },
    )
    assert 'aria-current="step"' in html
    now = html.split("data-step-now>")[1].split("</p>")[0]
    assert "Completeness check" in now and "Staff" in now and "overdue" in now
    assert "Inspection visit" in html.split("data-step-next>")[1].split("</p>")[0]

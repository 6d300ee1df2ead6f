"""Licensing on the dashboard and in the header, per role: the applicant's applications, the
staff queue, the expert's open inspection sheets, the council member's open votes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from licensing import services
from registry.models import Role
from registry.tests.factories import grant

from .factories import (
    InspectionCriterionFactory,
    before_council,
    drawable_experts,
    in_review,
    new_license_draft,
    world,
)

pytestmark = pytest.mark.django_db
VISIT = datetime.date.today() + datetime.timedelta(days=7)


def _dashboard(client) -> str:
    response = client.get(reverse("dashboard"))
    assert response.status_code == 200
    return response.content.decode()


def _inspections(w, count, experts):
    for n in range(count):
        services.license_application_send_to_inspection(
            in_review(w), actor=w.staff, visit_date=VISIT, seed=f"seed-{n}"
        )
    return experts


def test_the_applicant_finds_their_applications_and_a_new_one(client):
    w = world()
    new_license_draft(w)
    client.force_login(w.applicant)
    page = _dashboard(client)
    assert reverse("licensing:my_applications") in page
    assert reverse("licensing:service_start") in page
    assert "1 draft" in page
    header = page.split("</header>")[0]
    assert reverse("licensing:my_applications") in header
    assert reverse("licensing:queue") not in header


def test_staff_see_their_queue_with_overdue_cases_and_only_the_head_bulk_reissue(
    verified_client,
):
    w = world()
    in_review(w)
    from licensing.models import LicenseApplication

    LicenseApplication.objects.update(due_date=datetime.date.today() - datetime.timedelta(days=1))
    page = _dashboard(verified_client(w.staff))
    assert "1 open application" in page
    assert "1 overdue" in page
    assert reverse("licensing:paper_new") in page
    assert reverse("licensing:bulk_reissue_new") not in page
    assert reverse("licensing:queue") in page.split("</header>")[0]
    head_page = _dashboard(verified_client(w.head))
    assert reverse("licensing:bulk_reissue_new") in head_page


def test_an_expert_sees_the_sheets_to_fill_and_sign_in_a_fixed_number_of_queries(client, settings):
    settings.LICENSING_COMMISSION_SIZE = 2
    settings.LICENSING_EXPERT_COOLING_OFF_YEARS = 0  # the same experts visit one school again
    w = world()
    InspectionCriterionFactory()
    experts = drawable_experts(w, 2)
    expert = experts[0]
    grant(expert.user, Role.EXPERT)
    _inspections(w, 1, experts)
    client.force_login(expert.user)
    with CaptureQueriesContext(connection) as one:
        page = _dashboard(client)
    assert "to fill in and sign" in page
    assert "No tasks yet" not in page
    assert reverse("licensing:expert_inspections") in page.split("</header>")[0]

    _inspections(w, 3, experts)
    with CaptureQueriesContext(connection) as four:
        page = _dashboard(client)
    assert page.count("to fill in and sign") == 4
    assert len(four) == len(one)


def test_a_signed_sheet_shows_as_signed_and_a_closed_one_leaves_the_list(client, settings):
    settings.LICENSING_COMMISSION_SIZE = 2
    w = world()
    application, _members = before_council(w)
    expert = application.inspections.get().members.select_related("expert__user").first().expert
    grant(expert.user, Role.EXPERT)
    client.force_login(expert.user)
    page = _dashboard(client)
    assert application.number not in page
    assert "No inspection sheet awaits you." in page


def test_a_council_member_sees_the_votes_awaiting_them(client):
    w = world()
    application, members = before_council(w, council_size=3)
    member = members[1]
    grant(member, Role.COUNCIL_MEMBER)
    client.force_login(member)
    with CaptureQueriesContext(connection) as before:
        page = _dashboard(client)
    assert application.number in page
    assert "awaits your vote" in page
    assert reverse("licensing:council_inbox") in page.split("</header>")[0]

    services.council_vote_cast(application.council_reviews.get(), actor=member, choice="for")
    with CaptureQueriesContext(connection) as after:
        page = _dashboard(client)
    assert "awaits your vote" not in page
    assert "voted" in page
    assert len(after) == len(before)

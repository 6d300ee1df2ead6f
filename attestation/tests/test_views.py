"""The pages and the API over the services: who sees what, refusals shown, conflicts as 409."""

import datetime

import pytest
from django.urls import reverse

from attestation import services
from attestation.models import Attestation, Column, ConclusionSection, Schedule
from attestation.tests.factories import (
    World,
    attestation_in,
    commission_for,
    decided_ready,
    results,
    sample_of,
    today,
)
from casework.models import DocumentKind, IssuedDocument
from registry.models import ExpertAffiliation, Role
from registry.tests.factories import ExpertFactory, UserFactory, grant

pytestmark = pytest.mark.django_db


def test_the_head_proposes_and_approves_a_schedule_in_the_browser(verified_client):
    world = World()
    client = verified_client(world.head)
    year = today().year + 1
    response = client.post(reverse("attestation:schedule_propose"), {"year": year})
    schedule = Schedule.objects.get(year=year)
    assert response.url == reverse("attestation:schedule", args=[schedule.pk])
    entry = schedule.entries.get()
    client.post(
        reverse("attestation:entry_date", args=[entry.pk]),
        {"start_date": f"{year}-12-01"},
    )
    page = client.get(reverse("attestation:schedule", args=[schedule.pk]))
    assert world.organization.name in page.content.decode()

    client.post(reverse("attestation:schedule_approve", args=[schedule.pk]), {"order_number": "1"})

    assert Attestation.objects.get().state == Attestation.State.NOTIFIED


def test_a_refusal_comes_back_as_a_message_on_the_page(verified_client):
    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation)
    results(students, absent=3)
    client = verified_client(world.head)
    response = client.post(
        reverse("attestation:decide", args=[attestation.pk]),
        {"decision": "attest", "order_number": "5", "confirmed": "1"},
        follow=True,
    )
    assert "Cl. 35" in response.content.decode()
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.CONCLUSION


def test_another_organization_does_not_see_the_attestation(client):
    world, other = World(), World()
    attestation = attestation_in(world)
    client.force_login(other.representative)
    assert client.get(reverse("attestation:detail", args=[attestation.pk])).status_code == 404
    client.force_login(world.representative)
    page = client.get(reverse("attestation:detail", args=[attestation.pk]))
    assert page.status_code == 200
    assert reverse("attestation:self_assessment", args=[attestation.pk]) in page.content.decode()


def test_the_grid_shows_the_sample_to_members_only(client):
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    sample_of(attestation, size=3)
    member = commission.members.exclude(role="chair").first().user
    client.force_login(member)
    page = client.get(reverse("attestation:grid", args=[attestation.pk])).content.decode()
    assert page.count('class="form-control form-control-sm grid-cell"') == 6
    assert page.count('class="form-check-input grid-cell" type="checkbox"') == 3
    client.force_login(UserFactory())
    assert client.get(reverse("attestation:grid", args=[attestation.pk])).status_code == 404


def test_the_api_saves_a_cell_and_answers_409_to_a_stale_write(client):
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    _cohort, students = sample_of(attestation, size=2)
    first, second = [m.user for m in commission.members.exclude(role="chair")]
    url = reverse("api-attestation-result")
    body = {"student": students[0].pk, "column": Column.TEST, "value": "75", "version": 0}

    client.force_login(first)
    saved = client.post(url, body, content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()["cell"]["version"] == 1
    assert saved.json()["figures"]["total"]["took_part"] == 1

    client.force_login(second)
    stale = client.post(url, {**body, "value": "40"}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["cell"]["value"] == 75
    assert stale.json()["code"] == "result_conflict"

    wrong = client.post(
        url, {**body, "value": "140", "version": 1}, content_type="application/json"
    )
    assert wrong.status_code == 400


def test_the_api_decision_is_refused_with_409_and_the_figures(verified_client):
    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation)
    results(students, failing=16)
    client = verified_client(world.head)
    response = client.post(
        reverse("api-attestation-decision", args=[attestation.pk]),
        {"decision": "attest", "order_number": "9"},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert "68.0 %" in response.json()["detail"]


def test_the_conclusion_pdf_lists_every_signature(client):
    from attestation import services
    from attestation.models import ConclusionAttachment
    from attestation.tests.factories import pdf

    world = World()
    attestation = attestation_in(
        world, Attestation.State.VISIT, start_date=today() - datetime.timedelta(days=2)
    )
    commission = commission_for(attestation, members=1)
    chair = commission.chair.user
    _cohort, students = sample_of(attestation, size=5)
    results(students, by=chair)
    conclusion = services.conclusion_draft(attestation, actor=chair)
    conclusion = services.conclusion_edit(
        conclusion,
        actor=chair,
        version=conclusion.version,
        sections={ConclusionSection.FINDINGS: "Complies."},
        compliant=True,
        recommendation="attest",
    )
    for item in ConclusionAttachment:
        services.attestation_file_upload(attestation, item.value, pdf(), actor=chair)
    conclusion.refresh_from_db()
    for member in commission.members.all():
        services.conclusion_sign(
            conclusion,
            actor=member.user,
            sha256=services.content_hash(conclusion, attestation),
        )

    # The last signature issued the act; the reader's rendition is made on first request.
    assert IssuedDocument.objects.filter(kind=DocumentKind.CONCLUSION).count() == 1
    client.force_login(world.representative)
    url = reverse("attestation:document", args=[attestation.pk, "conclusion"])
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    words = " ".join(text.split())
    assert "Commission Chair" in words and "Member 1" in words
    assert words.count(services.content_hash(conclusion, attestation)) == 2


def _grid_queries(client, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    _cohort, students = sample_of(attestation, size=size)
    results(students)
    client.force_login(commission.members.exclude(role="chair").first().user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("attestation:grid", args=[attestation.pk])).status_code == 200
    return len(queries)


def test_the_grid_costs_the_same_queries_for_5_and_50_students(client):
    assert _grid_queries(client, 5) == _grid_queries(client, 50)


def test_not_attested_without_a_license_can_be_suspended_later(verified_client):
    from licensing.tests.factories import LicenseFactory

    world = World()
    attestation = decided_ready(world)
    _cohort, students = sample_of(attestation)
    results(students, absent=10)
    client = verified_client(world.head)
    client.post(
        reverse("attestation:decide", args=[attestation.pk]),
        {"decision": "not_attest", "order_number": "7", "suspension_months": "2", "confirmed": "1"},
    )
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.NOT_ATTESTED
    LicenseFactory(organization=world.organization, authority=world.authority)
    client.post(reverse("attestation:suspend_license", args=[attestation.pk]))
    attestation.refresh_from_db()
    assert attestation.state == Attestation.State.SUSPENDED
    assert attestation.suspension_months == 2


def test_staff_see_the_proposed_members_and_seat_one_with_a_click(verified_client):
    world = World()
    attestation = attestation_in(world)
    commission = services.commission_form(attestation, actor=world.staff)
    grant(UserFactory(full_name="Outside Teacher", email="outside@example.kz"), "commission_member")
    insider = ExpertFactory(user=grant(UserFactory(full_name="Insider"), Role.COMMISSION_MEMBER))
    ExpertAffiliation.objects.create(expert=insider, organization=world.organization)
    client = verified_client(world.staff)

    page = client.get(reverse("attestation:detail", args=[attestation.pk])).content.decode()

    assert 'id="commission-candidates"' in page
    assert "Outside Teacher" in page and "Insider" not in page
    client.post(
        reverse("attestation:member_add", args=[commission.pk]),
        {"email": "outside@example.kz", "role": "leading_teacher", "profile": ""},
    )
    assert commission.members.get().user.full_name == "Outside Teacher"

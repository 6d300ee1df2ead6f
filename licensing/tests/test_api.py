"""The licensing API: the same services as the pages, with 400 / 403 / 409 answers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from casework.models import TransitionLog
from licensing import services
from licensing.models import LicenseApplication, LicenseEvent
from registry.tests.factories import OrganizationFactory, applicant_for, staff_of

from .factories import (
    LicenseFactory,
    before_council,
    inspected,
    licensed,
    new_license_draft,
    world,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/licensing"


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def staff_api(verified_client):
    """Staff and heads pass the second factor, as the middleware demands."""
    return verified_client


def test_the_register_is_public():
    w = world()
    license_ = licensed(w, appendices=2)
    client = APIClient()
    listing = client.get(f"{BASE}/licenses/", {"q": w.organization.bin})
    assert listing.status_code == 200
    assert [row["number"] for row in listing.json()["results"]] == [license_.number]
    detail = client.get(f"{BASE}/licenses/{license_.number}/").json()
    assert len(detail["appendices"]) == 2


def test_an_applicant_drafts_updates_and_submits_an_application():
    w = world()
    client = _client(w.applicant)
    created = client.post(
        f"{BASE}/applications/",
        {"kind": "new_license", "organization": w.organization.bin, "level": w.level.pk},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    patched = client.patch(
        f"{BASE}/applications/{pk}/",
        {"activity_address": "Абай к-сі, 1", "specialties": [s.pk for s in w.specialties]},
        format="json",
    )
    assert patched.status_code == 200
    assert patched.json()["actions"] == ["withdraw"]
    submitted = client.post(f"{BASE}/applications/{pk}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "submitted"


def test_missing_details_answer_400_per_field():
    w = world()
    client = _client(w.applicant)
    pk = client.post(
        f"{BASE}/applications/",
        {"kind": "new_license", "organization": w.organization.bin},
        format="json",
    ).json()["id"]
    response = client.post(f"{BASE}/applications/{pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert {"level", "activity_address"} <= set(response.json()["fields"])


def test_staff_work_the_queue_and_a_repeated_action_answers_409(staff_api):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client = staff_api(w.staff)
    queue = client.get(f"{BASE}/applications/").json()
    assert [row["number"] for row in queue["results"]] == [application.number]
    ok = client.post(f"{BASE}/applications/{application.pk}/accept/", {"comment": "Полный"})
    assert ok.status_code == 200
    assert ok.json()["state"] == "review"
    again = client.post(f"{BASE}/applications/{application.pk}/accept/")
    assert again.status_code == 409
    assert again.json()["code"] == "case_conflict"
    assert again.json()["state"] == "review"


def test_an_action_on_a_case_someone_changed_meanwhile_answers_409_case_conflict(staff_api):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client = staff_api(w.staff)
    seen = client.get(f"{BASE}/applications/{application.pk}/").json()
    assert seen["state"] == "submitted"
    assert "accept" in seen["actions"]
    # Another staff member returns it before this one's click arrives.
    services.license_application_return_for_corrections(
        application, actor=staff_of(w.authority), request="Нет устава"
    )
    response = client.post(f"{BASE}/applications/{application.pk}/accept/", {"comment": "Полный"})
    assert response.status_code == 409
    assert response.json()["code"] == "case_conflict"
    assert response.json()["state"] == "returned"
    assert LicenseApplication.objects.get(pk=application.pk).state == "returned"


def test_a_refused_rule_answers_409_with_its_code():
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    response = _client(w.applicant).post(f"{BASE}/applications/{application.pk}/resubmit/")
    assert response.status_code == 409
    assert response.json()["code"] == "licensing.resubmission.not_refused"
    assert response.json()["fields"] == {}


def test_an_action_of_another_role_answers_403_and_bad_input_400(staff_api):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    forbidden = _client(w.applicant).post(f"{BASE}/applications/{application.pk}/accept/")
    assert forbidden.status_code == 403
    empty = staff_api(w.staff).post(
        f"{BASE}/applications/{application.pk}/return_for_corrections/", {"request": ""}
    )
    assert empty.status_code == 400
    assert empty.json()["fields"]["request"][0]["code"] == "required"
    assert LicenseApplication.objects.get(pk=application.pk).state == "submitted"


def test_a_stranger_gets_404_for_an_application():
    w = world()
    application = new_license_draft(w)
    assert _client(world().applicant).get(f"{BASE}/applications/{application.pk}/").status_code == (
        404
    )


def test_the_queue_api_costs_the_same_queries_for_one_row_and_for_many(staff_api):
    w = world()
    client = staff_api(w.staff)

    def file_duplicate():
        organization = OrganizationFactory(region=w.organization.region)
        person = applicant_for(organization)
        license_ = LicenseFactory(organization=organization, authority=w.authority)
        application = services.license_application_create(
            actor=person,
            organization=organization,
            kind="duplicate",
            license=license_,
            grounds_details="Утерян",
        )
        services.license_application_submit(application, actor=person)

    file_duplicate()
    client.get(f"{BASE}/applications/")
    with CaptureQueriesContext(connection) as one:
        client.get(f"{BASE}/applications/")
    for _ in range(4):
        file_duplicate()
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{BASE}/applications/")
    assert response.json()["count"] == 5
    assert len(many) == len(one)


def test_council_members_vote_and_the_decision_lists_the_votes(staff_api):
    w = world()
    application, members = before_council(w, council_size=3)
    review = application.council_reviews.get()
    for member in members:
        response = _client(member).post(
            f"{BASE}/council-reviews/{review.pk}/votes/", {"choice": "for"}, format="json"
        )
        assert response.status_code == 201
    closed = staff_api(w.head).post(f"{BASE}/council-reviews/{review.pk}/close/").json()
    assert closed["outcome"] == "grant"
    assert sorted(v["member"] for v in closed["votes"]) == sorted(m.pk for m in members)


def test_a_change_to_a_signed_sheet_through_the_api_needs_void_signatures():
    w = world()
    inspection = inspected(w).inspections.get()
    finding = inspection.findings.first()
    expert = inspection.members.select_related("expert__user").first().expert.user
    url = f"{BASE}/inspections/{inspection.pk}/findings/{finding.pk}/"
    change = {"met": False, "comment": "Нет спортзала"}
    refused = _client(expert).post(url, change, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "licensing.sheet.voids_signatures"
    finding.refresh_from_db()
    assert (finding.met, finding.comment) == (True, "")
    assert not inspection.signatures.filter(voided_at__isnull=False).exists()
    # The same answer again is not a change: nothing to confirm.
    same = _client(expert).post(url, {"met": True}, format="json")
    assert same.status_code == 200
    confirmed = _client(expert).post(url, {**change, "void_signatures": True}, format="json")
    assert confirmed.status_code == 200
    assert (confirmed.json()["met"], confirmed.json()["comment"]) == (False, "Нет спортзала")
    assert not inspection.signatures.filter(voided_at__isnull=True).exists()
    assert inspection.signatures.count() == inspection.members.count()


def test_the_schema_documents_the_confirmation_of_a_sheet_change():
    schema = APIClient().get("/api/schema/", HTTP_ACCEPT="application/json").json()
    request = schema["paths"]["/api/v1/licensing/inspections/{id}/findings/{finding_id}/"]["post"]
    reference = request["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    fields = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]["properties"]
    assert fields["void_signatures"]["type"] == "boolean"
    assert "licensing.sheet.voids_signatures" in fields["void_signatures"]["description"]


def test_the_head_suspends_a_license_through_the_api(staff_api):
    w = world()
    license_ = licensed(w)
    until = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    response = staff_api(w.head).post(
        f"{BASE}/licenses/{license_.number}/suspend/", {"reason": "А34", "until": until}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "suspended"
    denied = _client(w.applicant).post(
        f"{BASE}/licenses/{license_.number}/revoke/", {"reason": "x"}, format="json"
    )
    assert denied.status_code == 403
    assert LicenseEvent.objects.filter(license=license_).count() == 1
    log = TransitionLog.objects.get(transition="suspend")
    assert (log.source, log.target, log.actor) == ("active", "suspended", w.head)


def test_a_suspension_without_its_end_answers_400_on_the_field(staff_api):
    w = world()
    license_ = licensed(w)
    response = staff_api(w.head).post(
        f"{BASE}/licenses/{license_.number}/suspend/", {"reason": "А34"}
    )
    assert response.status_code == 400
    assert response.json()["fields"]["until"][0]["code"] == "required"


def test_token_authentication_works_for_applicants():
    w = world()
    token = Token.objects.create(user=w.applicant)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.get(f"{BASE}/applications/").status_code == 200

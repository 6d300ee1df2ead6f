"""The apostille's API: the same services as the pages, errors in the one shape with their
codes, a citizen sees only their own requests (404 for others'), staff only their authority's,
the list costs the same queries for one request and for many, the e-Register look-up locks out
as the page does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from apostille import services
from apostille.models import ApostilleRequest, LookupAttempt, Specimen

from .factories import (
    DIRECTOR,
    RefusalReasonFactory,
    citizen,
    in_review,
    pdf_scan,
    submitted,
    upload,
    world,
)

pytestmark = pytest.mark.django_db
BASE = "/api/v1/apostille"
State = ApostilleRequest.State


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _staff(verified_client, user):
    return verified_client(user)


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


def _body(w) -> dict:
    return {
        "document_type": w.document_type.code,
        "level": w.level.pk,
        "series": "ЖОБ",
        "document_number": "0012345",
        "issued_on": "2020-06-20",
        "issuer": w.organization.bin,
        "signer_name": DIRECTOR,
        "country_of_use": "Germany",
        "language": "en",
        "fee_receipt_number": "KZ-PAY-1",
    }


def test_a_citizen_drafts_and_submits_a_request_and_sees_its_checks():
    w = world()
    client = _client(w.citizen)
    created = client.post(f"{BASE}/requests/", _body(w), format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["state"] == "draft"
    refused = client.post(f"{BASE}/requests/{pk}/submit/", {}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "apostille.scan.missing"
    assert set(refused.json()) >= {"code", "detail", "fields"}
    other = _client(world().citizen).post(
        f"{BASE}/requests/{pk}/attachments/scan/", {"file": upload(pdf_scan())}, format="multipart"
    )
    assert other.status_code == 404
    unknown = client.post(
        f"{BASE}/requests/{pk}/attachments/charter/",
        {"file": upload(pdf_scan())},
        format="multipart",
    )
    assert unknown.status_code == 400
    attached = client.post(
        f"{BASE}/requests/{pk}/attachments/scan/", {"file": upload(pdf_scan())}, format="multipart"
    )
    assert attached.status_code == 201, attached.json()
    assert attached.json()["item_code"] == "scan" and attached.json()["version"] == 1
    done = client.post(f"{BASE}/requests/{pk}/submit/", {}, format="json").json()
    assert done["state"] == "submitted"
    assert {c["kind"]: c["outcome"] for c in done["checks"]} == {
        "duplicate": "passed",
        "license": "passed",
        "signer": "passed",
    }
    assert "withdraw" in done["actions"]


def test_a_citizen_cannot_file_for_someone_elses_document():
    w = world()
    body = {**_body(w), "holder_iin": citizen().iin}
    response = _client(w.citizen).post(f"{BASE}/requests/", body, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "apostille.citizen.not_holder"


def test_another_citizen_and_another_authoritys_staff_get_404(verified_client):
    w = world()
    request = submitted(w)
    other = world()
    assert _client(other.citizen).get(f"{BASE}/requests/{request.pk}/").status_code == 404
    response = _client(other.citizen).post(
        f"{BASE}/requests/{request.pk}/withdraw/", {}, format="json"
    )
    assert response.status_code == 404
    assert (
        _staff(verified_client, other.staff).get(f"{BASE}/requests/{request.pk}/").status_code
        == 404
    )
    assert _client(w.citizen).get(f"{BASE}/requests/{request.pk}/").status_code == 200
    assert [
        r["id"] for r in _client(other.citizen).get(f"{BASE}/requests/").json()["results"]
    ] == []


def test_staff_confirm_the_fee_accept_and_affix_and_the_citizen_sees_the_apostille(
    verified_client,
):
    w = world()
    request = submitted(w)
    staff = _staff(verified_client, w.staff)
    url = f"{BASE}/requests/{request.pk}"
    early = _post(staff, f"{url}/accept/")
    assert early.status_code == 409
    assert early.json()["code"] == "apostille.fee.not_confirmed"
    assert _post(staff, f"{url}/confirm_fee/").json()["fee_confirmed"] is True
    assert _post(staff, f"{url}/accept/").json()["state"] == "review"
    affixed = _post(staff, f"{url}/affix/", {"comment": "ok"}).json()
    assert affixed["state"] == "affixed"
    (apostille,) = affixed["apostilles"]
    assert apostille["status"] == "valid"
    mine = _client(w.citizen).get(f"{url}/").json()
    assert mine["apostilles"][0]["number"] == apostille["number"]
    assert any(d["kind"] == "apostille" for d in mine["documents"])


def test_a_refusal_without_reasons_answers_400_with_the_field(verified_client):
    w = world()
    request = in_review(w)
    staff = _staff(verified_client, w.staff)
    url = f"{BASE}/requests/{request.pk}/refuse/"
    response = _post(staff, url, {"text": "Illegible"})
    assert response.status_code == 400
    assert "reasons" in response.json()["fields"]
    reason = RefusalReasonFactory()
    assert _post(staff, url, {"reasons": [reason.pk], "text": "Illegible"}).json()[
        "refusal_reasons"
    ] == [reason.code]


def test_staff_return_a_request_and_the_applicant_sends_corrections(verified_client):
    w = world()
    request = submitted(w)
    staff = _staff(verified_client, w.staff)
    returned = _post(
        staff, f"{BASE}/requests/{request.pk}/return_for_corrections/", {"corrections": "Scan"}
    ).json()
    assert returned["state"] == "returned"
    client = _client(w.citizen)
    patched = client.patch(
        f"{BASE}/requests/{request.pk}/", {"country_of_use": "France"}, format="json"
    ).json()
    assert patched["country_of_use"] == "France"
    sent = client.post(f"{BASE}/requests/{request.pk}/submit_corrections/", {}, format="json")
    assert sent.json()["state"] == "completeness_check"


def test_the_list_costs_the_same_queries_for_one_request_and_for_many(verified_client):
    w = world()
    submitted(w)
    staff = _staff(verified_client, w.staff)
    staff.get(f"{BASE}/requests/")
    with CaptureQueriesContext(connection) as one:
        assert staff.get(f"{BASE}/requests/").json()["count"] == 1
    for number in range(4):
        submitted(w, document_number=f"88{number}")
    with CaptureQueriesContext(connection) as five:
        assert staff.get(f"{BASE}/requests/").json()["count"] == 5
    assert len(five) == len(one)


def test_the_e_register_answers_by_number_and_date_only_and_locks_out(settings):
    settings.APOSTILLE_REGISTER_MAX_FAILURES = 3
    w = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    client = _client()
    url = f"{BASE}/register/"
    assert client.get(url, {"number": apostille.number}).status_code == 400
    found = client.get(url, {"number": apostille.number, "date": apostille.issued_on})
    assert found.status_code == 200
    body = found.json()
    assert body["status"] == "valid" and body["number"] == apostille.number
    assert w.citizen.iin not in found.content.decode()
    wrong = apostille.issued_on - datetime.timedelta(days=1)
    for _ in range(3):
        assert client.get(url, {"number": apostille.number, "date": wrong}).status_code == 404
    locked = client.get(url, {"number": apostille.number, "date": apostille.issued_on})
    assert locked.status_code == 429
    assert locked.json()["code"] == "apostille.register.locked_out"
    assert LookupAttempt.objects.count() == 5


def test_issuers_are_found_under_their_name_on_the_issue_date():
    w = world()
    rows = (
        _client(w.citizen)
        .get(f"{BASE}/issuers/", {"q": w.organization.bin, "on": "2020-06-20"})
        .json()
    )
    assert [r["bin"] for r in rows] == [w.organization.bin]


def test_staff_keep_specimens_and_a_citizen_may_not(verified_client):
    w = world()
    staff = _staff(verified_client, w.staff)
    created = _post(
        staff,
        f"{BASE}/specimens/",
        {
            "organization": w.organization.bin,
            "signer_name": "Deputy Person",
            "capacity": "deputy",
            "valid_from": "2019-09-01",
        },
    )
    assert created.status_code == 201, created.json()
    specimen = Specimen.objects.get(pk=created.json()["id"])
    changed = staff.patch(
        f"{BASE}/specimens/{specimen.pk}/",
        {"valid_until": "2018-01-01"},
        content_type="application/json",
    )
    assert changed.status_code == 400
    listed = staff.get(f"{BASE}/specimens/", {"organization": w.organization.bin}).json()
    assert {s["signer_name"] for s in listed} == {DIRECTOR, "Deputy Person"}
    citizen_client = _client(w.citizen)
    assert (
        citizen_client.get(f"{BASE}/specimens/", {"organization": w.organization.bin}).status_code
        == 403
    )


def test_staff_revoke_an_apostille_with_a_reason(verified_client):
    w = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    staff = _staff(verified_client, w.staff)
    url = f"{BASE}/apostilles/{apostille.pk}/revoke/"
    blank = _post(staff, url, {"reason": ""})
    assert blank.status_code == 409
    assert blank.json()["code"] == "apostille.revocation.no_reason"
    assert _post(staff, url, {"reason": "Wrong holder"}).json()["status"] == "revoked"
    assert _client(w.citizen).post(url, {"reason": "x"}, format="json").status_code == 404

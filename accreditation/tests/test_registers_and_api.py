"""The public registers (К24) as pages and API, the change feed, the nightly dump, the push API of
bodies' own systems (idempotent by their case identifier), and the case API's access."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accreditation import dump, services
from accreditation.models import AccreditationCase, Appeal, Certificate, Decision, Kind
from accreditation.tests.factories import certificate_on_record, on, world
from registry.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def _certificates(w, n, **fields):
    return [
        certificate_on_record(
            w, valid_until=datetime.date(2030, 1, 1), number=f"CRT-{i:04d}", **fields
        )
        for i in range(n)
    ]


def test_register_page_lists_and_searches_certificates(client):
    w = world()
    [certificate] = _certificates(w, 1)
    page = client.get(reverse("accreditation:register"))
    assert certificate.number in page.content.decode()
    found = client.get(reverse("accreditation:register"), {"q": w.organization.bin})
    assert certificate.number in found.content.decode()
    none = client.get(reverse("accreditation:register"), {"q": "Nothing like it"})
    assert certificate.number not in none.content.decode()
    detail = client.get(reverse("accreditation:certificate_detail", args=[certificate.number]))
    assert detail.status_code == 200
    assert client.get(reverse("accreditation:bodies_register")).status_code == 200


def test_register_shows_under_appeal_while_an_appeal_is_open(client):
    w = world()
    [certificate] = _certificates(w, 1)
    Appeal.objects.create(case=certificate.case, grounds="Wrong.", filed_by=w.applicant)
    page = client.get(reverse("accreditation:register"))
    assert 'data-appeal="open"' in page.content.decode()
    api = client.get(reverse("api-accreditation-certificates")).json()
    assert api["results"][0]["under_appeal"] is True


def test_programme_register_lists_each_programme(client):
    w = world()
    [certificate] = _certificates(w, 1, kind=Kind.SPECIALIZED)
    certificate.programmes.set(w.programmes)
    page = client.get(reverse("accreditation:programme_register"))
    text = page.content.decode()
    assert all(p.code in text for p in w.programmes)
    api = client.get(reverse("api-accreditation-programmes")).json()
    assert api["count"] == 2
    assert api["results"][0]["certificate"]["number"] == certificate.number


@pytest.mark.parametrize("name", ["accreditation:register", "accreditation:programme_register"])
def test_register_pages_cost_a_fixed_number_of_queries(client, name):
    w = world()
    _certificates(w, 1, kind=Kind.COMBINED)[0].programmes.set(w.programmes)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse(name))
    for certificate in _certificates(w, 0) + [
        certificate_on_record(
            w, valid_until=datetime.date(2030, 1, 1), number=f"X-{i}", kind=Kind.COMBINED
        )
        for i in range(6)
    ]:
        certificate.programmes.set(w.programmes)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(name))
    assert len(many) == len(one)


def test_api_first_page_costs_a_fixed_number_of_queries(client):
    w = world()
    _certificates(w, 1)
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("api-accreditation-certificates"))
    _certificates(w, 0)
    for i in range(8):
        certificate_on_record(w, valid_until=datetime.date(2030, 1, 1), number=f"Y-{i}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("api-accreditation-certificates"))
    assert response.json()["count"] == 9
    assert len(many) == len(one)


def test_change_feed_gives_what_changed_since_oldest_first(client):
    w = world()
    old, new = _certificates(w, 2)
    moment = timezone.now()
    Certificate.objects.filter(pk=old.pk).update(updated_at=moment - datetime.timedelta(days=2))
    Certificate.objects.filter(pk=new.pk).update(updated_at=moment)
    since = (moment - datetime.timedelta(days=1)).isoformat()
    feed = client.get(reverse("api-accreditation-certificates"), {"updated_since": since}).json()
    assert [row["number"] for row in feed["results"]] == [new.number]
    bad = client.get(reverse("api-accreditation-certificates"), {"updated_since": "yesterday"})
    assert bad.status_code == 400
    assert "updated_since" in bad.json()["fields"]


def test_an_appeal_brings_the_certificate_into_the_change_feed():
    w = world()
    [certificate] = _certificates(w, 1)
    Certificate.objects.filter(pk=certificate.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    case = certificate.case
    AccreditationCase.objects.filter(pk=case.pk).update(
        state=AccreditationCase.State.DECIDED, decided_at=timezone.now()
    )
    since = timezone.now()
    services.accreditation_appeal_file(
        AccreditationCase.objects.get(pk=case.pk), actor=w.applicant, grounds="Unfair."
    )
    client = APIClient()
    feed = client.get(
        reverse("api-accreditation-certificates"), {"updated_since": since.isoformat()}
    ).json()
    assert [row["number"] for row in feed["results"]] == [certificate.number]
    assert feed["results"][0]["under_appeal"] is True


def test_dump_streams_csv_and_json_with_every_certificate(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    w = world()
    certificates = _certificates(w, 3, kind=Kind.COMBINED)
    certificates[0].programmes.set(w.programmes)
    live = client.get(reverse("accreditation:register_dump", args=["csv"]))
    assert live.streaming
    rows = list(csv.DictReader(io.StringIO(b"".join(live.streaming_content).decode("utf-8-sig"))))
    assert sorted(r["certificate_number"] for r in rows) == sorted(c.number for c in certificates)
    assert w.programmes[0].code in next(
        r["programmes"] for r in rows if r["certificate_number"] == certificates[0].number
    )
    written = dump.dump_write()
    data = json.loads(written["json"].read_text(encoding="utf-8"))
    assert len(data["certificates"]) == 3
    assert data["certificates"][0]["organization_name_ru"] == "Университет"
    served = client.get(reverse("accreditation:register_dump", args=["json"]))
    assert json.loads(b"".join(served.streaming_content))["certificates"] == data["certificates"]
    assert client.get(reverse("accreditation:register_dump", args=["xml"])).status_code == 404


def test_dump_reads_the_register_in_chunks(settings, tmp_path, monkeypatch):
    # Memory stays flat: rows come through a server-side cursor in chunks, never all at once.
    settings.MEDIA_ROOT = tmp_path
    w = world()
    _certificates(w, 5)
    monkeypatch.setattr(dump, "CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        records = list(dump.records())
    assert len(records) == 5
    programme_queries = [q for q in queries if "accreditation_certificate_programmes" in q["sql"]]
    assert len(programme_queries) == 3  # one per chunk of two


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_a_body_pushes_a_decision_once_by_its_own_identifier():
    w = world()
    client = _token_client(w.staff)
    payload = {
        "external_id": "AG-2027-17",
        "organization_bin": w.organization.bin,
        "kind": Kind.INSTITUTIONAL,
        "decision": Decision.ACCREDIT,
        "decided_on": "2027-02-20",
    }
    with on(TODAY):
        first = client.post(reverse("api-accreditation-decisions"), payload, format="json")
        again = client.post(
            reverse("api-accreditation-decisions"),
            {**payload, "report_url": "https://agency.example.org/r/17"},
            format="json",
        )
        other = client.post(
            reverse("api-accreditation-decisions"),
            {**payload, "decision": Decision.REFUSE, "reasons": "No."},
            format="json",
        )
    assert first.status_code == 201
    assert first.json()["created"] is True
    assert again.status_code == 200
    assert again.json()["case"] == first.json()["case"]
    assert again.json()["certificates"] == first.json()["certificates"]
    assert Certificate.objects.count() == 1
    assert AccreditationCase.objects.get().report_url == "https://agency.example.org/r/17"
    assert other.status_code == 409
    assert other.json()["code"] == "accreditation.external.conflict"


def test_a_push_without_a_body_token_is_refused():
    w = world()
    stranger = _token_client(UserFactory())
    response = stranger.post(
        reverse("api-accreditation-decisions"),
        {
            "external_id": "X",
            "organization_bin": w.organization.bin,
            "kind": Kind.INSTITUTIONAL,
            "decision": Decision.ACCREDIT,
            "decided_on": "2027-02-20",
        },
        format="json",
    )
    assert response.status_code == 403
    assert APIClient().post(reverse("api-accreditation-decisions"), {}).status_code in (401, 403)


def test_case_api_create_submit_and_refusal_code(log_in):
    w = world()
    with on(TODAY):
        client = log_in(w.applicant)
        created = client.post(
            reverse("api-accreditation-cases"),
            {
                "organization_bin": w.organization.bin,
                "body": w.body.pk,
                "kind": Kind.SPECIALIZED,
                "programmes": [w.programmes[0].code],
            },
            content_type="application/json",
        )
        assert created.status_code == 201
        pk = created.json()["id"]
        refused = client.post(reverse("api-accreditation-case-action", args=[pk, "submit"]))
    assert refused.status_code == 409
    assert refused.json()["code"] == "accreditation.k8.institutional_required"
    listed = client.get(reverse("api-accreditation-cases")).json()
    assert [row["id"] for row in listed["results"]] == [pk]

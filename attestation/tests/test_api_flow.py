"""The whole procedure through the API, from the schedule to the decision: each role calls the
endpoints it would, on the calendar days the law allows."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from attestation.models import Attestation, ConclusionAttachment, SelfAssessment
from attestation.services.preparation import REQUIRED_SECTIONS
from attestation.tests.factories import PDF_BYTES, World, client_for
from registry.models import Organization, Role
from registry.tests.factories import (
    EducationLevelFactory,
    ExpertFactory,
    UserFactory,
    grant,
    staff_of,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/attestation"


def on(day: datetime.date):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(10)), tick=False)


def ok(response, status=200):
    assert response.status_code == status, response.content.decode()
    return response.json() if response.content else None


def post(user, url, body=None):
    return client_for(user).post(f"{API}/{url}", body or {}, content_type="application/json")


def upload(user, url, name="file.pdf", content=PDF_BYTES):
    file = SimpleUploadedFile(name, content, content_type="application/pdf")
    return client_for(user).post(f"{API}/{url}", {"file": file})


def get(user, url):
    return client_for(user).get(f"{API}/{url}")


def roster(count: int) -> SimpleUploadedFile:
    grades = ["отлично", "хорошо", "хорошо", "удовлетворительно"]
    lines = ["ФИО;Класс;Успеваемость"]
    lines += [f"Ученик {i:03d};11 А;{grades[i % 4]}" for i in range(count)]
    return SimpleUploadedFile("roster.csv", "\n".join(lines).encode("cp1251"))


def test_from_the_schedule_to_the_decision_through_the_api():
    world = World(ownership=Organization.Ownership.PRIVATE)
    level = EducationLevelFactory(code="general_secondary")
    world.organization.levels.set([level])
    chair = staff_of(world.authority, full_name="Chair Person")
    member = grant(UserFactory(full_name="Leading Teacher"), Role.COMMISSION_MEMBER)
    ExpertFactory(user=member).levels.set([level])
    start = datetime.date(2030, 6, 3)  # a Monday

    with on(datetime.date(2030, 1, 10)):
        # А4, А11: staff propose the year's schedule; the organization was never attested.
        schedule = ok(post(world.staff, "schedules/propose/", {"year": 2030}), 201)
        (entry,) = schedule["entries"]
        assert entry["bin"] == world.organization.bin and entry["kind"] == "planned"
        ok(post(world.staff, f"schedule-entries/{entry['id']}/date/", {"start_date": "2030-06-03"}))
        # А12: the head approves; the organization is told five months ahead.
        schedule = ok(
            post(world.head, f"schedules/{schedule['id']}/approve/", {"order_number": "7"})
        )
        pk = schedule["entries"][0]["attestation"]
        assert ok(get(world.representative, f"attestations/{pk}/"))["state"] == "notified"

        # А15: the organization fills in its self-assessment, attaches the charter and license.
        sections = {area.value: f"About {area.label}" for area in REQUIRED_SECTIONS}
        rep = world.representative
        saved = ok(
            client_for(rep).patch(
                f"{API}/attestations/{pk}/self-assessment/",
                {**sections, "teachers_total": 41},
                content_type="application/json",
            )
        )
        assert saved["teachers_total"] == 41
        for code in SelfAssessment.REQUIRED_ATTACHMENTS:
            ok(upload(rep, f"attestations/{pk}/files/{code}/", f"{code}.pdf"), 201)
        submitted = ok(post(rep, f"attestations/{pk}/self-assessment/submit/"))
        assert submitted["submitted_at"] and submitted["late"] is False

        # А16-А18: staff compose the commission from the portal's proposal; the head approves.
        commission = ok(post(world.staff, f"attestations/{pk}/commissions/"), 201)
        proposed = ok(get(world.staff, f"attestations/{pk}/commission-candidates/"))
        by_name = {c["name"]: c for c in proposed}
        assert by_name["Chair Person"]["role"] == "chair"
        assert by_name["Leading Teacher"]["levels"] == [str(level)]
        ok(
            post(
                world.staff,
                f"commissions/{commission['id']}/members/",
                {"user": by_name["Chair Person"]["user"], "role": "chair"},
            ),
            201,
        )
        ok(
            post(
                world.staff,
                f"commissions/{commission['id']}/members/",
                {
                    "email": by_name["Leading Teacher"]["email"],
                    "role": "leading_teacher",
                    "profile": by_name["Leading Teacher"]["profile"],
                },
            ),
            201,
        )
        commission = ok(
            post(world.head, f"commissions/{commission['id']}/approve/", {"order_number": "12"})
        )
        assert commission["approved_at"]

    with on(start):
        # А19: the visit; А24: the roster of 60 and a sample of 50.
        visit = ok(post(chair, f"attestations/{pk}/visit/"))
        assert visit["state"] == "visit" and visit["visit_ends_on"] == "2030-06-11"
        cohorts = ok(
            client_for(chair).post(f"{API}/attestations/{pk}/roster/", {"file": roster(60)}), 201
        )
        assert cohorts[0]["students"] == 60
        cohorts = ok(post(chair, f"attestations/{pk}/sample/"))
        assert cohorts[0]["sampled"] == 50

        # А25: the member enters 50 test results from the grid.
        grid = ok(get(member, f"attestations/{pk}/grid/"))
        students = grid["cohorts"][0]["students"]
        assert len(students) == 50
        entry_client = client_for(member)
        for i, student in enumerate(students):
            saved = ok(
                entry_client.post(
                    f"{API}/results/",
                    {
                        "student": student["id"],
                        "column": "test",
                        "value": 70 + i % 30,
                        "version": 0,
                    },
                    content_type="application/json",
                )
            )
        assert saved["figures"]["total"]["participation_percent"] == "100.0"

        # А20, А23: areas of study and the member's findings.
        seats = {m["name"]: m["id"] for m in commission["members"]}
        assignment = ok(
            post(
                chair,
                f"commissions/{commission['id']}/areas/",
                {"area": "staff", "member": seats["Leading Teacher"]},
            ),
            201,
        )
        ok(
            post(
                member,
                f"area-assignments/{assignment['id']}/report/",
                {"findings": "Qualified staff.", "deficiencies": "Few methodologists."},
            )
        )

        # А30-А32: the chair drafts and completes the conclusion and its eight attachments.
        draft = ok(post(chair, f"attestations/{pk}/conclusion/draft/"))
        assert next(s for s in draft["sections"] if s["code"] == "staff")["text"]
        for item in ConclusionAttachment:
            ok(upload(chair, f"attestations/{pk}/files/{item.value}/", f"{item.value}.pdf"), 201)
        conclusion = ok(
            client_for(chair).patch(
                f"{API}/attestations/{pk}/conclusion/",
                {
                    "version": draft["version"],
                    "sections": {"findings": "Complies with the standard."},
                    "compliant": True,
                    "recommendation": "attest",
                },
                content_type="application/json",
            )
        )
        assert conclusion["missing"] == []

        # А31: both sign the version they read; then the organization's head acknowledges it.
        for signer in (member, chair):
            ok(
                post(
                    signer,
                    f"attestations/{pk}/conclusion/signatures/",
                    {"sha256": conclusion["sha256"]},
                ),
                201,
            )
        assert ok(get(world.staff, f"attestations/{pk}/"))["state"] == "conclusion"
        read = ok(get(rep, f"attestations/{pk}/conclusion/"))
        assert read["unsigned"] == [] and len(read["signatures"]) == 2
        acknowledged = ok(post(rep, f"attestations/{pk}/conclusion/acknowledgement/"))
        assert acknowledged["acknowledged_by"] == "School Director"

        # А33, А35: the head decides.
        decided = ok(
            post(
                world.head,
                f"attestations/{pk}/decision/",
                {"decision": "attest", "order_number": "15-ОД"},
            )
        )

    assert decided["state"] == "attested" and decided["order_number"] == "15-ОД"
    assert Attestation.objects.get().decision == "attest"

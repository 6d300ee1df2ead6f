"""Bad input through the attestation API: 400 with a message a person can act on, and nothing
changed; a refusal under the law: 409 naming the clause, and nothing changed either."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from attestation import services
from attestation.models import (
    Attestation,
    CommissionMember,
    Conclusion,
    ConclusionAttachment,
    ConclusionSection,
    ConclusionSignature,
    ResultCell,
    Schedule,
    ScheduleEntry,
    SelfAssessment,
    Student,
)
from attestation.tests.factories import (
    World,
    attestation_in,
    client_for,
    commission_for,
    pdf,
    sample_of,
    today,
)
from casework.models import Attachment
from registry.models import ExpertAffiliation, Role
from registry.tests.factories import ExpertFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

API = "/api/v1/attestation"


def send(user, url, body=None, method="post"):
    client = client_for(user)
    return getattr(client, method)(f"{API}/{url}", body or {}, content_type="application/json")


def invalid_fields(response) -> dict[str, list[str]]:
    """The messages per field of an invalid-input answer (casework.api's one error shape)."""
    body = response.json()
    assert response.status_code == 400, body
    assert set(body) == {"code", "detail", "fields"}, body
    return {name: [e["message"] for e in errors] for name, errors in body["fields"].items()}


def test_a_year_that_is_not_a_number_proposes_nothing():
    world = World()
    response = send(world.staff, "schedules/propose/", {"year": "next"})
    assert response.json()["code"] == "invalid"
    assert invalid_fields(response) == {"year": ["A valid integer is required."]}
    assert not Schedule.objects.exists()


def test_a_start_date_that_is_not_a_date_changes_nothing():
    world = World()
    schedule = Schedule.objects.create(authority=world.authority, year=today().year + 1)
    entry = ScheduleEntry.objects.create(
        schedule=schedule, organization=world.organization, kind="planned"
    )
    response = send(world.staff, f"schedule-entries/{entry.pk}/date/", {"start_date": "1 June"})
    assert "start_date" in invalid_fields(response)
    entry.refresh_from_db()
    assert entry.start_date is None


def test_a_start_date_outside_the_schedules_year_is_refused_with_the_reason():
    world = World()
    year = today().year + 1
    schedule = Schedule.objects.create(authority=world.authority, year=year)
    entry = ScheduleEntry.objects.create(
        schedule=schedule, organization=world.organization, kind="planned"
    )
    response = send(
        world.staff, f"schedule-entries/{entry.pk}/date/", {"start_date": f"{year + 1}-03-02"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "attestation.a11.start_outside_year"
    assert response.json()["detail"] == (
        f"The start date must fall in {year}, the year of the schedule."
    )
    entry.refresh_from_db()
    assert entry.start_date is None


def test_a_move_inside_three_months_is_refused_naming_clause_14():
    world = World()
    attestation = attestation_in(world, start_date=today() + datetime.timedelta(days=60))
    response = send(
        world.head,
        f"schedule-entries/{attestation.schedule_entry_id}/move/",
        {
            "new_start": str(today() + datetime.timedelta(days=200)),
            "basis": "request",
            "reason": "Renovation",
        },
    )
    assert response.status_code == 409
    assert response.json()["code"] == "attestation.a14.change_too_late"
    attestation.refresh_from_db()
    assert attestation.start_date == today() + datetime.timedelta(days=60)


def test_an_unknown_role_or_e_mail_seats_nobody():
    world = World()
    attestation = attestation_in(world)
    commission = attestation.commissions.create()
    url = f"commissions/{commission.pk}/members/"

    response = send(world.staff, url, {"user": world.staff.pk, "role": "king"})
    assert invalid_fields(response) == {"role": ['"king" is not a valid choice.']}

    response = send(world.staff, url, {"email": "nobody@example.kz", "role": "leading_teacher"})
    assert invalid_fields(response) == {"email": ["Nobody with this e-mail has a portal account."]}

    response = send(world.staff, url, {"role": "leading_teacher"})
    assert invalid_fields(response) == {
        "non_field_errors": ["Give the person's user id or e-mail."]
    }
    assert response.json()["detail"] == "Give the person's user id or e-mail."
    assert not CommissionMember.objects.exists()


def test_a_person_from_the_organization_is_refused_with_clause_18():
    world = World()
    commission = attestation_in(world).commissions.create()
    expert = ExpertFactory(user=grant(UserFactory(full_name="Former Deputy"), "commission_member"))
    ExpertAffiliation.objects.create(
        expert=expert, organization=world.organization, ended_on=datetime.date(2021, 8, 31)
    )
    response = send(
        world.staff,
        f"commissions/{commission.pk}/members/",
        {"user": expert.user_id, "role": "leading_teacher"},
    )
    assert response.status_code == 409
    assert response.json()["code"] == "attestation.a18.expert_register"
    assert response.json()["detail"] == (
        "Cl. 18 of the Instruction approved by Order No. 109: by the expert register, "
        f"Former Deputy works or has worked at "
        f"{world.organization} and cannot sit on the commission attesting it."
    )
    assert not CommissionMember.objects.exists()


def test_the_candidates_leave_out_the_organizations_people():
    world = World()
    attestation = attestation_in(world)
    grant(world.representative, Role.COMMISSION_MEMBER)
    grant(UserFactory(full_name="Outside Teacher"), Role.COMMISSION_MEMBER)
    response = client_for(world.staff).get(
        f"{API}/attestations/{attestation.pk}/commission-candidates/"
    )
    names = [c["name"] for c in response.json()]
    assert "Outside Teacher" in names
    assert "School Director" not in names
    bad = client_for(world.staff).get(
        f"{API}/attestations/{attestation.pk}/commission-candidates/?purpose=visit"
    )
    assert bad.status_code == 400


def test_a_negative_figure_in_the_self_assessment_saves_nothing():
    world = World()
    attestation = attestation_in(world)
    response = send(
        world.representative,
        f"attestations/{attestation.pk}/self-assessment/",
        {"general": "About us", "teachers_total": -3},
        method="patch",
    )
    assert list(invalid_fields(response)) == ["teachers_total"]
    assert not SelfAssessment.objects.exists()


def test_a_file_that_is_not_what_it_claims_to_be_is_not_attached():
    world = World()
    attestation = attestation_in(world)
    fake = SimpleUploadedFile("charter.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = client_for(world.representative).post(
        f"{API}/attestations/{attestation.pk}/files/self_assessment_charter/", {"file": fake}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "wrong_type"
    assert response.json()["detail"].startswith("“charter.pdf” was not accepted")
    missing = client_for(world.representative).post(
        f"{API}/attestations/{attestation.pk}/files/self_assessment_charter/", {}
    )
    assert invalid_fields(missing) == {"file": ["No file was submitted."]}
    assert not Attachment.objects.exists()


def test_a_roster_with_a_bad_grade_loads_nothing_and_names_the_line():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    chair = commission_for(attestation).chair.user
    csv = "ФИО;Класс;Успеваемость\nА;11 А;отлично\nБ;11 А;неуд\n".encode("cp1251")
    response = client_for(chair).post(
        f"{API}/attestations/{attestation.pk}/roster/",
        {"file": SimpleUploadedFile("roster.csv", csv)},
    )
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Line 3:")
    assert list(invalid_fields(response)) == ["non_field_errors"]
    assert not Student.objects.exists()


def test_a_value_out_of_range_saves_no_cell():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    member = commission_for(attestation).members.exclude(role="chair").first().user
    _cohort, students = sample_of(attestation, size=1)
    response = send(
        member,
        "results/",
        {"student": students[0].pk, "column": "test", "value": "101", "version": 0},
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "out_of_range",
        "detail": "Enter a whole number from 0 to 100.",
        "fields": {
            "non_field_errors": [
                {"code": "out_of_range", "message": "Enter a whole number from 0 to 100."}
            ]
        },
    }
    assert not ResultCell.objects.exists()


def test_an_unknown_section_or_area_changes_nothing():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    chair = commission.chair.user
    conclusion = Conclusion.objects.create(commission=commission)
    response = send(
        chair,
        f"attestations/{attestation.pk}/conclusion/",
        {"version": 1, "sections": {"astrology": "Favourable"}},
        method="patch",
    )
    assert invalid_fields(response) == {
        "sections": [
            "“astrology” is not a section of the conclusion (cl. 30 of the Instruction "
            "approved by Order No. 109)."
        ]
    }
    member = commission.members.exclude(role="chair").first()
    response = send(
        chair, f"commissions/{commission.pk}/areas/", {"area": "astrology", "member": member.pk}
    )
    assert "area" in invalid_fields(response)
    conclusion.refresh_from_db()
    assert conclusion.version == 1 and conclusion.sections == {}
    assert not commission.assignments.exists()


def test_a_signature_over_another_version_is_a_conflict_and_a_malformed_hash_invalid():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    chair = commission.chair.user
    Conclusion.objects.create(
        commission=commission,
        recommendation="attest",
        sections={ConclusionSection.FINDINGS: "Complies."},
    )
    for item in ConclusionAttachment:
        services.attestation_file_upload(attestation, item.value, pdf(), actor=chair)
    url = f"attestations/{attestation.pk}/conclusion/signatures/"

    stale = send(chair, url, {"sha256": "0" * 64})
    assert stale.status_code == 409
    assert stale.json()["code"] == "signature_conflict"
    malformed = send(chair, url, {"sha256": "yes"})
    assert "sha256" in invalid_fields(malformed)
    assert not ConclusionSignature.objects.exists()


def test_a_suspension_longer_than_six_months_is_invalid_input():
    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    response = send(
        world.head,
        f"attestations/{attestation.pk}/decision/",
        {"decision": "not_attest", "order_number": "3", "suspension_months": 9},
    )
    assert invalid_fields(response) == {
        "suspension_months": ["Ensure this value is less than or equal to 6."]
    }
    attestation.refresh_from_db()
    assert attestation.decision == ""


def test_the_longest_suspension_is_the_figure_in_force_when_the_input_is_read(settings):
    """А34's six months is a figure of attestation/conf.py: the page's form and the API's input
    take their limit from it when they are built, so an amendment needs no code change."""
    from attestation.forms import DecisionForm

    settings.ATTESTATION_SUSPENSION_MONTHS = 4
    form = DecisionForm({"decision": "not_attest", "order_number": "3", "suspension_months": 5})
    assert not form.is_valid()
    assert list(form.errors) == ["suspension_months"]
    assert form.fields["suspension_months"].initial is None  # chosen, never pre-filled
    assert form.fields["suspension_months"].max_value == 4

    world = World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    response = send(
        world.head,
        f"attestations/{attestation.pk}/decision/",
        {"decision": "not_attest", "order_number": "3", "suspension_months": 5},
    )
    assert invalid_fields(response) == {
        "suspension_months": ["Ensure this value is less than or equal to 4."]
    }

"""Who may read and do what through the attestation API, role by role: the same rules as the
pages (someone who may not see the attestation gets 404, as for one that does not exist; an
action the caller may not take 403), and nothing changes when the answer is a refusal."""

import pytest

from attestation.models import (
    Attestation,
    CommissionMember,
    Conclusion,
    ResultCell,
    Schedule,
    SelfAssessment,
)
from attestation.tests.factories import (
    World,
    attestation_in,
    client_for,
    commission_for,
    sample_of,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/attestation"
ROLES = ["head", "staff", "chair", "member", "organization", "other_organization", "other_staff"]


@pytest.fixture
def case():
    """An attestation at the visit, with its commission, a sample of three and a conclusion
    being written; and the cast of another authority and organization."""
    world, other = World(), World()
    attestation = attestation_in(world, Attestation.State.VISIT)
    commission = commission_for(attestation)
    _cohort, students = sample_of(attestation, size=3)
    Conclusion.objects.create(commission=commission)
    world.attestation, world.commission, world.students = attestation, commission, students
    world.users = {
        "head": world.head,
        "staff": world.staff,
        "chair": commission.chair.user,
        "member": commission.members.exclude(role="chair").first().user,
        "organization": world.representative,
        "other_organization": other.representative,
        "other_staff": other.staff,
        "anonymous": None,
    }
    return world


def urls(case) -> dict[str, str]:
    pk = case.attestation.pk
    return {
        "attestation": f"{API}/attestations/{pk}/",
        "grid": f"{API}/attestations/{pk}/grid/",
        "commissions": f"{API}/attestations/{pk}/commissions/",
        "candidates": f"{API}/attestations/{pk}/commission-candidates/",
        "self_assessment": f"{API}/attestations/{pk}/self-assessment/",
        "files": f"{API}/attestations/{pk}/files/",
        "conclusion": f"{API}/attestations/{pk}/conclusion/",
        "postponements": f"{API}/attestations/{pk}/postponement-requests/",
        "schedule": f"{API}/schedules/{case.attestation.schedule_entry.schedule_id}/",
    }


# What each role gets on each read. The chair is a staff member of the authority (А17).
READS = {
    #                   head staff chair member org  other_org other_staff
    "attestation":     (200, 200, 200, 200, 200, 404, 404),
    "grid":            (200, 200, 200, 200, 403, 404, 404),
    "commissions":     (200, 200, 200, 200, 403, 404, 404),
    "candidates":      (200, 200, 200, 403, 403, 404, 404),
    "self_assessment": (200, 200, 200, 403, 200, 404, 404),
    "files":           (200, 200, 200, 200, 200, 404, 404),
    "conclusion":      (200, 200, 200, 200, 403, 404, 404),
    "postponements":   (200, 200, 200, 403, 200, 404, 404),
    "schedule":        (200, 200, 200, 404, 404, 404, 404),
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_what_the_pages_show_it(case, role):
    client = client_for(case.users[role])
    answers = {name: client.get(url).status_code for name, url in urls(case).items()}
    expected = {name: codes[ROLES.index(role)] for name, codes in READS.items()}
    assert answers == expected


def test_an_anonymous_caller_reads_nothing(case):
    client = client_for(None)
    for url in urls(case).values():
        assert client.get(url).status_code == 403, url


def _post(case, role, url, body=None):
    return client_for(case.users[role]).post(
        f"{API}/{url}", body or {}, content_type="application/json"
    )


def test_only_the_head_decides(case):
    pk = case.attestation.pk
    body = {"decision": "attest", "order_number": "1"}
    for role in ("staff", "chair", "member", "organization"):
        assert _post(case, role, f"attestations/{pk}/decision/", body).status_code == 403, role
    assert _post(case, "other_staff", f"attestations/{pk}/decision/", body).status_code == 404
    # The head may, but not during the visit: the page they acted on is out of date.
    refused = _post(case, "head", f"attestations/{pk}/decision/", body)
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Someone else has just changed this case. Look at its current state and "
        "try again.",
        "code": "case_conflict",
        "fields": {},
        "state": "visit",
    }
    assert Attestation.objects.get().state == Attestation.State.VISIT


def test_only_staff_compose_and_only_the_head_approves_a_commission(case):
    draft = case.attestation.commissions.create(purpose="follow_up")
    body = {"user": case.staff.pk, "role": "chair"}
    for role in ("member", "organization"):
        assert _post(case, role, f"commissions/{draft.pk}/members/", body).status_code == 403
    assert _post(case, "other_staff", f"commissions/{draft.pk}/members/", body).status_code == 404
    assert not draft.members.exists()
    assert _post(case, "staff", f"commissions/{draft.pk}/approve/").status_code == 403
    draft.refresh_from_db()
    assert not draft.is_approved


def test_only_members_enter_results(case):
    body = {"student": case.students[0].pk, "column": "test", "value": "80", "version": 0}
    for role in ("head", "staff", "organization"):
        response = _post(case, role, "results/", body)
        assert response.status_code == 403, role
    assert _post(case, "other_staff", "results/", body).status_code == 404
    assert not ResultCell.objects.exists()
    assert _post(case, "member", "results/", body).status_code == 200


def test_only_the_organization_fills_in_its_self_assessment(case):
    Attestation.objects.filter(pk=case.attestation.pk).update(state=Attestation.State.NOTIFIED)
    url = f"{API}/attestations/{case.attestation.pk}/self-assessment/"
    response = client_for(case.staff).patch(
        url, {"general": "Written by staff"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()
    response = client_for(case.representative).patch(
        url, {"general": "Our school"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert SelfAssessment.objects.get().general == "Our school"


def test_only_the_head_approves_a_schedule_and_only_staff_propose(case):
    schedule = Schedule.objects.create(authority=case.authority, year=2031)
    assert _post(case, "staff", f"schedules/{schedule.pk}/approve/").status_code == 403
    assert _post(case, "other_staff", f"schedules/{schedule.pk}/approve/").status_code == 404
    schedule.refresh_from_db()
    assert schedule.state == Schedule.State.DRAFT
    assert _post(case, "organization", "schedules/propose/", {"year": 2032}).status_code == 403
    assert _post(case, "member", "schedules/propose/", {"year": 2032}).status_code == 403
    assert not Schedule.objects.filter(year=2032).exists()


def test_only_members_sign_the_conclusion(case):
    body = {"sha256": "0" * 64}
    url = f"attestations/{case.attestation.pk}/conclusion/signatures/"
    assert _post(case, "organization", url, body).status_code == 403
    assert _post(case, "head", url, body).status_code == 403  # staff see it, but hold no seat
    assert not case.commission.conclusion.signatures.exists()


def test_the_chairs_seat_is_not_a_members(case):
    member = case.users["member"]
    seat = CommissionMember.objects.get(user=member)
    response = _post(
        case,
        "member",
        f"commissions/{case.commission.pk}/areas/",
        {"area": "library", "member": seat.pk},
    )
    assert response.status_code == 403
    assert not case.commission.assignments.exists()

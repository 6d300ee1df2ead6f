"""Who may read what through the registry API: every endpoint against every role, by session and
by token. Public registry data is open to all; an organization's dossier only to its
representatives, the staff and heads of an authority whose jurisdiction covers it, and admins;
everyone else who is logged in gets 404, as for a BIN that does not exist."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from .api_world import ROLES, build_world, session_client, token_client
from .factories import ExpertFactory

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = [
    "/api/v1/organizations/",
    "/api/v1/regions/",
    "/api/v1/authorities/",
    "/api/v1/education-levels/",
    "/api/v1/specialties/",
    "/api/v1/qualifications/",
    "/api/v1/experts/",
]

DOSSIER_OF_X = {
    "anonymous": 403,  # not logged in: the same answer for every BIN, so it tells nothing
    "applicant_x": 200,
    "staff_a": 200,
    "staff_b": 404,
    "head_a": 200,
    "admin": 200,
    "expert": 404,
}

CLIENTS = {"session": session_client, "token": token_client}


@pytest.fixture
def world():
    return build_world()


@pytest.mark.parametrize("auth", CLIENTS)
@pytest.mark.parametrize("role", ROLES)
def test_public_endpoints_answer_every_role(world, role, auth):
    client = CLIENTS[auth](world.users[role])
    for url in [*PUBLIC_LISTS, f"/api/v1/organizations/{world.school_x.bin}/"]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)


@pytest.mark.parametrize("auth", CLIENTS)
@pytest.mark.parametrize("role", ROLES)
def test_dossier_is_shown_only_to_those_the_selector_allows(world, role, auth):
    client = CLIENTS[auth](world.users[role])
    response = client.get(f"/api/v1/organizations/{world.school_x.bin}/dossier/")
    assert response.status_code == DOSSIER_OF_X[role], response.content
    if response.status_code == 200:
        assert response.json()["bin"] == world.school_x.bin
        assert response.json()["email"] == world.school_x.email


@pytest.mark.parametrize("auth", CLIENTS)
def test_staff_of_another_jurisdiction_get_the_same_404_as_for_an_unknown_bin(world, auth):
    client = CLIENTS[auth](world.users["staff_b"])
    hidden = client.get(f"/api/v1/organizations/{world.school_x.bin}/dossier/")
    unknown = client.get("/api/v1/organizations/000000000000/dossier/")
    own = client.get(f"/api/v1/organizations/{world.school_y.bin}/dossier/")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.json() == unknown.json()
    assert own.status_code == 200


def test_public_detail_and_list_carry_no_contacts(world):
    client = Client()
    detail = client.get(f"/api/v1/organizations/{world.school_x.bin}/").json()
    listed = client.get("/api/v1/organizations/").json()["results"][0]
    for body in (detail, listed):
        for private in ("email", "phone", "head_name", "representatives", "events", "website"):
            assert private not in body


def test_dossier_lists_representatives_and_history(world):
    from registry.models import OrganizationEvent

    OrganizationEvent.objects.create(
        organization=world.school_x,
        kind=OrganizationEvent.Kind.RENAME,
        effective_date="2025-09-01",
        before={"name_ru": "Старое имя"},
        after={"name_ru": "Новое имя"},
        recorded_by=world.users["staff_a"],
    )
    body = session_client(world.users["staff_a"]).get(
        f"/api/v1/organizations/{world.school_x.bin}/dossier/"
    )
    body = body.json()
    assert [r["email"] for r in body["representatives"]] == [world.users["applicant_x"].email]
    assert body["events"][0]["kind"] == "rename"
    assert body["events"][0]["after"] == {"name_ru": "Новое имя"}
    assert body["events"][0]["recorded_by"] == world.users["staff_a"].full_name
    assert body["head_name"] == world.school_x.head_name


@pytest.mark.parametrize(
    ("role", "sees_affiliations"),
    [
        ("anonymous", False),
        ("applicant_x", False),
        ("expert", False),
        ("staff_a", True),
        ("staff_b", True),
        ("head_a", True),
        ("admin", True),
    ],
)
def test_expert_affiliations_only_for_staff_and_admins(world, role, sees_affiliations):
    expert = ExpertFactory()
    expert.affiliations.create(organization=world.school_x, position="Учитель")
    body = session_client(world.users[role]).get("/api/v1/experts/").json()
    row = next(r for r in body["results"] if r["id"] == expert.id)
    assert row["certificate_number"] == expert.certificate_number
    assert "iin" not in row
    if sees_affiliations:
        assert row["affiliations"] == [
            {
                "organization": world.school_x.bin,
                "organization_name": world.school_x.name,
                "position": "Учитель",
                "started_on": None,
                "ended_on": None,
            }
        ]
    else:
        assert "affiliations" not in row


@pytest.mark.parametrize("role", ["staff_a", "head_a", "admin"])
def test_unverified_staff_session_gets_403_json_not_a_redirect(world, role):
    client = Client()
    client.force_login(world.users[role])
    for url in ["/api/v1/organizations/", f"/api/v1/organizations/{world.school_x.bin}/dossier/"]:
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/json"
        assert "second factor" in response.json()["detail"]


def test_applicant_needs_no_second_factor_for_own_dossier(world):
    client = Client()
    client.force_login(world.users["applicant_x"])
    response = client.get(f"/api/v1/organizations/{world.school_x.bin}/dossier/")
    assert response.status_code == 200


def test_token_created_in_the_admin_reads_the_dossier(world, verified_client):
    admin = world.users["admin"]
    staff = world.users["staff_a"]
    response = verified_client(admin).post(
        "/admin/authtoken/tokenproxy/add/", {"user": staff.pk}, follow=False
    )
    assert response.status_code == 302, response.content
    token = Token.objects.get(user=staff)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(f"/api/v1/organizations/{world.school_x.bin}/dossier/").status_code == 200
    assert api.get(f"/api/v1/organizations/{world.school_y.bin}/dossier/").status_code == 404


def test_a_wrong_token_is_refused(world):
    response = Client(HTTP_AUTHORIZATION="Token not-a-real-token").get("/api/v1/organizations/")
    assert response.status_code in (401, 403)


def test_staff_who_moved_to_another_authority_lose_the_old_jurisdiction(world):
    # The rule is read on every request, so a token keeps no rights its holder has lost.
    staff = world.users["staff_a"]
    client = token_client(staff)
    url = f"/api/v1/organizations/{world.school_x.bin}/dossier/"
    assert client.get(url).status_code == 200
    staff.roles.all().delete()
    staff.roles.create(role="staff", authority=world.authority_b)
    assert client.get(url).status_code == 404

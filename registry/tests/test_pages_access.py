"""Who may open which registry page: every role against every page, and what the pages cost in
queries as the registry grows."""

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Region, Role
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    admin_user,
    applicant_for,
    grant,
    staff_of,
)

ROLES = [
    "anonymous",
    "applicant",
    "staff_a",
    "head_a",
    "staff_b",
    "commission",
    "council",
    "expert",
    "admin",
]


@pytest.fixture
def world(db):
    country = RegionFactory(kind=Region.Kind.COUNTRY)
    region_a = RegionFactory(parent=country)
    district_a = RegionFactory(parent=region_a, kind=Region.Kind.DISTRICT)
    region_b = RegionFactory(parent=country)
    authority_a = AuthorityFactory(jurisdiction=region_a)
    authority_b = AuthorityFactory(jurisdiction=region_b)
    organization_a = OrganizationFactory(region=district_a)
    users = {
        "applicant": applicant_for(organization_a),
        "staff_a": staff_of(authority_a),
        "head_a": staff_of(authority_a, head=True),
        "staff_b": staff_of(authority_b),
        "commission": grant(UserFactory(), Role.COMMISSION_MEMBER),
        "council": grant(UserFactory(), Role.COUNCIL_MEMBER),
        "expert": grant(UserFactory(), Role.EXPERT),
        "admin": admin_user(),
    }
    return SimpleNamespace(organization_a=organization_a, region_a=region_a, users=users)


@pytest.fixture
def client_as(client, verified_client, world):
    """A client for a role: staff, heads and admins have passed the second factor."""

    def make(role):
        if role == "anonymous":
            return client
        user = world.users[role]
        if user.needs_second_factor:
            return verified_client(user)
        client.force_login(user)
        return client

    return make


PUBLIC = dict.fromkeys(ROLES, 200)
LOGGED_IN = {**dict.fromkeys(ROLES, 200), "anonymous": "login"}
DOSSIER_OF_A = {
    "anonymous": "login",
    "applicant": 200,
    "staff_a": 200,
    "head_a": 200,
    "staff_b": 404,
    "commission": 404,
    "council": 404,
    "expert": 404,
    "admin": 200,
}
ADMIN_SITE = {**dict.fromkeys(ROLES, "redirect"), "admin": 200}

PAGES = {
    "home": (lambda w: reverse("home"), PUBLIC),
    "search": (lambda w: reverse("home") + f"?q={w.organization_a.bin}", PUBLIC),
    "organization": (
        lambda w: reverse("organization_detail", args=[w.organization_a.bin]),
        PUBLIC,
    ),
    "authorities": (lambda w: reverse("authority_list"), PUBLIC),
    "regions": (lambda w: reverse("region_list"), PUBLIC),
    "dashboard": (lambda w: reverse("dashboard"), LOGGED_IN),
    "dossier": (
        lambda w: reverse("organization_dossier", args=[w.organization_a.bin]),
        DOSSIER_OF_A,
    ),
    "admin": (lambda w: reverse("admin:index"), ADMIN_SITE),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page_name", list(PAGES))
def test_access_matrix(client_as, world, page_name, role):
    url_of, expected = PAGES[page_name]
    url = url_of(world)
    response = client_as(role).get(url)
    outcome = expected[role]
    if outcome == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("two_factor:login"))
    elif outcome == "redirect":
        assert response.status_code == 302
    else:
        assert response.status_code == outcome, f"{role} on {url}"


def test_staff_of_another_jurisdiction_cannot_tell_an_existing_dossier_from_a_missing_one(
    client_as, world
):
    client = client_as("staff_b")
    existing = client.get(reverse("organization_dossier", args=[world.organization_a.bin]))
    missing = client.get(reverse("organization_dossier", args=["000000000000"]))
    assert existing.status_code == missing.status_code == 404
    assert world.organization_a.name not in existing.content.decode()


def test_applicant_of_another_organization_gets_404_on_a_dossier(client, world):
    other = applicant_for(OrganizationFactory(region=world.region_a))
    client.force_login(other)
    response = client.get(reverse("organization_dossier", args=[world.organization_a.bin]))
    assert response.status_code == 404


def test_dossier_link_shows_only_to_those_who_may_open_it(client_as, world):
    url = reverse("organization_detail", args=[world.organization_a.bin])
    dossier_url = reverse("organization_dossier", args=[world.organization_a.bin])
    assert dossier_url in client_as("staff_a").get(url).content.decode()
    assert dossier_url not in client_as("staff_b").get(url).content.decode()


# Query counts: a list page costs the same with few rows and with many.


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _organizations(count, region, levels):
    for _ in range(count):
        OrganizationFactory(region=region).levels.set(levels)


@pytest.mark.parametrize("role", ["anonymous", "staff_a"])
def test_registry_search_costs_the_same_for_5_and_40_organizations(client_as, world, role):
    client = client_as(role)
    levels = [EducationLevelFactory(), EducationLevelFactory()]
    url = reverse("home")
    search = f"{url}?region={world.region_a.pk}&level={levels[0].pk}"
    _organizations(4, world.region_a, levels)  # plus organization_a: 5
    few = (_queries(client, url), _queries(client, search))
    _organizations(35, world.region_a, levels)
    many = (_queries(client, url), _queries(client, search))
    assert few == many


def test_authority_list_costs_the_same_for_5_and_40_authorities(client, world):
    region = RegionFactory(parent=world.region_a)
    url = reverse("authority_list")
    for _ in range(3):  # plus the two of the world: 5
        AuthorityFactory(jurisdiction=region, parent=world.users["staff_a"].authority)
    _organizations(5, region, [])
    few = _queries(client, url)
    for _ in range(35):
        AuthorityFactory(jurisdiction=region, parent=world.users["staff_a"].authority)
    _organizations(35, region, [])
    assert _queries(client, url) == few


def test_region_list_costs_the_same_for_few_and_many_regions(client, world):
    url = reverse("region_list")
    few = _queries(client, url)
    for _ in range(30):
        RegionFactory(parent=world.region_a, kind=Region.Kind.DISTRICT)
    assert _queries(client, url) == few

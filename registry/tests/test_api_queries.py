"""Each list endpoint costs the same number of queries for 3 rows as for 30: related rows come
joined or prefetched, never one query a row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Procedure, Region

from .api_world import build_world, session_client
from .factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    QualificationFactory,
    RegionFactory,
    SpecialtyFactory,
)

pytestmark = pytest.mark.django_db


def add_rows(world, endpoint: str, count: int) -> None:
    """`count` more rows for the endpoint, each with every relation its output shows."""
    for _ in range(count):
        if endpoint == "organizations":
            level = EducationLevelFactory()
            organization = OrganizationFactory(region=world.almaty, parent=world.school_x)
            organization.levels.add(level)
        elif endpoint == "regions":
            RegionFactory(parent=world.almaty, kind=Region.Kind.DISTRICT)
        elif endpoint == "authorities":
            AuthorityFactory(
                jurisdiction=world.almaty,
                parent=world.authority_a,
                procedures=[Procedure.LICENSING],
            )
        elif endpoint == "education-levels":
            EducationLevelFactory()
        elif endpoint == "specialties":
            SpecialtyFactory()
        elif endpoint == "qualifications":
            QualificationFactory()
        elif endpoint == "experts":
            expert = ExpertFactory(region=world.almaty)
            specialty = SpecialtyFactory()
            expert.levels.add(specialty.level)
            expert.specialties.add(specialty)
            expert.affiliations.create(organization=OrganizationFactory(region=world.astana))


def count_queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"page_size": 200})
    assert response.status_code == 200, response.content
    return len(queries), len(response.json()["results"])


ENDPOINTS = [
    "organizations",
    "regions",
    "authorities",
    "education-levels",
    "specialties",
    "qualifications",
    "experts",
]


@pytest.mark.parametrize("role", ["anonymous", "staff_a"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_costs_the_same_for_3_and_30_rows(endpoint, role):
    world = build_world()
    client = session_client(world.users[role])
    url = f"/api/v1/{endpoint}/"
    add_rows(world, endpoint, 3)
    few, few_rows = count_queries(client, url)
    add_rows(world, endpoint, 27)
    many, many_rows = count_queries(client, url)
    assert many_rows >= few_rows + 27
    assert many == few, f"{endpoint}: {few} queries for {few_rows} rows, {many} for {many_rows}"


def test_dossier_costs_the_same_for_few_and_many_representatives_and_events():
    from registry.models import OrganizationEvent

    from .factories import applicant_for

    world = build_world()
    client = session_client(world.users["staff_a"])
    url = f"/api/v1/organizations/{world.school_x.bin}/dossier/"

    def add(n):
        for i in range(n):
            applicant_for(world.school_x)
            OrganizationEvent.objects.create(
                organization=world.school_x,
                kind=OrganizationEvent.Kind.ADDRESS,
                effective_date=f"2024-01-{i % 28 + 1:02d}",
                recorded_by=world.users["staff_a"],
            )

    add(2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(20)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(url).json()["events"]) == 22
    assert len(many) == len(few)

"""Filtering, ordering, pagination and languages of the registry API."""

import datetime

import pytest
from django.test import Client

from registry.models import Authority, EducationLevel, Organization, Procedure, Region

from .api_world import build_world
from .factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    QualificationFactory,
    SpecialtyFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def bins(response) -> set[str]:
    assert response.status_code == 200, response.content
    return {row["bin"] for row in response.json()["results"]}


def get(url, **params):
    return Client().get(url, params)


class TestOrganizationFilters:
    def test_q_matches_the_name_in_any_language(self, world):
        school = OrganizationFactory(
            region=world.astana,
            name_ru="Гимназия имени Абая",
            name_kk="Абай атындағы гимназия",
            name_en="Abai Gymnasium",
        )
        for q in ("гимназия имени", "атындағы", "abai gym"):
            assert bins(get("/api/v1/organizations/", q=q)) == {school.bin}, q

    def test_q_of_digits_is_a_bin_prefix(self, world):
        prefix = world.school_x.bin[:8]
        found = bins(get("/api/v1/organizations/", q=prefix))
        assert world.school_x.bin in found
        assert all(bin_.startswith(prefix) for bin_ in found)
        assert bins(get("/api/v1/organizations/", q=world.school_x.bin)) == {world.school_x.bin}

    def test_region_includes_its_districts(self, world):
        in_city = OrganizationFactory(region=world.almaty)
        found = bins(get("/api/v1/organizations/", region=world.almaty.kato))
        assert found == {world.school_x.bin, in_city.bin}
        found = bins(get("/api/v1/organizations/", region=world.almaty_district.kato))
        assert found == {world.school_x.bin}

    def test_unknown_region_is_a_400_with_the_reason(self, world):
        response = get("/api/v1/organizations/", region="999999999")
        assert response.status_code == 400
        assert response.json()["code"] == "invalid"
        assert response.json()["fields"]["region"][0]["code"] == "invalid_choice"

    def test_level_by_code(self, world):
        assert bins(get("/api/v1/organizations/", level="general_secondary")) == {
            world.school_x.bin
        }

    def test_status_and_ownership(self, world):
        private = OrganizationFactory(region=world.astana, ownership=Organization.Ownership.PRIVATE)
        closed = OrganizationFactory(
            region=world.astana,
            status=Organization.Status.REORGANIZED,
            successor=world.school_y,
        )
        assert bins(get("/api/v1/organizations/", ownership="private")) == {private.bin}
        assert bins(get("/api/v1/organizations/", status="reorganized")) == {closed.bin}
        row = get(f"/api/v1/organizations/{closed.bin}/").json()
        assert row["successor"] == world.school_y.bin

    def test_filters_combine(self, world):
        OrganizationFactory(region=world.almaty, ownership=Organization.Ownership.PRIVATE)
        found = bins(get("/api/v1/organizations/", region=world.almaty.kato, ownership="state"))
        assert found == {world.school_x.bin}


class TestOrganizationShape:
    def test_public_fields(self, world):
        branch = OrganizationFactory(region=world.almaty, parent=world.school_x)
        row = get(f"/api/v1/organizations/{branch.bin}/").json()
        assert row["parent"] == world.school_x.bin
        assert row["region"] == world.almaty.kato
        assert row["legal_form"] == Organization.LegalForm.STATE_INSTITUTION
        assert {row["name_kk"], row["name_ru"], row["name_en"]} == {
            branch.name_kk,
            branch.name_ru,
            branch.name_en,
        }
        parent = get(f"/api/v1/organizations/{world.school_x.bin}/").json()
        assert parent["branches"] == [branch.bin]
        assert parent["levels"] == ["general_secondary"]

    @pytest.mark.parametrize("language", ["kk", "ru", "en"])
    def test_name_follows_the_request_language(self, world, language):
        response = Client().get(
            f"/api/v1/organizations/{world.school_x.bin}/", HTTP_ACCEPT_LANGUAGE=language
        )
        body = response.json()
        assert (
            body["name"] == body[f"name_{language}"] == getattr(world.school_x, f"name_{language}")
        )

    def test_unknown_bin_is_404(self, world):
        assert get("/api/v1/organizations/123456789012/").status_code == 404


class TestPagination:
    def test_fifty_a_page_by_default_and_every_row_once(self, world):
        for _ in range(58):
            OrganizationFactory(region=world.astana)
        first = get("/api/v1/organizations/").json()
        second = get("/api/v1/organizations/", page=2).json()
        assert first["count"] == 60
        assert len(first["results"]) == 50
        assert len(second["results"]) == 10
        assert first["next"].endswith("page=2")
        seen = [r["bin"] for r in first["results"] + second["results"]]
        assert len(set(seen)) == 60

    def test_page_size_is_capped_at_200(self, world):
        EducationLevel.objects.bulk_create(
            EducationLevel(code=f"bulk-{n}", name_ru=f"Уровень {n}") for n in range(205)
        )
        body = get("/api/v1/education-levels/", page_size=1000).json()
        assert body["count"] == 206
        assert len(body["results"]) == 200
        assert len(get("/api/v1/education-levels/", page_size=7).json()["results"]) == 7

    def test_ordering_by_bin_pages_without_gaps_or_repeats(self, world):
        for _ in range(8):
            OrganizationFactory(region=world.astana, name_ru="Одно и то же имя")
        pages = [
            get("/api/v1/organizations/", ordering="-name", page_size=3, page=n).json()
            for n in (1, 2, 3, 4)
        ]
        seen = [r["bin"] for page in pages for r in page["results"]]
        assert len(seen) == len(set(seen)) == 10
        by_bin = get("/api/v1/organizations/", ordering="bin").json()["results"]
        assert [r["bin"] for r in by_bin] == sorted(r["bin"] for r in by_bin)


class TestClassifierFilters:
    def test_regions_by_parent_and_kind(self, world):
        rows = get("/api/v1/regions/", parent=world.almaty.kato).json()["results"]
        assert [r["kato"] for r in rows] == [world.almaty_district.kato]
        rows = get("/api/v1/regions/", kind=Region.Kind.CITY).json()["results"]
        assert {r["kato"] for r in rows} == {world.almaty.kato, world.astana.kato}
        assert rows[0]["parent"] == world.country.kato

    def test_authorities_by_kind_procedure_jurisdiction_and_cover(self, world):
        body = AuthorityFactory(
            kind=Authority.Kind.ACCREDITATION_BODY,
            jurisdiction=world.country,
            procedures=[Procedure.ACCREDITATION],
            register_entry_number="AB-1",
            register_entry_valid_until=datetime.date(2030, 1, 1),
        )

        def ids(**params):
            return {r["id"] for r in get("/api/v1/authorities/", **params).json()["results"]}

        assert ids(kind="accreditation_body") == {body.id}
        assert ids(procedure="accreditation") == {body.id}
        assert ids(procedure="licensing") == {world.authority_a.id, world.authority_b.id}
        assert ids(jurisdiction=world.almaty.kato) == {world.authority_a.id}
        assert ids(covers=world.almaty_district.kato) == {world.authority_a.id, body.id}
        row = get("/api/v1/authorities/", kind="accreditation_body").json()["results"][0]
        assert row["procedures"] == ["accreditation"]
        assert row["jurisdiction"] == world.country.kato
        assert row["register_entry_number"] == "AB-1"

    def test_specialties_by_level_and_qualifications_by_specialty(self, world):
        higher = EducationLevelFactory(code="higher")
        specialty = SpecialtyFactory(level=higher)
        SpecialtyFactory()
        qualification = QualificationFactory(specialty=specialty)
        QualificationFactory()
        rows = get("/api/v1/specialties/", level="higher").json()["results"]
        assert [(r["code"], r["level"]) for r in rows] == [(specialty.code, "higher")]
        rows = get("/api/v1/qualifications/", specialty=specialty.code).json()["results"]
        assert [(r["code"], r["specialty"]) for r in rows] == [(qualification.code, specialty.code)]

    def test_levels_by_group(self, world):
        EducationLevelFactory(code="sports", group=EducationLevel.Group.SPECIAL)
        rows = get("/api/v1/education-levels/", group="special").json()["results"]
        assert [r["code"] for r in rows] == ["sports"]

    def test_experts_by_level_specialty_and_certificate_date(self, world):
        higher = EducationLevelFactory(code="higher")
        specialty = SpecialtyFactory(level=higher)
        expert = ExpertFactory(
            certificate_valid_from=datetime.date(2020, 1, 1),
            certificate_valid_until=datetime.date(2022, 12, 31),
        )
        expert.levels.add(higher)
        expert.specialties.add(specialty)

        def ids(**params):
            return {r["id"] for r in get("/api/v1/experts/", **params).json()["results"]}

        assert ids(level="higher") == {expert.id}
        assert ids(specialty=specialty.code) == {expert.id}
        assert expert.id in ids(certified_on="2021-06-01")
        assert expert.id not in ids(certified_on="2025-06-01")
        row = get("/api/v1/experts/", level="higher").json()["results"][0]
        assert row["levels"] == ["higher"]
        assert row["specialties"] == [specialty.code]


def test_a_filter_by_an_unknown_code_is_a_400(world):
    assert get("/api/v1/regions/", parent="123").status_code == 400
    assert get("/api/v1/specialties/", level="no-such-level").status_code == 400

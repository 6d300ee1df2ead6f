"""Item 11 of issue 11: an organization or programme holding a valid accreditation is listed apart
in the schedule proposal; it is left out of it only when accreditation's setting exempts it (off
by default); a certificate no longer valid as the schedule's year begins counts for nothing."""

import datetime
import types
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accreditation.models import Kind
from accreditation.tests.factories import AccreditationBodyFactory, certificate_on_record
from attestation import services
from attestation.models import AttestationKind, PriorAttestation
from attestation.tests.factories import World
from registry.tests.factories import SpecialtyFactory

pytestmark = pytest.mark.django_db

D = datetime.date
ALMATY = zoneinfo.ZoneInfo("Asia/Almaty")
YEAR = 2027


@pytest.fixture
def june_15():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 10, 0, tzinfo=ALMATY), tick=False):
        yield


def _certificate(world, organization, *, valid_until=None, **fields):
    """A certificate of `organization` through accreditation's own factory (valid until 2030
    unless told)."""
    holder = types.SimpleNamespace(
        organization=organization, applicant=world.representative, body=AccreditationBodyFactory()
    )
    return certificate_on_record(holder, valid_until=valid_until or D(2030, 1, 1), **fields)


def _entries(schedule):
    return {e.organization_id: e for e in schedule.entries.filter(removed_at__isnull=True)}


def _page(verified_client, world, schedule):
    client = verified_client(world.staff)
    return client.get(reverse("attestation:schedule", args=[schedule.pk])).content.decode()


def _section(page, element_id):
    """The HTML of the element opened by id="element_id" up to the end of its table."""
    start = page.index(f'id="{element_id}"')
    return page[start : page.index("</table>", start)]


def test_an_accredited_organization_is_listed_apart_while_accreditation_does_not_exempt(
    june_15, verified_client
):
    world = World(name_en="Plain school")
    accredited = world.organization_in_jurisdiction(name_en="Accredited university")
    _certificate(world, accredited)

    schedule = services.schedule_propose(world.authority, YEAR, actor=world.staff)

    assert set(_entries(schedule)) == {world.organization.pk, accredited.pk}
    page = _page(verified_client, world, schedule)
    assert "Plain school" in _section(page, "schedule-entries")
    assert "Accredited university" not in _section(page, "schedule-entries")
    assert "Accredited university" in _section(page, "schedule-accredited-entries")
    assert "does not exempt them from state attestation" in page
    assert "valid on 01.01.2027" in page


def test_an_accredited_organization_is_left_out_when_the_setting_exempts_it(
    june_15, verified_client, settings
):
    settings.ACCREDITATION_EXEMPTS_FROM_ATTESTATION = True
    world = World(name_en="Plain school")
    accredited = world.organization_in_jurisdiction(name_en="Accredited university")
    _certificate(world, accredited, kind=Kind.COMBINED)

    schedule = services.schedule_propose(world.authority, YEAR, actor=world.staff)

    assert set(_entries(schedule)) == {world.organization.pk}
    page = _page(verified_client, world, schedule)
    assert "A valid accreditation exempts from state attestation" in page
    left_out = page[page.index('id="accredited-left-out"') :]
    assert "Accredited university" in left_out[: left_out.index("</ul>")]
    assert 'id="schedule-accredited-entries"' not in page


@pytest.mark.parametrize(
    "valid_until",
    [D(2026, 6, 14), D(2026, 12, 31)],
    ids=["expired", "expires-before-the-schedule-year"],
)
def test_a_certificate_not_valid_as_the_year_begins_counts_for_nothing(
    june_15, verified_client, settings, valid_until
):
    settings.ACCREDITATION_EXEMPTS_FROM_ATTESTATION = True
    world = World()
    lapsed = world.organization_in_jurisdiction(name_en="Lapsed university")
    _certificate(world, lapsed, valid_until=valid_until)

    schedule = services.schedule_propose(world.authority, YEAR, actor=world.staff)

    assert lapsed.pk in _entries(schedule)
    page = _page(verified_client, world, schedule)
    assert "Lapsed university" in _section(page, "schedule-entries")
    assert 'id="accredited-left-out"' not in page


def test_an_accredited_programme_is_named_and_left_out_of_an_extraordinary_attestation_when_exempt(
    june_15, verified_client, settings
):
    settings.ATTESTATION_EXTRAORDINARY_FAILED_PERCENT = 30
    world = World()
    university = world.organization_in_jurisdiction()
    PriorAttestation.objects.create(organization=university, attested_on=D(2025, 5, 1))
    law, medicine = SpecialtyFactory(name_en="Law"), SpecialtyFactory(name_en="Medicine")
    _certificate(world, university, kind=Kind.SPECIALIZED).programmes.add(law)
    data = (
        "bin;specialty;tested;failed\n"
        f"{university.bin};{law.code};40;20\n"
        f"{university.bin};{medicine.code};40;20\n"
    ).encode()
    services.control_results_import(world.authority, YEAR - 1, data, "isc.csv", actor=world.staff)

    listed = services.schedule_propose(world.authority, YEAR, actor=world.staff)

    entry = _entries(listed)[university.pk]
    assert entry.kind == AttestationKind.EXTRAORDINARY
    assert set(entry.specialties.all()) == {law, medicine}
    assert "Programmes with a valid specialized accreditation: " in _page(
        verified_client, world, listed
    )

    entry.delete()
    settings.ACCREDITATION_EXEMPTS_FROM_ATTESTATION = True
    exempt = services.schedule_propose(world.authority, YEAR, actor=world.staff)

    assert list(_entries(exempt)[university.pk].specialties.all()) == [medicine]


def test_the_schedule_page_costs_the_same_queries_for_one_accredited_organization_and_for_five(
    june_15, verified_client
):
    def queries(world, schedule):
        client = verified_client(world.staff)
        url = reverse("attestation:schedule", args=[schedule.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = World()
    _certificate(small, small.organization_in_jurisdiction(), kind=Kind.COMBINED).programmes.add(
        SpecialtyFactory()
    )
    large = World()
    for _ in range(5):
        _certificate(
            large, large.organization_in_jurisdiction(), kind=Kind.COMBINED
        ).programmes.add(SpecialtyFactory())
        large.organization_in_jurisdiction()

    one = services.schedule_propose(small.authority, YEAR, actor=small.staff)
    five = services.schedule_propose(large.authority, YEAR, actor=large.staff)

    assert queries(small, one) == queries(large, five)


def test_the_schedule_api_marks_the_accredited_organization(june_15, verified_client):
    world = World()
    accredited = world.organization_in_jurisdiction()
    programme = SpecialtyFactory()
    _certificate(world, accredited, kind=Kind.COMBINED).programmes.add(programme)
    schedule = services.schedule_propose(world.authority, YEAR, actor=world.staff)
    client = verified_client(world.staff)

    body = client.get(reverse("api-attestation-schedule", args=[schedule.pk])).json()

    marks = {
        e["bin"]: (e["holds_accreditation"], e["accredited_programmes"]) for e in body["entries"]
    }
    assert marks == {world.organization.bin: (False, []), accredited.bin: (True, [programme.code])}

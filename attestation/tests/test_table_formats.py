"""Attestation's imports (the roster, А24; control results, А5) read every format staff export
from spreadsheets through registry.tabular: an XLSX workbook as well as CSV."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError

from attestation import services
from attestation.models import Attestation, ControlResult, Student
from attestation.tests.factories import World, attestation_in, commission_for
from registry.tests.factories import SpecialtyFactory

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def visit():
    world = World()
    world.attestation = attestation_in(world, Attestation.State.VISIT)
    world.chair = commission_for(world.attestation).chair.user
    return world


def test_a_roster_in_xlsx_with_kazakh_headers_loads_by_group(visit):
    data = _xlsx(
        [
            ["Аты-жөні", "Топ", "Үлгерім"],
            ["Асқар Серікұлы", "11 Ә", "өте жақсы"],
            ["Айгүл Болатқызы", "11 Ә", 4],  # a mark typed as a number,
            ["Иван Петров", "11 Б", "удовлетворительно"],
        ]
    )
    cohorts = services.roster_import(visit.attestation, data, actor=visit.chair)
    assert {c.name: c.students.count() for c in cohorts} == {"11 Ә": 2, "11 Б": 1}
    assert Student.objects.filter(full_name="Асқар Серікұлы").exists()


def test_a_bad_row_of_an_xlsx_roster_is_named_by_its_row_and_nothing_loads(visit):
    data = _xlsx(
        [
            ["Student", "Group", "Grade"],
            ["A", "11 A", "excellent"],
            [None, None, None],
            ["B", "11 A", "poor"],
        ]
    )
    with pytest.raises(ValidationError) as refused:
        services.roster_import(visit.attestation, data, actor=visit.chair)
    assert [m.split(":")[0] for m in refused.value.messages] == ["Line 4"]
    assert not Student.objects.exists()


def test_a_roster_without_its_columns_is_refused_with_the_code(visit):
    data = _xlsx([["Student", "Grade"], ["A", "excellent"]])
    with pytest.raises(ValidationError) as refused:
        services.roster_import(visit.attestation, data, actor=visit.chair)
    assert [e.code for e in refused.value.error_list] == ["tabular.missing_columns"]


def test_control_results_in_xlsx_load_with_numbers_and_specialty_codes_as_typed():
    world = World()
    university = world.organization_in_jurisdiction()
    law = SpecialtyFactory()
    data = _xlsx(
        [
            ["БИН", "Код специальности", "Участвовали", "Не прошли"],
            [world.organization.bin, None, 100, 31],
            [university.bin, law.code, 40.0, 20],
        ]
    )
    services.control_results_import(world.authority, 2026, data, "isc.xlsx", actor=world.staff)
    figures = ControlResult.objects.values_list("organization", "specialty", "tested", "failed")
    assert set(figures) == {
        (world.organization.pk, None, 100, 31),
        (university.pk, law.pk, 40, 20),
    }

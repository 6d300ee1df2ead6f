"""The starting classifiers: the kinds of education documents and the refusal reasons, seeded
by the migration and linked to the registry's levels once those exist (the demo calls the seed
again after importing them)."""

import importlib

import pytest
from django.apps import apps

from apostille.classifiers import DOCUMENT_TYPES, classifiers_seed
from apostille.models import DocumentType, RefusalReason
from registry.models import EducationLevel
from registry.tests.factories import EducationLevelFactory

pytestmark = pytest.mark.django_db

_migration = importlib.import_module("apostille.migrations.0002_classifiers")


@pytest.fixture(autouse=True)
def _seeded():
    """What the data migration wrote. A browser test on the same worker flushes the tables the
    migration filled, so each test runs the migration's own function first (it adds only what
    is missing)."""
    _migration.seed(apps, None)


def test_the_migration_seeded_the_document_kinds_and_refusal_reasons():
    assert set(DocumentType.objects.values_list("code", flat=True)) >= {
        code for code, _names, _levels in DOCUMENT_TYPES
    }
    diploma = DocumentType.objects.get(code="diploma_higher")
    assert diploma.name_ru == "Диплом о высшем образовании"
    assert diploma.name_kk == "Жоғары білім туралы диплом"
    assert RefusalReason.objects.filter(code="signature_mismatch").exists()


def test_seeding_again_links_the_levels_and_keeps_what_an_admin_changed():
    DocumentType.objects.filter(code="diploma_higher").update(name_en="Higher education diploma")
    higher = EducationLevelFactory(code="higher")
    classifiers_seed(DocumentType, RefusalReason, EducationLevel)
    diploma = DocumentType.objects.get(code="diploma_higher")
    assert list(diploma.levels.all()) == [higher]
    assert diploma.name_en == "Higher education diploma"

import pytest

from registry.identifiers import validate_bin, validate_iin
from registry.tests.factories import ExpertFactory, OrganizationFactory


@pytest.mark.django_db
def test_factories_make_valid_identifiers():
    for _ in range(30):
        validate_bin(OrganizationFactory().bin)
        validate_iin(ExpertFactory().iin)

"""Reads for attestation (issue 11, item 11) and the register (К24)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accreditation import selectors
from accreditation.models import Kind
from accreditation.tests.factories import certificate_on_record, world

pytestmark = pytest.mark.django_db


def test_accredited_organizations_and_programmes_on_a_day():
    w = world()
    institutional = certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))
    programmes = certificate_on_record(
        w, valid_until=datetime.date(2028, 12, 31), kind=Kind.SPECIALIZED
    )
    programmes.programmes.set(w.programmes)
    day = datetime.date(2028, 6, 1)
    assert selectors.accredited_organization_ids(day) == {institutional.organization_id}
    assert selectors.accredited_programmes(day) == {(w.organization.pk, p.pk) for p in w.programmes}
    assert selectors.accredited_programmes(datetime.date(2029, 1, 1)) == set()
    assert selectors.accredited_organization_ids(datetime.date(2030, 1, 1)) == set()
    assert selectors.accreditation_exempts_from_attestation() is False


def test_the_register_costs_the_same_queries_for_one_row_and_for_many():
    w = world()
    certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rows = list(selectors.certificate_register()[:50])
            for row in rows:
                _ = (row.organization.name, row.body.authority.name, row.case.number)
                _ = [p.code for p in row.programmes.all()]
        return len(captured)

    one = queries()
    for _ in range(4):
        certificate_on_record(w, valid_until=datetime.date(2029, 12, 31))
    assert queries() == one

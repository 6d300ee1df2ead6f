import pytest
from django.urls import reverse

from registry.models import Role
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    UserFactory,
    applicant_for,
    grant,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _dashboard(client):
    return client.get(reverse("dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_staff_reach_attestation_from_the_dashboard_and_the_header(verified_client):
    page = _dashboard(verified_client(staff_of(AuthorityFactory())))
    assert "State attestation: schedules, cases and decisions" in page
    assert page.count(f'href="{reverse("attestation:index")}"') == 2


def test_a_commission_member_finds_the_commissions_among_the_tasks(client):
    client.force_login(grant(UserFactory(), Role.COMMISSION_MEMBER))
    assert "Attestation commissions I sit on" in _dashboard(client)


def test_a_representative_finds_the_attestation_notices(client):
    client.force_login(applicant_for(OrganizationFactory()))
    assert "State attestation: notices, self-assessment, conclusions" in _dashboard(client)


def test_an_expert_has_no_attestation_link(client):
    client.force_login(grant(UserFactory(), Role.EXPERT))
    assert reverse("attestation:index") not in _dashboard(client)

"""The admin edits bodies, councils and standards; cases and certificates are read only there,
searchable by the organization's name in any language."""

import datetime

import pytest
from django.urls import reverse

from accreditation.models import Council, CouncilMember
from accreditation.tests.factories import accredited, world
from registry.tests.factories import UserFactory, admin_user

pytestmark = pytest.mark.django_db

MODELS = [
    "accreditationbody",
    "council",
    "standard",
    "accreditationcase",
    "certificate",
    "expertvisit",
    "expertreport",
    "appeal",
    "duplicaterequest",
    "recommendation",
]


@pytest.fixture
def certificate():
    return accredited(world(), datetime.date(2027, 2, 1), datetime.date(2027, 7, 1))


@pytest.mark.parametrize("model", MODELS)
def test_every_accreditation_admin_page_opens(verified_client, certificate, model):
    client = verified_client(admin_user())
    assert client.get(reverse(f"admin:accreditation_{model}_changelist")).status_code == 200


def test_cases_are_found_by_the_organizations_name_in_kazakh_and_cannot_be_edited(
    verified_client, certificate
):
    client = verified_client(admin_user())
    page = client.get(
        reverse("admin:accreditation_accreditationcase_changelist"), {"q": "Университеті"}
    )
    assert certificate.case.number in page.content.decode()
    change = reverse("admin:accreditation_accreditationcase_change", args=[certificate.case_id])
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse("admin:accreditation_certificate_add")).status_code == 403


def test_k6_the_admin_seats_a_council_only_with_every_group(verified_client):
    w = world()
    council = Council.objects.create(body=w.body, name_en="New", name_ru="Новый")
    for group in CouncilMember.Group.values[:-1]:
        CouncilMember.objects.create(council=council, user=UserFactory(), group=group)
    client = verified_client(admin_user())
    url = reverse("admin:accreditation_council_changelist")
    client.post(url, {"action": "seat", "_selected_action": [council.pk]})
    council.refresh_from_db()
    assert not council.is_sitting
    CouncilMember.objects.create(
        council=council, user=UserFactory(), group=CouncilMember.Group.values[-1]
    )
    client.post(url, {"action": "seat", "_selected_action": [council.pk]})
    council.refresh_from_db()
    assert council.is_sitting
    assert list(Council.objects.filter(body=w.body, is_sitting=True)) == [council]

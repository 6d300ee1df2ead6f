"""The admin edits the procedure's classifiers; licenses and cases are read-only there."""

import pytest
from django.urls import reverse

from licensing.models import LicenseApplication
from registry.tests.factories import admin_user

from .factories import ChecklistItemFactory, draft, inspected, licensed, world

pytestmark = pytest.mark.django_db

MODELS = [
    "checklistitem",
    "refusalreason",
    "inspectioncriterion",
    "licensingcouncil",
    "license",
    "licenseapplication",
    "councilreview",
    "inspection",
    "bulkreissue",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_licensing_admin_page_opens(verified_client, model):
    licensed(world())
    inspected(world())
    ChecklistItemFactory()
    client = verified_client(admin_user())
    assert client.get(reverse(f"admin:licensing_{model}_changelist")).status_code == 200


def test_licenses_cannot_be_added_or_edited_in_the_admin(verified_client):
    w = world()
    license_ = licensed(w)
    client = verified_client(admin_user())
    assert client.get(reverse("admin:licensing_license_add")).status_code == 403
    page = client.get(reverse("admin:licensing_license_change", args=[license_.pk]))
    assert b'name="_save"' not in page.content


def test_an_admin_adds_a_checklist_item_per_kind(verified_client):
    client = verified_client(admin_user())
    response = client.post(
        reverse("admin:licensing_checklistitem_add"),
        {
            "kind": "duplicate",
            "code": "police-report",
            "title_ru": "Справка о потере",
            "title_kk": "Жоғалту туралы анықтама",
            "title_en": "Report of the loss",
            "is_required": "on",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302


@pytest.mark.parametrize("term", ["Колледж искусств", "өнер колледжі", "Arts College", "искусств"])
def test_the_admin_finds_applications_by_the_organizations_name_in_any_language(
    verified_client, term
):
    w = world(name_ru="Колледж искусств", name_kk="Өнер колледжі", name_en="Arts College")
    application = draft(w, LicenseApplication.Kind.NEW_LICENSE)
    other = draft(world(), LicenseApplication.Kind.NEW_LICENSE)
    client = verified_client(admin_user())
    page = client.get(reverse("admin:licensing_licenseapplication_changelist"), {"q": term}).text
    assert application.number in page and other.number not in page

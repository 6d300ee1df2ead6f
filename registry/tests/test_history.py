"""Every change to registry data leaves a history row: who, when and what changed."""

import pytest
from celery import shared_task
from django.db import DatabaseError, transaction
from django.urls import reverse

from registry import history, services
from registry.models import Organization, Role, RoleAssignment, User
from registry.tests.factories import (
    AuthorityFactory,
    OrganizationFactory,
    UserFactory,
    admin_user,
    grant,
)

pytestmark = pytest.mark.django_db

OrganizationHistory = Organization.pgh_event_model
UserHistory = User.pgh_event_model
RoleAssignmentHistory = RoleAssignment.pgh_event_model


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def root():
    return admin_user(email="root@example.com", full_name="Root Admin")


@pytest.fixture
def admin_client(verified_client, root):
    return verified_client(root)


def _organization_form(organization, **changes):
    data = {
        field: getattr(organization, field) or ""
        for field in (
            "name_kk",
            "name_ru",
            "name_en",
            "short_name_kk",
            "short_name_ru",
            "short_name_en",
            "address_kk",
            "address_ru",
            "address_en",
            "legal_form",
            "ownership",
            "head_name",
            "phone",
            "email",
            "website",
            "foreign_parent_name",
        )
    }
    data.update(
        region=organization.region_id,
        supervising_body="",
        parent="",
        status=organization.status,
        successor="",
        effective_date="",
        basis="",
        **{
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "0",
        },
    )
    data.update(changes)
    return data


def _changes(entry) -> dict:
    return {change.label: (change.old, change.new) for change in entry.changes}


def test_an_admin_edit_of_an_organization_leaves_a_history_row_naming_the_admin_and_the_field(
    admin_client, root
):
    organization = OrganizationFactory(head_name="Ахметова А. А.")
    response = admin_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        _organization_form(organization, head_name="Сериков Б. Б."),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors

    row = OrganizationHistory.objects.filter(pgh_obj=organization).latest("pgh_id")
    assert row.pgh_label == "update"
    assert row.head_name == "Сериков Б. Б."
    assert row.pgh_context.metadata["user"] == root.pk
    assert row.pgh_context.metadata["url"] == reverse(
        "admin:registry_organization_change", args=[organization.pk]
    )
    newest = history.object_history(organization)[0]
    assert newest.kind == "update"
    assert newest.who == root
    assert _changes(newest) == {"head": ("Ахметова А. А.", "Сериков Б. Б.")}


def test_the_history_shows_on_the_organization_change_page(admin_client, root):
    organization = OrganizationFactory(phone="+7 727 000 00 01")
    admin_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        _organization_form(organization, phone="+7 727 000 00 02"),
    )
    page = admin_client.get(reverse("admin:registry_organization_change", args=[organization.pk]))
    html = page.content.decode()
    section = html[html.index('id="change-history"') :]
    assert "History of changes" in section
    assert "Root Admin (root@example.com)" in section
    assert "Phone: +7 727 000 00 01 → +7 727 000 00 02" in section
    assert "created" in section  # the factory's insert, with no user behind it
    assert "system (no user)" in section


def test_the_history_names_what_a_reference_and_a_choice_changed_to(admin_client):
    organization = OrganizationFactory(legal_form=Organization.LegalForm.STATE_INSTITUTION)
    new_region = OrganizationFactory().region
    Organization.objects.filter(pk=organization.pk).update(
        legal_form=Organization.LegalForm.LLP, region=new_region
    )
    changes = _changes(history.object_history(organization)[0])
    assert changes["legal form"] == ("State institution", "Limited liability partnership")
    assert changes["region"] == (organization.region, new_region)


def test_a_change_of_the_kazakh_name_alone_is_recorded():
    organization = OrganizationFactory(name_kk="Мектеп")
    Organization.objects.filter(pk=organization.pk).update(name_kk="Гимназия")
    row = OrganizationHistory.objects.filter(pgh_obj=organization).latest("pgh_id")
    assert (row.pgh_label, row.name_kk) == ("update", "Гимназия")


def test_logging_in_leaves_no_history_row_and_a_change_of_name_does():
    user = UserFactory(full_name="Old Name")
    rows = UserHistory.objects.filter(pgh_obj=user)
    assert rows.count() == 1  # created
    User.objects.filter(pk=user.pk).update(last_login="2026-01-05T10:00:00Z")
    user.set_password("another-secret-2026")
    user.save(update_fields=["password"])
    assert rows.count() == 1
    User.objects.filter(pk=user.pk).update(full_name="New Name")
    assert rows.count() == 2
    assert not hasattr(rows.latest("pgh_id"), "password")


def test_revoking_a_role_leaves_a_row_of_its_deletion(root):
    user = grant(UserFactory(), Role.STAFF, authority=AuthorityFactory())
    assignment = user.roles.get()
    with history.context(user=root.pk):
        services.role_revoke(assignment, actor=root)
    row = RoleAssignmentHistory.objects.filter(pgh_obj_id=assignment.pk).latest("pgh_id")
    assert row.pgh_label == "delete"
    assert row.role == Role.STAFF
    assert row.pgh_context.metadata == {"user": root.pk}


def test_history_rows_cannot_be_rewritten():
    organization = OrganizationFactory()
    rows = OrganizationHistory.objects.filter(pgh_obj=organization)
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.update(head_name="forged")
    with pytest.raises(DatabaseError), transaction.atomic():
        rows.delete()
    assert rows.count() == 1


@shared_task(name="registry.tests.test_history.rename_organization")
def rename_organization(organization_id, phone):
    Organization.objects.filter(pk=organization_id).update(phone=phone)


def test_a_change_made_by_a_celery_task_names_the_task():
    organization = OrganizationFactory()
    rename_organization.apply(args=[organization.pk, "+7 700 000 00 00"])
    newest = history.object_history(organization)[0]
    assert newest.task == "registry.tests.test_history.rename_organization"
    assert newest.who is None
    assert _changes(newest)["phone"][1] == "+7 700 000 00 00"

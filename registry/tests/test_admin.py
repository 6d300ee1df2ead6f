import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from registry import services
from registry.models import (
    ExpertAffiliation,
    Organization,
    OrganizationEvent,
    Role,
    RoleAssignment,
    User,
)
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    ExpertFactory,
    OrganizationFactory,
    QualificationFactory,
    RegionFactory,
    SpecialtyFactory,
    UserFactory,
    admin_user,
    grant,
    next_bin,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def admin_client(verified_client):
    return verified_client(admin_user(email="root@example.com"))


def _yesterday():
    return timezone.localdate() - datetime.timedelta(days=1)


def _event():
    organization = OrganizationFactory()
    services.organization_rename(organization, effective_date=_yesterday(), name_ru="Лицей")


def _affiliation():
    ExpertAffiliation.objects.create(
        expert=ExpertFactory(region=RegionFactory()), organization=OrganizationFactory()
    )


def _role():
    grant(UserFactory(), Role.APPLICANT, organization=OrganizationFactory())


def _user():
    user = UserFactory()
    grant(user, Role.COUNCIL_MEMBER)


ROW_MAKERS = {
    "region": lambda: RegionFactory(parent=RegionFactory()),
    "authority": AuthorityFactory,
    "educationlevel": EducationLevelFactory,
    "specialty": SpecialtyFactory,
    "qualification": QualificationFactory,
    "organization": lambda: OrganizationFactory().levels.add(EducationLevelFactory()),
    "organizationevent": _event,
    "expert": lambda: ExpertFactory(region=RegionFactory()),
    "expertaffiliation": _affiliation,
    "user": _user,
    "roleassignment": _role,
}


def _list(client, url) -> tuple[int, int]:
    """The number of queries a list page costs, and the rows it shows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), len(response.context["cl"].result_list)


@pytest.mark.parametrize("model", sorted(ROW_MAKERS))
def test_changelist_costs_the_same_queries_for_one_row_and_for_many(admin_client, model):
    url = reverse(f"admin:registry_{model}_changelist")
    ROW_MAKERS[model]()
    admin_client.get(url)  # warm caches (content types, sessions) before counting
    queries_for_few, few = _list(admin_client, url)
    for _ in range(6):
        ROW_MAKERS[model]()
    queries_for_many, many = _list(admin_client, url)
    assert many >= few + 6
    assert queries_for_many == queries_for_few


@pytest.mark.parametrize("model", sorted(ROW_MAKERS))
def test_change_and_add_pages_open(admin_client, model):
    ROW_MAKERS[model]()
    obj = apps.get_model("registry", model).objects.order_by("-pk").first()
    change = admin_client.get(reverse(f"admin:registry_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    add = admin_client.get(reverse(f"admin:registry_{model}_add"))
    assert add.status_code in (200, 403)  # history has no add page


def test_an_admin_without_a_second_factor_is_sent_to_log_in(client):
    client.force_login(admin_user())
    response = client.get(reverse("admin:registry_organization_changelist"))
    assert response.status_code == 302
    assert "/admin/" not in response["Location"].split("?")[0]


def test_search_finds_an_organization_by_bin_and_by_kazakh_name(admin_client):
    wanted = OrganizationFactory(name_kk="Жұлдыз балабақшасы")
    OrganizationFactory()
    url = reverse("admin:registry_organization_changelist")
    for query in (wanted.bin, "Жұлдыз"):
        response = admin_client.get(url, {"q": query})
        assert list(response.context["cl"].result_list) == [wanted]


def _organization_form(organization=None, **changes):
    region = organization.region if organization else RegionFactory()
    data = {
        "bin": next_bin(),
        "name_kk": "«№ 3 мектеп» КММ",
        "name_ru": "КГУ «Школа № 3»",
        "name_en": "School No. 3",
        "short_name_kk": "",
        "short_name_ru": "",
        "short_name_en": "",
        "legal_form": Organization.LegalForm.STATE_INSTITUTION,
        "ownership": Organization.Ownership.STATE,
        "region": region.pk,
        "address_kk": "Абай к-сі, 3",
        "address_ru": "ул. Абая, 3",
        "address_en": "3 Abai St",
        "supervising_body": "",
        "head_name": "",
        "phone": "",
        "email": "",
        "website": "",
        "parent": "",
        "foreign_parent_name": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "0",
    }
    if organization is not None:
        data.update(
            {
                field: getattr(organization, field) or ""
                for field in (
                    "name_kk",
                    "name_ru",
                    "name_en",
                    "address_kk",
                    "address_ru",
                    "address_en",
                    "legal_form",
                    "ownership",
                    "head_name",
                    "phone",
                    "email",
                )
            }
        )
        del data["bin"]
        data.update(status=organization.status, successor="", effective_date="", basis="")
    data.update(changes)
    return data


def test_adding_an_organization_with_a_registered_bin_shows_the_error_and_saves_nothing(
    admin_client,
):
    existing = OrganizationFactory()
    response = admin_client.post(
        reverse("admin:registry_organization_add"),
        _organization_form(bin=existing.bin),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "An organization with this BIN is already registered." in response.content.decode()
    assert Organization.objects.count() == 1


def test_adding_an_organization_through_the_admin_saves_its_levels(admin_client):
    level = EducationLevelFactory()
    response = admin_client.post(
        reverse("admin:registry_organization_add"), _organization_form(levels=[level.pk])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization = Organization.objects.get()
    assert list(organization.levels.all()) == [level]


def test_renaming_in_the_admin_records_a_dated_event(admin_client):
    organization = OrganizationFactory(name_ru="Школа № 3")
    day = _yesterday()
    response = admin_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        _organization_form(
            organization,
            name_ru="Гимназия № 3",
            effective_date=day.isoformat(),
            basis="Постановление № 5",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert organization.name_ru == "Гимназия № 3"
    event = OrganizationEvent.objects.get(organization=organization)
    assert (event.kind, event.effective_date, event.basis) == ("rename", day, "Постановление № 5")
    assert event.recorded_by.email == "root@example.com"


def test_a_rename_without_its_date_is_refused_beside_the_field(admin_client):
    organization = OrganizationFactory(name_ru="Школа № 3")
    response = admin_client.post(
        reverse("admin:registry_organization_change", args=[organization.pk]),
        _organization_form(organization, name_ru="Гимназия № 3"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "effective_date" in response.context["adminform"].form.errors
    organization.refresh_from_db()
    assert organization.name_ru == "Школа № 3"


def test_a_reorganization_in_the_admin_needs_a_successor_and_records_it(admin_client):
    organization, successor = OrganizationFactory(), OrganizationFactory()
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    refused = admin_client.post(
        url,
        _organization_form(organization, status="reorganized", effective_date="2024-01-10"),
    )
    assert "successor" in refused.context["adminform"].form.errors
    accepted = admin_client.post(
        url,
        _organization_form(
            organization,
            status="reorganized",
            successor=successor.pk,
            effective_date="2024-01-10",
        ),
    )
    assert accepted.status_code == 302
    organization.refresh_from_db()
    assert organization.status == "reorganized" and organization.successor == successor
    assert organization.events.get().kind == "reorganization"


def test_adding_a_user_lowercases_the_email_and_the_password_change_page_opens(admin_client):
    response = admin_client.post(
        reverse("admin:registry_user_add"),
        {
            "email": "New.Person@Example.com",
            "full_name": "Касымова Алия",
            "usable_password": "true",
            "password1": "a-long-pass-phrase-2026",
            "password2": "a-long-pass-phrase-2026",
            "roles-TOTAL_FORMS": "0",
            "roles-INITIAL_FORMS": "0",
            "roles-MIN_NUM_FORMS": "0",
            "roles-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert user.check_password("a-long-pass-phrase-2026")
    page = admin_client.get(reverse("admin:auth_user_password_change", args=[user.pk]))
    assert page.status_code == 200


def test_granting_the_admin_role_in_the_admin_opens_the_admin_site(admin_client):
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:registry_roleassignment_add"),
        {"user": user.pk, "role": Role.ADMIN, "organization": "", "authority": ""},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser


def test_an_applicant_role_without_an_organization_is_refused_in_the_admin(admin_client):
    user = UserFactory()
    response = admin_client.post(
        reverse("admin:registry_roleassignment_add"),
        {"user": user.pk, "role": Role.APPLICANT, "organization": "", "authority": ""},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=user).exists()


def test_organization_autocomplete_answers_by_name(admin_client):
    OrganizationFactory(name_ru="Колледж искусств")
    User.objects.filter(email="root@example.com").update(language="ru")  # the admin reads Russian
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "registry",
            "model_name": "organization",
            "field_name": "parent",
            "term": "искусств",
        },
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Колледж искусств"]


def test_a_liquidation_in_the_admin_takes_no_successor(admin_client):
    organization = OrganizationFactory()
    url = reverse("admin:registry_organization_change", args=[organization.pk])
    refused = admin_client.post(
        url,
        _organization_form(
            organization,
            status="liquidated",
            successor=OrganizationFactory().pk,
            effective_date="2024-01-10",
        ),
    )
    assert "successor" in refused.context["adminform"].form.errors
    accepted = admin_client.post(
        url, _organization_form(organization, status="liquidated", effective_date="2024-01-10")
    )
    assert accepted.status_code == 302
    organization.refresh_from_db()
    assert organization.status == "liquidated" and organization.successor is None
    assert organization.events.get().kind == "liquidation"

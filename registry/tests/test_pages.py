"""What the registry pages show: search, organization page, dossier, dashboard sections per
role, the language switcher and password reset."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import OrganizationEvent, Region, Role
from registry.tests.factories import (
    AuthorityFactory,
    EducationLevelFactory,
    OrganizationFactory,
    RegionFactory,
    UserFactory,
    admin_user,
    applicant_for,
    grant,
    staff_of,
)

pytestmark = pytest.mark.django_db


def _speak(client, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


# Registry search


def test_search_by_bin_prefix_finds_the_organization(client):
    wanted, other = OrganizationFactory(), OrganizationFactory()
    page = _text(client.get(reverse("home"), {"q": wanted.bin[:10]}))
    assert reverse("organization_detail", args=[wanted.bin]) in page
    assert reverse("organization_detail", args=[other.bin]) not in page


def test_search_by_kazakh_name_works_in_the_russian_interface(client):
    OrganizationFactory(name_kk="Жұлдыз балабақшасы", name_ru="Детский сад «Звезда»")
    OrganizationFactory(name_kk="Нұр мектебі", name_ru="Школа «Нур»")
    page = _text(_speak(client, "ru").get(reverse("home"), {"q": "Жұлдыз"}))
    assert "Детский сад «Звезда»" in page
    assert "Школа «Нур»" not in page


def test_search_ignores_the_letter_case_of_cyrillic_names(client):
    OrganizationFactory(name_kk="Жұлдыз балабақшасы", name_ru="Детский сад «Звезда»")
    page = _text(_speak(client, "ru").get(reverse("home"), {"q": "жұлдыз"}))
    assert "Детский сад «Звезда»" in page


def test_region_filter_covers_the_districts_below_it(client):
    region = RegionFactory()
    district = RegionFactory(parent=region, kind=Region.Kind.DISTRICT)
    inside = OrganizationFactory(region=district)
    outside = OrganizationFactory()
    page = _text(client.get(reverse("home"), {"region": region.pk}))
    assert inside.bin in page
    assert outside.bin not in page


def test_level_filter_keeps_only_organizations_of_that_level(client):
    higher = EducationLevelFactory(code="higher")
    university, school = OrganizationFactory(), OrganizationFactory()
    university.levels.add(higher)
    page = _text(client.get(reverse("home"), {"level": higher.pk}))
    assert university.bin in page
    assert school.bin not in page


def test_region_choices_show_the_tree_indented(client):
    region = RegionFactory(name_ru="Карагандинская область")
    RegionFactory(parent=region, name_ru="Темиртау", kind=Region.Kind.TOWN)
    page = _text(_speak(client, "ru").get(reverse("home")))
    assert re.search(r">(\u00a0){3}Темиртау<", page)


def test_results_come_25_to_a_page(client):
    OrganizationFactory.create_batch(30)
    first = _text(client.get(reverse("home")))
    second = _text(client.get(reverse("home"), {"page": 2}))
    assert first.count('href="/organizations/') == 25
    assert second.count('href="/organizations/') == 5


def test_unknown_region_is_reported_not_a_crash(client):
    response = client.get(reverse("home"), {"region": 999999})
    assert response.status_code == 200
    assert response.context["form"].errors["region"]


# Organization page


def test_organization_page_shows_the_name_in_the_current_language(client):
    organization = OrganizationFactory(
        name_kk="№ 7 мектеп", name_ru="Школа № 7", name_en="School 7"
    )
    url = reverse("organization_detail", args=[organization.bin])
    assert "<h1" in _text(client.get(url))
    assert re.search(r"<h1[^>]*>№ 7 мектеп</h1>", _text(_speak(client, "kk").get(url)))
    assert re.search(r"<h1[^>]*>Школа № 7</h1>", _text(_speak(client, "ru").get(url)))
    assert re.search(r"<h1[^>]*>School 7</h1>", _text(_speak(client, "en").get(url)))


def test_organization_page_shows_the_region_chain_successor_and_branches(client):
    country = RegionFactory(kind=Region.Kind.COUNTRY, name_ru="Казахстан")
    region = RegionFactory(parent=country, name_ru="Алматинская область")
    district = RegionFactory(parent=region, kind=Region.Kind.DISTRICT, name_ru="Илийский район")
    successor = OrganizationFactory(region=district)
    organization = OrganizationFactory(region=district, status="reorganized", successor=successor)
    branch = OrganizationFactory(parent=organization)
    page = _text(_speak(client, "ru").get(reverse("organization_detail", args=[organization.bin])))
    assert "Казахстан › Алматинская область › Илийский район" in page
    assert reverse("organization_detail", args=[successor.bin]) in page
    assert reverse("organization_detail", args=[branch.bin]) in page


def test_organization_page_hides_contacts_and_history(client):
    organization = OrganizationFactory(phone="+7 701 111 22 33", head_name="Сейтқали Б.")
    page = _text(client.get(reverse("organization_detail", args=[organization.bin])))
    assert "+7 701 111 22 33" not in page
    assert "Сейтқали Б." not in page


def test_unknown_bin_is_404_with_the_portal_page(client):
    response = client.get(reverse("organization_detail", args=["990340000000"]))
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]


# Dossier


def test_dossier_shows_contacts_representatives_and_dated_history(verified_client):
    organization = OrganizationFactory(phone="+7 701 111 22 33", head_name="Сейтқали Б.")
    representative = applicant_for(organization, full_name="Айгерим Садықова")
    OrganizationEvent.objects.create(
        organization=organization,
        kind=OrganizationEvent.Kind.RENAME,
        effective_date="2024-09-01",
        before={"name_ru": "Школа № 1"},
        after={"name_ru": "Гимназия № 1"},
        basis="Постановление акимата № 15",
    )
    staff = staff_of(AuthorityFactory(jurisdiction=organization.region))
    page = _text(
        verified_client(staff).get(reverse("organization_dossier", args=[organization.bin]))
    )
    for shown in [
        "+7 701 111 22 33",
        "Сейтқали Б.",
        representative.full_name,
        representative.email,
        "Школа № 1",
        "Гимназия № 1",
        "Постановление акимата № 15",
    ]:
        assert shown in page


# Dashboard


def _sections(page) -> set[str]:
    ids = {"my-organizations", "my-authority", "my-tasks", "administration"}
    return {i for i in ids if f'id="{i}"' in page}


def test_applicant_dashboard_links_to_the_dossiers_of_their_organizations(client):
    organization = OrganizationFactory()
    client.force_login(applicant_for(organization))
    page = _text(client.get(reverse("dashboard")))
    assert _sections(page) == {"my-organizations"}
    assert reverse("organization_dossier", args=[organization.bin]) in page


def test_staff_dashboard_counts_the_organizations_of_the_jurisdiction(verified_client):
    region = RegionFactory()
    district = RegionFactory(parent=region, kind=Region.Kind.DISTRICT)
    OrganizationFactory.create_batch(2, region=region)
    OrganizationFactory.create_batch(3, region=district)
    OrganizationFactory()  # elsewhere
    authority = AuthorityFactory(jurisdiction=region)
    response = verified_client(staff_of(authority, head=True)).get(reverse("dashboard"))
    page = _text(response)
    assert _sections(page) == {"my-authority"}
    assert response.context["jurisdiction_count"] == 5
    assert f"?region={region.pk}" in page


@pytest.mark.parametrize(
    "role", [Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER, Role.EXPERT], ids=str
)
def test_commission_council_and_expert_dashboards_show_their_task_list(client, role):
    client.force_login(grant(UserFactory(), role))
    assert _sections(_text(client.get(reverse("dashboard")))) == {"my-tasks"}


def test_admin_dashboard_links_to_the_admin_site(verified_client):
    page = _text(verified_client(admin_user()).get(reverse("dashboard")))
    assert "administration" in _sections(page)
    assert reverse("admin:index") in page


def test_user_with_several_roles_sees_each_section(client):
    organization = OrganizationFactory()
    user = grant(applicant_for(organization), Role.EXPERT)
    client.force_login(user)
    assert _sections(_text(client.get(reverse("dashboard")))) == {"my-organizations", "my-tasks"}


# Header: language switcher, role-dependent navigation, logout


def test_language_switcher_posts_to_set_language_and_returns_to_the_page(client):
    organization = OrganizationFactory(name_kk="№ 7 мектеп")
    url = reverse("organization_detail", args=[organization.bin])
    page = _text(client.get(url))
    assert f'action="{reverse("set_language")}"' in page
    response = client.post(reverse("set_language"), {"language": "kk", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    followed = client.get(url)
    assert '<html lang="kk">' in followed.content.decode()
    assert "№ 7 мектеп" in followed.content.decode()


def test_navigation_shows_the_admin_link_only_to_admins(client, verified_client):
    admin_link = f'href="{reverse("admin:index")}"'
    assert admin_link not in _text(client.get(reverse("home")))
    assert admin_link in _text(verified_client(admin_user()).get(reverse("home")))


def test_header_offers_login_to_visitors_and_a_logout_form_to_users(client):
    page = _text(client.get(reverse("home")))
    assert reverse("two_factor:login") in page
    client.force_login(applicant_for(OrganizationFactory(), full_name="Айгерим Садықова"))
    page = _text(client.get(reverse("home")))
    assert "Айгерим Садықова" in page
    assert re.search(rf'<form action="{reverse("logout")}" method="post"', page)


# Password reset


def test_password_reset_by_email_sets_a_new_password(client):
    user = applicant_for(OrganizationFactory())
    response = client.post(reverse("password_reset"), {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    page = client.get(form_url)
    assert page.context["validlink"]
    done = client.post(
        form_url, {"new_password1": "Steppe-Eagle-2026", "new_password2": "Steppe-Eagle-2026"}
    )
    assert done["Location"] == reverse("password_reset_complete")
    user.refresh_from_db()
    assert user.check_password("Steppe-Eagle-2026")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.kz"})
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


# Error pages


def test_server_error_page_renders_without_a_request_or_database():
    # Django renders 500.html with an empty context; it must not need the user or a query.
    with CaptureQueriesContext(connection) as queries:
        page = render_to_string("500.html")
    assert "<h1>" in page
    assert len(queries) == 0


def test_a_form_posted_without_its_csrf_token_gets_the_expired_form_page():
    client = Client(enforce_csrf_checks=True)
    client.force_login(applicant_for(OrganizationFactory()))
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    assert "403_csrf.html" in [t.name for t in response.templates]

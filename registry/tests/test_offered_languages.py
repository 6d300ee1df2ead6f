"""The account keeps only a language the portal offers in its jurisdiction (Kyrgyzstan: ky, ru,
en), and a person whose account says another one reads the portal's default."""

import re

import pytest
from django.urls import reverse

from registry.models import User
from registry.tests.factories import OrganizationFactory, admin_user, applicant_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kyrgyzstan(settings):
    settings.PORTAL_JURISDICTION = "KG"
    settings.PORTAL_LANGUAGES = [
        (code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru", "en")
    ]
    settings.LANGUAGE_CODE = "ru"


@pytest.fixture
def applicant(client):
    user = applicant_for(OrganizationFactory(), language="ru")
    client.force_login(user)
    return user


def test_the_switch_keeps_kyrgyz_on_the_account(client, applicant):
    client.post(reverse("set_language"), {"language": "ky", "next": "/"})
    assert User.objects.get(pk=applicant.pk).language == "ky"
    assert '<html lang="ky"' in client.get(reverse("account_profile")).text


def test_the_switch_ignores_a_language_not_offered_here(client, applicant):
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    assert User.objects.get(pk=applicant.pk).language == "ru"
    assert '<html lang="ru"' in client.get(reverse("account_profile")).text


def test_the_account_page_offers_only_the_jurisdiction_languages(client, applicant):
    page = client.get(reverse("account_profile")).text
    assert 'value="ky"' in page
    assert 'value="kk"' not in page
    response = client.post(reverse("account_profile"), {"language": "kk", "phone": "1"})
    assert response.status_code == 200
    assert User.objects.get(pk=applicant.pk).language == "ru"


def test_an_account_language_not_offered_here_reads_the_default(client, applicant):
    User.objects.filter(pk=applicant.pk).update(language="kk")
    page = client.get(reverse("account_profile"), HTTP_ACCEPT_LANGUAGE="kk").text
    assert '<html lang="ru"' in page


def test_the_admin_switch_offers_only_the_jurisdiction_languages(verified_client):
    client = verified_client(admin_user(email="root@example.com"))
    page = client.get(reverse("admin:index")).text
    assert re.findall(r'data-language="([a-z]+)"', page) == ["ky", "ru", "en"]

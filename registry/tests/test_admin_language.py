"""The admin speaks the admin's language: a switch in its header, and the third-party apps and
models under names from our catalog."""

import pytest
from django.urls import reverse

from registry.models import User
from registry.tests.factories import admin_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(verified_client):
    user = admin_user(email="root@example.com")
    return verified_client(user), user


@pytest.mark.parametrize(
    ("language", "names", "english_gaps"),
    [
        (
            "kk",
            ["Резервтік кодтар", "Аутентификатор қолданбалары", "Кіру әрекеттері"],
            ["Otp_Static", "Axes"],
        ),
        (
            "ru",
            ["Резервные коды", "Приложения-аутентификаторы", "Попытки входа"],
            ["Otp_Totp", "Axes"],
        ),
    ],
)
def test_the_admin_index_names_third_party_apps_in_the_admins_language(
    admin, language, names, english_gaps
):
    client, user = admin
    User.objects.filter(pk=user.pk).update(language=language)
    page = client.get(reverse("admin:index")).text
    for name in names:
        assert name in page
    for gap in english_gaps:
        assert f">{gap}<" not in page


def test_the_admin_switch_changes_the_language_and_keeps_it(admin):
    client, user = admin
    page = client.get(reverse("admin:index")).text
    assert 'class="admin-language"' in page and 'data-language="kk"' in page
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/admin/"})
    assert response.status_code == 302
    assert User.objects.get(pk=user.pk).language == "kk"
    assert '<html lang="kk"' in client.get(reverse("admin:index")).text

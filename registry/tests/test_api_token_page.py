"""The page /account/api-token/: staff, heads and admins who have passed their second factor see,
create, replace and revoke their API token; nobody else gets one."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from .api_world import build_world, session_client

pytestmark = pytest.mark.django_db

URL = "/account/api-token/"


@pytest.fixture
def world():
    return build_world()


def test_anonymous_is_sent_to_log_in(world):
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


@pytest.mark.parametrize("role", ["applicant_x", "expert"])
def test_people_without_a_second_factor_get_no_token(world, role):
    client = session_client(world.users[role])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "create"}).status_code == 403
    assert not Token.objects.exists()


def test_staff_who_have_not_passed_the_second_factor_are_sent_to_pass_it(world):
    from .factories import with_totp

    staff = world.users["staff_a"]
    with_totp(staff)
    client = Client()
    client.force_login(staff)
    for response in (client.get(URL), client.post(URL, {"action": "create"})):
        assert response.status_code == 302
        assert response["Location"].startswith("/account/login/?next=/account/api-token/")
    assert not Token.objects.exists()


def test_staff_without_a_device_are_sent_to_set_one_up(world):
    client = Client()
    client.force_login(world.users["head_a"])
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/account/two_factor/setup/"


@pytest.mark.parametrize("role", ["staff_a", "head_a", "admin"])
def test_create_show_replace_and_revoke(world, role):
    user = world.users[role]
    client = session_client(user)

    page = client.get(URL)
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0")
    assert not page.context["token"]

    assert client.post(URL, {"action": "create"}).status_code == 302
    first = Token.objects.get(user=user)
    assert first.key in client.get(URL).content.decode()

    client.post(URL, {"action": "create"})
    second = Token.objects.get(user=user)
    assert second.key != first.key
    dossier = f"/api/v1/organizations/{world.school_x.bin}/dossier/"
    assert Client(HTTP_AUTHORIZATION=f"Token {first.key}").get(dossier).status_code in (401, 403)
    assert Client(HTTP_AUTHORIZATION=f"Token {second.key}").get(dossier).status_code == 200

    client.post(URL, {"action": "revoke"})
    assert not Token.objects.filter(user=user).exists()
    assert Client(HTTP_AUTHORIZATION=f"Token {second.key}").get(dossier).status_code in (401, 403)
    assert "You have no API token." in client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_form_is_protected_against_cross_site_posts(world):
    user = world.users["staff_a"]
    client = session_client(user)
    client.handler.enforce_csrf_checks = True
    assert client.post(URL, {"action": "create"}).status_code == 403
    assert not Token.objects.exists()

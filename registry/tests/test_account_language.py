"""A person's language lives on their account: the switch and the account page set it, pages
follow it whatever the browser says, and what others send them comes in it."""

import pytest
from django.urls import reverse
from django.utils import translation

from casework.notifications import notify
from casework.tests.deadline_factories import local, sample_case
from registry.models import User
from registry.tests.factories import OrganizationFactory, UserFactory, applicant_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(client):
    user = applicant_for(OrganizationFactory(), language="ru")
    client.force_login(user)
    return user


def test_the_switch_keeps_the_choice_on_the_account(client, applicant):
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/dashboard/"})
    assert response.status_code == 302
    assert User.objects.get(pk=applicant.pk).language == "kk"


def test_the_switch_ignores_an_unknown_language(client, applicant):
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert User.objects.get(pk=applicant.pk).language == "ru"


def test_pages_follow_the_account_language_not_the_browser(client, applicant):
    User.objects.filter(pk=applicant.pk).update(language="kk")
    page = client.get(reverse("account_profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="kk"' in page.text


def test_the_api_follows_accept_language(client, applicant):
    User.objects.filter(pk=applicant.pk).update(language="kk")
    answer = client.post(
        "/api/v1/licensing/applications/", "{broken", content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert answer.json()["code"] == "parse_error"
    assert answer.json()["detail"].startswith("JSON parse error")


def test_the_account_page_saves_language_and_phone(client, applicant):
    response = client.post(
        reverse("account_profile"), {"language": "kk", "phone": "+7 701 000 00 00"}, follow=True
    )
    saved = User.objects.get(pk=applicant.pk)
    assert (saved.language, saved.phone) == ("kk", "+7 701 000 00 00")
    assert '<html lang="kk"' in response.text


def test_the_account_page_refuses_an_unknown_language_and_keeps_the_phone(client, applicant):
    response = client.post(reverse("account_profile"), {"language": "xx", "phone": "12345"})
    assert response.status_code == 200
    assert 'value="12345"' in response.text
    assert User.objects.get(pk=applicant.pk).phone == ""


def test_a_notification_sent_while_staff_read_russian_reaches_a_kazakh_reader_in_kazakh(
    client, applicant
):
    client.post(reverse("set_language"), {"language": "kk", "next": "/"})
    reader = User.objects.get(pk=applicant.pk)
    with translation.override("ru"):
        notification = notify(
            reader,
            "deadline_reminder",
            {
                "case": sample_case(),
                "kind_label": "decision",
                "due_at": local(2025, 3, 27, 23, 59),
                "days_left": 3,
            },
        )
    assert "27 Наурыз 2025, 23:59" in notification.body


def test_the_account_page_needs_a_login(client):
    UserFactory()
    response = client.get(reverse("account_profile"))
    assert response.status_code == 302

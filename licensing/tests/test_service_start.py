"""The licensing service's start page before the wizard (issue 10)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from licensing import services
from licensing.models import LicenseApplication

from .factories import ChecklistItemFactory, in_review, licensed, world

pytestmark = pytest.mark.django_db


def test_the_start_page_states_who_documents_fee_term_and_basis_and_leads_into_the_wizard(
    client,
):
    ChecklistItemFactory(kind="new_license", code="charter", title_en="Charter")
    page = client.get(reverse("licensing:service_start"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Who can apply" in html
    assert "Charter" in html
    assert "Tax Code" in html
    assert "15 working days for a new license" in html
    assert "On permits and notifications" in html
    assert reverse("licensing:wizard_start") in html
    assert "Not known yet" in html


def test_the_start_page_gives_the_median_of_closed_cases(client):
    w = world()
    for days in (2, 4, 10):
        application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
        services.license_application_grant(application, actor=w.head)
        LicenseApplication.objects.filter(pk=application.pk).update(
            registered_at=timezone.now() - datetime.timedelta(days=days),
            decided_at=timezone.now(),
        )
    page = client.get(reverse("licensing:service_start"))
    assert page.context["service"].median_days == 4.0


def test_the_dashboard_and_my_applications_lead_to_the_start_page(client):
    w = world()
    client.force_login(w.applicant)
    start = reverse("licensing:service_start")
    assert start in client.get(reverse("licensing:my_applications")).content.decode()

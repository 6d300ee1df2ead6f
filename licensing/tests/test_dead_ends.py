"""No dead ends (issue 10): what cannot succeed is not offered and the page says why; a returned
case shows the applicant's correction term; a refused decision keeps what the head typed."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.exceptions import TransitionRefused
from licensing import services
from licensing.models import LicenseApplication

from .factories import council_decided, draft, licensed, world

pytestmark = pytest.mark.django_db
State = LicenseApplication.State


def _returned_appendix(w):
    license_ = licensed(w)
    application = services.license_application_submit(
        draft(w, "new_appendix", license=license_), actor=w.applicant
    )
    application = services.license_application_return_for_corrections(
        application, actor=w.staff, request="Attach the floor plan"
    )
    return application, license_


def test_a_returned_case_shows_the_applicants_correction_term(client, settings):
    settings.LICENSING_CORRECTIONS_WORKING_DAYS = 10
    w = world()
    application, _license = _returned_appendix(w)
    due = services.corrections_due(application)
    assert due is not None and due > timezone.localdate()
    client.force_login(w.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert "Corrections expected from the applicant by" in page
    assert 'data-term="corrections"' in page
    corrected = services.license_application_submit_corrections(application, actor=w.applicant)
    assert services.corrections_due(corrected) is None


def test_after_a_suspension_sending_corrections_is_not_offered_and_the_page_says_why(client):
    w = world()
    application, license_ = _returned_appendix(w)
    services.license_suspend(
        license_,
        until=timezone.localdate() + datetime.timedelta(days=180),
        reason="Not attested",
        actor=w.head,
    )
    client.force_login(w.applicant)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-action="submit_corrections"' not in page
    assert 'data-blocked="license"' in page
    assert f"License No. {license_.number} is suspended" in page
    assert "Withdraw" in page or "withdraw" in page
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_submit_corrections(application, actor=w.applicant)
    assert refused.value.code == "licensing.license.not_in_force"


def test_a_refused_grant_keeps_the_typed_comment_and_says_why(verified_client):
    w = world()
    license_ = licensed(w)
    application = council_decided(w, "grant", kind="new_appendix", license=license_)
    services.license_suspend(
        license_,
        until=timezone.localdate() + datetime.timedelta(days=30),
        reason="Not attested",
        actor=w.head,
    )
    client = verified_client(w.head)
    response = client.post(
        reverse("licensing:application_action", args=[application.pk, "grant"]),
        {"grant-comment": "Order No. 77 of today", "confirmed": "1"},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Order No. 77 of today" in html
    application.refresh_from_db()
    assert application.state == State.COUNCIL

"""Decisions with legal consequences go through a confirmation page stating them with their
dates (issue 10): only the confirmed POST acts; the service and the API are unchanged."""

import pytest
from django.urls import reverse

from licensing.models import LicenseApplication, RefusalReason

from .factories import RefusalReasonFactory, in_review, licensed, world

pytestmark = pytest.mark.django_db
State = LicenseApplication.State


def _reissue_in_review(w):
    return in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")


def test_refusal_asks_to_confirm_states_the_appeal_date_and_changes_nothing(verified_client):
    w = world()
    application = _reissue_in_review(w)
    reason = RefusalReasonFactory()
    client = verified_client(w.head)
    url = reverse("licensing:application_action", args=[application.pk, "refuse"])
    data = {"refuse-reasons": [reason.pk], "refuse-text": "No proof of the new name"}
    assert client.get(url).status_code == 405
    page = client.post(url, data)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-confirm="refuse"' in html
    assert "may appeal within 30 days, until" in html
    assert "No proof of the new name" in html
    application.refresh_from_db()
    assert application.state == State.REVIEW
    back = client.post(url, {**data, "back": "1"})
    assert "No proof of the new name" in back.content.decode()
    application.refresh_from_db()
    assert application.state == State.REVIEW
    done = client.post(url, {**data, "confirmed": "1"})
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.state == State.REFUSED


def test_refusal_to_accept_is_confirmed_first(verified_client):
    w = world()
    from licensing import services

    from .factories import draft

    application = services.license_application_submit(
        draft(w, "reissue", license=licensed(w), reissue_ground="name_change"),
        actor=w.applicant,
    )
    RefusalReasonFactory(stage=RefusalReason.Stage.ACCEPTANCE)
    client = verified_client(w.staff)
    url = reverse("licensing:application_action", args=[application.pk, "refuse_to_accept"])
    data = {"refuse_to_accept-text": "The charter is missing"}
    page = client.post(url, data)
    assert 'data-confirm="refuse_to_accept"' in page.content.decode()
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    client.post(url, {**data, "confirmed": "1"})
    application.refresh_from_db()
    assert application.state == State.NOT_ACCEPTED


def test_a_grant_is_confirmed_first_and_says_what_is_issued(verified_client):
    w = world()
    application = _reissue_in_review(w)
    client = verified_client(w.head)
    url = reverse("licensing:application_action", args=[application.pk, "grant"])
    page = client.post(url, {"grant-comment": "Order 5"})
    html = page.content.decode()
    assert 'data-confirm="grant"' in html
    assert "entered in the state register of licenses" in html
    application.refresh_from_db()
    assert application.state == State.REVIEW
    client.post(url, {"grant-comment": "Order 5", "confirmed": "1"})
    application.refresh_from_db()
    assert application.state == State.GRANTED


def test_a_suspension_is_confirmed_on_a_page_that_states_its_dates(client, verified_client):
    import datetime

    from django.utils import timezone

    w = world()
    license_ = licensed(w)
    url = reverse("licensing:license_status", args=[license_.number])
    client.force_login(w.applicant)
    assert client.get(url).status_code == 403
    head = verified_client(w.head)
    assert head.get(url).status_code == 200
    until = timezone.localdate() + datetime.timedelta(days=180)
    data = {"change": "suspend", "until": until.isoformat(), "reason": "Not attested (А34)"}
    page = head.post(url, data)
    html = page.content.decode()
    assert 'data-confirm="license-status"' in html
    assert f"License No. {license_.number} is suspended from" in html
    license_.refresh_from_db()
    assert license_.status == "active"
    assert head.post(url, {**data, "back": "1"}).context["form"]["reason"].value() == data["reason"]
    license_.refresh_from_db()
    assert license_.status == "active"
    head.post(url, {**data, "confirmed": "1"})
    license_.refresh_from_db()
    assert license_.status == "suspended"
    assert license_.suspended_until == until


def test_a_revocation_needs_confirmation_too(verified_client):
    w = world()
    license_ = licensed(w)
    head = verified_client(w.head)
    url = reverse("licensing:license_status", args=[license_.number])
    head.post(url, {"change": "revoke", "reason": "Not remedied"})
    license_.refresh_from_db()
    assert license_.status == "active"
    head.post(url, {"change": "revoke", "reason": "Not remedied", "confirmed": "1"})
    license_.refresh_from_db()
    assert license_.status == "revoked"

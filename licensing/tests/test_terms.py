"""The legal term of the service and, apart from it, the current step's term, in the
registration message and on the case page (issue 10, the seed's example: the 2-day completeness
date was given as the end of the service's term)."""

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from casework.calendar import add_working_days
from casework.models import Notification
from licensing import services

from .factories import new_license_draft, world

pytestmark = pytest.mark.django_db


def _long(day):
    return f"{day.day} {date_format(day, 'F')} {day.year}"


def test_the_registration_message_tells_the_legal_term_apart_from_the_completeness_check():
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    today = timezone.localdate()
    legal = add_working_days(today, 15)
    check = add_working_days(today, 2)
    body = Notification.objects.get(recipient=w.applicant, template_key="licensing_registered").body
    assert f"The legal term of the service ends on {_long(legal)}." in body
    assert f"the completeness check of the package, is due by {_long(check)}." in body
    assert f"service ends on {_long(check)}" not in body
    assert application.get_absolute_url() in body


def test_the_case_page_shows_the_legal_term_and_the_step_term(client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    today = timezone.localdate()
    client.force_login(w.applicant)
    page = client.get(application.get_absolute_url())
    terms = page.context["terms"]
    assert terms.legal_due == add_working_days(today, 15)
    assert terms.step_due == add_working_days(today, 2)
    html = page.content.decode()
    assert 'data-term="legal"' in html and 'data-term="step"' in html
    assert "Legal term of the service: until" in html

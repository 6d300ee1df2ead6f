"""Every party is told at every step that concerns them, in their language, with a link to a
page they can open (issue 10)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import Notification
from licensing import services

from .factories import (
    InspectionCriterionFactory,
    council_for,
    drawable_experts,
    in_review,
    inspected,
    new_license_draft,
    refused,
    world,
)

pytestmark = pytest.mark.django_db


def _one(user, key):
    return Notification.objects.get(recipient=user, template_key=key)


def test_the_applicant_hears_the_package_is_accepted_with_the_legal_term(client):
    w = world()
    application = in_review(w)
    note = _one(w.applicant, "licensing_accepted")
    assert application.number in note.subject
    assert "accepted for review" in note.body
    assert "legal term of the service ends on" in note.body
    assert note.link == application.get_absolute_url()
    client.force_login(w.applicant)
    assert client.get(note.link).status_code == 200


def test_the_visit_date_goes_to_the_applicant_and_the_drawn_experts_get_their_sheet(client):
    w = world()
    InspectionCriterionFactory()
    experts = drawable_experts(w, 3)
    visit = timezone.localdate() + datetime.timedelta(days=9)
    application = services.license_application_send_to_inspection(
        in_review(w), actor=w.staff, visit_date=visit
    )
    inspection = application.inspections.get()
    note = _one(w.applicant, "licensing_inspection_scheduled")
    assert str(visit.day) in note.subject
    drawn = [m.expert for m in inspection.members.select_related("expert")]
    assert all(str(expert) in note.body for expert in drawn)
    sheet = reverse("licensing:inspection_sheet", args=[inspection.pk])
    for expert in drawn:
        told = _one(expert.user, "licensing_inspection_assigned")
        assert told.link == sheet
        client.force_login(expert.user)
        assert client.get(told.link).status_code == 200
    assert len(experts) == 3


def test_referral_to_the_council_tells_the_applicant_and_each_member_with_their_vote_page(
    client,
):
    w = world()
    council, members = council_for(w.authority, 3)
    application = services.license_application_send_to_council(inspected(w), actor=w.staff)
    review = application.council_reviews.get()
    assert (
        "referred to the licensing council" in _one(w.applicant, "licensing_sent_to_council").body
    )
    for member in members:
        told = _one(member, "licensing_council_review")
        assert told.link == reverse("licensing:council_review", args=[review.pk])
        client.force_login(member)
        assert client.get(told.link).status_code == 200


def test_an_appeal_is_told_to_the_heads_who_decide_it():
    w = world()
    appealed = services.license_application_appeal(
        refused(w), actor=w.applicant, text="The new name is registered"
    )
    told = _one(w.head, "licensing_appeal_filed")
    assert appealed.number in told.subject
    assert not Notification.objects.filter(
        recipient=w.staff, template_key="licensing_appeal_filed"
    ).exists()


def test_messages_are_in_the_recipients_language():
    w = world()
    w.applicant.language = "ru"
    w.applicant.save(update_fields=["language"])
    services.license_application_submit(new_license_draft(w), actor=w.applicant)
    note = _one(w.applicant, "licensing_registered")
    assert "Hello" not in note.body

"""Applications received on paper, in person or through the State Corporation: staff enter them
with the same details and checklist of uploads as the portal's wizard and register them with
the channel recorded; the terms run from the moment of receipt."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from casework.attachments import attachment_upload
from casework.calendar import calendar_for
from casework.exceptions import CasePermissionDenied, TransitionRefused
from casework.models import Deadline, Notification
from licensing import selectors, services
from licensing.models import LicenseApplication
from registry.tests.factories import AuthorityFactory, OrganizationFactory, staff_of

from .factories import ChecklistItemFactory, licensed, world

pytestmark = pytest.mark.django_db
State = LicenseApplication.State
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _paper_draft(w, *, channel="state_corporation", received_at=None, kind="new_license"):
    details = {}
    if kind == "new_license":
        details = {
            "level": w.level,
            "specialties": w.specialties,
            "activity_address": "Караганда, ул. Бухар-Жырау, 12",
        }
    return services.license_application_create_on_paper(
        actor=w.staff,
        organization=w.organization,
        kind=kind,
        channel=channel,
        received_at=received_at,
        **details,
    )


def _upload(application, user, code="charter"):
    attachment_upload(
        case=application,
        item_code=code,
        upload=SimpleUploadedFile(f"{code}.pdf", PDF_BYTES),
        uploaded_by=user,
    )


def test_staff_register_a_paper_application_with_its_channel_and_documents():
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter")
    draft = _paper_draft(w)
    assert (draft.state, draft.channel, draft.authority) == (
        State.DRAFT,
        "state_corporation",
        w.authority,
    )
    with pytest.raises(TransitionRefused) as refused:
        services.license_application_register(draft, actor=w.staff)
    assert refused.value.code == "licensing.application.documents_missing"

    _upload(draft, w.staff)
    registered = services.license_application_register(draft, actor=w.staff)

    assert registered.state == State.SUBMITTED
    assert registered.channel == "state_corporation"
    assert registered.authority == w.authority
    assert registered.registered_at is not None
    assert registered.applicant == w.staff


def test_the_terms_run_from_the_moment_of_receipt():
    w = world()
    received = timezone.now() - datetime.timedelta(days=6)
    registered = services.license_application_register(
        _paper_draft(w, received_at=received), actor=w.staff
    )
    assert registered.submitted_at == received
    calendar = calendar_for()
    completeness = Deadline.objects.get(case_id=registered.pk, kind="completeness_check")
    expected = calendar.add_working_days(timezone.localtime(received).date(), 2)
    assert timezone.localtime(completeness.due_at).date() == expected
    assert registered.is_overdue


def test_a_receipt_in_the_future_or_another_channel_is_refused():
    w = world()
    with pytest.raises(ValidationError) as error:
        _paper_draft(w, received_at=timezone.now() + datetime.timedelta(hours=2))
    assert "received_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _paper_draft(w, channel="portal")
    assert "channel" in error.value.message_dict


def test_only_the_authority_handling_the_organization_enters_its_paper_application():
    w = world()
    stranger = staff_of(AuthorityFactory())
    with pytest.raises(CasePermissionDenied):
        services.license_application_create_on_paper(
            actor=stranger, organization=w.organization, kind="duplicate", channel="in_person"
        )
    with pytest.raises(CasePermissionDenied):
        services.license_application_create_on_paper(
            actor=w.applicant, organization=w.organization, kind="duplicate", channel="in_person"
        )
    elsewhere = OrganizationFactory()
    with pytest.raises(CasePermissionDenied):
        services.license_application_create_on_paper(
            actor=w.staff, organization=elsewhere, kind="duplicate", channel="in_person"
        )


def test_a_paper_draft_is_staffs_entry_and_a_portal_draft_is_not_registered_by_staff():
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter")
    paper = _paper_draft(w)
    assert paper not in selectors.application_list_for_applicant(w.applicant)
    with pytest.raises(CasePermissionDenied):
        services.license_application_update(paper, actor=w.applicant, activity_address="x")
    with pytest.raises(CasePermissionDenied):
        services.license_application_submit(paper, actor=w.applicant)
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from casework.attachments
        _upload(paper, w.applicant)
    services.license_application_update(paper, actor=w.staff, activity_address="Темиртау, 5")

    portal = services.license_application_create(
        actor=w.applicant, organization=w.organization, kind="duplicate"
    )
    with pytest.raises(CasePermissionDenied):
        services.license_application_register(portal, actor=w.staff)


def test_the_representatives_hear_of_a_paper_application_not_the_staff_who_entered_it():
    w = world()
    registered = services.license_application_register(_paper_draft(w), actor=w.staff)
    assert Notification.objects.filter(
        recipient=w.applicant,
        template_key="licensing_registered",
        link=registered.get_absolute_url(),
    ).exists()
    assert not Notification.objects.filter(recipient=w.staff).exists()


def test_staff_enter_what_the_applicant_brings_to_a_paper_case():
    w = world()
    registered = services.license_application_register(_paper_draft(w), actor=w.staff)
    returned = services.license_application_return_for_corrections(
        registered, actor=w.staff, request="Приложите устав"
    )
    services.license_application_update(returned, actor=w.staff, activity_address="Новый адрес")
    corrected = services.license_application_submit_corrections(returned, actor=w.staff)
    assert corrected.state == State.COMPLETENESS_CHECK
    withdrawn = services.license_application_withdraw(corrected, actor=w.staff, comment="Письмо")
    assert withdrawn.state == State.WITHDRAWN


def test_staff_enter_a_paper_application_through_the_pages(verified_client):
    w = world()
    ChecklistItemFactory(kind="duplicate", code="receipt", title_en="Fee receipt")
    license_ = licensed(w)
    client = verified_client(w.staff)
    page = client.get(reverse("licensing:paper_new"))
    assert page.status_code == 200
    response = client.post(
        reverse("licensing:paper_new"),
        {
            "channel": "in_person",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "bin": w.organization.bin,
            "kind": "duplicate",
            "license_number": license_.number,
        },
    )
    application = LicenseApplication.objects.get()
    assert response.url == reverse("licensing:wizard", args=[application.pk, "details"])
    assert (application.channel, application.license) == ("in_person", license_)

    client.post(
        reverse("licensing:wizard", args=[application.pk, "details"]),
        {"grounds_details": "Оригинал утрачен"},
    )
    documents = reverse("licensing:wizard", args=[application.pk, "documents"])
    assert b"Fee receipt" in client.get(documents).content
    client.post(
        reverse(
            "attachment_upload", args=["licensing.licenseapplication", application.pk, "receipt"]
        ),
        {"file": SimpleUploadedFile("receipt.pdf", PDF_BYTES), "next": documents},
    )
    review = client.get(reverse("licensing:wizard", args=[application.pk, "review"]))
    assert b"Register the application" in review.content
    response = client.post(reverse("licensing:wizard", args=[application.pk, "review"]))
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert response.url == application.get_absolute_url()
    case_page = client.get(application.get_absolute_url()).content.decode()
    assert "In person" in case_page


def test_the_paper_page_refuses_an_unknown_bin_and_lists_drafts_being_entered(verified_client):
    w = world()
    draft = _paper_draft(w)
    client = verified_client(w.staff)
    response = client.post(
        reverse("licensing:paper_new"),
        {
            "channel": "in_person",
            "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "bin": "999999999999",
            "kind": "new_license",
        },
    )
    assert response.status_code == 200
    assert b"No organization with this BIN" in response.content
    assert draft.number.encode() in response.content
    assert LicenseApplication.objects.count() == 1


def test_the_api_enters_and_registers_a_paper_application(verified_client):
    w = world()
    client = verified_client(w.staff)
    response = client.post(
        reverse("api-application-paper"),
        {
            "organization": w.organization.bin,
            "kind": "new_license",
            "channel": "state_corporation",
            "level": w.level.pk,
            "specialties": [s.pk for s in w.specialties],
            "activity_address": "Караганда, 1",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = client.post(reverse("api-application-action", args=[pk, "register"]))
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "submitted"

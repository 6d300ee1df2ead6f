"""The apostille's pages: the wizard for a citizen, a representative and staff entering a paper
request; the case page with its checks and terms; staff actions through confirmation pages;
the download that delivers; the queue (fixed query count); the specimen register; the public
e-Register; who sees what (404 for a request one may not see)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apostille import services
from apostille.models import Apostille, ApostilleRequest, LookupAttempt, Specimen
from casework.attachments import attachment_upload
from registry.models import OrganizationEvent
from registry.tests.factories import applicant_for

from .factories import (
    DIRECTOR,
    RefusalReasonFactory,
    citizen,
    draft,
    in_review,
    pdf_scan,
    submitted,
    upload,
    world,
)

pytestmark = pytest.mark.django_db
State = ApostilleRequest.State


def _details_post(w, **overrides) -> dict:
    values = {
        "document_type": w.document_type.pk,
        "level": w.level.pk,
        "series": "ЖОБ",
        "document_number": "0012345",
        "issued_on": "2020-06-20",
        "signer_name": DIRECTOR,
        "country_of_use": "Germany",
        "language": "en",
        "form": "electronic",
        "fee_receipt_number": "KZ-PAY-1",
    }
    values.update(overrides)
    return values


def test_the_start_page_states_the_fee_the_term_and_the_documents(client):
    page = client.get(reverse("apostille:service_start")).content.decode()
    assert "15 working days" in page
    assert "1476" in page
    assert "Hague" in page
    assert reverse("apostille:wizard_new") in page


def test_a_citizen_requests_an_apostille_through_the_wizard(log_in):
    w = world()
    client = log_in(w.citizen)
    found = client.get(
        reverse("apostille:wizard_new"),
        {"q": w.organization.bin, "issued_on": "2020-06-20", "on_behalf": "self"},
    )
    assert f'data-issuer-option="{w.organization.pk}"' in found.content.decode()
    new = reverse("apostille:wizard_new_details")
    page = client.get(new, {"issuer": w.organization.pk, "on_behalf": "self"})
    assert page.status_code == 200
    assert 'name="holder_iin"' not in page.content.decode()  # the holder is the citizen
    response = client.post(
        new, {"issuer": w.organization.pk, "on_behalf": "self", **_details_post(w)}
    )
    request = ApostilleRequest.objects.get()
    assert response.url == reverse("apostille:wizard", args=[request.pk, "documents"])
    assert request.holder_iin == w.citizen.iin and request.applicant == w.citizen
    review = reverse("apostille:wizard", args=[request.pk, "review"])
    assert "Attach “Scan of the document”." in client.get(review).content.decode()
    client.post(
        reverse("attachment_upload", args=["apostille.apostillerequest", request.pk, "scan"]),
        {"file": upload(pdf_scan())},
    )
    response = client.post(review)
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert response.url == request.get_absolute_url()
    page = client.get(request.get_absolute_url()).content.decode()
    assert 'data-term="legal"' in page
    assert 'data-check="license"' in page and 'data-outcome="passed"' in page


def test_a_refused_details_form_keeps_what_was_typed(log_in):
    w = world()
    client = log_in(w.citizen)
    response = client.post(
        reverse("apostille:wizard_new_details"),
        {
            "issuer": w.organization.pk,
            "on_behalf": "self",
            **_details_post(w, document_number="", country_of_use="Mongolia"),
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Mongolia"' in page
    assert not ApostilleRequest.objects.exists()


def test_a_representative_files_for_a_graduate_of_their_organization(log_in):
    w = world()
    representative = applicant_for(w.organization)
    client = log_in(representative)
    graduate = citizen()
    client.post(
        reverse("apostille:wizard_new_details"),
        {
            "issuer": w.organization.pk,
            "on_behalf": str(w.organization.pk),
            **_details_post(w),
            "holder_name": "Graduate Name",
            "holder_iin": graduate.iin,
        },
    )
    request = ApostilleRequest.objects.get()
    assert request.organization == w.organization
    assert request.holder_iin == graduate.iin


def test_staff_register_a_paper_request_with_its_channel_and_moment_of_receipt(log_in):
    w = world()
    client = log_in(w.staff)
    graduate = citizen()
    client.post(
        reverse("apostille:wizard_new_details"),
        {
            "issuer": w.organization.pk,
            "on_behalf": "paper",
            **_details_post(w),
            "holder_name": "Walk-in Citizen",
            "holder_iin": graduate.iin,
            "channel": "state_corporation",
        },
    )
    request = ApostilleRequest.objects.get()
    assert request.channel == "state_corporation"
    attachment_upload(
        case=request, item_code="scan", upload=upload(pdf_scan()), uploaded_by=w.staff
    )
    client.post(
        reverse("apostille:wizard", args=[request.pk, "review"]),
        {"received_at": "2026-11-30T10:15"},
    )
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    assert request.submitted_at.date() == datetime.date(2026, 11, 30)


def test_the_wizard_finds_a_renamed_school_under_its_name_on_the_issue_date(log_in):
    w = world()
    old_name = w.organization.name
    OrganizationEvent.objects.create(
        organization=w.organization,
        kind=OrganizationEvent.Kind.RENAME,
        effective_date=datetime.date(2023, 1, 1),
        before={"name": {"ru": old_name, "kk": old_name, "en": old_name}},
    )
    w.organization.name_en = w.organization.name_ru = "Renamed Lyceum"
    w.organization.save()
    client = log_in(w.citizen)
    page = client.get(
        reverse("apostille:wizard_new"),
        {"q": old_name[:12], "issued_on": "2020-06-20", "on_behalf": "self"},
    ).content.decode()
    assert f'data-issuer-option="{w.organization.pk}"' in page
    assert old_name in page and "Renamed Lyceum" in page


def test_staff_affix_through_the_confirmation_page_and_the_citizen_downloads(log_in, client):
    w = world()
    request = in_review(w)
    staff = log_in(w.staff)
    action = reverse("apostille:request_action", args=[request.pk, "affix"])
    confirm = staff.post(action, {"affix-comment": "ok"})
    assert confirm.status_code == 200
    assert 'data-confirm="affix"' in confirm.content.decode()
    request.refresh_from_db()
    assert request.state == State.REVIEW  # nothing happened before the confirmation
    staff.post(action, {"affix-comment": "ok", "confirmed": "1"})
    request.refresh_from_db()
    assert request.state == State.AFFIXED
    apostille = Apostille.objects.get()
    client.logout()
    owner = log_in(w.citizen)
    page = owner.get(request.get_absolute_url()).content.decode()
    link = re.search(r'data-download-apostille href="([^"]+)"', page).group(1)
    response = owner.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    request.refresh_from_db()
    assert request.state == State.DELIVERED
    assert apostille.document_id is not None


def test_a_refusal_needs_reasons_from_the_list_and_keeps_the_text(log_in):
    w = world()
    request = in_review(w)
    staff = log_in(w.staff)
    action = reverse("apostille:request_action", args=[request.pk, "refuse"])
    response = staff.post(action, {"refuse-text": "The seal is illegible"})
    assert response.status_code == 400
    assert "The seal is illegible" in response.content.decode()
    reason = RefusalReasonFactory()
    staff.post(
        action,
        {"refuse-reasons": [reason.pk], "refuse-text": "The seal is illegible", "confirmed": "1"},
    )
    request.refresh_from_db()
    assert request.state == State.REFUSED
    assert list(request.refusal_reasons.all()) == [reason]


def test_a_check_confirmed_by_hand_needs_a_reason(log_in):
    w = world()
    Specimen.objects.all().delete()
    request = submitted(w)
    staff = log_in(w.staff)
    action = reverse("apostille:request_action", args=[request.pk, "confirm_check"])
    page = staff.get(request.get_absolute_url()).content.decode()
    assert 'data-check="signer"' in page and 'data-outcome="flagged"' in page
    response = staff.post(action, {"confirm_check-kind": "signer", "confirm_check-reason": ""})
    assert response.status_code == 400
    staff.post(
        action,
        {"confirm_check-kind": "signer", "confirm_check-reason": "Checked the school's order"},
    )
    assert request.checks.get(kind="signer").outcome == "confirmed"


def test_a_citizen_cannot_see_another_citizens_request_nor_staff_another_authoritys(log_in):
    w = world()
    mine = submitted(w)
    other = world()
    client = log_in(other.citizen)
    assert client.get(mine.get_absolute_url()).status_code == 404
    url = reverse("apostille:request_action", args=[mine.pk, "withdraw"])
    assert client.post(url).status_code == 404
    client = log_in(other.staff)
    assert client.get(mine.get_absolute_url()).status_code == 404
    client = log_in(w.staff)
    assert client.get(mine.get_absolute_url()).status_code == 200


def test_the_queue_costs_the_same_queries_for_one_request_and_for_many(log_in):
    w = world()
    submitted(w)
    client = log_in(w.staff)
    client.get(reverse("apostille:queue"))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("apostille:queue")).status_code == 200
    for number in range(4):
        submitted(w, document_number=f"77{number}")
    with CaptureQueriesContext(connection) as five:
        page = client.get(reverse("apostille:queue")).content.decode()
    assert page.count("data-number=") == 5
    assert len(five) == len(one)


def test_the_queue_lists_the_nearest_term_first_and_filters(log_in):
    w = world()
    later = submitted(w, document_number="111")
    sooner = submitted(w, document_number="222")
    ApostilleRequest.objects.filter(pk=sooner.pk).update(
        due_date=later.due_date - datetime.timedelta(days=3)
    )
    client = log_in(w.staff)
    page = client.get(reverse("apostille:queue")).content.decode()
    assert page.index(sooner.number) < page.index(later.number)
    filtered = client.get(reverse("apostille:queue"), {"q": "111"}).content.decode()
    assert later.number in filtered and sooner.number not in filtered
    assert log_in(w.citizen).get(reverse("apostille:queue")).status_code == 403


def test_staff_keep_the_specimen_register_and_every_change_is_logged(log_in):
    w = world()
    client = log_in(w.staff)
    url = reverse("apostille:specimen_list", args=[w.organization.pk])
    client.post(
        url,
        {
            "signer_name": "Deputy Person",
            "capacity": "deputy",
            "position": "Deputy director",
            "valid_from": "2018-09-01",
            "valid_until": "2017-01-01",
        },
    )
    assert not Specimen.objects.filter(signer_name="Deputy Person").exists()
    client.post(
        url,
        {
            "signer_name": "Deputy Person",
            "capacity": "deputy",
            "position": "Deputy director",
            "valid_from": "2018-09-01",
        },
    )
    specimen = Specimen.objects.get(signer_name="Deputy Person")
    assert specimen.recorded_by == w.staff
    edit = reverse("apostille:specimen_edit", args=[specimen.pk])
    client.post(
        edit,
        {
            "signer_name": "Deputy Person",
            "capacity": "deputy",
            "position": "Deputy director",
            "valid_from": "2018-09-01",
            "valid_until": "2022-08-31",
        },
    )
    specimen.refresh_from_db()
    assert specimen.valid_until == datetime.date(2022, 8, 31)
    assert "data-history" in client.get(edit).content.decode()
    assert log_in(w.citizen).get(url).status_code == 403


def test_the_e_register_finds_by_number_and_date_and_never_shows_the_iin(client):
    w = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    url = reverse("apostille:register")
    page = client.get(url, {"number": apostille.number}).content.decode()
    assert 'data-result="found"' not in page
    wrong = client.get(
        url,
        {"number": apostille.number, "date": (apostille.issued_on - datetime.timedelta(1))},
    ).content.decode()
    assert 'data-result="not-found"' in wrong
    found = client.get(
        url, {"number": apostille.number, "date": apostille.issued_on.isoformat()}
    ).content.decode()
    assert 'data-result="found"' in found
    assert 'data-status="valid"' in found
    assert w.citizen.iin not in found
    assert LookupAttempt.objects.count() == 2


def test_the_e_register_page_says_when_look_ups_are_allowed_again(client, settings):
    settings.APOSTILLE_REGISTER_MAX_FAILURES = 2
    url = reverse("apostille:register")
    for _ in range(2):
        client.get(url, {"number": "APS-2026-999999", "date": "2026-01-01"})
    response = client.get(url, {"number": "APS-2026-999999", "date": "2026-01-01"})
    assert response.status_code == 429
    assert "Too many look-ups found nothing" in response.content.decode()


def test_staff_revoke_an_apostille_issued_in_error_through_a_confirmation(log_in):
    w = world()
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    client = log_in(w.staff)
    url = reverse("apostille:apostille_revoke", args=[apostille.pk])
    confirm = client.post(url, {"reason": "Wrong holder"})
    assert 'data-confirm="revoke"' in confirm.content.decode()
    apostille.refresh_from_db()
    assert apostille.status == Apostille.Status.VALID
    client.post(url, {"reason": "Wrong holder", "confirmed": "1"})
    apostille.refresh_from_db()
    assert apostille.status == Apostille.Status.REVOKED
    assert log_in(w.citizen).get(url).status_code == 404


def test_returned_requests_wait_for_the_applicant_on_the_dashboard(log_in):
    w = world()
    request = submitted(w)
    services.apostille_request_return(request, actor=w.staff, corrections="Scan both sides")
    page = log_in(w.citizen).get(reverse("dashboard")).content.decode()
    assert request.number in page
    assert 'data-part="apostille-citizen"' in page
    staff_page = log_in(w.staff).get(reverse("dashboard")).content.decode()
    assert 'data-part="apostille-authority"' in staff_page


def test_a_draft_is_not_visible_to_another_citizen_in_the_wizard(log_in):
    w = world()
    request = draft(w)
    other = log_in(citizen())
    assert other.get(reverse("apostille:wizard", args=[request.pk, "details"])).status_code == 404


def test_a_returned_request_is_corrected_and_sent_back_through_the_wizard(log_in):
    w = world()
    request = submitted(w)
    staff = log_in(w.staff)
    staff.post(
        reverse("apostille:request_action", args=[request.pk, "return_for_corrections"]),
        {"return_for_corrections-corrections": "The scan is cut off"},
    )
    request.refresh_from_db()
    assert request.state == State.RETURNED
    owner = log_in(w.citizen)
    page = owner.get(request.get_absolute_url()).content.decode()
    assert "The scan is cut off" in page and 'data-term="paused"' in page
    details = reverse("apostille:wizard", args=[request.pk, "details"])
    owner.post(details, _details_post(w, country_of_use="France"))
    owner.post(reverse("apostille:wizard", args=[request.pk, "review"]))
    request.refresh_from_db()
    assert request.state == State.COMPLETENESS_CHECK
    assert request.country_of_use == "France"


def test_the_citizen_withdraws_through_a_confirmation(log_in):
    w = world()
    request = submitted(w)
    client = log_in(w.citizen)
    url = reverse("apostille:request_action", args=[request.pk, "withdraw"])
    confirm = client.post(url, {"withdraw-comment": "Not needed"})
    assert 'data-confirm="withdraw"' in confirm.content.decode()
    request.refresh_from_db()
    assert request.state == State.SUBMITTED
    client.post(url, {"withdraw-comment": "Not needed", "confirmed": "1"})
    request.refresh_from_db()
    assert request.state == State.WITHDRAWN


def test_a_citizen_without_an_iin_is_told_and_keeps_what_was_typed(log_in):
    w = world()
    w.citizen.iin = ""
    w.citizen.save(update_fields=["iin"])
    response = log_in(w.citizen).post(
        reverse("apostille:wizard_new_details"),
        {"issuer": w.organization.pk, "on_behalf": "self", **_details_post(w)},
    )
    page = response.content.decode()
    assert "Enter your IIN in your account" in page
    assert 'value="Germany"' in page
    assert not ApostilleRequest.objects.exists()


def test_staff_see_requests_to_check_and_to_decide_on_the_dashboard(log_in):
    w = world()
    to_check = submitted(w)
    to_decide = in_review(w, document_number="999")
    page = log_in(w.staff).get(reverse("dashboard")).content.decode()
    assert to_check.number in page and to_decide.number in page


def test_someone_who_may_not_file_is_refused_the_wizard(log_in):
    from registry.tests.factories import UserFactory

    assert log_in(UserFactory()).get(reverse("apostille:wizard_new")).status_code == 403

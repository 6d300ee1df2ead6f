"""The licensing pages: what each person sees and may do, end to end through the browser views."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from licensing import services
from licensing.models import BulkReissue, LicenseApplication
from registry.tests.factories import AuthorityFactory, OrganizationFactory, staff_of

from .factories import (
    ChecklistItemFactory,
    LicenseAppendixFactory,
    LicenseFactory,
    before_council,
    in_review,
    inspected,
    licensed,
    new_license_draft,
    world,
)

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _url(application):
    return reverse("licensing:application_detail", args=[application.pk])


def _action(application, name):
    return reverse("licensing:application_action", args=[application.pk, name])


# Public register


def test_the_register_is_public_and_searchable_by_bin(client):
    w = world()
    license_ = licensed(w)
    other = LicenseFactory()
    page = client.get(reverse("licensing:register"), {"q": w.organization.bin})
    assert page.status_code == 200
    assert license_.number in page.content.decode()
    assert other.number not in page.content.decode()


def test_a_license_page_lists_its_appendices_and_history(client):
    w = world()
    license_ = licensed(w, appendices=2)
    page = client.get(reverse("licensing:license_detail", args=[license_.number]))
    assert page.status_code == 200
    for appendix in license_.appendices.all():
        assert appendix.number in page.content.decode()


# The case page


def test_the_case_page_is_404_for_strangers_and_other_jurisdictions(client, verified_client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    stranger = world().applicant
    client.force_login(stranger)
    assert client.get(_url(application)).status_code == 404
    other_staff = staff_of(AuthorityFactory())
    assert verified_client(other_staff).get(_url(application)).status_code == 404
    assert verified_client(w.staff).get(_url(application)).status_code == 200


def test_the_case_page_offers_only_the_actions_this_user_may_take(client, verified_client):
    w = world()
    application = in_review(w, "reissue", license=licensed(w), reissue_ground="name_change")
    client.force_login(w.applicant)
    page = client.get(_url(application)).content.decode()
    assert 'data-action="withdraw"' in page
    assert 'data-action="grant"' not in page
    staff_page = verified_client(w.staff).get(_url(application)).content.decode()
    assert 'data-action="grant"' not in staff_page
    head_page = verified_client(w.head).get(_url(application)).content.decode()
    assert 'data-action="grant"' in head_page
    assert 'data-action="withdraw"' not in head_page
    assert "case-timeline" in head_page


def test_staff_act_from_the_case_page_and_a_repeated_click_gets_a_message(verified_client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client = verified_client(w.staff)
    response = client.post(_action(application, "accept"), {"accept-comment": "Полный пакет"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "review"
    again = client.post(_action(application, "accept"), follow=True)
    assert LicenseApplication.objects.get(pk=application.pk).state == "review"
    assert list(again.context["messages"])


def test_a_form_error_on_an_action_changes_nothing(verified_client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client = verified_client(w.staff)
    client.post(
        _action(application, "return_for_corrections"), {"return_for_corrections-request": ""}
    )
    application.refresh_from_db()
    assert application.state == "submitted"


# The wizard


def test_the_applicant_files_a_new_license_through_the_wizard(client):
    w = world()
    ChecklistItemFactory(kind="new_license", code="charter")
    client.force_login(w.applicant)
    response = client.post(
        reverse("licensing:wizard_start"),
        {"choice": f"{w.organization.pk}:new_license:0"},
    )
    application = LicenseApplication.objects.get()
    assert response.url == reverse("licensing:wizard", args=[application.pk, "details"])
    client.post(
        reverse("licensing:wizard", args=[application.pk, "details"]),
        {
            "level": w.level.pk,
            "specialties": [s.pk for s in w.specialties],
            "activity_address": "Абай к-сі, 1",
        },
    )
    review = client.get(reverse("licensing:wizard", args=[application.pk, "review"]))
    assert review.context["missing"]
    documents = reverse("licensing:wizard", args=[application.pk, "documents"])
    client.post(
        reverse(
            "attachment_upload", args=["licensing.licenseapplication", application.pk, "charter"]
        ),
        {"file": SimpleUploadedFile("charter.pdf", PDF_BYTES), "next": documents},
    )
    response = client.post(reverse("licensing:wizard", args=[application.pk, "review"]))
    application.refresh_from_db()
    assert application.state == "submitted"
    assert response.url == _url(application)


def test_the_wizard_is_closed_once_the_application_is_submitted(client):
    w = world()
    application = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client.force_login(w.applicant)
    response = client.get(reverse("licensing:wizard", args=[application.pk, "details"]))
    assert response.status_code == 302
    assert response.url == _url(application)


def test_the_wizard_offers_per_organization_only_what_can_be_filed(client):
    from registry.models import Role
    from registry.tests.factories import grant

    w = world()
    license_ = licensed(w)
    other = OrganizationFactory(region=w.organization.region, name="Second school")
    grant(w.applicant, Role.APPLICANT, organization=other)
    client.force_login(w.applicant)
    page = client.get(reverse("licensing:wizard_start"))
    form = page.context["form"]
    offered = {value for value, _ in form.fields["choice"].choices}
    assert f"{w.organization.pk}:new_license:0" not in offered
    assert f"{w.organization.pk}:new_appendix:{license_.pk}" in offered
    assert f"{other.pk}:new_license:0" in offered
    assert not any(v.startswith(f"{other.pk}:reissue") for v in offered)
    html = page.content.decode()
    assert f"No new license: the organization holds license No. {license_.number}" in html
    assert html.count("<fieldset") == 2
    refused = client.post(
        reverse("licensing:wizard_start"), {"choice": f"{w.organization.pk}:new_license:0"}
    )
    assert refused.status_code == 200
    assert not LicenseApplication.objects.exists()


def test_step_one_of_a_draft_can_be_reopened_and_changed(client):
    w = world()
    license_ = licensed(w)
    application = services.license_application_create(
        actor=w.applicant, organization=w.organization, kind="duplicate", license=license_
    )
    client.force_login(w.applicant)
    details = client.get(reverse("licensing:wizard", args=[application.pk, "details"]))
    step_one = reverse("licensing:wizard", args=[application.pk, "kind"])
    assert f'href="{step_one}"' in details.content.decode()
    response = client.post(step_one, {"choice": f"{w.organization.pk}:reissue:{license_.pk}"})
    assert response.url == reverse("licensing:wizard", args=[application.pk, "details"])
    application.refresh_from_db()
    assert application.kind == "reissue"


def test_my_applications_are_grouped_by_organization(client):
    from registry.models import Role
    from registry.tests.factories import grant

    w = world()
    other = OrganizationFactory(region=w.organization.region)
    grant(w.applicant, Role.APPLICANT, organization=other)
    new_license_draft(w)
    services.license_application_create(actor=w.applicant, organization=other, kind="new_license")
    client.force_login(w.applicant)
    html = client.get(reverse("licensing:my_applications")).content.decode()
    assert f'data-organization="{w.organization.pk}"' in html
    assert f'data-organization="{other.pk}"' in html


# The staff queue


def test_the_queue_shows_the_authoritys_open_cases_and_highlights_overdue_ones(verified_client):
    w = world()
    late = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    LicenseApplication.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )
    elsewhere = world()
    services.license_application_submit(new_license_draft(elsewhere), actor=elsewhere.applicant)
    page = verified_client(w.staff).get(reverse("licensing:queue"))
    rows = list(page.context["page"].object_list)
    assert rows == [late]
    assert "table-danger" in page.content.decode()
    overdue = verified_client(w.staff).get(reverse("licensing:queue"), {"overdue": "on"})
    assert list(overdue.context["page"].object_list) == [late]


def test_staff_assign_several_applications_at_once(verified_client):
    w = world()
    first = services.license_application_submit(new_license_draft(w), actor=w.applicant)
    second_org = OrganizationFactory(region=w.organization.region)
    from registry.tests.factories import applicant_for

    representative = applicant_for(second_org)
    second = services.license_application_create(
        actor=representative,
        organization=second_org,
        kind="new_license",
        level=w.level,
        activity_address="x",
    )
    second = services.license_application_submit(second, actor=representative)
    colleague = staff_of(w.authority)
    verified_client(w.head).post(
        reverse("licensing:queue_assign"),
        {"applications": [first.pk, second.pk], "assignee": colleague.pk},
    )
    assert set(
        LicenseApplication.objects.filter(assignee=colleague).values_list("pk", flat=True)
    ) == {first.pk, second.pk}


def test_the_queue_costs_the_same_queries_for_one_row_and_for_many(verified_client):
    w = world()
    client = verified_client(w.staff)
    services.license_application_submit(new_license_draft(w), actor=w.applicant)
    client.get(reverse("licensing:queue"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("licensing:queue"))
    for _ in range(5):
        organization = OrganizationFactory(region=w.organization.region)
        from registry.tests.factories import applicant_for

        person = applicant_for(organization)
        application = services.license_application_create(
            actor=person,
            organization=organization,
            kind="new_license",
            level=w.level,
            activity_address="x",
        )
        services.license_application_submit(application, actor=person)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("licensing:queue"))
    assert len(many) == len(one)


# The expert's sheet and the council's page


def test_an_expert_fills_and_signs_the_sheet_in_the_portal(client):
    w = world()
    from .factories import InspectionCriterionFactory, drawable_experts

    InspectionCriterionFactory()
    drawable_experts(w, 3)
    application = services.license_application_send_to_inspection(
        in_review(w), actor=w.staff, visit_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    inspection = application.inspections.get()
    finding = inspection.findings.get()
    expert_user = inspection.members.first().expert.user
    client.force_login(expert_user)
    url = reverse("licensing:inspection_sheet", args=[inspection.pk])
    client.post(url, {"save_sheet": "1", f"met_{finding.pk}": "1", f"comment_{finding.pk}": ""})
    finding.refresh_from_db()
    assert finding.met is True
    page = client.get(url)
    client.post(url, {"content_sha256": page.context["sha256"]})
    assert inspection.signatures.filter(expert=expert_user.expert_profile).exists()
    client.force_login(w.applicant)
    assert client.post(url, {"save_sheet": "1", f"met_{finding.pk}": "0"}).status_code == 403


def test_council_members_vote_on_their_page_and_the_head_closes_it(client, verified_client):
    w = world()
    application, members = before_council(w, council_size=3)
    review = application.council_reviews.get()
    url = reverse("licensing:council_review", args=[review.pk])
    for member in members:
        client.force_login(member)
        client.post(url, {"choice": "for"})
    verified_client(w.head).post(url, {"close": "1"})
    review.refresh_from_db()
    assert (review.outcome, review.votes_for) == ("grant", 3)


# Bulk reissue


def test_a_head_starts_a_bulk_reissue_from_a_csv_and_sees_its_progress(verified_client):
    w = world()
    license_ = LicenseFactory(organization=w.organization, authority=w.authority)
    LicenseAppendixFactory(license=license_, level=w.level)
    client = verified_client(w.head)
    data = f"bin,name_ru,name_kk\n{w.organization.bin},Новое имя,Жаңа атауы\n".encode()
    response = client.post(
        reverse("licensing:bulk_reissue_new"),
        {
            "effective_date": (timezone.localdate() - datetime.timedelta(days=1)).isoformat(),
            "csv_file": SimpleUploadedFile("renames.csv", data, content_type="text/csv"),
        },
    )
    run = BulkReissue.objects.get()
    assert response.url == reverse("licensing:bulk_reissue_detail", args=[run.pk])
    running = client.get(response.url).content.decode()
    # Kept up to date by a script, not by reloading the page under the reader (WCAG 2.2.1).
    assert 'http-equiv="refresh"' not in running
    assert f'data-refresh="{response.url}"' in running
    assert "licensing/progress.js" in running
    services.bulk_reissue_run(run.pk)
    page = client.get(response.url)
    assert page.context["progress"]["done"] == 1
    assert page.status_code == 200


def test_the_inspection_page_shows_the_draw_check(verified_client):
    w = world()
    application = inspected(w)
    page = verified_client(w.staff).get(_url(application))
    assert page.context["draw_check"].matches


def _sheet_of_four(w):
    from .factories import InspectionCriterionFactory, drawable_experts

    for _ in range(4):
        InspectionCriterionFactory()
    drawable_experts(w, 3)
    application = services.license_application_send_to_inspection(
        in_review(w), actor=w.staff, visit_date=timezone.localdate() + datetime.timedelta(days=5)
    )
    inspection = application.inspections.get()
    findings = list(inspection.findings.order_by("order", "pk"))
    users = [m.expert.user for m in inspection.members.select_related("expert__user")]
    return inspection, findings, users


def _all_met(findings, **extra):
    data = {"save_sheet": "1", **extra}
    for finding in findings:
        data[f"met_{finding.pk}"] = "1"
        data[f"comment_{finding.pk}"] = ""
    return data


def test_one_save_records_every_requirement_and_comment_and_says_what_it_saved(client):
    w = world()
    inspection, findings, users = _sheet_of_four(w)
    client.force_login(users[0])
    url = reverse("licensing:inspection_sheet", args=[inspection.pk])
    data = _all_met(findings)
    data[f"comment_{findings[0].pk}"] = "Labs checked on site"
    response = client.post(url, data, follow=True)
    assert [f.met for f in inspection.findings.all()] == [True] * 4
    assert inspection.findings.get(pk=findings[0].pk).comment == "Labs checked on site"
    assert "Saved: 4 requirements and 1 comment." in response.content.decode()


def test_a_refused_save_changes_nothing_and_keeps_every_typed_value(client):
    w = world()
    inspection, findings, users = _sheet_of_four(w)
    client.force_login(users[0])
    url = reverse("licensing:inspection_sheet", args=[inspection.pk])
    data = _all_met(findings)
    data[f"met_{findings[1].pk}"] = "0"  # not met without a comment: refused
    data[f"comment_{findings[2].pk}"] = "Typed and kept"
    response = client.post(url, data)
    assert response.status_code == 200
    assert [f.met for f in inspection.findings.all()] == [None] * 4
    html = response.content.decode()
    assert "Say why the requirement is not met." in html
    assert "Typed and kept" in html
    form = response.context["sheet_form"]
    assert form[f"met_{findings[0].pk}"].value() == "1"
    assert form[f"met_{findings[1].pk}"].value() == "0"


def test_each_radio_group_is_named_by_its_requirement(client):
    w = world()
    inspection, findings, users = _sheet_of_four(w)
    client.force_login(users[0])
    html = client.get(reverse("licensing:inspection_sheet", args=[inspection.pk])).content.decode()
    for finding in findings:
        assert f'<legend class="form-label fs-6">{finding.criterion_code}. ' in html
    assert ">Requirement<" not in html


def test_editing_a_signed_sheet_needs_confirmation_naming_whose_signatures_it_voids(client):
    w = world()
    inspection, findings, users = _sheet_of_four(w)
    client.force_login(users[0])
    url = reverse("licensing:inspection_sheet", args=[inspection.pk])
    client.post(url, _all_met(findings))
    client.post(url, {"content_sha256": services.sheet_sha256(inspection)})
    signer = inspection.signatures.get().expert
    page = client.get(url).content.decode()
    assert f"This sheet is signed by {signer}" in page
    change = _all_met(findings)
    change[f"comment_{findings[3].pk}"] = "A later remark"
    refused = client.post(url, change)
    assert refused.status_code == 200
    assert "voids the signatures of" in refused.content.decode()
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 1
    assert inspection.findings.get(pk=findings[3].pk).comment == ""
    client.post(url, {**change, "void_signatures": "on"})
    assert inspection.signatures.filter(voided_at__isnull=True).count() == 0
    assert inspection.findings.get(pk=findings[3].pk).comment == "A later remark"

"""What a grant does to the register for each kind of application, and the PDFs it issues."""

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.documents import document_act_status, document_render
from casework.exceptions import TransitionRefused
from casework.models import DocumentKind, IssuedDocument, Notification
from licensing import services
from licensing.documents import current_document
from licensing.models import License, LicenseAppendix, LicenseEvent
from registry.tests.factories import OrganizationFactory, QualificationFactory, applicant_for

from .factories import LicenseAppendixFactory, council_decided, in_review, licensed, world

pytestmark = pytest.mark.django_db
Status = IssuedDocument.Status


def _grant(w, application):
    return services.license_application_grant(application, actor=w.head)


def test_granting_a_new_license_enters_it_and_its_first_appendix_in_the_register():
    w = world()
    qualification = QualificationFactory(specialty=w.specialties[0])
    application = council_decided(w, qualifications=[qualification])
    granted = _grant(w, application)
    assert granted.state == "granted"
    license_ = granted.license
    assert license_.organization == w.organization
    assert license_.authority == w.authority
    assert license_.status == License.Status.ACTIVE
    assert license_.issued_on == timezone.localdate()
    assert license_.holder_name_ru == w.organization.name_ru
    assert license_.holder_name_kk == w.organization.name_kk
    appendix = granted.granted_appendix
    assert appendix.license == license_
    assert appendix.number == f"{license_.number}/001"
    assert appendix.level == w.level
    assert set(appendix.specialties.all()) == set(w.specialties)
    assert list(appendix.qualifications.all()) == [qualification]
    assert list(license_.events.values_list("kind", "case_number")) == [
        ("issued", granted.number),
        ("appendix_issued", granted.number),
    ]
    assert current_document(DocumentKind.LICENSE, license_.number) is not None
    assert current_document(DocumentKind.LICENSE_APPENDIX, appendix.number) is not None
    assert Notification.objects.filter(
        recipient=w.applicant, template_key="licensing_granted"
    ).exists()
    assert granted.due_date is None


def test_a_new_appendix_is_added_to_the_license_with_the_next_serial():
    w = world()
    license_ = licensed(w, appendices=2)
    granted = _grant(w, council_decided(w, kind="new_appendix", license=license_))
    appendix = granted.granted_appendix
    assert appendix.license == license_
    assert appendix.serial == 3
    assert license_.appendices.count() == 3


def test_no_appendix_is_added_to_a_license_suspended_meanwhile():
    w = world()
    license_ = licensed(w)
    application = council_decided(w, kind="new_appendix", license=license_)
    services.license_suspend(
        license_, timezone.localdate().replace(year=timezone.localdate().year + 1), "А34", w.head
    )
    with pytest.raises(TransitionRefused) as refused:
        _grant(w, application)
    assert refused.value.code == "licensing.appendix.license_not_in_force"
    assert license_.appendices.count() == 1


def test_a_reissue_after_a_rename_prints_the_new_name_and_supersedes_the_old_pdfs():
    w = world()
    license_ = licensed(w, appendices=2)
    first = _grant(w, in_review(w, "duplicate", license=license_, grounds_details="Утерян"))
    old_license_pdf = current_document(DocumentKind.LICENSE, license_.number)
    assert old_license_pdf.case_id == first.pk

    w.organization.name_ru = "КГУ «Школа-гимназия № 5 имени Абая»"
    w.organization.save()
    granted = _grant(w, in_review(w, "reissue", license=license_, reissue_ground="name_change"))

    license_.refresh_from_db()
    assert license_.holder_name_ru == "КГУ «Школа-гимназия № 5 имени Абая»"
    assert license_.reissued_on == timezone.localdate()
    assert license_.number == old_license_pdf.number  # a reissue keeps the number
    old_license_pdf.refresh_from_db()
    new_license_pdf = current_document(DocumentKind.LICENSE, license_.number)
    assert old_license_pdf.status == Status.SUPERSEDED
    assert old_license_pdf.superseded_by == new_license_pdf
    assert new_license_pdf.case_id == granted.pk
    # Every appendix carries the name, so each is reissued too.
    for appendix in license_.appendices.all():
        assert appendix.reissued_on == timezone.localdate()
        assert current_document(DocumentKind.LICENSE_APPENDIX, appendix.number).case_id == (
            granted.pk
        )
    kinds = list(license_.events.filter(case_number=granted.number).values_list("kind", flat=True))
    assert kinds.count("appendix_reissued") == 2 and "reissued" in kinds


def test_the_verification_page_of_a_superseded_license_links_to_the_new_one(client):
    w = world()
    license_ = licensed(w)
    _grant(w, in_review(w, "duplicate", license=license_, grounds_details="Утерян"))
    _grant(w, in_review(w, "reissue", license=license_, reissue_ground="name_change"))
    old, new = IssuedDocument.objects.filter(
        kind=DocumentKind.LICENSE, number=license_.number
    ).order_by("id")
    page = client.get(reverse("verify_document", args=[old.verification_code]))
    assert page.status_code == 200
    assert reverse("verify_document", args=[new.verification_code]) in page.content.decode()


def test_a_reissue_after_a_change_of_address_changes_the_chosen_appendices_only():
    w = world()
    license_ = licensed(w, appendices=2)
    moved, kept = license_.appendices.order_by("serial")
    _grant(
        w,
        in_review(
            w,
            "reissue",
            license=license_,
            reissue_ground="address_change",
            appendices=[moved],
            activity_address="мкр. Самал-2, 33",
        ),
    )
    moved.refresh_from_db()
    kept.refresh_from_db()
    assert moved.address_ru == "мкр. Самал-2, 33"
    assert kept.address_ru == "ул. Абая, 1"
    assert kept.reissued_on is None


def test_a_successor_reissues_the_license_of_the_organization_it_absorbed():
    w = world()
    license_ = licensed(w)
    successor = OrganizationFactory(region=w.organization.region)
    w.organization.status = "reorganized"
    w.organization.successor = successor
    w.organization.save()
    representative = applicant_for(successor)
    application = services.license_application_create(
        actor=representative,
        organization=successor,
        kind="reissue",
        license=license_,
        reissue_ground="merger",
    )
    application = services.license_application_submit(application, actor=representative)
    application = services.license_application_check_completeness(application, actor=w.staff)
    _grant(w, application)
    license_.refresh_from_db()
    assert license_.organization == successor
    assert license_.holder_name_ru == successor.name_ru


def test_a_rename_is_not_a_ground_to_take_over_another_organizations_license():
    w = world()
    stranger = OrganizationFactory(region=w.organization.region)
    with pytest.raises(Exception, match="not held"):
        services.license_application_create(
            actor=applicant_for(stranger),
            organization=stranger,
            kind="reissue",
            license=licensed(w),
            reissue_ground="name_change",
        )


def test_returned_appendices_leave_force_and_their_pdfs_say_the_act_is_terminated():
    w = world()
    license_ = licensed(w, appendices=2)
    returned, kept = license_.appendices.order_by("serial")
    _grant(w, in_review(w, "duplicate", license=license_, grounds_details="Утерян"))
    old_pdf = current_document(DocumentKind.LICENSE_APPENDIX, returned.number)
    granted = _grant(
        w,
        in_review(
            w, "return", license=license_, appendices=[returned], grounds_details="Набор закрыт"
        ),
    )
    returned.refresh_from_db()
    assert returned.status == LicenseAppendix.Status.RETURNED
    assert kept.status == LicenseAppendix.Status.ACTIVE
    old_pdf.refresh_from_db()
    act = document_act_status(old_pdf)
    assert (act.code, act.since) == ("terminated", timezone.localdate())
    assert granted.number in act.basis
    assert document_act_status(
        current_document(DocumentKind.LICENSE_APPENDIX, kept.number)
    ).code == ("valid")
    assert LicenseEvent.objects.get(appendix=returned, kind="appendix_returned").case_number == (
        granted.number
    )
    # The license's new PDF lists only the appendix still in force.
    listed = current_document(DocumentKind.LICENSE, license_.number).context["appendices"]
    assert [a["number"] for a in listed] == [kept.number]


def test_an_appendix_already_returned_cannot_be_returned_again():
    w = world()
    license_ = licensed(w)
    appendix = license_.appendices.get()
    application = in_review(w, "return", license=license_, appendices=[appendix])
    appendix.return_voluntarily()
    appendix.save()
    with pytest.raises(TransitionRefused) as refused:
        _grant(w, application)
    assert refused.value.code == "licensing.return.appendix_not_in_force"


def test_a_duplicate_reproduces_the_license_marked_as_such():
    w = world()
    license_ = licensed(w)
    LicenseAppendixFactory(license=license_, level=w.level)
    _grant(w, in_review(w, "duplicate", license=license_, grounds_details="Утерян при пожаре"))
    document = current_document(DocumentKind.LICENSE, license_.number)
    assert document.context["duplicate"] is True
    assert document.context["license_number"] == license_.number
    assert LicenseEvent.objects.filter(license=license_, kind="duplicate_issued").exists()


def test_a_refused_new_license_leaves_nothing_in_the_register():
    w = world()
    from .factories import RefusalReasonFactory

    application = council_decided(w, outcome="refuse")
    services.license_application_refuse(application, actor=w.head, reasons=[RefusalReasonFactory()])
    assert not License.objects.exists()


def test_the_license_pdf_renders_from_its_snapshot():
    w = world()
    license_ = licensed(w)
    _grant(w, in_review(w, "duplicate", license=license_, grounds_details="Утерян"))
    # The render task's body, as the worker runs it.
    document = document_render(current_document(DocumentKind.LICENSE, license_.number).pk)
    assert document.is_rendered
    with document.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

import pytest
from django.db import IntegrityError
from django_fsm import TransitionNotAllowed

from casework.models import CaseNumberCounter
from licensing.models import License, LicenseApplication, LicenseEvent

from .factories import LicenseAppendixFactory, LicenseFactory, world

pytestmark = pytest.mark.django_db


def test_license_numbers_come_from_the_database_counter_not_from_counting_rows(settings):
    settings.PORTAL_JURISDICTION = "KZ"
    first = LicenseFactory()
    License.objects.filter(pk=first.pk).update(number="moved-away")
    second = LicenseFactory()
    year = first.issued_on.year
    assert first.number == f"KZ-LAA-{year}-000001"
    assert second.number == f"KZ-LAA-{year}-000002"
    assert CaseNumberCounter.objects.get(prefix="LAA", year=year).last == 2


def test_appendix_numbers_follow_the_license_number_with_a_serial_of_their_own():
    license_ = LicenseFactory()
    first = LicenseAppendixFactory(license=license_)
    second = LicenseAppendixFactory(license=license_)
    other = LicenseAppendixFactory()
    assert first.number == f"{license_.number}/001"
    assert second.number == f"{license_.number}/002"
    assert other.number.endswith("/001")


def test_license_status_cannot_be_set_directly():
    license_ = LicenseFactory()
    with pytest.raises(AttributeError):
        license_.status = License.Status.REVOKED


def test_a_suspended_license_must_say_until_when():
    license_ = LicenseFactory()
    license_.suspend(until=None)
    with pytest.raises(IntegrityError):
        license_.save()


def test_a_revoked_license_cannot_be_resumed():
    license_ = LicenseFactory()
    license_.revoke()
    with pytest.raises(TransitionNotAllowed):
        license_.resume()


def test_license_history_is_append_only():
    event = LicenseEvent.objects.create(license=LicenseFactory(), kind=LicenseEvent.Kind.ISSUED)
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_application_numbers_read_lic_year_serial():
    w = world()
    application = LicenseApplication.objects.create(
        applicant=w.applicant, organization=w.organization, kind="new_license"
    )
    assert application.number.startswith("LIC-")
    assert application.state == "draft"


@pytest.mark.parametrize(
    ("kind", "needs_inspection"),
    [
        ("new_license", True),
        ("new_appendix", True),
        ("reissue", False),
        ("return", False),
        ("duplicate", False),
    ],
)
def test_only_new_licenses_and_appendices_go_through_inspection(kind, needs_inspection):
    w = world()
    application = LicenseApplication(applicant=w.applicant, organization=w.organization, kind=kind)
    assert application.needs_inspection is needs_inspection

"""The checks the portal makes before staff decide (issue 12): the issuer's license on the issue
date, the signer against the specimen register, the same document apostilled before. Each is
stored with its outcome and the reason shown to staff, and the decision heeds them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apostille import services
from apostille.models import Apostille, ApostilleRequest, RequestCheck, Specimen
from apostille.selectors import issuing_organization_search, organization_names_on
from casework.exceptions import TransitionRefused
from licensing.tests.factories import LicenseAppendixFactory
from registry.services import organization_rename
from registry.tests.factories import EducationLevelFactory

from .factories import (
    DIRECTOR,
    DocumentTypeFactory,
    SpecimenFactory,
    in_review,
    submitted,
    world,
)

pytestmark = pytest.mark.django_db
Outcome = RequestCheck.Outcome


def _check(request, kind) -> RequestCheck:
    return RequestCheck.objects.get(request=request, kind=kind)


def _affix_refused(request, actor, **kwargs) -> str:
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_affix(request, actor=actor, **kwargs)
    assert ApostilleRequest.objects.get(pk=request.pk).state == ApostilleRequest.State.REVIEW
    return refused.value.code


# --- the license on the issue date ---------------------------------------------------------


def test_license_covering_the_level_on_the_issue_date_passes():
    w = world()
    check = _check(submitted(w), "license")
    assert check.outcome == Outcome.PASSED
    assert check.reason_code == "covered"
    assert check.details["license"] and check.details["appendix"]


def test_diploma_of_a_level_the_license_did_not_cover_on_that_date_fails_with_its_reason():
    w = world()
    # The school was licensed for this level only from 2021; the diploma is of 2020.
    college = EducationLevelFactory()
    LicenseAppendixFactory(
        license=w.organization.licenses.get(), level=college, issued_on=datetime.date(2021, 9, 1)
    )
    diploma = DocumentTypeFactory(levels=[college])
    request = in_review(w, document_type=diploma, issued_on=datetime.date(2020, 6, 20))
    check = _check(request, "license")
    assert check.outcome == Outcome.FAILED
    assert check.reason_code == "level_not_covered"
    assert "did not cover this level of education on the issue date" in check.reason
    assert check.details["license"] in check.reason
    assert _affix_refused(request, w.staff) == "apostille.license.not_covered"
    # A failed check is the register's answer, not a gap in it: staff cannot confirm it away.
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_check_confirm(request, "license", actor=w.staff, reason="Seen it.")
    assert refused.value.code == "apostille.license.not_covered"


def test_a_license_suspended_on_the_issue_date_does_not_cover_it():
    w = world()
    license_ = w.organization.licenses.get()
    type(license_).objects.filter(pk=license_.pk).update(
        status="suspended",
        status_changed_on=datetime.date(2020, 1, 10),
        suspended_until=datetime.date(2026, 1, 10),
    )
    check = _check(submitted(w), "license")
    assert (check.outcome, check.reason_code) == (Outcome.FAILED, "suspended")


def test_before_the_register_reaches_staff_confirm_the_license_by_hand_with_a_reason():
    w = world()
    # The register starts with the school's 2015 license; the diploma is of 2012.
    request = in_review(w, issued_on=datetime.date(2012, 6, 20))
    check = _check(request, "license")
    assert check.outcome == Outcome.UNKNOWN and check.reason_code == "before_register"
    assert "01.06.2015" in check.reason
    assert _affix_refused(request, w.staff) == "apostille.license.unconfirmed"
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_check_confirm(request, "license", actor=w.staff, reason="  ")
    assert refused.value.code == "apostille.confirmation.no_reason"
    confirmed = services.apostille_check_confirm(
        request, "license", actor=w.staff, reason="Archive: license 0001234 of 1998 seen."
    )
    assert confirmed.outcome == Outcome.CONFIRMED and confirmed.confirmed_by == w.staff
    assert services.apostille_affix(request, actor=w.staff).number


def test_a_check_that_passed_needs_no_confirmation():
    w = world()
    request = submitted(w)
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_check_confirm(request, "license", actor=w.staff, reason="Sure.")
    assert refused.value.code == "apostille.confirmation.not_needed"


def test_affixing_needs_the_checks_made():
    w = world()
    request = in_review(w)
    RequestCheck.objects.filter(request=request).delete()
    assert _affix_refused(request, w.staff) == "apostille.checks.not_run"
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_check_confirm(request, "signer", actor=w.staff, reason="Known.")
    assert refused.value.code == "apostille.checks.not_run"


# --- an issuer renamed since ----------------------------------------------------------------


def test_a_school_renamed_since_is_found_under_its_old_name_and_seals_under_it(settings):
    w = world()
    old_name_en = w.organization.name_en
    organization_rename(
        w.organization,
        effective_date=datetime.date(2023, 1, 1),
        name_ru="Гимназия имени Абая",
        name_kk="Абай атындағы гимназия",
        name_en="Abai Gymnasium",
    )
    w.organization.refresh_from_db()
    assert list(issuing_organization_search(old_name_en)) == [w.organization]
    assert list(issuing_organization_search("Abai Gymnasium")) == [w.organization]
    names = organization_names_on(w.organization, datetime.date(2020, 6, 20))
    assert names["en"] == old_name_en
    assert organization_names_on(w.organization, datetime.date(2023, 5, 1))["en"] == (
        "Abai Gymnasium"
    )
    apostille = services.apostille_affix(in_review(w), actor=w.staff)
    assert apostille.seal_of == old_name_en  # the citizen reads English (factories.READS)


# --- the signer against the specimen register ------------------------------------------------


def test_the_director_within_their_specimen_dates_passes():
    w = world()
    check = _check(submitted(w), "signer")
    assert check.outcome == Outcome.PASSED and check.details["specimen"] == w.specimen.pk


def test_a_signer_outside_their_specimen_dates_is_flagged():
    w = world()
    Specimen.objects.filter(pk=w.specimen.pk).update(valid_until=datetime.date(2019, 8, 31))
    request = in_review(w)
    check = _check(request, "signer")
    assert check.outcome == Outcome.FLAGGED and check.reason_code == "outside_dates"
    assert "01.09.2010–31.08.2019" in check.reason
    assert _affix_refused(request, w.staff) == "apostille.signer.not_confirmed"
    services.apostille_check_confirm(
        request, "signer", actor=w.staff, reason="Order of 1 Sept 2019 extended the term."
    )
    assert services.apostille_affix(request, actor=w.staff).signed_by == DIRECTOR


def test_a_deputy_signs_too_and_a_name_spelt_with_other_spacing_matches():
    w = world()
    SpecimenFactory(
        organization=w.organization,
        signer_name="Ким Ольга",
        capacity=Specimen.Capacity.DEPUTY,
        valid_from=datetime.date(2018, 1, 1),
    )
    check = _check(submitted(w, signer_name="  КИМ   ольга "), "signer")
    assert check.outcome == Outcome.PASSED


def test_a_signer_the_register_does_not_know_is_flagged():
    w = world()
    check = _check(submitted(w, signer_name="Someone Else"), "signer")
    assert (check.outcome, check.reason_code) == (Outcome.FLAGGED, "no_specimen")


def test_a_specimen_ends_on_or_after_it_starts():
    w = world()
    with pytest.raises(ValidationError) as invalid:
        services.specimen_create(
            actor=w.staff,
            organization=w.organization,
            signer_name="Late Deputy",
            capacity=Specimen.Capacity.DEPUTY,
            valid_from=datetime.date(2020, 1, 1),
            valid_until=datetime.date(2019, 1, 1),
        )
    codes = [e.code for errors in invalid.value.error_dict.values() for e in errors]
    assert codes == ["apostille.specimen.dates"]


def test_specimen_changes_are_kept_with_who_made_them():
    from apostille.models import SpecimenHistory

    w = world()
    specimen = services.specimen_create(
        actor=w.staff,
        organization=w.organization,
        signer_name="New Deputy",
        capacity=Specimen.Capacity.DEPUTY,
        valid_from=datetime.date(2024, 9, 1),
    )
    services.specimen_update(specimen, actor=w.staff, valid_until=datetime.date(2025, 8, 31))
    rows = SpecimenHistory.objects.filter(pgh_obj_id=specimen.pk).order_by("pgh_id")
    assert [r.pgh_label for r in rows] == ["insert", "update"]
    assert rows.last().valid_until == datetime.date(2025, 8, 31)


# --- the same document twice -----------------------------------------------------------------


def test_the_same_document_twice_points_to_the_first_apostille():
    w = world()
    first = services.apostille_affix(in_review(w), actor=w.staff)
    again = in_review(w, series="жоб", document_number=" 0012345 ")
    check = _check(again, "duplicate")
    assert check.outcome == Outcome.FLAGGED and check.reason_code == "apostilled_before"
    assert first.number in check.reason
    assert ApostilleRequest.objects.get(pk=again.pk).previous_apostille == first
    assert _affix_refused(again, w.staff) == "apostille.duplicate.exists"
    with pytest.raises(TransitionRefused) as refused:
        services.apostille_check_confirm(again, "duplicate", actor=w.staff, reason="New one.")
    assert refused.value.code == "apostille.duplicate.exists"
    duplicate = services.apostille_affix(again, actor=w.staff, duplicate=True)
    assert duplicate.duplicate_of == first and duplicate.number != first.number


def test_a_duplicate_needs_an_earlier_apostille():
    w = world()
    request = in_review(w)
    assert _affix_refused(request, w.staff, duplicate=True) == (
        "apostille.duplicate.nothing_to_copy"
    )


def test_another_holders_document_with_the_same_number_is_not_a_duplicate():
    from .factories import citizen

    w = world()
    services.apostille_affix(in_review(w), actor=w.staff)
    other = citizen()
    w.citizen = other
    check = _check(submitted(w), "duplicate")
    assert check.outcome == Outcome.PASSED
    assert Apostille.objects.count() == 1

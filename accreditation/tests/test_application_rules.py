"""Who may apply, with each boundary on both sides: К2 (license for higher education), К4 (body
certified on the day), К8 (specialized needs the institutional certificate; combined allowed),
К21 (renewal no later than a year before expiry), К22 (a year after a refused application)."""

import datetime

import pytest

from accreditation import services
from accreditation.models import AccreditationCase, Certificate, Decision, Kind
from accreditation.tests.factories import (
    applied,
    case_on_record,
    certificate_on_record,
    draft,
    licensed_university,
    on,
    world,
)
from casework.exceptions import TransitionRefused
from registry.tests.factories import EducationLevelFactory, applicant_for

pytestmark = pytest.mark.django_db

DAY = datetime.date(2027, 2, 1)


def refused_code(w, case, day=DAY) -> str:
    with on(day), pytest.raises(TransitionRefused) as refused:
        services.accreditation_case_submit(case, actor=w.applicant)
    return refused.value.code


def test_k2_an_organization_licensed_for_school_only_is_refused():
    w = world()
    school_level = EducationLevelFactory(code="general_secondary")
    school, _license = licensed_university(w.organization.region, school_level)
    w.organization, w.applicant = school, applicant_for(school, language="en")
    assert refused_code(w, draft(w)) == "accreditation.k2.license"


def test_k2_an_organization_with_a_license_for_higher_education_applies():
    w = world()
    case = applied(w, DAY)
    assert case.state == AccreditationCase.State.APPLICATION
    assert case.license_snapshot["appendices"][0]["level"] == "higher"


def test_k4_a_body_not_certified_on_the_day_is_refused():
    w = world()
    w.body.certified_until = DAY - datetime.timedelta(days=1)
    w.body.save()
    assert refused_code(w, draft(w)) == "accreditation.k4.body_not_certified"


def test_k4_a_body_certified_until_the_day_accepts():
    w = world()
    w.body.certified_until = DAY
    w.body.save()
    assert applied(w, DAY).state == AccreditationCase.State.APPLICATION


def test_k8_specialized_without_an_institutional_certificate_is_refused():
    w = world()
    case = draft(w, kind=Kind.SPECIALIZED, programmes=w.programmes)
    assert refused_code(w, case) == "accreditation.k8.institutional_required"


def test_k8_combined_is_allowed_without_an_institutional_certificate():
    w = world()
    case = applied(w, DAY, kind=Kind.COMBINED, programmes=w.programmes)
    assert case.state == AccreditationCase.State.APPLICATION


def test_k8_specialized_with_a_valid_institutional_certificate_is_allowed():
    w = world()
    _certificate(w, valid_until=datetime.date(2030, 1, 1))
    case = applied(w, DAY, kind=Kind.SPECIALIZED, programmes=w.programmes)
    assert case.state == AccreditationCase.State.APPLICATION


def test_k8_specialized_names_its_programmes():
    w = world()
    case = draft(w, kind=Kind.COMBINED)
    assert refused_code(w, case) == "accreditation.k8.programmes_required"


# К22: a year after the first, refused, application for the same scope.


def _refused_case(w, submitted_on):
    return case_on_record(
        w,
        submitted_on,
        state=AccreditationCase.State.DECIDED,
        decision=Decision.REFUSE,
    )


def test_k22_a_new_application_one_year_less_a_day_after_the_first_is_refused():
    w = world()
    _refused_case(w, datetime.date(2026, 2, 2))
    assert refused_code(w, draft(w)) == "accreditation.k22.reapply_too_soon"


def test_k22_a_new_application_exactly_one_year_after_the_first_is_considered():
    w = world()
    _refused_case(w, datetime.date(2026, 2, 1))
    assert applied(w, DAY).state == AccreditationCase.State.APPLICATION


def test_k22_another_scope_is_not_held_back():
    w = world()
    _refused_case(w, datetime.date(2026, 6, 1))
    _certificate(w, valid_until=datetime.date(2030, 1, 1))
    case = applied(w, DAY, kind=Kind.SPECIALIZED, programmes=w.programmes)
    assert case.state == AccreditationCase.State.APPLICATION


# К21: renewal no later than a year before the certificate expires.


def _certificate(w, *, valid_until):
    return certificate_on_record(w, valid_until=valid_until)


def test_k21_renewal_applied_for_13_months_before_expiry_is_accepted():
    w = world()
    certificate = _certificate(w, valid_until=datetime.date(2028, 3, 1))
    case = applied(w, DAY, renewal_of=certificate)
    assert case.state == AccreditationCase.State.APPLICATION
    assert not case.renewal_late


def test_k21_renewal_applied_for_11_months_before_expiry_is_refused():
    w = world()
    certificate = _certificate(w, valid_until=datetime.date(2028, 1, 1))
    case = draft(w, renewal_of=certificate)
    assert refused_code(w, case) == "accreditation.k21.renewal_late"


def test_k21_a_late_renewal_is_accepted_as_late_where_the_setting_allows(settings):
    settings.ACCREDITATION_RENEWAL_LATE_ACCEPTED = True
    w = world()
    certificate = _certificate(w, valid_until=datetime.date(2028, 1, 1))
    case = applied(w, DAY, renewal_of=certificate)
    assert case.renewal_late


def test_k21_only_a_certificate_in_force_is_renewed():
    w = world()
    certificate = _certificate(w, valid_until=datetime.date(2027, 1, 1))
    Certificate.objects.filter(pk=certificate.pk).update(status=Certificate.Status.EXPIRED)
    case = draft(w, renewal_of=Certificate.objects.get(pk=certificate.pk))
    assert refused_code(w, case) == "accreditation.k21.not_renewable"


def test_k4_the_registry_entry_of_the_body_follows_its_certification():
    w = world()
    w.body.certification_number = "KZ-AO-999"
    w.body.certified_until = datetime.date(2031, 5, 31)
    w.body.save()
    w.body.authority.refresh_from_db()
    assert w.body.authority.register_entry_number == "KZ-AO-999"
    assert w.body.authority.register_entry_valid_until == datetime.date(2031, 5, 31)

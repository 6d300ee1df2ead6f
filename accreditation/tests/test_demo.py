"""Accreditation's part of `seed_demo`: two bodies, a council of every group, an accredited
university whose certificate expires within 14 months, a case at the expert visit with the demo
expert on its commission, a refused case; the demo's people find their work."""

import io

import pytest
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.utils import timezone

from accreditation.models import (
    AccreditationBody,
    AccreditationCase,
    Certificate,
    CouncilMember,
    Decision,
)
from casework.worklist import work_for
from registry.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_demo_builds_the_accreditation_samples():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    assert "Accreditation:" in output
    assert "accreditation.staff@example.com" in output
    assert "university@example.com" in output
    assert AccreditationBody.objects.count() == 2
    groups = set(CouncilMember.objects.values_list("group", flat=True))
    assert groups == set(CouncilMember.Group.values)
    today = timezone.localdate()
    certificate = Certificate.objects.get(status=Certificate.Status.ACTIVE)
    assert today < certificate.valid_until <= today + relativedelta(months=14)
    assert certificate.document.renditions.exists()
    visit_case = AccreditationCase.objects.get(state=AccreditationCase.State.EXPERT_VISIT)
    expert_user = User.objects.get(email="expert@example.com")
    assert visit_case.visit.seats.filter(expert__user=expert_user).exists()
    assert AccreditationCase.objects.filter(decision=Decision.REFUSE).exists()
    # Their worklists: the expert opens the report; the university renews in time (К21).
    assert any(item.procedure == "Accreditation" for item in work_for(expert_user))

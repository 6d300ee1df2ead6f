"""The apostille's part of `seed_demo`: a citizen in the log-in table with a request in review,
an affixed e-Apostille whose PDF renders when first asked for, a refusal, and specimens for the
demo's schools."""

import io

import pytest
from django.core.management import call_command

from apostille.models import Apostille, ApostilleRequest, Specimen
from casework.documents import document_render
from registry.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_has_a_citizen_with_a_request_in_review_an_e_apostille_and_a_refusal():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    output = out.getvalue()
    assert "citizen@example.com" in output and "apostille@example.com" in output
    citizen = User.objects.get(email="citizen@example.com")
    assert citizen.has_role(Role.CITIZEN) and citizen.iin
    states = set(ApostilleRequest.objects.filter(applicant=citizen).values_list("state", flat=True))
    assert states == {"review", "affixed", "refused"}
    apostille = Apostille.objects.get()
    assert apostille.form == "electronic"
    assert {c.outcome for c in apostille.request.checks.all()} == {"passed"}
    document = document_render(apostille.document_id)
    assert document.rendition(document.language).file.size > 0
    assert Specimen.objects.values("organization").distinct().count() == 3

"""The certificate (К20, К23) and the notice of refusal (К22) render and are sealed in every
portal language, each saying what the act says in that language."""

import datetime

import pytest

from accreditation.models import Decision
from accreditation.tests.factories import accredited, at_council, decided, world
from casework.documents import rendition_render
from casework.models import DocumentKind, IssuedDocument

pytestmark = pytest.mark.django_db


def test_the_certificate_renders_sealed_in_kazakh_and_names_the_organization_in_it():
    w = world()
    certificate = accredited(w, datetime.date(2027, 2, 1), datetime.date(2027, 7, 1))
    document = certificate.document
    kazakh = document.renditions.get(language="kk")
    assert kazakh.context["organization"] == "Университеті"
    assert kazakh.context["valid_until"] == "30.06.2032"
    rendition = rendition_render(document, "kk")
    with rendition.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert rendition.sealed_by


def test_the_notice_of_refusal_renders_with_its_reasons():
    w = world()
    case = decided(
        w, at_council(w, datetime.date(2027, 2, 1)), datetime.date(2027, 7, 1), Decision.REFUSE
    )
    notice = IssuedDocument.objects.get(kind=DocumentKind.REFUSAL, case_id=case.pk)
    assert notice.context["reasons"] == "Not met."
    rendition = rendition_render(notice, notice.language)
    with rendition.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"

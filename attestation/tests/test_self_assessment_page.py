"""The self-assessment page: the sections and the files are one form, saved together or not at
all, and a refusal keeps everything typed on the page (issue 10: lost input)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from attestation.models import Attestation, SelfAssessment, StudyArea
from attestation.tests.factories import World, attestation_in, pdf
from casework.models import Attachment

pytestmark = pytest.mark.django_db

AREA = StudyArea.values[0]


def _url(attestation):
    return reverse("attestation:self_assessment", args=[attestation.pk])


def test_attaching_a_file_saves_the_typed_sections_with_it_and_says_both(client):
    world = World()
    attestation = attestation_in(world, Attestation.State.NOTIFIED)
    client.force_login(world.representative)

    response = client.post(
        _url(attestation),
        {
            AREA: "Our curriculum follows the standard.",
            f"file_{SelfAssessment.CHARTER}": pdf("charter.pdf"),
        },
        follow=True,
    )

    assessment = SelfAssessment.objects.get(attestation=attestation)
    assert getattr(assessment, AREA) == "Our curriculum follows the standard."
    assert Attachment.objects.filter(
        case_id=attestation.pk, item_code=SelfAssessment.CHARTER
    ).exists()
    text = response.content.decode()
    assert "The sections are saved." in text
    assert "charter.pdf" in text
    assert "Our curriculum follows the standard." in text


def test_a_refused_file_saves_nothing_and_keeps_the_typed_text_on_the_page(client):
    world = World()
    attestation = attestation_in(world, Attestation.State.NOTIFIED)
    client.force_login(world.representative)
    not_a_pdf = SimpleUploadedFile("charter.pdf", b"just text", content_type="application/pdf")

    response = client.post(
        _url(attestation),
        {AREA: "Typed before choosing the file.", f"file_{SelfAssessment.CHARTER}": not_a_pdf},
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Typed before choosing the file." in text
    assert "Nothing was saved" in text
    assert "Choose the files again." in text
    assert not SelfAssessment.objects.filter(attestation=attestation).exclude(**{AREA: ""}).exists()
    assert not Attachment.objects.filter(case_id=attestation.pk).exists()

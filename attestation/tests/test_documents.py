"""Attestation's acts as documents: the conclusion and the order are one act each (one number,
one verification code) read in every language from its renditions; the owners find them on the
attestation page; a Kazakh reader reads Kazakh names; every character of every template in every
language has its glyph."""

import hashlib
import re
import subprocess
import tempfile

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.urls import reverse
from django.utils import translation

from attestation import documents
from attestation.models import (
    Attestation,
    Cohort,
    Commission,
    CommissionMember,
    ConclusionAttachment,
    ConclusionSignature,
)
from attestation.reasons import reason_for
from attestation.tests.factories import (
    World,
    client_for,
    decided_ready,
    results,
    sample_of,
)
from casework.documents import document_pdf
from casework.models import (
    Attachment,
    CaseNumberCounter,
    DocumentDownload,
    DocumentKind,
    DocumentRendition,
    IssuedDocument,
)
from casework.reasons import reason_worded
from casework.tests.glyphs import assert_every_glyph_embedded
from casework.tests.threads import race
from registry.tests.factories import SpecialtyFactory, UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]

SPECIALTY = {
    "code": "0101000",
    "name_ru": "Дошкольное воспитание и обучение",
    "name_kk": "Мектепке дейінгі тәрбие және оқыту",
    "name_en": "Preschool education and training",
}


def signed_conclusion(**organization) -> tuple[World, Attestation]:
    """A conclusion signed before acts were issued with it (no document yet), with one
    specialty's cohort in the sample."""
    world = World(**organization)
    attestation = decided_ready(world)
    cohort, students = sample_of(attestation, size=10, name=SPECIALTY["code"])
    Cohort.objects.filter(pk=cohort.pk).update(specialty=SpecialtyFactory(**SPECIALTY))
    results(students)
    return world, attestation


def fetch(client, user, attestation, kind="conclusion"):
    """The PDF as the attestation page's link serves it: in the user's account language."""
    response = client.get(reverse("attestation:document", args=[attestation.pk, kind]))
    assert response.status_code == 200, response
    return b"".join(response.streaming_content)


def conclusion_counter() -> int:
    counter = CaseNumberCounter.objects.filter(prefix="CON").first()
    return counter.last if counter else 0


def test_the_conclusion_read_in_kk_ru_and_en_is_one_act_with_three_renditions():
    world, attestation = signed_conclusion()
    reader = world.representative
    hashes = {}
    for language in ("kk", "ru", "en"):
        reader.language = language
        reader.save(update_fields=["language"])
        content = fetch(client_for(reader), reader, attestation)
        hashes[language] = hashlib.sha256(content).hexdigest()

    document = IssuedDocument.objects.get(kind=DocumentKind.CONCLUSION)
    renditions = {r.language: r for r in document.renditions.all()}
    assert {language: renditions[language].sha256 for language in hashes} == hashes
    assert len(set(hashes.values())) == 3
    assert conclusion_counter() == 1  # one number allotted, never a second
    assert document.number == f"CON-{document.issued_at.year}-000001"
    downloads = DocumentDownload.objects.filter(rendition__document=document, user=reader)
    assert sorted(d.rendition.language for d in downloads) == ["en", "kk", "ru"]


def test_the_order_keeps_the_order_number_in_every_language():
    world, attestation = signed_conclusion()
    Attestation.objects.filter(pk=attestation.pk).update(
        decision="attest", order_number="12-OD", decided_at=attestation.created_at
    )
    attestation.refresh_from_db()
    for language in ("kk", "ru"):
        world.head.language = language
        world.head.save(update_fields=["language"])
        fetch(client_for(world.head), world.head, attestation, "decision")
    document = IssuedDocument.objects.get(kind=DocumentKind.ORDER)
    assert document.number == "12-OD"
    assert document.renditions.exclude(sha256="").count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent readers need PostgreSQL")
def test_two_readers_fetching_the_conclusion_at_once_get_one_number():
    world, attestation = signed_conclusion()
    reader = world.representative
    reader.language = "kk"
    reader.save(update_fields=["language"])
    head = world.head
    head.language = "ru"
    head.save(update_fields=["language"])
    clients = [(client_for(reader), reader), (client_for(head), head)]

    def reading(client, user):
        return lambda: hashlib.sha256(fetch(client, user, attestation)).hexdigest()

    outcomes = race(*(reading(c, u) for c, u in clients))

    assert all(isinstance(o, str) for o in outcomes), outcomes
    document = IssuedDocument.objects.get(kind=DocumentKind.CONCLUSION)
    assert conclusion_counter() == 1
    renditions = {r.language: r.sha256 for r in document.renditions.exclude(sha256="")}
    assert renditions == {"kk": outcomes[0], "ru": outcomes[1]}


def test_signing_issues_the_conclusion_and_the_owner_downloads_it_from_the_page():
    world, attestation = signed_conclusion()
    documents.conclusion_issue(attestation)  # as the last signature does
    page = client_for(world.representative).get(attestation.get_absolute_url()).text
    document = IssuedDocument.objects.get()
    assert f'data-document="{document.number}"' in page
    links = {
        r.language: reverse("document_download", args=[document.pk, r.language])
        for r in document.renditions.all()
    }
    assert len(links) >= 3 and all(link in page for link in links.values())
    link = links[document.language]
    response = client_for(world.representative).get(link)
    assert response.status_code == 200
    assert DocumentDownload.objects.get().user == world.representative
    # Someone of another organization gets nothing.
    assert client_for(World().representative).get(link).status_code == 404


def test_a_kazakh_reader_reads_kazakh_names_in_the_grid_the_conclusion_and_the_reason():
    world, attestation = signed_conclusion()
    Attestation.objects.filter(pk=attestation.pk).update(state=Attestation.State.VISIT)
    commission = Commission.objects.get(attestation=attestation, purpose="attestation")
    member = commission.members.exclude(role="chair").first().user
    member.language = "kk"
    member.save(update_fields=["language"])

    grid = client_for(member).get(reverse("attestation:grid", args=[attestation.pk])).text
    assert SPECIALTY["name_kk"] in grid and SPECIALTY["name_ru"] not in grid

    document = documents.conclusion_issue(attestation, "ru")
    kazakh = document.rendition("kk")
    names = [row["name"] for row in kazakh.context["figures"]]
    assert f"{SPECIALTY['code']} {SPECIALTY['name_kk']}" in names
    assert kazakh.holder_name == world.organization.name_kk
    text = assert_every_glyph_embedded(document_pdf(document, "kk"), "conclusion kk")
    assert SPECIALTY["name_kk"] in " ".join(text.split())

    # The license's suspension reason is worded from the facts when read (А34).
    Attestation.objects.filter(pk=attestation.pk).update(
        order_number="12-OD", suspended_from=attestation.start_date
    )
    attestation.refresh_from_db()
    day = attestation.start_date.strftime("%d.%m.%Y")
    with translation.override("kk"):
        assert reason_worded(attestation, "suspended", "Не аттестована") == (
            f"Аттестатталмады ({day} жылғы № 12-OD бұйрық), 34-тармақ."
        )
    with translation.override("ru"):
        assert reason_for(attestation, "suspended") == (
            f"Не аттестована (приказ 12-OD от {day}), пункт 34."
        )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["conclusion", "decision"])
def test_every_character_of_every_template_has_a_glyph(kind, language):
    _world, attestation = signed_conclusion(
        name_ru="Коммунальное государственное учреждение «Общеобразовательная школа № 1»",
        name_kk="«№ 1 жалпы білім беретін мектеп» коммуналдық мемлекеттік мекемесі",
        name_en="Municipal state institution “Comprehensive school No. 1”",
    )
    Attestation.objects.filter(pk=attestation.pk).update(
        decision="not_attest",
        order_number="12-OD",
        decided_at=attestation.created_at,
        suspended_until=attestation.start_date,
        license_number="KZ12LAA00012345",
    )
    attestation.refresh_from_db()
    issue = documents.conclusion_issue if kind == "conclusion" else documents.decision_issue
    # Issued in the language under test: a language the jurisdiction does not offer (ky in
    # Kazakhstan) has a rendition only when the act is issued in it.
    document = issue(attestation, language)
    text = assert_every_glyph_embedded(document_pdf(document, language), f"{kind} {language}")
    assert document.number in text
    assert DocumentRendition.objects.filter(document=document, language=language).exists()


# A4 is 595.28 pt wide; the documents' right margin is 16 mm (casework/documents/base.html).
RIGHT_EDGE_PT = 595.28 - 16 / 25.4 * 72


def words_past_the_right_margin(content: bytes) -> list[str]:
    """Words of the PDF whose box ends right of the margin (pdftotext's word boxes)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        html = subprocess.run(  # noqa: S603 - poppler's own tool on our own file
            ["pdftotext", "-bbox", handle.name, "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    boxes = re.findall(
        r'<word xMin="[\d.]+" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)</word>', html
    )
    return [word for x_max, word in boxes if float(x_max) > RIGHT_EDGE_PT + 0.5]


def longest_conclusion() -> Attestation:
    """The longest real values: a long organization name, twelve members with long names and
    64-character hashes, eight attachments with long file names, four specialties with long
    names and 50 sampled students each."""
    world = World(
        name_ru="Коммунальное государственное учреждение «Общеобразовательная школа-гимназия "
        "имени выдающегося просветителя Ахмета Байтурсынова № 125 с углублённым изучением "
        "естественно-математических дисциплин» отдела образования города Алматы",
    )
    attestation = decided_ready(world)
    commission = Commission.objects.get(attestation=attestation, purpose="attestation")
    conclusion = commission.conclusion
    for n in range(12):
        user = UserFactory(
            full_name=f"Абдрахмановa-Кульжабаевa Гульнар{n} Серикбаевна-Жаксылыковна"
        )
        member = CommissionMember.objects.create(
            commission=commission, user=user, role=CommissionMember.Role.LEADING_TEACHER
        )
        ConclusionSignature.objects.create(
            conclusion=conclusion,
            member=member,
            signer=user,
            version=conclusion.version,
            sha256=hashlib.sha256(str(n).encode()).hexdigest(),
        )
    for item in ConclusionAttachment:
        Attachment.objects.create(
            case_type=ContentType.objects.get_for_model(Attestation),
            case_id=attestation.pk,
            item_code=item.value,
            file="attachments/x.pdf",
            original_name="Приложение_к_заключению_аттестационной_комиссии_" + "х" * 120 + ".pdf",
            content_type="application/pdf",
            size=1,
            sha256="f" * 64,
            uploaded_by=world.representative,
        )
    for n in range(4):
        specialty = SpecialtyFactory(
            code=f"0{n}11000",
            name_ru="Техническое обслуживание, ремонт и эксплуатация электромеханического "
            f"оборудования и систем автоматизации технологических процессов {n}",
        )
        cohort, students = sample_of(attestation, size=50, name=specialty.code)
        Cohort.objects.filter(pk=cohort.pk).update(specialty=specialty)
        results(students)
    return attestation


@pytest.mark.parametrize("language", ["ru", "kk"])
@pytest.mark.parametrize("kind", ["conclusion", "decision"])
def test_no_table_runs_past_the_right_margin_with_the_longest_values(kind, language):
    attestation = longest_conclusion()
    Attestation.objects.filter(pk=attestation.pk).update(
        decision="not_attest",
        order_number="000123-ОД/2026-ОБР",
        decided_at=attestation.created_at,
        suspended_until=attestation.start_date,
        license_number="KZ12LAA00012345",
        fine_amount=1234567.89,
        fine_note="Штраф наложен на руководителя организации образования " * 3,
    )
    attestation.refresh_from_db()
    issue = documents.conclusion_issue if kind == "conclusion" else documents.decision_issue
    document = issue(attestation, language)
    content = document_pdf(document, language)
    assert words_past_the_right_margin(content) == []
    assert_every_glyph_embedded(content, f"{kind} {language}")

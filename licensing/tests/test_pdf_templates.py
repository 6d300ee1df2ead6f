"""Every licensing PDF template in every language: each character drawn from the embedded fonts,
and nothing past the right margin of an A4 page with the longest real values (a long
organization name, many specialties, hashes and URLs)."""

import subprocess
import tempfile

import pytest
from django.conf import settings
from django.utils import timezone, translation

from casework import pdf
from casework.models import DocumentKind, IssuedDocument
from casework.tests.glyphs import assert_every_glyph_embedded
from licensing.documents import COUNCIL_DECISION_TEMPLATE, INSPECTION_SHEET_TEMPLATE, TEMPLATES
from licensing.models import LicenseApplication

# ky joins when the portal stores it (settings.LANGUAGES), with no change here.
LANGUAGES = [code for code, _name in settings.LANGUAGES]

# A4 is 595.3 pt wide; the page's right margin is 16 mm (45.4 pt).
RIGHT_EDGE = 595.3 - 45.4 + 1.0

ORGANIZATION = {
    "kk": "«Қарағанды облысы білім басқармасының Қарағанды қаласы білім бөлімі» мемлекеттік "
    "мекемесінің «Ғабит Мүсірепов атындағы № 45 көпсалалы мектеп-гимназиясы» коммуналдық "
    "мемлекеттік мекемесі",
    "ky": "Чүй облусунун билим берүү башкармалыгынын «Жусуп Баласагын атындагы № 45 көп "
    "тармактуу мектеп-гимназиясы» мамлекеттик мекемеси",
    "ru": "Коммунальное государственное учреждение «Многопрофильная школа-гимназия № 45 имени "
    "Габита Мусрепова» государственного учреждения «Отдел образования города Караганды "
    "управления образования Карагандинской области»",
    "en": "Municipal State Institution “Multidisciplinary School-Gymnasium No. 45 named after "
    "Gabit Musrepov” of the State Institution “Education Department of the City of Karaganda "
    "of the Education Administration of the Karaganda Region”",
}
SPECIALTY = {
    "kk": "Техникалық және кәсіптік білім беру ұйымдарындағы электр және электромеханикалық "
    "жабдықтарды техникалық пайдалану, қызмет көрсету және жөндеу",
    "ky": "Электр жана электромеханикалык жабдууларды техникалык пайдалануу, тейлөө жана оңдоо",
    "ru": "Техническая эксплуатация, обслуживание и ремонт электрического и "
    "электромеханического оборудования (по отраслям)",
    "en": "Technical operation, maintenance and repair of electrical and electromechanical "
    "equipment (by industry)",
}
CRITERION = {
    "kk": "Білім беру ұйымында мемлекеттік жалпыға міндетті білім беру стандартына сәйкес "
    "оқу-зертханалық жабдықтар мен оқу әдебиеттерінің болуы",
    "ky": "Билим берүү уюмунда мамлекеттик билим берүү стандартына ылайык окуу-лабораториялык "
    "жабдуулардын жана окуу адабияттарынын болушу",
    "ru": "Наличие учебно-лабораторного оборудования и учебной литературы в соответствии с "
    "государственным общеобязательным стандартом образования",
    "en": "Teaching and laboratory equipment and textbooks as the state compulsory education "
    "standard requires",
}
LICENSE_NUMBER = "KZ-LAA-2026-000123"
SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
URL = "https://portal.edu.gov.kz/verify/Xq3vJ9dL0pP2mN8rT5wY1a/pdf/kk/?from=qr-code-of-the-document"


def _issuer(language) -> dict:
    return {
        "authority": ORGANIZATION[language][:120],
        "authority_contacts": "100000, г. Караганда, ул. Бухар-Жырау, 47, каб. 312 · "
        "+7 (7212) 56-78-90 · licensing.department@karaganda-region.edu.gov.kz",
        "signatory": "Абдрахманова-Сейтқазиева Гүлжанат Мұхтарқызы",
        "signatory_position": "Head of department",
    }


def _specialties(language, count=24) -> list[dict]:
    return [{"code": f"0713{n:04d}", "name": SPECIALTY[language]} for n in range(count)]


def _application(language) -> dict:
    return {
        "case_number": "LIC-2026-000123",
        "kind": str(LicenseApplication.Kind.NEW_APPENDIX.label),
        "organization": ORGANIZATION[language],
        "bin": "123456789012",
        "level": "Техническое и профессиональное, послесреднее образование",
        "specialties": _specialties(language, 12),
        "address": "100000, Карагандинская область, г. Караганда, район имени Казыбек би, "
        "микрорайон Юго-Восток, улица Университетская, дом 38/2, корпус Б",
    }


def _license(language) -> dict:
    return {
        **_issuer(language),
        "license_number": LICENSE_NUMBER,
        "holder_name": ORGANIZATION[language],
        "bin": "123456789012",
        "issued_on": "02.03.2015",
        "reissued_on": "01.12.2026",
        "appendices": [
            {"number": f"{LICENSE_NUMBER}/{n:03d}", "level": SPECIALTY[language]}
            for n in range(1, 13)
        ],
        "duplicate": True,
    }


def _appendix(language) -> dict:
    return {
        **_issuer(language),
        "appendix_number": f"{LICENSE_NUMBER}/012",
        "license_number": LICENSE_NUMBER,
        "holder_name": ORGANIZATION[language],
        "bin": "123456789012",
        "level": "Техническое и профессиональное, послесреднее образование",
        "specialties": _specialties(language),
        "qualifications": [
            {"code": f"4S0713{n:04d}", "name": SPECIALTY[language]} for n in range(24)
        ],
        "address": _application(language)["address"],
        "issued_on": "02.03.2015",
        "reissued_on": "01.12.2026",
        "duplicate": True,
    }


def _refusal(language) -> dict:
    return {
        **_issuer(language),
        "case_number": "LIC-2026-000123",
        "kind": str(LicenseApplication.Kind.NEW_LICENSE.label),
        "organization": ORGANIZATION[language],
        "bin": "123456789012",
        "submitted_on": "01.12.2026",
        "stage": "decision",
        "reasons": [CRITERION[language]] * 5,
        "text": f"{SHA256} {URL} " + CRITERION[language] * 3,
    }


def _decision(language) -> dict:
    return {
        **_issuer(language),
        "title": "Decision to suspend a license",
        "license_number": LICENSE_NUMBER,
        "holder_name": ORGANIZATION[language],
        "bin": "123456789012",
        "text": f"{CRITERION[language]} {URL}",
        "case_number": "ATT-2026-000123",
    }


def _inspection_sheet(language) -> dict:
    expert = "Константинопольская-Жаксылыкова Анна-Мария Владимировна"
    return {
        **_issuer(language),
        **_application(language),
        "visit_date": "08.12.2026",
        "seed": SHA256[:32],
        "commission": [{"name": expert, "certificate": f"ЭКС-2026-{n:06d}"} for n in range(7)],
        "replacements": [
            {"dropped": expert, "replacement": expert, "ground": "Conflict", "on": "01.12.2026"}
        ],
        "findings": [
            {
                "code": f"KR-{n:03d}-{SHA256[:12]}",
                "criterion": CRITERION[language],
                "met": n % 3 == 0 if n % 4 else None,
                "comment": f"{URL} {SHA256}",
            }
            for n in range(20)
        ],
        "signatures": [{"name": expert, "signed_at": "08.12.2026 17:45"}] * 7,
        "sha256": SHA256,
    }


def _council_decision(language) -> dict:
    member = "Константинопольская-Жаксылыкова Анна-Мария Владимировна"
    return {
        **_issuer(language),
        **_application(language),
        "council": "Licensing council of the Education Administration of the Karaganda Region",
        "opened_on": "01.12.2026",
        "closed_on": "08.12.2026",
        "members_entitled": 15,
        "members": [member] * 15,
        "recused": [member] * 3,
        "votes": [
            {
                "member": f"{member} ({URL})",
                "choice": "for",
                "choice_label": "For",
                "comment": f"{SHA256} {CRITERION[language]}",
            }
            for _n in range(12)
        ],
        "votes_for": 12,
        "votes_against": 0,
        "abstentions": 0,
        "quorum": "2/3",
        "majority": "1/2",
        "outcome": "grant",
        "outcome_label": "Grant",
        "signatory": member,
        "signatory_position": "Chair of the licensing council",
    }


CASES = {
    TEMPLATES[DocumentKind.LICENSE]: (DocumentKind.LICENSE, _license),
    TEMPLATES[DocumentKind.LICENSE_APPENDIX]: (DocumentKind.LICENSE_APPENDIX, _appendix),
    TEMPLATES[DocumentKind.REFUSAL]: (DocumentKind.REFUSAL, _refusal),
    TEMPLATES[DocumentKind.DECISION]: (DocumentKind.DECISION, _decision),
    INSPECTION_SHEET_TEMPLATE: (DocumentKind.CONCLUSION, _inspection_sheet),
    COUNCIL_DECISION_TEMPLATE: (DocumentKind.DECISION, _council_decision),
}


def _render(template: str, language: str) -> bytes:
    kind, content = CASES[template]
    document = IssuedDocument(
        kind=kind,
        number=f"{LICENSE_NUMBER}/012",
        issued_at=timezone.now(),
        verification_code="Xq3vJ9dL0pP2mN8rT5wY1a",
        language=language,
    )
    with translation.override(language):
        context = content(language)
    return pdf.render_pdf(
        template,
        {"document": document, "content": context, "verification_url": URL},
        language=language,
    )


def _words_past_the_margin(content: bytes) -> list[str]:
    """Words whose right edge lies past the page's right margin (pdftotext's word boxes)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        boxes = subprocess.run(  # noqa: S603 - poppler's own tool on our own file
            ["pdftotext", "-bbox", handle.name, "-"],  # noqa: S607
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    past = []
    for line in boxes.splitlines():
        line = line.strip()
        if line.startswith("<word "):
            x_max = float(line.split('xMax="', 1)[1].split('"', 1)[0])
            if x_max > RIGHT_EDGE:
                past.append(line.rsplit(">", 2)[-2].split("<", 1)[0])
    return past


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", list(CASES))
def test_every_template_draws_every_character_and_stays_within_the_margins(template, language):
    content = _render(template, language)
    assert_every_glyph_embedded(content, f"{template} {language}")
    assert _words_past_the_margin(content) == [], f"{template} {language}"

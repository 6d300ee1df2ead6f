"""The e-Apostille: one PDF holding the certificate — the French heading and the ten numbered
fields labelled in French and the portal languages, the values in the applicant's language —
and the document's scan byte for byte, sealed with the authority's PAdES signature."""

import io

import pytest
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from apostille import certificate, services
from casework.documents import document_render
from casework.tests.files import image_bytes

from .factories import in_review, pdf_scan, world

pytestmark = pytest.mark.django_db


def _rendered(apostille, language=None) -> bytes:
    document = document_render(apostille.document_id, language)
    rendition = document.rendition(language or document.language)
    with rendition.file.open("rb") as handle:
        return handle.read()


def _attached_files(content: bytes) -> list[tuple[str, bytes]]:
    """The files attached to the PDF's pages (FileAttachment annotations)."""
    found = []
    for page in PdfReader(io.BytesIO(content)).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                spec = annotation["/FS"].get_object()
                found.append((str(spec["/UF"]), spec["/EF"]["/F"].get_object().get_data()))
    return found


def _first_page_text(content: bytes) -> str:
    return PdfReader(io.BytesIO(content)).pages[0].extract_text()


def _flat(text: str) -> str:
    return " ".join(text.split())


def _affixed(scan: bytes, **overrides):
    w = world()
    return w, services.apostille_affix(in_review(w, scan=scan, **overrides), actor=w.staff)


def test_pyhanko_validates_the_seal_over_the_whole_file(settings):
    _w, apostille = _affixed(pdf_scan("seal"))
    reader = PdfFileReader(io.BytesIO(_rendered(apostille)))
    (signature,) = reader.embedded_signatures
    roots = [load_cert_from_pemder(path) for path in settings.DOCUMENT_SEAL_TRUST_ROOTS]
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE


def test_the_scan_is_inside_byte_for_byte():
    scan = pdf_scan("the diploma itself")
    _w, apostille = _affixed(scan)
    ((name, attached),) = _attached_files(_rendered(apostille))
    assert attached == scan
    assert name.endswith(".pdf")


def test_an_image_scan_is_inside_byte_for_byte_and_shown_after_the_certificate():
    scan = image_bytes("PNG")
    _w, apostille = _affixed(scan)
    content = _rendered(apostille)
    ((_name, attached),) = _attached_files(content)
    assert attached == scan
    assert len(PdfReader(io.BytesIO(content)).pages) == 2


def test_first_page_has_the_french_heading_and_the_ten_fields_in_kk_ru_en():
    w, apostille = _affixed(pdf_scan())
    text = _flat(_first_page_text(_rendered(apostille)))
    assert "APOSTILLE" in text
    assert "(Convention de La Haye du 5 octobre 1961)" in text
    for n, labels in certificate.FIELD_LABELS.items():
        for language in ("fr", "kk", "ru", "en"):
            assert labels[language] in text, (n, language)
        assert f"{n}." in text
    # The values, in the language the citizen chose (English).
    for value in (
        "Republic of Kazakhstan",
        "Ахметова Гульнар Серикқызы",
        w.organization.name_en,
        w.authority.name_en,
        apostille.number,
        apostille.issued_on.strftime("%d.%m.%Y"),
    ):
        assert value in text, value


def test_the_values_follow_the_language_the_applicant_chose():
    w, apostille = _affixed(pdf_scan(), language="ru")
    assert apostille.country == "Республика Казахстан"
    assert apostille.seal_of == w.organization.name_ru
    assert "Республика Казахстан" in _flat(_first_page_text(_rendered(apostille)))


def test_under_kyrgyz_jurisdiction_the_labels_are_in_ky_ru_en(settings):
    settings.PORTAL_JURISDICTION = "KG"
    settings.PORTAL_LANGUAGES = [
        (code, name) for code, name in settings.LANGUAGES if code in ("ky", "ru", "en")
    ]
    _w, apostille = _affixed(pdf_scan(), language="ru")
    text = _flat(_first_page_text(_rendered(apostille)))
    assert "(Convention de La Haye du 5 octobre 1961)" in text
    for labels in certificate.FIELD_LABELS.values():
        for language in ("fr", "ky", "ru", "en"):
            assert labels[language] in text
    assert "Кыргызская Республика" in text


def test_the_paper_form_is_the_certificate_alone_with_its_qr_code():
    _w, apostille = _affixed(pdf_scan(), form="paper")
    content = _rendered(apostille)
    assert _attached_files(content) == []
    text = _flat(_first_page_text(content))
    assert "APOSTILLE" in text and apostille.number in text
    assert apostille.document.verification_code in text.replace(" ", "")
